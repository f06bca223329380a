import { MATERIALS, volumeMm3, type Dimensions, type Material, type RecyclabilityGrade } from './packaging.js';

/** A grade that a band can award; NOT_RECYCLABLE is what remains below the last band. */
export type BandGrade = Exclude<RecyclabilityGrade, 'NOT_RECYCLABLE'>;

export interface GradeBand {
  readonly grade: BandGrade;
  readonly minRecyclableSharePct: number;
}

export interface SizeClass {
  readonly name: string;
  /** Upper bound (inclusive) of inner volume; null = no upper bound, allowed only on the last class. */
  readonly maxInnerVolumeCm3: number | null;
  readonly referenceMassGrams: number;
}

/**
 * A versioned packaging standard: every threshold the classifier uses is data here, so a stored classification
 * names the version that produced it and can be recomputed (DESIGN.md, "Determinism").
 */
export interface Standard {
  readonly version: string;
  /** YYYY-MM-DD (UTC). */
  readonly effectiveFrom: string;
  /** Highest grade first, strictly descending by minimum share. */
  readonly gradeBands: readonly GradeBand[];
  /** A packed parcel above this empty-space ratio is not offered. */
  readonly maxEmptySpaceRatio: number;
  readonly substanceLimits: {
    readonly heavyMetals: {
      readonly materials: readonly Material[];
      readonly leadMgKg: number;
      readonly mercuryMgKg: number;
      readonly cadmiumMgKg: number;
      readonly chromiumMgKg: number;
      readonly sumMgKg: number;
    };
    readonly phthalates: {
      readonly materials: readonly Material[];
      readonly maxMgKg: number;
    };
    /**
     * A material the limits apply to needs a complete test within them to be offered at all (GB 43352 applies to all
     * express packaging); absent or false (versions before GL-STD-2026.2): without one it can still be REDUCED or
     * STANDARD.
     */
    readonly testRequired?: boolean;
  };
  readonly reusable: {
    readonly minDesignedCycles: number;
    /** The lowest recyclability grade a REUSABLE type may have, so a unit is recyclable at the end of its life;
     *  absent (versions before GL-STD-2026.2): any grade. */
    readonly minGrade?: BandGrade;
  };
  readonly green: {
    readonly grades: readonly BandGrade[];
    readonly minRecycledContentPct: number;
    /** Recognised green-product certifications, matched case-insensitively. */
    readonly certifications: readonly string[];
  };
  readonly reduced: {
    /** Integer percent, so the check stays in integer arithmetic. */
    readonly maxMassPctOfReference: number;
    /** Ascending by volume; the last has no upper bound. */
    readonly sizeClasses: readonly SizeClass[];
  };
}

/**
 * GreenLoop's reference standard (DESIGN.md, "Reference rules"). Sources:
 * - recyclability grades A >= 95 %, B >= 80 %, C >= 70 % of mass: EU Packaging and Packaging Waste Regulation (PPWR);
 * - empty-space ratio <= 50 %: EU PPWR article 24;
 * - heavy metals in paper and phthalates in plastics: China GB 43352-2023 (express packaging substance limits);
 * - reusable design life >= 20 cycles, green = grade A/B + compliance + 30 % recycled content or a green-product
 *   certification, reduced = at most 80 % of the reference mass: DESIGN.md.
 * Version 2026.2 (after 2026.1, which had neither rule): a material the substance limits apply to is offerable only
 * with a complete test within them (GB 43352-2023 covers all express packaging, not only the better classes), and a
 * REUSABLE unit must be grade C or better (recyclable at the end of its life, as EU PPWR art. 10-11 ask of reusable
 * packaging).
 */
export const REFERENCE_STANDARD: Standard = {
  version: 'GL-STD-2026.2',
  effectiveFrom: '2026-01-01',
  gradeBands: [
    { grade: 'A', minRecyclableSharePct: 95 },
    { grade: 'B', minRecyclableSharePct: 80 },
    { grade: 'C', minRecyclableSharePct: 70 },
  ],
  maxEmptySpaceRatio: 0.5,
  substanceLimits: {
    heavyMetals: {
      materials: ['PAPER_CARD', 'FIBRE_COMPOSITE'],
      leadMgKg: 50,
      mercuryMgKg: 0.5,
      cadmiumMgKg: 0.5,
      chromiumMgKg: 50,
      sumMgKg: 100,
    },
    phthalates: { materials: ['PLASTIC'], maxMgKg: 1000 },
    testRequired: true,
  },
  reusable: { minDesignedCycles: 20, minGrade: 'C' },
  green: {
    grades: ['A', 'B'],
    minRecycledContentPct: 30,
    certifications: ['CN-GREEN-PRODUCT', 'CHINA-ENVIRONMENTAL-LABEL', 'EU-ECOLABEL', 'FSC', 'BLUE-ANGEL'],
  },
  reduced: {
    maxMassPctOfReference: 80,
    // These reference masses are GreenLoop's own assumption (typical single-wall corrugated boxes of each size);
    // no published table exists yet. Replace them, in a new standard version, when one is adopted.
    sizeClasses: [
      { name: 'XS', maxInnerVolumeCm3: 2000, referenceMassGrams: 60 },
      { name: 'S', maxInnerVolumeCm3: 6000, referenceMassGrams: 120 },
      { name: 'M', maxInnerVolumeCm3: 15000, referenceMassGrams: 250 },
      { name: 'L', maxInnerVolumeCm3: 40000, referenceMassGrams: 450 },
      { name: 'XL', maxInnerVolumeCm3: null, referenceMassGrams: 800 },
    ],
  },
};

