import { expect } from 'chai';
import { parsePackagingSpec, volumeCm3, volumeMm3, type PackagingTypeInput } from '../../server/domain/packaging.js';

const valid: PackagingTypeInput = {
  sku: 'BOX-S.01_a',
  name: 'Shipping box S',
  material: 'PAPER_CARD',
  format: 'BOX',
  innerDimensions: { lengthMm: 300, widthMm: 200, heightMm: 100 },
  massGrams: 120,
  recycledContentPct: 30,
  recyclableSharePct: 95,
};

const fieldsOf = (overrides: Partial<PackagingTypeInput>): (string | undefined)[] =>
  parsePackagingSpec({ ...valid, ...overrides }).errors.map((e) => e.field?.join('.'));

describe('packaging type validation', () => {
  it('normalizes a valid input: trimmed text, null optional fields, no certifications', () => {
    const result = parsePackagingSpec({ ...valid, sku: ' BOX-S.01_a ', name: '  Shipping box S ' });
    expect(result.errors).to.deep.equal([]);
    expect(result.spec).to.deep.equal({ ...valid, designedCycles: null, substanceTest: null, certifications: [], maxLoadGrams: null });
  });

  it('trims certifications and drops case-insensitive duplicates, keeping the first spelling', () => {
    const result = parsePackagingSpec({ ...valid, certifications: [' FSC ', 'fsc', 'EU-Ecolabel', 'EU-ECOLABEL'] });
    expect(result.spec?.certifications).to.deep.equal(['FSC', 'EU-Ecolabel']);
  });

  it('keeps a substance test, with a missing phthalates result as null', () => {
    const substanceTest = { leadMgKg: 1, mercuryMgKg: 0, cadmiumMgKg: 0.2, chromiumMgKg: 3 };
    expect(parsePackagingSpec({ ...valid, substanceTest }).spec?.substanceTest).to.deep.equal({ ...substanceTest, phthalatesMgKg: null });
  });

  it('reports every bad field at once, each with its path and the VALIDATION code', () => {
    const result = parsePackagingSpec({
      sku: 'bad sku!',
      name: ' ',
      material: 'CARDBOARD',
      format: 'CRATE',
      innerDimensions: { lengthMm: 0, widthMm: 3001, heightMm: 10.5 },
      massGrams: 0,
      recycledContentPct: -1,
      recyclableSharePct: 101,
      designedCycles: 0,
      substanceTest: { leadMgKg: -1, mercuryMgKg: Number.NaN, cadmiumMgKg: Number.POSITIVE_INFINITY, chromiumMgKg: 1_000_001, phthalatesMgKg: -0.1 },
      certifications: ['FSC', '  '],
    });
    expect(result.spec).to.equal(null);
    expect(result.errors.map((e) => e.field?.join('.'))).to.deep.equal([
      'input.sku',
      'input.name',
      'input.material',
      'input.format',
      'input.innerDimensions.lengthMm',
      'input.innerDimensions.widthMm',
      'input.innerDimensions.heightMm',
      'input.massGrams',
      'input.recycledContentPct',
      'input.recyclableSharePct',
      'input.designedCycles',
      'input.substanceTest.leadMgKg',
      'input.substanceTest.mercuryMgKg',
      'input.substanceTest.cadmiumMgKg',
      'input.substanceTest.chromiumMgKg',
      'input.substanceTest.phthalatesMgKg',
      'input.certifications.1',
    ]);
    expect(result.errors.every((e) => e.code === 'VALIDATION')).to.equal(true);
  });

  it('accepts a 64-character sku and refuses 65', () => {
    expect(fieldsOf({ sku: 'A'.repeat(64) })).to.deep.equal([]);
    expect(fieldsOf({ sku: 'A'.repeat(65) })).to.deep.equal(['input.sku']);
  });

  it('accepts a 200-character name and refuses 201', () => {
    expect(fieldsOf({ name: 'n'.repeat(200) })).to.deep.equal([]);
    expect(fieldsOf({ name: 'n'.repeat(201) })).to.deep.equal(['input.name']);
  });

  it('accepts the bounds of dimensions (1, 3000 mm), mass (100000 g), percentages (0, 100) and cycles (1, 100000)', () => {
    expect(fieldsOf({ innerDimensions: { lengthMm: 1, widthMm: 3000, heightMm: 1 }, massGrams: 100_000, recycledContentPct: 0, recyclableSharePct: 100, designedCycles: 1 })).to.deep.equal([]);
    expect(fieldsOf({ designedCycles: 100_000 })).to.deep.equal([]);
  });

  it('refuses mass above 100000 g, fractional percentages and more than 100000 cycles', () => {
    expect(fieldsOf({ massGrams: 100_001, recycledContentPct: 50.5, designedCycles: 100_001 })).to.deep.equal(['input.massGrams', 'input.recycledContentPct', 'input.designedCycles']);
  });

  it('accepts substance values of 0 and 1000000 mg/kg', () => {
    expect(fieldsOf({ substanceTest: { leadMgKg: 0, mercuryMgKg: 1_000_000, cadmiumMgKg: 0, chromiumMgKg: 0, phthalatesMgKg: 1_000_000 } })).to.deep.equal([]);
  });

  it('accepts 20 certifications and refuses 21', () => {
    const certs = (n: number) => Array.from({ length: n }, (_, i) => `CERT-${i}`);
    expect(fieldsOf({ certifications: certs(20) })).to.deep.equal([]);
    expect(fieldsOf({ certifications: certs(21) })).to.deep.equal(['input.certifications']);
  });

  it('refuses a certification longer than 100 characters, pointing at its index', () => {
    expect(fieldsOf({ certifications: ['FSC', 'FSC', 'c'.repeat(101)] })).to.deep.equal(['input.certifications.2']);
  });
});

describe('volumes', () => {
  it('computes mm3 exactly and cm3 as mm3 / 1000', () => {
    expect(volumeMm3({ lengthMm: 3000, widthMm: 3000, heightMm: 3000 })).to.equal(27_000_000_000);
    expect(volumeCm3({ lengthMm: 300, widthMm: 200, heightMm: 100 })).to.equal(6000);
    expect(volumeCm3({ lengthMm: 126, widthMm: 126, heightMm: 126 })).to.equal(2000.376);
  });
});
