import { expect } from 'chai';
import { classifyPackaging } from '../../server/domain/classification.js';
import type { PackagingSpec, SubstanceTest } from '../../server/domain/packaging.js';
import { REFERENCE_STANDARD, type Standard } from '../../server/domain/standard.js';

const cleanTest: SubstanceTest = { leadMgKg: 1, mercuryMgKg: 0.1, cadmiumMgKg: 0.1, chromiumMgKg: 1, phthalatesMgKg: null };

// A grade-B paper box of size S (300 x 200 x 100 mm = 6000 cm3, reference 120 g) that is STANDARD and nothing better.
const base: PackagingSpec = {
  sku: 'BOX-S',
  name: 'Shipping box S',
  material: 'PAPER_CARD',
  format: 'BOX',
  innerDimensions: { lengthMm: 300, widthMm: 200, heightMm: 100 },
  massGrams: 200,
  recycledContentPct: 0,
  recyclableSharePct: 90,
  designedCycles: null,
  substanceTest: cleanTest,
  certifications: [],
  maxLoadGrams: null,
};

/** The reference standard as version 2026.1 had it: neither a required test nor a minimum grade for reuse. */
const VERSION_2026_1: Standard = {
  ...REFERENCE_STANDARD,
  version: 'GL-STD-2026.1',
  substanceLimits: { heavyMetals: REFERENCE_STANDARD.substanceLimits.heavyMetals, phthalates: REFERENCE_STANDARD.substanceLimits.phthalates },
  reusable: { minDesignedCycles: 20 },
};

const classify = (overrides: Partial<PackagingSpec>, standard: Standard = REFERENCE_STANDARD) =>
  classifyPackaging({ ...base, ...overrides }, standard);
const withTest = (overrides: Partial<SubstanceTest>): Partial<PackagingSpec> => ({ substanceTest: { ...cleanTest, ...overrides } });

