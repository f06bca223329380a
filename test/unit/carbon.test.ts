// The carbon factors against worked numbers, and the shipped version against its own checks.
import { expect } from 'chai';
import { CARBON_FACTORS, baselineCo2eGrams, co2eAvoidedGrams, packagingCo2eGrams, type CarbonFactors } from '../../server/domain/carbon.js';
import { carbonFactorsProblems } from '../../server/domain/rule-set-checks.js';

const factors: CarbonFactors = {
  version: 'TEST-CARBON-1',
  sources: ['written for this test'],
  materialGramsPerKg: { ALUMINIUM: 9000, FIBRE_COMPOSITE: 1000, GLASS: 1000, PAPER_CARD: 800, PLASTIC: 3000, STEEL: 3000, WOOD: 300, OTHER: 2000 },
  reuseTripGrams: 25,
  baselineBoardGramsPerM2: 400,
};

describe('carbon factors', () => {
  it('charges a single-use type its whole making, rounded to whole grams', () => {
    // 185 g of card at 800 g/kg = 148 g; 3 g of plastic at 3,000 g/kg = 9 g; 1 g at 800 g/kg = 0.8 g -> 1 g.
    expect(packagingCo2eGrams(factors, { material: 'PAPER_CARD', massGrams: 185, designedCycles: null })).to.equal(148);
    expect(packagingCo2eGrams(factors, { material: 'PLASTIC', massGrams: 3, designedCycles: null })).to.equal(9);
    expect(packagingCo2eGrams(factors, { material: 'PAPER_CARD', massGrams: 1, designedCycles: null })).to.equal(1);
  });

  it('shares a reusable type\'s making over its designed trips and adds one trip', () => {
    // 600 g of plastic = 1,800 g over 50 trips = 36 g, plus a 25 g trip.
    expect(packagingCo2eGrams(factors, { material: 'PLASTIC', massGrams: 600, designedCycles: 50 })).to.equal(61);
    // A unit made for one trip costs its whole making and the trip.
    expect(packagingCo2eGrams(factors, { material: 'PLASTIC', massGrams: 600, designedCycles: 1 })).to.equal(1825);
  });

  it('takes the baseline box around the parcel, flaps on its largest face, whatever the orientation given', () => {
    // 300 x 200 x 100: blank 2 x (300 + 200) x (200 + 100) = 300,000 mm2 = 0.3 m2 x 400 g/m2 = 120 g of card = 96 g CO2e.
    const expected = 96;
    expect(baselineCo2eGrams(factors, { lengthMm: 300, widthMm: 200, heightMm: 100 })).to.equal(expected);
    expect(baselineCo2eGrams(factors, { lengthMm: 100, widthMm: 300, heightMm: 200 })).to.equal(expected);
  });

  it('never counts a heavier option as negative avoidance', () => {
    expect(co2eAvoidedGrams(96, 61)).to.equal(35);
    expect(co2eAvoidedGrams(96, 148)).to.equal(0);
  });

  it('ships a version that passes its own checks, with its sources named', () => {
    expect(carbonFactorsProblems(CARBON_FACTORS)).to.deep.equal([]);
    expect(CARBON_FACTORS.sources.length).to.be.greaterThan(0);
  });

  it('names every bad factor at once', () => {
    const bad = { ...factors, version: '', sources: [], materialGramsPerKg: { ...factors.materialGramsPerKg, GLASS: -1, WOOD: 1.5 }, reuseTripGrams: -3, baselineBoardGramsPerM2: 0 };
    const problems = carbonFactorsProblems(bad);
    expect(problems).to.have.length(6);
    expect(problems.join('\n')).to.contain('materialGramsPerKg.GLASS').and.contain('materialGramsPerKg.WOOD').and.contain('reuseTripGrams').and.contain('baselineBoardGramsPerM2');
  });
});
