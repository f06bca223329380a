// The catalogue index a quote searches instead of the store: worked cases, and a comparison with a plain filter
// over random catalogues (the store query it replaces: class, container format, volume window, fit, then volume and id).
import { expect } from 'chai';
import fc from 'fast-check';
import { buildCatalogueIndex, candidatesFor, type CatalogueEntry } from '../../server/domain/catalogue-index.js';
import type { PackagingClass, PackagingFormat } from '../../server/domain/packaging.js';

const entry = (id: string, packagingClass: PackagingClass, l: number, w: number, h: number, format: PackagingFormat = 'BOX', maxLoadGrams: number | null = null): CatalogueEntry => ({
  packagingTypeId: id, revision: 1, packagingClass, format, innerDimensions: { lengthMm: l, widthMm: w, heightMm: h }, maxLoadGrams,
  material: 'PAPER_CARD', massGrams: 100, designedCycles: null,
});
const parcel = { lengthMm: 100, widthMm: 100, heightMm: 100, weightGrams: 500 };
const ids = (entries: CatalogueEntry[], p = parcel, maxVolume = 2_000_000) => candidatesFor(buildCatalogueIndex(entries), p, maxVolume).map((c) => c.packagingTypeId);

describe('catalogue index', () => {
  it('finds the smallest fitting type of each class, in any orientation, within the volume window', () => {
    const catalogue = [
      entry('g-big', 'GREEN', 190, 100, 100), // 1.9e6: fits, but not the smallest
      entry('g-flat', 'GREEN', 300, 300, 50), // 4.5e6: too big for the window, and too flat anyway
      entry('g-turned', 'GREEN', 100, 150, 101), // 1.515e6: fits turned over
      entry('s-thin', 'STANDARD', 1000, 50, 30), // 1.5e6: volume in range, does not fit
      entry('s-ok', 'STANDARD', 110, 110, 110), // 1.331e6
      entry('r-filler', 'REUSABLE', 120, 120, 120, 'FILLER'), // not a container format
      entry('x-nc', 'NON_COMPLIANT', 100, 100, 100), // never offered
    ];
    expect(ids(catalogue)).to.deep.equal(['s-ok', 'g-turned']);
    expect(ids(catalogue, parcel, 1_400_000), 'the window stops at the largest volume the empty-space limit allows').to.deep.equal(['s-ok']);
    expect(ids(catalogue, { lengthMm: 111, widthMm: 100, heightMm: 100, weightGrams: 500 }), 'one millimetre too long for s-ok').to.deep.equal(['g-turned']);
  });

  it('passes over a type too weak for the parcel’s weight to the next one of its class', () => {
    const catalogue = [entry('weak', 'GREEN', 110, 110, 110, 'BOX', 400), entry('strong', 'GREEN', 120, 120, 120, 'BOX', 20_000)];
    expect(ids(catalogue), 'a 500 g parcel').to.deep.equal(['strong']);
    expect(ids(catalogue, { ...parcel, weightGrams: 400 }), 'a 400 g parcel').to.deep.equal(['weak']);
  });

  it('takes a box exactly the parcel’s size, and breaks volume ties by id', () => {
    expect(ids([entry('b', 'GREEN', 100, 100, 100), entry('a', 'GREEN', 100, 100, 100)])).to.deep.equal(['a']);
    expect(ids([entry('small', 'GREEN', 99, 100, 200)])).to.deep.equal([]);
  });

  // The plain filter the index replaces: class, container format, volume window, fit, load, then volume and id.
  const plainFilter = (catalogue: CatalogueEntry[], p: typeof parcel, maxVolume: number): string[] => {
    const sorted = (d: { lengthMm: number; widthMm: number; heightMm: number }) => [d.lengthMm, d.widthMm, d.heightMm].sort((a, b) => a - b);
    const volume = (d: { lengthMm: number; widthMm: number; heightMm: number }) => d.lengthMm * d.widthMm * d.heightMm;
    return (['STANDARD', 'REDUCED', 'GREEN', 'REUSABLE'] as const).flatMap((c) => {
      const fitting = catalogue
        .filter((e) => e.packagingClass === c && ['BOX', 'MAILER', 'ENVELOPE', 'BAG'].includes(e.format))
        .filter((e) => volume(e.innerDimensions) >= volume(p) && volume(e.innerDimensions) <= maxVolume)
        .filter((e) => sorted(e.innerDimensions).every((s, i) => s >= (sorted(p)[i] ?? 0)))
        .filter((e) => e.maxLoadGrams === null || e.maxLoadGrams >= p.weightGrams)
        .sort((a, b) => volume(a.innerDimensions) - volume(b.innerDimensions) || a.packagingTypeId.localeCompare(b.packagingTypeId));
      return fitting.slice(0, 1).map((e) => e.packagingTypeId);
    });
  };
  const classes: PackagingClass[] = ['STANDARD', 'REDUCED', 'GREEN', 'REUSABLE', 'NON_COMPLIANT'];
  const formats: PackagingFormat[] = ['BOX', 'MAILER', 'ENVELOPE', 'BAG', 'FILLER', 'TAPE', 'OTHER'];
  const side = fc.integer({ min: 1, max: 60 });
  const load = fc.option(fc.integer({ min: 1, max: 5000 }), { nil: null });
  const arbitraryEntry = fc.record({ c: fc.constantFrom(...classes), f: fc.constantFrom(...formats), l: side, w: side, h: side, load });
  const agreesWithPlainFilter = (minLength: number, maxLength: number) => fc.property(
    fc.array(arbitraryEntry, { minLength, maxLength, size: 'max' }), side, side, side, fc.integer({ min: 1, max: 250_000 }), fc.integer({ min: 1, max: 5000 }),
    (raw, l, w, h, maxVolume, weightGrams) => {
      const catalogue = raw.map((r, i) => entry(`t${String(i).padStart(4, '0')}`, r.c, r.l, r.w, r.h, r.f, r.load));
      const p = { lengthMm: l, widthMm: w, heightMm: h, weightGrams };
      expect(ids(catalogue, p, maxVolume)).to.deep.equal(plainFilter(catalogue, p, maxVolume));
    },
  );

  it('answers as a plain filter over the whole catalogue does, on random catalogues and parcels', () => {
    fc.assert(agreesWithPlainFilter(0, 60), { seed: 1306, numRuns: 500 });
  });

  it('answers as the plain filter on catalogues of up to 2,000 types (reach trees of up to 2,048 leaves)', () => {
    fc.assert(agreesWithPlainFilter(500, 2000), { seed: 1307, numRuns: 150 });
  });

  it('finds a fitting type past thousands that each fail on one side or on load', () => {
    // A parcel of 50 x 100 x 200 mm (1e6 mm3): every misfit below fails on exactly one of the three sorted sides or on
    // its load, and all of them come before the fitting type in volume order, so the search must pass them all.
    const p = { lengthMm: 200, widthMm: 50, heightMm: 100, weightGrams: 500 };
    const id = (i: number) => `m${String(i).padStart(4, '0')}`;
    const misfits = Array.from({ length: 3000 }, (_, i) => {
      switch (i % 4) {
        case 0: return entry(id(i), 'GREEN', 300, 40, 300 + i); // the shortest side: 40 < 50
        case 1: return entry(id(i), 'GREEN', 1000 + i, 90, 60); // the middle side: 90 < 100
        case 2: return entry(id(i), 'GREEN', 150, 190, 100 + (i % 7)); // the longest side: 190 < 200
        default: return entry(id(i), 'GREEN', 210, 60, 110 + i, 'BOX', 499); // fits, but carries 499 g of 500
      }
    });
    const fits = entry('fits', 'GREEN', 100, 200, 2000);
    const larger = entry('larger', 'GREEN', 100, 200, 2001);
    const volume = (e: CatalogueEntry) => e.innerDimensions.lengthMm * e.innerDimensions.widthMm * e.innerDimensions.heightMm;
    expect(Math.max(...misfits.map(volume)), 'every misfit comes first in volume order').to.be.lessThan(volume(fits));
    expect(ids([larger, ...misfits, fits], p, 100_000_000)).to.deep.equal(['fits']);
    expect(ids(misfits, p, 100_000_000), 'none fits').to.deep.equal([]);
    expect(ids([...misfits, fits], p, volume(fits) - 1), 'the fitting one is past the volume window').to.deep.equal([]);
    expect(ids([...misfits, fits], { ...p, weightGrams: 499 }, 100_000_000), 'a lighter parcel: the smallest of the strong enough').to.deep.equal(['m0003']);
  });
});
