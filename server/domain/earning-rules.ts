import type { PackagingClass } from './packaging.js';
import { isPlainText } from './plain-text.js';
import type { PricedClass } from './pricing-rules.js';
import { validationError, type UserError } from './user-error.js';

/** A green level, reached by a consumer's record over the last 12 months. */
export interface GreenLevelRule {
  readonly name: string;
  readonly minGreenChoices: number;
  readonly minReturnRatePct: number;
  /** Applied to earned credits: 100 = unchanged. */
  readonly multiplierPct: number;
  /** May take reusable packaging without paying the deposit. */
  readonly depositFree: boolean;
}

/** A platform's credit rules. Credits are whole numbers. */
export interface EarningRules {
  readonly version: number;
  /** For shipping in the product's own packaging (no secondary box). */
  readonly ownPackagingCredits: number;
  /** For choosing packaging of a class. REUSABLE earns on return instead (`reusableReturnCredits`). */
  readonly choiceCredits: Readonly<Record<PricedClass, number>>;
  readonly reusableReturnCredits: number;
  readonly reusableReturnWindowDays: number;
  readonly collectionReturnCreditsPerItem: number;
  readonly dailyCapPerConsumer: number;
  /** Credits stay pending until the order is delivered. */
  readonly pendingUntilDelivered: boolean;
  readonly expiryMonths: number;
  readonly expiryWarningDays: number;
  /** Ascending: a consumer holds the last level whose minimums they meet. */
  readonly levels: readonly GreenLevelRule[];
}

/** DESIGN.md's example earning rules, used until a platform sets its own. */
export const DEFAULT_EARNING_RULES: EarningRules = {
  version: 0,
  ownPackagingCredits: 10,
  choiceCredits: { STANDARD: 0, REDUCED: 2, GREEN: 5, REUSABLE: 0 },
  reusableReturnCredits: 15,
  reusableReturnWindowDays: 14,
  collectionReturnCreditsPerItem: 5,
  dailyCapPerConsumer: 100,
  pendingUntilDelivered: true,
  expiryMonths: 12,
  expiryWarningDays: 30,
  levels: [
    { name: 'SEEDLING', minGreenChoices: 0, minReturnRatePct: 0, multiplierPct: 100, depositFree: false },
    { name: 'SPROUT', minGreenChoices: 5, minReturnRatePct: 0, multiplierPct: 110, depositFree: false },
    { name: 'TREE', minGreenChoices: 20, minReturnRatePct: 50, multiplierPct: 125, depositFree: false },
    { name: 'FOREST', minGreenChoices: 50, minReturnRatePct: 75, multiplierPct: 150, depositFree: true },
  ],
};

/**
 * Whole credits a packaging choice earns: the base for own packaging or the class, times the level multiplier,
 * rounded down so credits stay integers. The quote preview and the ledger both call this, so they cannot disagree.
 */
export function creditsForChoice(
  rules: EarningRules,
  choice: { readonly packagingClass: PackagingClass; readonly ownPackaging: boolean },
  multiplierPct = 100,
): number {
  if (!Number.isInteger(multiplierPct) || multiplierPct < 0) throw new RangeError(`multiplierPct must be a whole number >= 0, got ${multiplierPct}`);
  if (choice.packagingClass === 'NON_COMPLIANT') return 0;
  const base = choice.ownPackaging ? rules.ownPackagingCredits : rules.choiceCredits[choice.packagingClass];
  return Math.floor((base * multiplierPct) / 100);
}

/** What came back to a collection point, as the earning rules see it. */
export type CreditedReturn =
  | { readonly kind: 'UNIT'; /** Whole days since the order was delivered (or shipped, when no delivery was reported). */ readonly daysOut: number }
  | { readonly kind: 'LOOSE'; readonly quantity: number };

/**
 * Whole credits a return earns: a reusable unit back within the return window, or so much per item of loose
 * packaging; times the level multiplier, rounded down. The daily cap applies in the ledger.
 */
export function creditsForReturn(rules: EarningRules, returned: CreditedReturn, multiplierPct = 100): number {
  if (!Number.isInteger(multiplierPct) || multiplierPct < 0) throw new RangeError(`multiplierPct must be a whole number >= 0, got ${multiplierPct}`);
  const base = returned.kind === 'UNIT'
    ? (returned.daysOut <= rules.reusableReturnWindowDays ? rules.reusableReturnCredits : 0)
    : rules.collectionReturnCreditsPerItem * returned.quantity;
  return Math.floor((base * multiplierPct) / 100);
}

