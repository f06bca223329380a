import type { PackagingClass } from './packaging.js';
import type { PricedClass } from './pricing-rules.js';

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
