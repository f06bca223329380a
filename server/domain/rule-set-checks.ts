import type { CarbonFactors } from './carbon.js';
import type { EprRules } from './epr.js';
import { MATERIALS, RECYCLABILITY_GRADES } from './packaging.js';
import type { RecyclingRules } from './recycling-rules.js';

// A rule set the regulator activates is checked whole before it is stored: every problem is named at once, so a
// version is either complete and coherent or not stored at all.

const VERSION = /^[A-Za-z0-9][A-Za-z0-9._-]{0,39}$/;
const CURRENCY = /^[A-Z]{3}$/;
const SOURCE_MAX = 300;
const isWhole = (n: number, min: number, max: number) => Number.isSafeInteger(n) && n >= min && n <= max;
const isPct = (n: number) => isWhole(n, 0, 100);
const isYear = (n: number) => isWhole(n, 2000, 2100);

function commonProblems(rules: { readonly version: string; readonly sources: readonly string[] }): string[] {
  const problems: string[] = [];
  if (!VERSION.test(rules.version)) problems.push('version must be 1 to 40 letters, digits, dots, dashes or underscores, starting with a letter or digit');
  if (rules.sources.length === 0) problems.push('sources must name where the numbers come from (at least one)');
  rules.sources.forEach((source, i) => {
    if (source.trim() === '' || source.length > SOURCE_MAX) problems.push(`sources[${String(i)}] must be 1 to ${String(SOURCE_MAX)} characters`);
  });
  return problems;
}

/** Steps a list of targets holds at most. */
export const MAX_TARGET_STEPS = 20;

/** Steps by year: from-years strictly ascending, each a year from 2000 to 2100. */
function stepProblems(name: string, steps: readonly { readonly fromYear: number }[], allowEmpty: boolean): string[] {
  const problems: string[] = [];
  if (!allowEmpty && steps.length === 0) problems.push(`${name} must hold at least one step`);
  if (steps.length > MAX_TARGET_STEPS) problems.push(`${name} must hold at most ${String(MAX_TARGET_STEPS)} steps`);
  steps.forEach((step, i) => {
    if (!isYear(step.fromYear)) problems.push(`${name}[${String(i)}].fromYear must be a year from 2000 to 2100`);
    const previous = steps[i - 1];
    if (previous && step.fromYear <= previous.fromYear) problems.push(`${name} must be in strictly ascending fromYear order (at ${String(i)})`);
  });
  return problems;
}

/** Every problem of a fee scheme with its targets; empty when it may be activated. */
export function eprRulesProblems(rules: EprRules): string[] {
  const problems = commonProblems(rules);
  if (!CURRENCY.test(rules.currency)) problems.push('currency must be an ISO 4217 code, three capital letters (e.g. GBP)');
  for (const material of MATERIALS) {
    const fee = rules.baseFeeMinorPerTonne[material];
    if (!isWhole(fee, 0, 100_000_000)) problems.push(`baseFeeMinorPerTonne.${material} must be a whole number of minor units from 0 to 100000000`);
  }
  for (const grade of RECYCLABILITY_GRADES) {
    if (!['GREEN', 'AMBER', 'RED'].includes(rules.ragByGrade[grade])) problems.push(`ragByGrade.${grade} must be GREEN, AMBER or RED`);
  }
  if (!isWhole(rules.redFactorPct, 100, 1000)) problems.push('redFactorPct must be a whole percentage from 100 to 1000 (red packaging never pays less than base)');
  problems.push(...stepProblems('targets', rules.targets, false));
  rules.targets.forEach((step, i) => {
    for (const material of MATERIALS) {
      if (!isPct(step.pct[material])) problems.push(`targets[${String(i)}].pct.${material} must be a whole percentage from 0 to 100`);
    }
  });
  if (!isPct(rules.atRiskMarginPct)) problems.push('atRiskMarginPct must be a whole percentage from 0 to 100');
  if (!isWhole(rules.co2eGramsPerCartonReused, 0, 100_000)) problems.push('co2eGramsPerCartonReused must be a whole number of grams from 0 to 100000');
  problems.push(...stepProblems('reuseTargets.reusableParcelSharePct', rules.reuseTargets.reusableParcelSharePct, true));
  rules.reuseTargets.reusableParcelSharePct.forEach((step, i) => {
    if (!isPct(step.pct)) problems.push(`reuseTargets.reusableParcelSharePct[${String(i)}].pct must be a whole percentage from 0 to 100`);
  });
  problems.push(...stepProblems('reuseTargets.unitsInService', rules.reuseTargets.unitsInService, true));
  rules.reuseTargets.unitsInService.forEach((step, i) => {
    if (!isWhole(step.units, 0, 1_000_000_000_000)) problems.push(`reuseTargets.unitsInService[${String(i)}].units must be a whole number from 0`);
  });
  return problems;
}

/** Every problem of a set of recycling-loop rules; empty when it may be activated. */
export function recyclingRulesProblems(rules: RecyclingRules): string[] {
  const problems = commonProblems(rules);
  if (!isWhole(rules.presumedLostAfterDays, 1, 3650)) problems.push('presumedLostAfterDays must be a whole number of days from 1 to 3650');
  if (!isWhole(rules.minHoursBetweenRegions, 0, 720)) problems.push('minHoursBetweenRegions must be a whole number of hours from 0 to 720');
  if (!isWhole(rules.regionWindowDays, 1, 365)) problems.push('regionWindowDays must be a whole number of days from 1 to 365');
  if (!isWhole(rules.maxItemsPerConsumerPerDay, 1, 100_000)) problems.push('maxItemsPerConsumerPerDay must be a whole number from 1 to 100000');
  return problems;
}

/** Every problem of a set of carbon factors; empty when it may be activated. */
export function carbonFactorsProblems(factors: CarbonFactors): string[] {
  const problems = commonProblems(factors);
  for (const material of MATERIALS) {
    const grams = factors.materialGramsPerKg[material];
    if (!isWhole(grams, 0, 1_000_000)) problems.push(`materialGramsPerKg.${material} must be a whole number of grams from 0 to 1000000`);
  }
  if (!isWhole(factors.reuseTripGrams, 0, 100_000)) problems.push('reuseTripGrams must be a whole number of grams from 0 to 100000');
  if (!isWhole(factors.baselineBoardGramsPerM2, 1, 10_000)) problems.push('baselineBoardGramsPerM2 must be a whole number of grams from 1 to 10000');
  return problems;
}
