import { expect } from 'chai';
import { REFERENCE_STANDARD, sizeClassOf, validateStandard, type Standard } from '../../server/domain/standard.js';

const withReduced = (reduced: Partial<Standard['reduced']>): Standard => ({ ...REFERENCE_STANDARD, reduced: { ...REFERENCE_STANDARD.reduced, ...reduced } });
const xl = { name: 'XL', maxInnerVolumeCm3: null, referenceMassGrams: 800 };
const s = { name: 'S', maxInnerVolumeCm3: 6000, referenceMassGrams: 120 };

describe('packaging standard', () => {
  it('names the reference standard GL-STD-2026.2, effective 2026-01-01, and finds no problem in it', () => {
    expect(REFERENCE_STANDARD.version).to.equal('GL-STD-2026.2');
    expect(REFERENCE_STANDARD.effectiveFrom).to.equal('2026-01-01');
    expect(validateStandard(REFERENCE_STANDARD)).to.deep.equal([]);
  });

  it('holds the DESIGN.md reference thresholds', () => {
    expect(REFERENCE_STANDARD.gradeBands.map((b) => [b.grade, b.minRecyclableSharePct])).to.deep.equal([['A', 95], ['B', 80], ['C', 70]]);
    expect(REFERENCE_STANDARD.maxEmptySpaceRatio).to.equal(0.5);
    expect(REFERENCE_STANDARD.substanceLimits.heavyMetals).to.deep.include({ leadMgKg: 50, mercuryMgKg: 0.5, cadmiumMgKg: 0.5, chromiumMgKg: 50, sumMgKg: 100 });
    expect(REFERENCE_STANDARD.substanceLimits.phthalates.maxMgKg).to.equal(1000);
    expect(REFERENCE_STANDARD.reusable).to.deep.equal({ minDesignedCycles: 20, minGrade: 'C' });
    expect(REFERENCE_STANDARD.substanceLimits.testRequired).to.equal(true);
    expect(REFERENCE_STANDARD.green.minRecycledContentPct).to.equal(30);
    expect(REFERENCE_STANDARD.reduced.maxMassPctOfReference).to.equal(80);
  });

  it('refuses a minimum grade for reuse that no band awards', () => {
    const noBandC: Standard = { ...REFERENCE_STANDARD, gradeBands: REFERENCE_STANDARD.gradeBands.filter((b) => b.grade !== 'C') };
    expect(validateStandard(noBandC)).to.deep.equal(['reusable.minGrade must name a grade that has a band']);
  });

  it('refuses grade bands that are not strictly descending or out of 0..100', () => {
    const problems = validateStandard({
      ...REFERENCE_STANDARD,
      gradeBands: [
        { grade: 'A', minRecyclableSharePct: 80 },
        { grade: 'B', minRecyclableSharePct: 95 },
        { grade: 'C', minRecyclableSharePct: 101 },
      ],
    });
    expect(problems).to.include('gradeBands must be strictly descending by minRecyclableSharePct (at 1)');
    expect(problems).to.include('gradeBands[2].minRecyclableSharePct must be an integer from 0 to 100');
  });

  for (const ratio of [0, 1, 1.5, -0.1]) {
    it(`refuses an empty-space ratio of ${ratio}`, () => {
      expect(validateStandard({ ...REFERENCE_STANDARD, maxEmptySpaceRatio: ratio })).to.deep.equal(['maxEmptySpaceRatio must be between 0 and 1 (exclusive)']);
    });
  }

  it('refuses a calendar date that does not exist', () => {
    expect(validateStandard({ ...REFERENCE_STANDARD, effectiveFrom: '2026-02-30' })).to.deep.equal(['effectiveFrom must be a date YYYY-MM-DD']);
  });

  it('refuses size classes that are not ascending', () => {
    const problems = validateStandard(withReduced({ sizeClasses: [s, { name: 'XS', maxInnerVolumeCm3: 2000, referenceMassGrams: 60 }, xl] }));
    expect(problems).to.deep.equal(['reduced.sizeClasses must be strictly ascending by maxInnerVolumeCm3 (at 1)']);
  });

  it('refuses size classes without an unbounded last class, with two, or with one in the middle', () => {
    const message = 'reduced.sizeClasses must end with exactly one class without an upper bound';
    expect(validateStandard(withReduced({ sizeClasses: [s] }))).to.deep.equal([message]);
    expect(validateStandard(withReduced({ sizeClasses: [s, xl, xl] }))).to.deep.equal([message]);
    expect(validateStandard(withReduced({ sizeClasses: [xl, s] }))).to.deep.equal([message]);
  });

  it('refuses a reference mass that is not a positive integer', () => {
    expect(validateStandard(withReduced({ sizeClasses: [{ ...s, referenceMassGrams: 0 }, xl] }))).to.deep.equal([
      'reduced.sizeClasses[0].referenceMassGrams must be a positive integer',
    ]);
  });

  it('refuses a reduced percentage of 0 or a fractional one', () => {
    expect(validateStandard(withReduced({ maxMassPctOfReference: 0 }))).to.have.length(1);
    expect(validateStandard(withReduced({ maxMassPctOfReference: 80.5 }))).to.have.length(1);
  });

  it('refuses a recycled-content minimum above 100 and green grades without a band', () => {
    const problems = validateStandard({ ...REFERENCE_STANDARD, green: { ...REFERENCE_STANDARD.green, minRecycledContentPct: 101, grades: [] } });
    expect(problems).to.have.length(2);
  });

  it('picks the size class by inner volume, the bound inclusive', () => {
    const classes = REFERENCE_STANDARD.reduced.sizeClasses;
    expect(sizeClassOf({ lengthMm: 200, widthMm: 100, heightMm: 100 }, classes)?.name).to.equal('XS'); // 2000 cm3
    expect(sizeClassOf({ lengthMm: 126, widthMm: 126, heightMm: 126 }, classes)?.name).to.equal('S'); // 2000.376 cm3
    expect(sizeClassOf({ lengthMm: 3000, widthMm: 3000, heightMm: 3000 }, classes)?.name).to.equal('XL');
  });
});
