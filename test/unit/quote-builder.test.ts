import { expect } from 'chai';
import { DEFAULT_EARNING_RULES } from '../../server/domain/earning-rules.js';
import { DEFAULT_PRICING_RULES } from '../../server/domain/pricing-rules.js';
import { buildQuoteOptions, maxInnerVolumeMm3, sortedSides, type Candidate } from '../../server/domain/quote-builder.js';
import { REFERENCE_STANDARD } from '../../server/domain/standard.js';

const parcel = { lengthMm: 100, widthMm: 100, heightMm: 100, weightGrams: 500, shipsInOwnPackaging: false };
const box = (id: string, packagingClass: Candidate['packagingClass'], l: number, w: number, h: number): Candidate => ({
  packagingTypeId: id,
  revision: 1,
  packagingClass,
  innerDimensions: { lengthMm: l, widthMm: w, heightMm: h },
});
const firstLevel = { multiplierPct: 100, depositFree: false };
const build = (candidates: Candidate[], p = parcel, level = firstLevel) =>
  buildQuoteOptions({ parcel: p, candidates, standard: REFERENCE_STANDARD, pricing: DEFAULT_PRICING_RULES, earning: DEFAULT_EARNING_RULES, level });

describe('quote options', () => {
  it('offers a box at exactly the 50% empty-space limit and refuses one just above it', () => {
    // 1e6 mm3 parcel: a 2e6 box is exactly 0.5 empty; 2.01e6 is 0.502
    expect(build([box('a', 'GREEN', 200, 100, 100)]).map((o) => o.emptySpaceRatio)).to.deep.equal([0.5]);
    expect(build([box('b', 'GREEN', 201, 100, 100)])).to.deep.equal([]);
  });

  it('takes the first fitting candidate of each class, one option per class, and skips boxes that do not fit', () => {
    const options = build([box('small', 'GREEN', 99, 150, 150), box('fits', 'GREEN', 150, 110, 100), box('std', 'STANDARD', 120, 120, 110)]);
    expect(options.map((o) => [o.packagingClass, o.packagingTypeId])).to.deep.equal([['STANDARD', 'std'], ['GREEN', 'fits']]);
  });

  it('adds own packaging as REDUCED with no box, and recommends exactly one option: the greenest, then the cheapest', () => {
    const options = build([box('g', 'GREEN', 150, 110, 100), box('r', 'REUSABLE', 150, 120, 100)], { ...parcel, shipsInOwnPackaging: true });
    expect(options[0]).to.deep.include({ packagingClass: 'REDUCED', packagingTypeId: null, ownPackaging: true, emptySpaceRatio: 0, credits: 10, recommended: true });
    expect(options.filter((o) => o.recommended)).to.have.length(1);
    const withoutOwn = build([box('g', 'GREEN', 150, 110, 100), box('r', 'REUSABLE', 150, 120, 100)]);
    expect(withoutOwn.filter((o) => o.recommended).map((o) => o.packagingClass)).to.deep.equal(['REUSABLE']);
    expect(withoutOwn.map((o) => o.id)).to.deep.equal(['o1', 'o2']);
  });

  it('prices a consumer’s green level in: the multiplier raises the credits (rounded down), deposit-free waives the reusable deposit', () => {
    const candidates = [box('g', 'GREEN', 150, 110, 100), box('r', 'REUSABLE', 150, 120, 100)];
    const own = { ...parcel, shipsInOwnPackaging: true };
    const base = build(candidates, own);
    expect(base.map((o) => [o.packagingClass, o.credits, o.depositMinor])).to.deep.equal([
      ['REDUCED', 10, 0],
      ['GREEN', 5, 0],
      ['REUSABLE', 0, DEFAULT_PRICING_RULES.reusableDepositMinor],
    ]);
    expect(DEFAULT_PRICING_RULES.reusableDepositMinor).to.be.above(0);
    const sprout = build(candidates, own, { multiplierPct: 110, depositFree: false });
    expect(sprout.map((o) => [o.credits, o.depositMinor])).to.deep.equal([[11, 0], [5, 0], [0, DEFAULT_PRICING_RULES.reusableDepositMinor]]);
    const forest = build(candidates, own, { multiplierPct: 150, depositFree: true });
    expect(forest.map((o) => [o.credits, o.depositMinor])).to.deep.equal([[15, 0], [7, 0], [0, 0]]);
    expect(forest.map((o) => o.priceMinor)).to.deep.equal(base.map((o) => o.priceMinor));
  });

  it('asks the store for boxes up to the empty-space limit, widened only by the ratio rounding', () => {
    expect(maxInnerVolumeMm3(parcel, REFERENCE_STANDARD)).to.equal(Math.floor(1_000_000 / 0.4995));
    expect(sortedSides({ lengthMm: 30, widthMm: 10, heightMm: 20 })).to.deep.equal([10, 20, 30]);
  });
});