const DATE = /^\d{4}-\d{2}-\d{2}$/;
const isPct = (value: number): boolean => Number.isInteger(value) && value >= 0 && value <= 100;
const isLimit = (value: number): boolean => Number.isFinite(value) && value >= 0;
const isPositiveInt = (value: number): boolean => Number.isInteger(value) && value > 0;

// Date parsing rolls 2026-02-30 over to March, so a real date must survive the round trip unchanged.
function isCalendarDate(value: string): boolean {
  if (!DATE.test(value)) return false;
  const time = Date.parse(`${value}T00:00:00Z`);
  return Number.isFinite(time) && new Date(time).toISOString().slice(0, 10) === value;
}

/** Problems that would make the classifier's answers meaningless; empty when the standard is usable. */
export function validateStandard(s: Standard): string[] {
  const problems: string[] = [];
  if (s.version.trim() === '') problems.push('version must not be empty');
  if (!isCalendarDate(s.effectiveFrom)) problems.push('effectiveFrom must be a date YYYY-MM-DD');
  problems.push(...gradeBandProblems(s.gradeBands));
  if (!(s.maxEmptySpaceRatio > 0 && s.maxEmptySpaceRatio < 1)) problems.push('maxEmptySpaceRatio must be between 0 and 1 (exclusive)');

  const { heavyMetals, phthalates } = s.substanceLimits;
  for (const key of ['leadMgKg', 'mercuryMgKg', 'cadmiumMgKg', 'chromiumMgKg', 'sumMgKg'] as const) {
    if (!isLimit(heavyMetals[key])) problems.push(`substanceLimits.heavyMetals.${key} must be a finite number >= 0`);
  }
  if (!isLimit(phthalates.maxMgKg)) problems.push('substanceLimits.phthalates.maxMgKg must be a finite number >= 0');
  for (const [name, materials] of [['heavyMetals', heavyMetals.materials], ['phthalates', phthalates.materials]] as const) {
    if (materials.some((m) => !(MATERIALS as readonly string[]).includes(m))) problems.push(`substanceLimits.${name}.materials holds an unknown material`);
  }

  if (!isPositiveInt(s.reusable.minDesignedCycles)) problems.push('reusable.minDesignedCycles must be a positive integer');
  const banded = new Set(s.gradeBands.map((b) => b.grade));
  if (s.reusable.minGrade !== undefined && !banded.has(s.reusable.minGrade)) problems.push('reusable.minGrade must name a grade that has a band');
  if (s.green.grades.length === 0 || s.green.grades.some((g) => !banded.has(g))) {
    problems.push('green.grades must name at least one grade that has a band');
  }
  if (!isPct(s.green.minRecycledContentPct)) problems.push('green.minRecycledContentPct must be an integer from 0 to 100');
  if (s.green.certifications.some((c) => c.trim() === '')) problems.push('green.certifications must not hold empty names');

  if (!(isPct(s.reduced.maxMassPctOfReference) && s.reduced.maxMassPctOfReference > 0)) {
    problems.push('reduced.maxMassPctOfReference must be an integer from 1 to 100');
  }
  problems.push(...sizeClassProblems(s.reduced.sizeClasses));
  return problems;
}

function gradeBandProblems(bands: readonly GradeBand[]): string[] {
  const problems: string[] = [];
  if (bands.length === 0) problems.push('gradeBands must not be empty');
  if (new Set(bands.map((b) => b.grade)).size !== bands.length) problems.push('gradeBands must name each grade once');
  bands.forEach((band, i) => {
    if (!isPct(band.minRecyclableSharePct)) problems.push(`gradeBands[${i}].minRecyclableSharePct must be an integer from 0 to 100`);
    const previous = bands[i - 1];
    if (previous !== undefined && band.minRecyclableSharePct >= previous.minRecyclableSharePct) {
      problems.push(`gradeBands must be strictly descending by minRecyclableSharePct (at ${i})`);
    }
  });
  return problems;
}

function sizeClassProblems(classes: readonly SizeClass[]): string[] {
  const problems: string[] = [];
  if (classes.length === 0) problems.push('reduced.sizeClasses must not be empty');
  const unbounded = classes.filter((c) => c.maxInnerVolumeCm3 === null).length;
  if (unbounded !== 1 || classes.at(-1)?.maxInnerVolumeCm3 !== null) {
    problems.push('reduced.sizeClasses must end with exactly one class without an upper bound');
  }
  let previousMax = 0;
  classes.forEach((c, i) => {
    if (c.name.trim() === '') problems.push(`reduced.sizeClasses[${i}].name must not be empty`);
    if (!isPositiveInt(c.referenceMassGrams)) problems.push(`reduced.sizeClasses[${i}].referenceMassGrams must be a positive integer`);
    const max = c.maxInnerVolumeCm3;
    if (max === null) return;
    if (!isPositiveInt(max)) problems.push(`reduced.sizeClasses[${i}].maxInnerVolumeCm3 must be a positive integer or null`);
    else if (max <= previousMax) problems.push(`reduced.sizeClasses must be strictly ascending by maxInnerVolumeCm3 (at ${i})`);
    previousMax = Math.max(previousMax, max);
  });
  return problems;
}

/** The first size class whose bound holds the inner volume, compared in whole mm3 so the boundaries are exact. */
export function sizeClassOf(inner: Dimensions, sizeClasses: readonly SizeClass[]): SizeClass | undefined {
  const mm3 = volumeMm3(inner);
  return sizeClasses.find((c) => c.maxInnerVolumeCm3 === null || mm3 <= c.maxInnerVolumeCm3 * 1000);
}
