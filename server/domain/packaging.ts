import { isPlainText } from './plain-text.js';
import { checkReference } from './references.js';
import { validationError, type UserError } from './user-error.js';

export const MATERIALS = ['ALUMINIUM', 'FIBRE_COMPOSITE', 'GLASS', 'PAPER_CARD', 'PLASTIC', 'STEEL', 'WOOD', 'OTHER'] as const;
export type Material = (typeof MATERIALS)[number];

export const PACKAGING_FORMATS = ['BOX', 'ENVELOPE', 'BAG', 'MAILER', 'FILLER', 'TAPE', 'OTHER'] as const;
export type PackagingFormat = (typeof PACKAGING_FORMATS)[number];

export const PACKAGING_CLASSES = ['STANDARD', 'REDUCED', 'GREEN', 'REUSABLE', 'NON_COMPLIANT'] as const;
export type PackagingClass = (typeof PACKAGING_CLASSES)[number];

export const RECYCLABILITY_GRADES = ['A', 'B', 'C', 'NOT_RECYCLABLE'] as const;
export type RecyclabilityGrade = (typeof RECYCLABILITY_GRADES)[number];

/** Whole millimetres, as the API carries them. */
export interface Dimensions {
  readonly lengthMm: number;
  readonly widthMm: number;
  readonly heightMm: number;
}

/** Lab results in mg/kg. `phthalatesMgKg` is null when the lab did not measure it (only plastics need it). */
export interface SubstanceTest {
  readonly leadMgKg: number;
  readonly mercuryMgKg: number;
  readonly cadmiumMgKg: number;
  readonly chromiumMgKg: number;
  readonly phthalatesMgKg: number | null;
}

/** A validated, normalized packaging type: what the standard classifies. */
export interface PackagingSpec {
  readonly sku: string;
  readonly name: string;
  readonly material: Material;
  readonly format: PackagingFormat;
  readonly innerDimensions: Dimensions;
  readonly massGrams: number;
  readonly recycledContentPct: number;
  readonly recyclableSharePct: number;
  /** Reusable design life; null = single use. */
  readonly designedCycles: number | null;
  readonly substanceTest: SubstanceTest | null;
  readonly certifications: readonly string[];
  /** The heaviest contents the type is made to carry, in grams; null: no limit declared. */
  readonly maxLoadGrams: number | null;
}

/** The raw GraphQL `PackagingTypeInput` (enums arrive as strings so unknown values become userErrors). */
export interface PackagingTypeInput {
  readonly sku: string;
  readonly name: string;
  readonly material: string;
  readonly format: string;
  readonly innerDimensions: Dimensions;
  readonly massGrams: number;
  readonly recycledContentPct: number;
  readonly recyclableSharePct: number;
  readonly designedCycles?: number | null;
  readonly substanceTest?: SubstanceTestInput | null;
  readonly certifications?: readonly string[] | null;
  readonly maxLoadGrams?: number | null;
}

export interface SubstanceTestInput {
  readonly leadMgKg: number;
  readonly mercuryMgKg: number;
  readonly cadmiumMgKg: number;
  readonly chromiumMgKg: number;
  readonly phthalatesMgKg?: number | null;
}

export const NAME_MAX = 200;
// 3 m per side bounds any parcel a courier takes; larger values are typos (metres or cm entered as mm).
export const DIMENSION_MAX_MM = 3000;
export const MASS_MAX_GRAMS = 100_000;
export const DESIGNED_CYCLES_MAX = 100_000;
/** A pallet box carries a tonne; more is a typo. */
export const MAX_LOAD_MAX_GRAMS = 1_000_000;
// 1e6 mg/kg is the whole kilogram: anything above is not a measurement.
export const SUBSTANCE_MAX_MG_KG = 1_000_000;
export const CERTIFICATIONS_MAX = 20;
export const CERTIFICATION_MAX = 100;

const DIMENSION_KEYS = ['lengthMm', 'widthMm', 'heightMm'] as const;
const METAL_KEYS = ['leadMgKg', 'mercuryMgKg', 'cadmiumMgKg', 'chromiumMgKg'] as const;

export const isMaterial = (value: string): value is Material => (MATERIALS as readonly string[]).includes(value);
const isFormat = (value: string): value is PackagingFormat => (PACKAGING_FORMATS as readonly string[]).includes(value);
const isIntIn = (value: number, min: number, max: number): boolean => Number.isInteger(value) && value >= min && value <= max;

/** Volume in mm3: an exact integer for validated dimensions (3000^3 < 2^53). */
export const volumeMm3 = (d: Dimensions): number => d.lengthMm * d.widthMm * d.heightMm;

/**
 * A box's sides, shortest first: a parcel fits in some axis-aligned rotation exactly when each sorted side fits.
 * By comparisons, with no sort and no temporary array: a quote needs them for every candidate it checks.
 */
export function sortedSides(d: Dimensions): [number, number, number] {
  const { lengthMm: a, widthMm: b, heightMm: c } = d;
  const low = Math.min(a, b);
  const high = Math.max(a, b);
  if (c <= low) return [c, low, high];
  if (c >= high) return [low, high, c];
  return [low, c, high];
}

/** Volume in cm3; may be fractional, so use it for display and threshold comparisons, never for money. */
export const volumeCm3 = (d: Dimensions): number => volumeMm3(d) / 1000;

