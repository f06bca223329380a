import { volumeCm3, type PackagingClass, type PackagingSpec, type RecyclabilityGrade } from './packaging.js';
import { sizeClassOf, type Standard } from './standard.js';

/** Why a NON_COMPLIANT type is never offered. */
export type NotOfferableReason = 'SUBSTANCE_LIMIT_EXCEEDED' | 'SUBSTANCE_TEST_MISSING';

export interface Classification {
  readonly packagingClass: PackagingClass;
  /** Set exactly when the class is NON_COMPLIANT (absent on classifications stored before it was kept). */
  readonly notOfferableReason?: NotOfferableReason | null;
  readonly grade: RecyclabilityGrade;
  /** The standard that produced this result, so it can be explained and recomputed. */
  readonly standardVersion: string;
  /** Every decision in order, including the failed checks of the higher classes. */
  readonly reasons: string[];
}

/**
 * FAILED: a limit is exceeded. UNPROVEN: the material needs a test result that was not given.
 * COMPLIANT: every required result is within its limit. NOT_REQUIRED: no limits apply to the material.
 */
type SubstanceStatus = 'FAILED' | 'UNPROVEN' | 'COMPLIANT' | 'NOT_REQUIRED';

/**
 * Classifies a packaging type against a standard: a pure function of both, so the same inputs always give the same
 * class, grade and reasons. Precedence: NON_COMPLIANT (a substance limit exceeded) > REUSABLE > GREEN > REDUCED > STANDARD.
 */
export function classifyPackaging(spec: PackagingSpec, standard: Standard): Classification {
  const reasons: string[] = [];
  const grade = gradeOf(spec.recyclableSharePct, standard, reasons);
  const substances = substanceStatus(spec, standard, reasons);
  const result = (packagingClass: PackagingClass, notOfferableReason: NotOfferableReason | null = null): Classification => ({
    packagingClass,
    notOfferableReason,
    grade,
    standardVersion: standard.version,
    reasons,
  });

  if (substances === 'FAILED') {
    reasons.push('a substance limit is exceeded: NON_COMPLIANT, never offered');
    return result('NON_COMPLIANT', 'SUBSTANCE_LIMIT_EXCEEDED');
  }
  if (substances === 'UNPROVEN' && standard.substanceLimits.testRequired === true) {
    reasons.push(`the substance limits apply to all express packaging of ${spec.material}: without a complete test within them it is NON_COMPLIANT, never offered`);
    return result('NON_COMPLIANT', 'SUBSTANCE_TEST_MISSING');
  }
  if (isReusable(spec, standard, grade, substances, reasons)) return result('REUSABLE');
  if (isGreen(spec, standard, grade, substances, reasons)) return result('GREEN');
  if (isReduced(spec, standard, reasons)) return result('REDUCED');
  reasons.push('STANDARD: compliant, but none of the better classes applies');
  return result('STANDARD');
}

function gradeOf(sharePct: number, standard: Standard, reasons: string[]): RecyclabilityGrade {
  const band = standard.gradeBands.find((b) => b.minRecyclableSharePct <= sharePct);
  if (band !== undefined) {
    reasons.push(`recyclable share ${sharePct}% >= ${band.minRecyclableSharePct}%: grade ${band.grade}`);
    return band.grade;
  }
  const lowest = standard.gradeBands.at(-1);
  reasons.push(
    lowest === undefined
      ? `recyclable share ${sharePct}%: not recyclable at scale`
      : `recyclable share ${sharePct}% < ${lowest.minRecyclableSharePct}%: not recyclable at scale`,
  );
  return 'NOT_RECYCLABLE';
}

// Lab values are decimals; their float sum can land a hair above an exact limit (e.g. 100.00000000000001), so the
// sum is compared at a precision far finer than any lab reports (1e-6 mg/kg).
const roundMicro = (value: number): number => Math.round(value * 1e6) / 1e6;

