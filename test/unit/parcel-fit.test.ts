import { expect } from 'chai';
import { sortedSides } from '../../server/domain/packaging.js';
import { emptySpaceRatio, fitsInside, parseParcel } from '../../server/domain/parcel-fit.js';

const valid = { lengthMm: 300, widthMm: 200, heightMm: 100, weightGrams: 1500 };

describe('parcel parsing', () => {
  it('accepts a valid parcel and defaults shipsInOwnPackaging to false', () => {
    const result = parseParcel({ ...valid, shipsInOwnPackaging: null });
    expect(result.errors).to.deep.equal([]);
    expect(result.parcel).to.deep.equal({ ...valid, shipsInOwnPackaging: false });
  });

  it('keeps shipsInOwnPackaging when given', () => {
    expect(parseParcel({ ...valid, shipsInOwnPackaging: true }).parcel?.shipsInOwnPackaging).to.equal(true);
  });

  it('accepts the bounds 1 and 3000 mm and 1 and 100000 g', () => {
    expect(parseParcel({ lengthMm: 1, widthMm: 3000, heightMm: 1, weightGrams: 100_000 }).errors).to.deep.equal([]);
    expect(parseParcel({ ...valid, weightGrams: 1 }).errors).to.deep.equal([]);
  });

  it('reports each non-positive, fractional or absurd value under the parcel path', () => {
    const result = parseParcel({ lengthMm: 0, widthMm: -5, heightMm: 3001, weightGrams: 100_001 });
    expect(result.parcel).to.equal(null);
    expect(result.errors.map((e) => e.field?.join('.'))).to.deep.equal(['parcel.lengthMm', 'parcel.widthMm', 'parcel.heightMm', 'parcel.weightGrams']);
    expect(result.errors.every((e) => e.code === 'VALIDATION')).to.equal(true);
  });

  it('refuses fractional millimetres and grams', () => {
    expect(parseParcel({ ...valid, lengthMm: 10.5, weightGrams: 0.5 }).errors.map((e) => e.field?.at(-1))).to.deep.equal(['lengthMm', 'weightGrams']);
  });

  it('uses the field prefix it is given', () => {
    expect(parseParcel({ ...valid, weightGrams: 0 }, ['input', 'parcel']).errors[0]?.field).to.deep.equal(['input', 'parcel', 'weightGrams']);
  });
});

describe('fit and empty space', () => {
  const box = { lengthMm: 100, widthMm: 200, heightMm: 300 };

  it('fits an item turned in any axis-aligned way', () => {
    for (const item of [
      { lengthMm: 300, widthMm: 200, heightMm: 100 },
      { lengthMm: 200, widthMm: 300, heightMm: 100 },
      { lengthMm: 100, widthMm: 300, heightMm: 200 },
    ]) {
      expect(fitsInside(item, box), JSON.stringify(item)).to.equal(true);
    }
  });

  it('counts an exact fit as fitting, with an empty-space ratio of 0', () => {
    expect(fitsInside(box, box)).to.equal(true);
    expect(emptySpaceRatio(box, box)).to.equal(0);
  });

  it('refuses an item 1 mm too big in one dimension', () => {
    expect(fitsInside({ lengthMm: 100, widthMm: 201, heightMm: 300 }, box)).to.equal(false);
    expect(fitsInside({ lengthMm: 301, widthMm: 100, heightMm: 200 }, box)).to.equal(false);
  });

  it('compares sides by size, not as text (90 < 100 although "100" < "90")', () => {
    expect(fitsInside({ lengthMm: 100, widthMm: 10, heightMm: 90 }, { lengthMm: 900, widthMm: 200, heightMm: 90 })).to.equal(true);
  });

  it('sorts a box\'s sides shortest first for every order of three sides, ties included', () => {
    const values = [1, 2, 3, 3000];
    for (const lengthMm of values) for (const widthMm of values) for (const heightMm of values) {
      const expected = [lengthMm, widthMm, heightMm].sort((a, b) => a - b);
      expect(sortedSides({ lengthMm, widthMm, heightMm }), `${String(lengthMm)}x${String(widthMm)}x${String(heightMm)}`).to.deep.equal(expected);
    }
  });

  it('fits exactly when one of the six axis-aligned rotations fits, on every pair of small boxes', () => {
    const sides = [1, 2, 3];
    const boxes = sides.flatMap((lengthMm) => sides.flatMap((widthMm) => sides.map((heightMm) => ({ lengthMm, widthMm, heightMm }))));
    const rotations = (d: { lengthMm: number; widthMm: number; heightMm: number }) => {
      const { lengthMm: l, widthMm: w, heightMm: h } = d;
      return [[l, w, h], [l, h, w], [w, l, h], [w, h, l], [h, l, w], [h, w, l]];
    };
    for (const item of boxes) for (const inner of boxes) {
      const bruteForce = rotations(item).some(([l = 0, w = 0, h = 0]) => l <= inner.lengthMm && w <= inner.widthMm && h <= inner.heightMm);
      expect(fitsInside(item, inner), `${JSON.stringify(item)} in ${JSON.stringify(inner)}`).to.equal(bruteForce);
    }
  });

  it('refuses a long item whose volume is small but whose length does not fit', () => {
    expect(fitsInside({ lengthMm: 310, widthMm: 10, heightMm: 10 }, box)).to.equal(false);
  });

  it('computes half-empty as 0.5 whatever the rotation', () => {
    expect(emptySpaceRatio({ lengthMm: 100, widthMm: 100, heightMm: 300 }, box)).to.equal(0.5);
    expect(emptySpaceRatio({ lengthMm: 300, widthMm: 100, heightMm: 100 }, box)).to.equal(0.5);
  });

  it('rounds the ratio to 3 decimals (2/3 -> 0.667, 1/3 -> 0.333)', () => {
    const inner = { lengthMm: 300, widthMm: 100, heightMm: 100 };
    expect(emptySpaceRatio({ lengthMm: 100, widthMm: 100, heightMm: 100 }, inner)).to.equal(0.667);
    expect(emptySpaceRatio({ lengthMm: 200, widthMm: 100, heightMm: 100 }, inner)).to.equal(0.333);
  });

  it('computes exact integer volumes on the largest box (a 1 mm shortfall rounds to 0)', () => {
    const inner = { lengthMm: 3000, widthMm: 3000, heightMm: 3000 };
    expect(emptySpaceRatio({ lengthMm: 2999, widthMm: 3000, heightMm: 3000 }, inner)).to.equal(0);
    expect(emptySpaceRatio({ lengthMm: 1500, widthMm: 3000, heightMm: 3000 }, inner)).to.equal(0.5);
  });
});
