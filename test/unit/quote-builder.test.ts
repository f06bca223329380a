// Quote options against worked numbers. The rules are written here, not taken from the defaults the code ships
// with, so a wrong rule cannot agree with itself.
import { expect } from 'chai';
import type { CarbonFactors } from '../../server/domain/carbon.js';
import type { EarningRules } from '../../server/domain/earning-rules.js';
import type { PricingRules } from '../../server/domain/pricing-rules.js';
import { buildQuoteOptions, maxInnerVolumeMm3, type Candidate } from '../../server/domain/quote-builder.js';
import { sortedSides } from '../../server/domain/packaging.js';
import { REFERENCE_STANDARD } from '../../server/domain/standard.js';
import { withinEmptySpaceLimit } from '../../server/domain/parcel-fit.js';

const pricing: PricingRules = {
  version: 7,
  currency: 'CNY',
  classes: [
    { packagingClass: 'STANDARD', feeMinor: 120, sizeBands: [] },
    { packagingClass: 'REDUCED', feeMinor: -30, sizeBands: [] },
    { packagingClass: 'GREEN', feeMinor: 15, sizeBands: [] },
    { packagingClass: 'REUSABLE', feeMinor: 40, sizeBands: [] },
  ],
  reusableDepositMinor: 800,
};
const earning: EarningRules = {
  version: 3,
  ownPackagingCredits: 12,
  choiceCredits: { STANDARD: 0, REDUCED: 3, GREEN: 6, REUSABLE: 1 },
  reusableReturnCredits: 15,
  reusableReturnWindowDays: 14,
  collectionReturnCreditsPerItem: 5,
  dailyCapPerConsumer: 100,
  pendingUntilDelivered: true,
  expiryMonths: 12,
  expiryWarningDays: 30,
  levels: [{ name: 'FIRST', minGreenChoices: 0, minReturnRatePct: 0, multiplierPct: 100, depositFree: false }],
};

// Round numbers, so the CO2e below can be worked by hand.
const carbon: CarbonFactors = {
  version: 'TEST-CARBON-1',
  sources: ['written for this test'],
  materialGramsPerKg: { ALUMINIUM: 9000, FIBRE_COMPOSITE: 1000, GLASS: 1000, PAPER_CARD: 1000, PLASTIC: 2000, STEEL: 3000, WOOD: 300, OTHER: 2000 },
  reuseTripGrams: 10,
  baselineBoardGramsPerM2: 500,
};

const parcel = { lengthMm: 100, widthMm: 100, heightMm: 100, weightGrams: 500, shipsInOwnPackaging: false };
const box = (id: string, packagingClass: Candidate['packagingClass'], l: number, w: number, h: number): Candidate => ({
  packagingTypeId: id,
  revision: 1,
  packagingClass,
  innerDimensions: { lengthMm: l, widthMm: w, heightMm: h },
  maxLoadGrams: null,
  material: 'PAPER_CARD',
  massGrams: 30,
  designedCycles: null,
});
const firstLevel = { multiplierPct: 100, depositFree: false };
const build = (candidates: Candidate[], p = parcel, level = firstLevel) =>
  buildQuoteOptions({ parcel: p, candidates, standard: REFERENCE_STANDARD, pricing, earning, carbon, level });