describe('packaging classification', () => {
  it('classifies the baseline box as STANDARD under the reference standard version', () => {
    const result = classify({});
    expect(result.packagingClass).to.equal('STANDARD');
    expect(result.grade).to.equal('B');
    expect(result.standardVersion).to.equal('GL-STD-2026.2');
    expect(result.notOfferableReason).to.equal(null);
  });

  describe('recyclability grade bands', () => {
    for (const [share, grade] of [
      [100, 'A'],
      [95, 'A'],
      [94, 'B'],
      [80, 'B'],
      [79, 'C'],
      [70, 'C'],
      [69, 'NOT_RECYCLABLE'],
      [0, 'NOT_RECYCLABLE'],
    ] as const) {
      it(`grades a recyclable share of ${share}% as ${grade}`, () => {
        expect(classify({ recyclableSharePct: share }).grade).to.equal(grade);
      });
    }

    it('explains a grade with the share and the band minimum', () => {
      expect(classify({ recyclableSharePct: 96 }).reasons).to.include('recyclable share 96% >= 95%: grade A');
    });

    it('explains "not recyclable at scale" against the lowest band', () => {
      expect(classify({ recyclableSharePct: 65 }).reasons).to.include('recyclable share 65% < 70%: not recyclable at scale');
    });
  });

  describe('reusable design life', () => {
    it('makes 20 designed cycles REUSABLE', () => {
      const result = classify({ designedCycles: 20 });
      expect(result.packagingClass).to.equal('REUSABLE');
      expect(result.reasons).to.include('designed for 20 cycles >= 20 and grade B is C or better: REUSABLE');
    });

    it('refuses REUSABLE to a unit that is not recyclable at the end of its life (below grade C), since 2026.2', () => {
      // 69 % recyclable: below the C band (70 %), NOT_RECYCLABLE.
      const result = classify({ designedCycles: 50, recyclableSharePct: 69 });
      expect([result.packagingClass, result.grade]).to.deep.equal(['STANDARD', 'NOT_RECYCLABLE']);
      expect(result.reasons).to.include('designed for 50 cycles >= 20, but grade NOT_RECYCLABLE is below C: a reusable unit must be recyclable at the end of its life: not REUSABLE');
      expect(classify({ designedCycles: 50, recyclableSharePct: 70 }).packagingClass, 'grade C exactly').to.equal('REUSABLE');
      expect(classify({ designedCycles: 50, recyclableSharePct: 69 }, VERSION_2026_1).packagingClass, 'under 2026.1, as before').to.equal('REUSABLE');
    });

    it('does not make 19 designed cycles REUSABLE and says why', () => {
      const result = classify({ designedCycles: 19 });
      expect(result.packagingClass).to.equal('STANDARD');
      expect(result.reasons).to.include('designed for 19 cycles < 20: not REUSABLE');
    });

    it('names single-use packaging as not REUSABLE', () => {
      expect(classify({}).reasons).to.include('single use (no design life): not REUSABLE');
    });

    it('prefers REUSABLE over GREEN when both hold', () => {
      expect(classify({ designedCycles: 50, recycledContentPct: 100, recyclableSharePct: 100 }).packagingClass).to.equal('REUSABLE');
    });
  });

  describe('green packaging', () => {
    it('makes grade B with 30% recycled content GREEN', () => {
      const result = classify({ recycledContentPct: 30 });
      expect(result.packagingClass).to.equal('GREEN');
      expect(result.reasons).to.include('grade B and recycled content 30% >= 30%: GREEN');
    });

    it('does not make 29% recycled content without a certification GREEN', () => {
      const result = classify({ recycledContentPct: 29 });
      expect(result.packagingClass).to.equal('STANDARD');
      expect(result.reasons.some((r) => r.includes('recycled content 29% < 30%') && r.endsWith('not GREEN'))).to.equal(true);
    });

    it('accepts a recognised certification instead of recycled content, matched case-insensitively', () => {
      const result = classify({ recycledContentPct: 0, certifications: ['ISO-9001', 'fsc'] });
      expect(result.packagingClass).to.equal('GREEN');
      expect(result.reasons).to.include('grade B and certified fsc: GREEN');
    });

    it('ignores a certification the standard does not recognise', () => {
      expect(classify({ certifications: ['ISO-9001'] }).packagingClass).to.equal('STANDARD');
    });

    it('refuses GREEN to grade C even with full recycled content', () => {
      const result = classify({ recyclableSharePct: 79, recycledContentPct: 100 });
      expect(result.packagingClass).to.equal('STANDARD');
      expect(result.reasons).to.include('grade C is not A or B: not GREEN');
    });

    it('makes a material without substance limits GREEN without any test', () => {
      expect(classify({ material: 'GLASS', substanceTest: null, recycledContentPct: 30 }).packagingClass).to.equal('GREEN');
    });

    it('prefers GREEN over REDUCED when both hold', () => {
      expect(classify({ recycledContentPct: 30, massGrams: 50 }).packagingClass).to.equal('GREEN');
    });
  });

  describe('heavy metals in paper (GB 43352-2023)', () => {
    for (const [key, label, limit, over] of [
      ['leadMgKg', 'lead', 50, 50.01],
      ['mercuryMgKg', 'mercury', 0.5, 0.51],
      ['cadmiumMgKg', 'cadmium', 0.5, 0.51],
      ['chromiumMgKg', 'chromium', 50, 50.01],
    ] as const) {
      it(`accepts ${label} exactly at its limit of ${limit} mg/kg`, () => {
        const result = classify({ ...withTest({ [key]: limit }), recycledContentPct: 30 });
        expect(result.packagingClass).to.equal('GREEN');
      });

      it(`makes ${label} at ${over} mg/kg NON_COMPLIANT, naming value and limit, and still reports the grade`, () => {
        const result = classify({ ...withTest({ [key]: over }), recycledContentPct: 30, designedCycles: 50 });
        expect(result.packagingClass).to.equal('NON_COMPLIANT');
        expect(result.grade).to.equal('B');
        expect(result.reasons).to.include(`${label} ${over} mg/kg > ${limit} mg/kg limit`);
      });
    }

    it('accepts a sum of exactly 100 mg/kg', () => {
      const result = classify(withTest({ leadMgKg: 49, mercuryMgKg: 0.5, cadmiumMgKg: 0.5, chromiumMgKg: 50 }));
      expect(result.packagingClass).to.equal('STANDARD');
      expect(result.reasons).to.include('heavy metals within limits (sum 100 mg/kg <= 100 mg/kg)');
    });

    it('makes a sum of 100.5 mg/kg NON_COMPLIANT although each metal is within its own limit', () => {
      const result = classify(withTest({ leadMgKg: 49.5, mercuryMgKg: 0.5, cadmiumMgKg: 0.5, chromiumMgKg: 50 }));
      expect(result.packagingClass).to.equal('NON_COMPLIANT');
      expect(result.reasons.filter((r) => r.endsWith('limit'))).to.deep.equal(['lead+mercury+cadmium+chromium 100.5 mg/kg > 100 mg/kg limit']);
    });

    it('does not fail a sum that only float addition puts above the limit (0.1 + 0.2 against 0.3)', () => {
      const strict: Standard = {
        ...REFERENCE_STANDARD,
        substanceLimits: { ...REFERENCE_STANDARD.substanceLimits, heavyMetals: { ...REFERENCE_STANDARD.substanceLimits.heavyMetals, sumMgKg: 0.3 } },
      };
      const result = classify(withTest({ leadMgKg: 0.1, mercuryMgKg: 0.2, cadmiumMgKg: 0, chromiumMgKg: 0 }), strict);
      expect(result.packagingClass).to.equal('STANDARD');
    });

    it('gives each failed limit its own reason', () => {
      const result = classify(withTest({ leadMgKg: 60, cadmiumMgKg: 1 }));
      expect(result.reasons.filter((r) => r.endsWith('mg/kg limit'))).to.have.length(2);
    });

    it('applies the same limits to fibre composite', () => {
      expect(classify({ material: 'FIBRE_COMPOSITE', ...withTest({ leadMgKg: 51 }) }).packagingClass).to.equal('NON_COMPLIANT');
    });

    it('does not apply paper limits to plastic', () => {
      expect(classify({ material: 'PLASTIC', ...withTest({ leadMgKg: 500, phthalatesMgKg: 10 }) }).packagingClass).to.equal('STANDARD');
    });

    it('prefers NON_COMPLIANT over REUSABLE', () => {
      expect(classify({ designedCycles: 100, ...withTest({ mercuryMgKg: 2 }) }).packagingClass).to.equal('NON_COMPLIANT');
    });
  });

  describe('phthalates in plastic', () => {
    it('accepts phthalates exactly at 1000 mg/kg', () => {
      const result = classify({ material: 'PLASTIC', ...withTest({ phthalatesMgKg: 1000 }), recycledContentPct: 30 });
      expect(result.packagingClass).to.equal('GREEN');
    });

    it('makes phthalates at 1000.1 mg/kg NON_COMPLIANT', () => {
      const result = classify({ material: 'PLASTIC', ...withTest({ phthalatesMgKg: 1000.1 }) });
      expect(result.packagingClass).to.equal('NON_COMPLIANT');
      expect(result.reasons).to.include('phthalates 1000.1 mg/kg > 1000 mg/kg limit');
    });

    it('treats a plastic test without a phthalates result as unproven: never offered since 2026.2, STANDARD under 2026.1', () => {
      const result = classify({ material: 'PLASTIC', substanceTest: cleanTest, recycledContentPct: 30 });
      expect([result.packagingClass, result.notOfferableReason]).to.deep.equal(['NON_COMPLIANT', 'SUBSTANCE_TEST_MISSING']);
      expect(result.reasons.some((r) => r.includes('needs a phthalates result'))).to.equal(true);
      expect(classify({ material: 'PLASTIC', substanceTest: cleanTest, recycledContentPct: 30 }, VERSION_2026_1).packagingClass).to.equal('STANDARD');
    });
  });

  describe('missing substance test', () => {
    it('never offers paper without a test since 2026.2 (GB 43352 covers all express packaging), with a typed reason', () => {
      const result = classify({ substanceTest: null, massGrams: 96 });
      expect([result.packagingClass, result.notOfferableReason]).to.deep.equal(['NON_COMPLIANT', 'SUBSTANCE_TEST_MISSING']);
      expect(result.reasons).to.include('the substance limits apply to all express packaging of PAPER_CARD: without a complete test within them it is NON_COMPLIANT, never offered');
      expect(classify({ substanceTest: null, material: 'GLASS' }).packagingClass, 'no limits apply to glass').to.equal('STANDARD');
    });

    it('kept paper without a test compliant but neither GREEN nor REUSABLE under 2026.1', () => {
      const result = classify({ substanceTest: null, recyclableSharePct: 100, recycledContentPct: 100, designedCycles: 50 }, VERSION_2026_1);
      expect(result.packagingClass).to.equal('STANDARD');
      expect(result.reasons).to.include('PAPER_CARD needs a substance test and none was given: it cannot be GREEN or REUSABLE');
      expect(result.reasons).to.include('designed for 50 cycles >= 20, but substance compliance is unproven: not REUSABLE');
      expect(result.reasons).to.include('substance compliance is unproven: not GREEN');
    });

    it('still let paper without a test be REDUCED under 2026.1', () => {
      expect(classify({ substanceTest: null, massGrams: 96 }, VERSION_2026_1).packagingClass).to.equal('REDUCED');
    });
  });

  describe('reduced mass', () => {
    it('makes exactly 80% of the size-S reference (96 of 120 g) REDUCED', () => {
      const result = classify({ massGrams: 96 });
      expect(result.packagingClass).to.equal('REDUCED');
      expect(result.reasons).to.include('mass 96 g <= 80% of the 120 g reference for size S (inner volume 6000 cm3): REDUCED');
    });

    it('does not make 97 g in size S REDUCED', () => {
      const result = classify({ massGrams: 97 });
      expect(result.packagingClass).to.equal('STANDARD');
      expect(result.reasons).to.include('mass 97 g > 80% of the 120 g reference for size S (inner volume 6000 cm3): not REDUCED');
    });

    it('puts exactly 2000 cm3 in size XS (48 g reduced, 49 g not)', () => {
      const xs = { lengthMm: 200, widthMm: 100, heightMm: 100 };
      expect(classify({ innerDimensions: xs, massGrams: 48 }).packagingClass).to.equal('REDUCED');
      expect(classify({ innerDimensions: xs, massGrams: 49 }).packagingClass).to.equal('STANDARD');
    });

    it('puts 2000.376 cm3 (126 mm cube) in size S, whose larger reference makes 49 g REDUCED', () => {
      const result = classify({ innerDimensions: { lengthMm: 126, widthMm: 126, heightMm: 126 }, massGrams: 49 });
      expect(result.reasons.at(-1)).to.match(/for size S /);
      expect(result.packagingClass).to.equal('REDUCED');
    });

    it('uses size L up to 40000 cm3 and XL above it', () => {
      const l = { lengthMm: 400, widthMm: 400, heightMm: 250 }; // 40000 cm3
      const xl = { lengthMm: 400, widthMm: 400, heightMm: 251 };
      expect(classify({ innerDimensions: l, massGrams: 360 }).packagingClass).to.equal('REDUCED');
      expect(classify({ innerDimensions: l, massGrams: 361 }).packagingClass).to.equal('STANDARD');
      expect(classify({ innerDimensions: xl, massGrams: 640 }).packagingClass).to.equal('REDUCED');
      expect(classify({ innerDimensions: xl, massGrams: 641 }).packagingClass).to.equal('STANDARD');
    });
  });

  describe('reasons and determinism', () => {
    it('records the failed checks of every higher class before settling on STANDARD', () => {
      const result = classify({});
      expect(result.reasons).to.have.length(6);
      expect(result.reasons.slice(2).map((r) => r.split(': ').at(-1))).to.deep.equal(['not REUSABLE', 'not GREEN', 'not REDUCED', 'compliant, but none of the better classes applies']);
    });

    it('returns equal results for equal inputs', () => {
      expect(classify({ massGrams: 96 })).to.deep.equal(classify({ massGrams: 96 }));
    });

    it('takes every threshold from the standard passed in and names its version', () => {
      const lenient: Standard = { ...REFERENCE_STANDARD, version: 'TEST-1', reusable: { minDesignedCycles: 10 } };
      const result = classify({ designedCycles: 10 }, lenient);
      expect(result.packagingClass).to.equal('REUSABLE');
      expect(result.standardVersion).to.equal('TEST-1');
    });
  });
});