/** The raw GraphQL `EarningRulesInput`. */
export interface EarningRulesInput {
  readonly ownPackagingCredits: number;
  readonly choiceCredits: { readonly standard: number; readonly reduced: number; readonly green: number; readonly reusable: number };
  readonly reusableReturnCredits: number;
  readonly reusableReturnWindowDays: number;
  readonly collectionReturnCreditsPerItem: number;
  readonly dailyCapPerConsumer: number;
  readonly expiryMonths: number;
  readonly expiryWarningDays: number;
  readonly levels: readonly GreenLevelRule[];
}

export const CREDITS_PER_FACT_MAX = 10_000;
export const LEVELS_MAX = 10;

/**
 * Validates a whole set of earning rules: any problem refuses all of it. Credits stay pending until delivery in
 * every version (the policy's safeguard against credit for orders that never ship), so that is not a setting.
 */
export function parseEarningRules(
  input: EarningRulesInput,
  version: number,
): { rules: EarningRules; errors: [] } | { rules: null; errors: UserError[] } {
  const errors: UserError[] = [];
  const check = (path: string[], value: number, min: number, max: number) => {
    if (!Number.isInteger(value) || value < min || value > max) {
      errors.push(validationError(['input', ...path], `${path.join('.')} must be a whole number from ${String(min)} to ${String(max)}`));
    }
  };
  check(['ownPackagingCredits'], input.ownPackagingCredits, 0, CREDITS_PER_FACT_MAX);
  for (const key of ['standard', 'reduced', 'green', 'reusable'] as const) check(['choiceCredits', key], input.choiceCredits[key], 0, CREDITS_PER_FACT_MAX);
  check(['reusableReturnCredits'], input.reusableReturnCredits, 0, CREDITS_PER_FACT_MAX);
  check(['reusableReturnWindowDays'], input.reusableReturnWindowDays, 1, 365);
  check(['collectionReturnCreditsPerItem'], input.collectionReturnCreditsPerItem, 0, CREDITS_PER_FACT_MAX);
  check(['dailyCapPerConsumer'], input.dailyCapPerConsumer, 1, 1_000_000);
  check(['expiryMonths'], input.expiryMonths, 1, 120);
  check(['expiryWarningDays'], input.expiryWarningDays, 1, 365);

  if (input.levels.length === 0 || input.levels.length > LEVELS_MAX) {
    errors.push(validationError(['input', 'levels'], `levels must hold 1 to ${String(LEVELS_MAX)} levels`));
  }
  input.levels.forEach((level, i) => {
    const at = (key: string) => ['levels', String(i), key];
    if (level.name.trim() === '' || level.name.length > 40 || !isPlainText(level.name)) {
      errors.push(validationError(['input', ...at('name')], 'name must be 1 to 40 characters of plain text'));
    }
    check(at('minGreenChoices'), level.minGreenChoices, 0, 100_000);
    check(at('minReturnRatePct'), level.minReturnRatePct, 0, 100);
    check(at('multiplierPct'), level.multiplierPct, 100, 1000);
    const previous = input.levels[i - 1];
    if (i === 0 && (level.minGreenChoices !== 0 || level.minReturnRatePct !== 0)) {
      errors.push(validationError(['input', 'levels', '0'], 'the first level is everyone’s: its minimums must be 0'));
    }
    if (previous && (level.minGreenChoices < previous.minGreenChoices || level.minReturnRatePct < previous.minReturnRatePct)) {
      errors.push(validationError(['input', 'levels', String(i)], 'levels must be ascending: each at least as demanding as the one before'));
    }
  });
  if (errors.length > 0) return { rules: null, errors };
  const { choiceCredits: c } = input;
  return {
    rules: {
      version,
      ownPackagingCredits: input.ownPackagingCredits,
      choiceCredits: { STANDARD: c.standard, REDUCED: c.reduced, GREEN: c.green, REUSABLE: c.reusable },
      reusableReturnCredits: input.reusableReturnCredits,
      reusableReturnWindowDays: input.reusableReturnWindowDays,
      collectionReturnCreditsPerItem: input.collectionReturnCreditsPerItem,
      dailyCapPerConsumer: input.dailyCapPerConsumer,
      pendingUntilDelivered: true,
      expiryMonths: input.expiryMonths,
      expiryWarningDays: input.expiryWarningDays,
      levels: input.levels.map((l) => ({ ...l, name: l.name.trim() })),
    },
    errors: [],
  };
}