function substanceStatus(spec: PackagingSpec, standard: Standard, reasons: string[]): SubstanceStatus {
  const { heavyMetals, phthalates } = standard.substanceLimits;
  const needsMetals = heavyMetals.materials.includes(spec.material);
  const needsPhthalates = phthalates.materials.includes(spec.material);
  if (!needsMetals && !needsPhthalates) {
    reasons.push(`no substance limits apply to ${spec.material}`);
    return 'NOT_REQUIRED';
  }
  const test = spec.substanceTest;
  if (test === null) {
    reasons.push(`${spec.material} needs a substance test and none was given: it cannot be GREEN or REUSABLE`);
    return 'UNPROVEN';
  }

  let unproven = false;
  const failures: string[] = [];
  const check = (label: string, value: number, limit: number): void => {
    if (value > limit) failures.push(`${label} ${value} mg/kg > ${limit} mg/kg limit`);
  };
  if (needsMetals) {
    check('lead', test.leadMgKg, heavyMetals.leadMgKg);
    check('mercury', test.mercuryMgKg, heavyMetals.mercuryMgKg);
    check('cadmium', test.cadmiumMgKg, heavyMetals.cadmiumMgKg);
    check('chromium', test.chromiumMgKg, heavyMetals.chromiumMgKg);
    const sum = roundMicro(test.leadMgKg + test.mercuryMgKg + test.cadmiumMgKg + test.chromiumMgKg);
    check('lead+mercury+cadmium+chromium', sum, heavyMetals.sumMgKg);
    if (failures.length === 0) reasons.push(`heavy metals within limits (sum ${sum} mg/kg <= ${heavyMetals.sumMgKg} mg/kg)`);
  }
  if (needsPhthalates) {
    if (test.phthalatesMgKg === null) {
      unproven = true;
      reasons.push(`${spec.material} needs a phthalates result and none was given: it cannot be GREEN or REUSABLE`);
    } else if (test.phthalatesMgKg <= phthalates.maxMgKg) {
      reasons.push(`phthalates ${test.phthalatesMgKg} mg/kg <= ${phthalates.maxMgKg} mg/kg`);
    } else {
      check('phthalates', test.phthalatesMgKg, phthalates.maxMgKg);
    }
  }
  reasons.push(...failures);
  if (failures.length > 0) return 'FAILED';
  return unproven ? 'UNPROVEN' : 'COMPLIANT';
}

/** Grades from best to worst as the standard's bands order them; NOT_RECYCLABLE is below every band. */
function gradeRank(grade: RecyclabilityGrade, standard: Standard): number {
  const index = standard.gradeBands.findIndex((b) => b.grade === grade);
  return index === -1 ? standard.gradeBands.length : index;
}

function isReusable(spec: PackagingSpec, standard: Standard, grade: RecyclabilityGrade, substances: SubstanceStatus, reasons: string[]): boolean {
  const min = standard.reusable.minDesignedCycles;
  if (spec.designedCycles === null) {
    reasons.push('single use (no design life): not REUSABLE');
    return false;
  }
  if (spec.designedCycles < min) {
    reasons.push(`designed for ${spec.designedCycles} cycles < ${min}: not REUSABLE`);
    return false;
  }
  if (substances === 'UNPROVEN') {
    reasons.push(`designed for ${spec.designedCycles} cycles >= ${min}, but substance compliance is unproven: not REUSABLE`);
    return false;
  }
  const minGrade = standard.reusable.minGrade;
  if (minGrade !== undefined && gradeRank(grade, standard) > gradeRank(minGrade, standard)) {
    reasons.push(`designed for ${spec.designedCycles} cycles >= ${min}, but grade ${grade} is below ${minGrade}: a reusable unit must be recyclable at the end of its life: not REUSABLE`);
    return false;
  }
  reasons.push(`designed for ${spec.designedCycles} cycles >= ${min}${minGrade === undefined ? '' : ` and grade ${grade} is ${minGrade} or better`}: REUSABLE`);
  return true;
}

function isGreen(
  spec: PackagingSpec,
  standard: Standard,
  grade: RecyclabilityGrade,
  substances: SubstanceStatus,
  reasons: string[],
): boolean {
  const { green } = standard;
  const failures: string[] = [];
  if (!(green.grades as readonly string[]).includes(grade)) failures.push(`grade ${grade} is not ${green.grades.join(' or ')}`);
  if (substances === 'UNPROVEN') failures.push('substance compliance is unproven');

  const recognised = new Set(green.certifications.map((c) => c.toUpperCase()));
  const certificate = spec.certifications.find((c) => recognised.has(c.toUpperCase()));
  let content: string;
  if (spec.recycledContentPct >= green.minRecycledContentPct) {
    content = `recycled content ${spec.recycledContentPct}% >= ${green.minRecycledContentPct}%`;
  } else if (certificate !== undefined) {
    content = `certified ${certificate}`;
  } else {
    failures.push(`recycled content ${spec.recycledContentPct}% < ${green.minRecycledContentPct}% and no recognised green certification`);
    content = '';
  }

  if (failures.length > 0) {
    reasons.push(`${failures.join('; ')}: not GREEN`);
    return false;
  }
  reasons.push(`grade ${grade} and ${content}: GREEN`);
  return true;
}

function isReduced(spec: PackagingSpec, standard: Standard, reasons: string[]): boolean {
  const sizeClass = sizeClassOf(spec.innerDimensions, standard.reduced.sizeClasses);
  if (sizeClass === undefined) {
    reasons.push('the standard defines no size class: not REDUCED');
    return false;
  }
  const pct = standard.reduced.maxMassPctOfReference;
  const reference = sizeClass.referenceMassGrams;
  const where = `${pct}% of the ${reference} g reference for size ${sizeClass.name} (inner volume ${volumeCm3(spec.innerDimensions)} cm3)`;
  // Integer arithmetic: mass <= pct% of reference  <=>  mass * 100 <= pct * reference.
  if (spec.massGrams * 100 <= pct * reference) {
    reasons.push(`mass ${spec.massGrams} g <= ${where}: REDUCED`);
    return true;
  }
  reasons.push(`mass ${spec.massGrams} g > ${where}: not REDUCED`);
  return false;
}