/** Validates and normalizes a packaging type; reports every bad field at once, each with its input path. */
export function parsePackagingSpec(
  input: PackagingTypeInput,
): { spec: PackagingSpec; errors: [] } | { spec: null; errors: UserError[] } {
  const errors: UserError[] = [];
  const at = (...path: string[]): string[] => ['input', ...path];

  const sku = input.sku.trim();
  const skuError = checkReference('sku', sku, at('sku'));
  if (skuError) errors.push(skuError);
  const name = input.name.trim();
  if (name.length === 0 || name.length > NAME_MAX || !isPlainText(name)) {
    errors.push(validationError(at('name'), `name must be 1 to ${NAME_MAX} characters of plain text`));
  }
  const { material, format } = input;
  if (!isMaterial(material)) errors.push(validationError(at('material'), `material must be one of ${MATERIALS.join(', ')}`));
  if (!isFormat(format)) errors.push(validationError(at('format'), `format must be one of ${PACKAGING_FORMATS.join(', ')}`));

  for (const key of DIMENSION_KEYS) {
    if (!isIntIn(input.innerDimensions[key], 1, DIMENSION_MAX_MM)) {
      errors.push(validationError(at('innerDimensions', key), `${key} must be a whole number of millimetres from 1 to ${DIMENSION_MAX_MM}`));
    }
  }
  if (!isIntIn(input.massGrams, 1, MASS_MAX_GRAMS)) {
    errors.push(validationError(at('massGrams'), `massGrams must be a whole number of grams from 1 to ${MASS_MAX_GRAMS}`));
  }
  for (const key of ['recycledContentPct', 'recyclableSharePct'] as const) {
    if (!isIntIn(input[key], 0, 100)) errors.push(validationError(at(key), `${key} must be a whole percentage from 0 to 100`));
  }
  const designedCycles = input.designedCycles ?? null;
  if (designedCycles !== null && !isIntIn(designedCycles, 1, DESIGNED_CYCLES_MAX)) {
    errors.push(validationError(at('designedCycles'), `designedCycles must be null (single use) or a whole number from 1 to ${DESIGNED_CYCLES_MAX}`));
  }

  const maxLoadGrams = input.maxLoadGrams ?? null;
  if (maxLoadGrams !== null && !isIntIn(maxLoadGrams, 1, MAX_LOAD_MAX_GRAMS)) {
    errors.push(validationError(at('maxLoadGrams'), `maxLoadGrams must be null (no limit) or a whole number of grams from 1 to ${MAX_LOAD_MAX_GRAMS}`));
  }

  const substanceTest = parseSubstanceTest(input.substanceTest ?? null, errors, at('substanceTest'));
  const certifications = parseCertifications(input.certifications ?? [], errors, at('certifications'));

  if (errors.length > 0 || !isMaterial(material) || !isFormat(format)) return { spec: null, errors };
  const { lengthMm, widthMm, heightMm } = input.innerDimensions;
  return {
    spec: {
      sku,
      name,
      material,
      format,
      innerDimensions: { lengthMm, widthMm, heightMm },
      massGrams: input.massGrams,
      recycledContentPct: input.recycledContentPct,
      recyclableSharePct: input.recyclableSharePct,
      designedCycles,
      substanceTest,
      certifications,
      maxLoadGrams,
    },
    errors: [],
  };
}

function parseSubstanceTest(input: SubstanceTestInput | null, errors: UserError[], path: string[]): SubstanceTest | null {
  if (input === null) return null;
  const check = (key: string, value: number): void => {
    if (!Number.isFinite(value) || value < 0 || value > SUBSTANCE_MAX_MG_KG) {
      errors.push(validationError([...path, key], `${key} must be a number of mg/kg from 0 to ${SUBSTANCE_MAX_MG_KG}`));
    }
  };
  for (const key of METAL_KEYS) check(key, input[key]);
  const phthalatesMgKg = input.phthalatesMgKg ?? null;
  if (phthalatesMgKg !== null) check('phthalatesMgKg', phthalatesMgKg);
  return {
    leadMgKg: input.leadMgKg,
    mercuryMgKg: input.mercuryMgKg,
    cadmiumMgKg: input.cadmiumMgKg,
    chromiumMgKg: input.chromiumMgKg,
    phthalatesMgKg,
  };
}

/** Trims and de-duplicates case-insensitively (keeping the first spelling), since certificates are matched that way. */
function parseCertifications(input: readonly string[], errors: UserError[], path: string[]): string[] {
  if (input.length > CERTIFICATIONS_MAX) {
    errors.push(validationError(path, `at most ${CERTIFICATIONS_MAX} certifications`));
    return [];
  }
  const seen = new Set<string>();
  const certifications: string[] = [];
  input.forEach((raw, index) => {
    const value = raw.trim();
    if (value.length === 0 || value.length > CERTIFICATION_MAX || !isPlainText(value)) {
      errors.push(validationError([...path, String(index)], `a certification must be 1 to ${CERTIFICATION_MAX} characters of plain text`));
      return;
    }
    const key = value.toUpperCase();
    if (seen.has(key)) return;
    seen.add(key);
    certifications.push(value);
  });
  return certifications;
}