describe('quote options', () => {
  before(() => {
    // The worked numbers below assume the reference standard's 50 % empty-space limit (EU PPWR art. 24).
    expect(REFERENCE_STANDARD.maxEmptySpaceRatio).to.equal(0.5);
  });

  it('offers a box at exactly the 50% empty-space limit and refuses one just above it', () => {
    // 1e6 mm3 parcel: a 2e6 box is exactly 0.5 empty; 2.01e6 is 0.502
    expect(build([box('a', 'GREEN', 200, 100, 100)]).map((o) => o.emptySpaceRatio)).to.deep.equal([0.5]);
    expect(build([box('b', 'GREEN', 201, 100, 100)])).to.deep.equal([]);
  });

  it('compares the empty space with the limit exactly: a box 50.02 % empty is refused though its ratio shows 0.500', () => {
    // 100 x 107 x 187 mm = 2,000,900 mm3 around a 1,000,000 mm3 parcel: 1,000,900 / 2,000,900 = 0.500225 empty.
    expect(build([box('hair-over', 'GREEN', 100, 107, 187)])).to.deep.equal([]);
    expect(withinEmptySpaceLimit(parcel, { lengthMm: 100, widthMm: 107, heightMm: 187 }, 0.5)).to.equal(false);
    expect(withinEmptySpaceLimit(parcel, { lengthMm: 200, widthMm: 100, heightMm: 100 }, 0.5), 'exactly at the limit').to.equal(true);
  });

  it('never offers a type the parcel is too heavy for; a type with no declared limit carries anything', () => {
    const rated = (maxLoadGrams: number | null): Candidate => ({ ...box('rated', 'GREEN', 150, 110, 100), maxLoadGrams });
    // The parcel weighs 500 g.
    expect(build([rated(499)])).to.deep.equal([]);
    expect(build([rated(500)]).map((o) => o.packagingTypeId)).to.deep.equal(['rated']);
    expect(build([rated(null)]).map((o) => o.packagingTypeId)).to.deep.equal(['rated']);
    // The next type of the class that can carry it is offered instead.
    expect(build([rated(499), { ...box('stronger', 'GREEN', 160, 110, 100), maxLoadGrams: 5000 }]).map((o) => o.packagingTypeId)).to.deep.equal(['stronger']);
  });

  it('gives each option its CO2e and what it avoids against a single-use box around the parcel', () => {
    // The baseline: a FEFCO 0201 blank around the 100 mm cube, 2 x (100 + 100) x (100 + 100) = 80,000 mm2 = 0.08 m2
    // of 500 g/m2 board = 40 g of paper and card at 1,000 g CO2e per kg = 40 g CO2e.
    const reusable: Candidate = { ...box('crate', 'REUSABLE', 150, 110, 100), material: 'PLASTIC', massGrams: 400, designedCycles: 20 };
    const heavy: Candidate = { ...box('heavy', 'STANDARD', 120, 120, 110), massGrams: 55 };
    const options = build([box('card', 'GREEN', 150, 110, 100), reusable, heavy], { ...parcel, shipsInOwnPackaging: true });
    expect(options.map((o) => [o.packagingTypeId, o.co2eGrams, o.co2eAvoidedGrams])).to.deep.equal([
      [null, 0, 40], // own packaging: no box at all, the whole baseline avoided
      ['heavy', 55, 0], // 55 g of card: heavier than the baseline box, nothing avoided (never negative)
      ['card', 30, 10], // 30 g of card = 30 g CO2e
      ['crate', 50, 0], // 400 g of plastic = 800 g over 20 trips = 40 g, plus one 10 g trip
    ]);
  });

  it('adds what running campaigns give to the credits each option previews, line by line', () => {
    const window = { startsAtMs: Date.parse('2026-11-11T00:00:00Z'), endsAtMs: Date.parse('2026-11-12T00:00:00Z') };
    const list = [
      { ref: 'd11', version: 2, name: 'Double 11', kind: 'MULTIPLIER' as const, ...window, multiplierPct: 300, bonusCredits: null, classes: ['GREEN' as const] },
      { ref: 'first', version: 1, name: 'First', kind: 'FIRST_GREEN_CHOICE_BONUS' as const, ...window, multiplierPct: null, bonusCredits: 4, classes: [] },
    ];
    const options = buildQuoteOptions({
      parcel, candidates: [box('fits', 'GREEN', 150, 110, 100), box('std', 'STANDARD', 120, 120, 110)], standard: REFERENCE_STANDARD, pricing, earning, carbon,
      campaigns: { list, atMs: Date.parse('2026-11-11T08:00:00Z'), mayBeFirstGreenChoice: true }, level: firstLevel,
    });
    // GREEN earns 6: x3 = 18 (12 more), plus the first-green-choice bonus 4 = 22. STANDARD earns 0 and is not green.
    expect(options.map((o) => [o.packagingClass, o.credits, o.campaignCredits.map((c) => [c.ref, c.credits])])).to.deep.equal([
      ['STANDARD', 0, []],
      ['GREEN', 22, [['d11', 12], ['first', 4]]],
    ]);
  });

  it('takes the first fitting candidate of each class, one option per class, and skips boxes that do not fit', () => {
    const options = build([box('small', 'GREEN', 99, 150, 150), box('fits', 'GREEN', 150, 110, 100), box('std', 'STANDARD', 120, 120, 110)]);
    expect(options.map((o) => [o.packagingClass, o.packagingTypeId])).to.deep.equal([['STANDARD', 'std'], ['GREEN', 'fits']]);
  });

  it('prices each option by its class and previews its credits: fee, deposit, currency and credits as the rules say', () => {
    const options = build([box('std', 'STANDARD', 120, 120, 110), box('g', 'GREEN', 150, 110, 100), box('r', 'REUSABLE', 150, 120, 100)], { ...parcel, shipsInOwnPackaging: true });
    expect(options.map((o) => [o.packagingClass, o.packagingTypeId, o.priceMinor, o.depositMinor, o.credits, o.currency])).to.deep.equal([
      ['REDUCED', null, -30, 0, 12, 'CNY'], // own packaging: the REDUCED fee (a discount) and the own-packaging credits
      ['STANDARD', 'std', 120, 0, 0, 'CNY'],
      ['GREEN', 'g', 15, 0, 6, 'CNY'],
      ['REUSABLE', 'r', 40, 800, 1, 'CNY'],
    ]);
    // empty space: 1 - 1e6 / (120 x 120 x 110 = 1,584,000) = 0.3687 -> 0.369; 1 - 1e6 / 1,650,000 = 0.394; 1 - 1e6 / 1,800,000 = 0.444
    expect(options.map((o) => o.emptySpaceRatio)).to.deep.equal([0, 0.369, 0.394, 0.444]);
  });

  it('adds own packaging as REDUCED with no box, and recommends exactly one option: the greenest, then the cheapest', () => {
    const options = build([box('g', 'GREEN', 150, 110, 100), box('r', 'REUSABLE', 150, 120, 100)], { ...parcel, shipsInOwnPackaging: true });
    expect(options[0]).to.deep.include({ packagingClass: 'REDUCED', packagingTypeId: null, ownPackaging: true, emptySpaceRatio: 0, credits: 12, recommended: true });
    expect(options.filter((o) => o.recommended)).to.have.length(1);
    const withoutOwn = build([box('g', 'GREEN', 150, 110, 100), box('r', 'REUSABLE', 150, 120, 100)]);
    expect(withoutOwn.filter((o) => o.recommended).map((o) => o.packagingClass)).to.deep.equal(['REUSABLE']);
    expect(withoutOwn.map((o) => o.id)).to.deep.equal(['o1', 'o2']);
  });

  it('prices a consumer’s green level in: the multiplier raises the credits (rounded down), deposit-free waives the reusable deposit', () => {
    const candidates = [box('g', 'GREEN', 150, 110, 100), box('r', 'REUSABLE', 150, 120, 100)];
    const own = { ...parcel, shipsInOwnPackaging: true };
    const base = build(candidates, own);
    expect(base.map((o) => [o.packagingClass, o.credits, o.depositMinor])).to.deep.equal([['REDUCED', 12, 0], ['GREEN', 6, 0], ['REUSABLE', 1, 800]]);
    // 110 %: 12 -> 13.2 -> 13, 6 -> 6.6 -> 6, 1 -> 1.1 -> 1
    const sprout = build(candidates, own, { multiplierPct: 110, depositFree: false });
    expect(sprout.map((o) => [o.credits, o.depositMinor])).to.deep.equal([[13, 0], [6, 0], [1, 800]]);
    // 150 %: 12 -> 18, 6 -> 9, 1 -> 1.5 -> 1; and no deposit
    const forest = build(candidates, own, { multiplierPct: 150, depositFree: true });
    expect(forest.map((o) => [o.credits, o.depositMinor])).to.deep.equal([[18, 0], [9, 0], [1, 0]]);
    expect(forest.map((o) => o.priceMinor)).to.deep.equal([-30, 15, 40]);
  });

  it('searches the catalogue for boxes up to the empty-space limit, widened by a millionth for the float division', () => {
    // 1e6 / (1 - 0.500001) = 2,000,004.000008
    expect(maxInnerVolumeMm3(parcel, REFERENCE_STANDARD)).to.equal(2_000_004);
    expect(sortedSides({ lengthMm: 30, widthMm: 10, heightMm: 20 })).to.deep.equal([10, 20, 30]);
  });
});
