import type { GreenLevelRule } from './earning-rules.js';
import type { PackagingClass } from './packaging.js';

/** How far back a consumer's record counts towards their level. */
export const LEVEL_WINDOW_MONTHS = 12;

/**
 * A consumer's record over the level window, counted from facts (never incremented): the orders that were
 * delivered and not cancelled, and the packaging they brought back.
 */
export interface LevelActivity {
  /** Delivered orders that shipped green: in the product's own packaging, or REDUCED, GREEN or REUSABLE packaging. */
  readonly greenChoices: number;
  /** Delivered orders that shipped in a secondary box, mailer or bag: packaging the consumer could bring back. */
  readonly packagedParcels: number;
  /** Items of packaging the consumer brought back (reusable units and loose packaging credited to them). */
  readonly itemsReturned: number;
  /** Grams of CO2e the delivered orders' packaging avoided (carbon.ts); not a level criterion, shown on the account. */
  readonly co2eAvoidedGrams: number;
}

export const NO_ACTIVITY: LevelActivity = { greenChoices: 0, packagedParcels: 0, itemsReturned: 0, co2eAvoidedGrams: 0 };

/** An order as the level counts it: the option chosen, and what became of the order. */
export interface CountedOrder {
  readonly packagingClass: PackagingClass;
  readonly ownPackaging: boolean;
  readonly delivered: boolean;
  readonly cancelled: boolean;
  /** What the chosen option avoided (0 for options offered before carbon was counted). */
  readonly co2eAvoidedGrams: number;
}

const GREEN_CLASSES: ReadonlySet<PackagingClass> = new Set(['REDUCED', 'GREEN', 'REUSABLE']);

/** A green choice: the product's own packaging, or REDUCED, GREEN or REUSABLE packaging. */
export const isGreenChoice = (order: { readonly packagingClass: PackagingClass; readonly ownPackaging: boolean }): boolean =>
  order.ownPackaging || GREEN_CLASSES.has(order.packagingClass);

/** Adds one order to a record; orders not delivered, or cancelled after all, do not count. */
export function countOrder(activity: LevelActivity, order: CountedOrder): LevelActivity {
  if (!order.delivered || order.cancelled) return activity;
  return {
    greenChoices: activity.greenChoices + (isGreenChoice(order) ? 1 : 0),
    packagedParcels: activity.packagedParcels + (order.ownPackaging ? 0 : 1),
    itemsReturned: activity.itemsReturned,
    co2eAvoidedGrams: activity.co2eAvoidedGrams + order.co2eAvoidedGrams,
  };
}

/** Adds packaging the consumer brought back to a collection point. */
export function countReturn(activity: LevelActivity, items: number): LevelActivity {
  return { ...activity, itemsReturned: activity.itemsReturned + items };
}

/**
 * The share of the packaging a consumer received that they brought back, in whole percent (rounded down, at most
 * 100). A consumer who received none (own packaging only, or no orders) has left nothing behind: 100.
 */
export function returnRatePct(activity: Pick<LevelActivity, 'packagedParcels' | 'itemsReturned'>): number {
  if (activity.packagedParcels === 0) return 100;
  return Math.min(100, Math.floor((activity.itemsReturned * 100) / activity.packagedParcels));
}

/** The highest level whose minimums the record meets; levels are ascending and the first has no minimums. */
export function levelFor(levels: readonly GreenLevelRule[], activity: Pick<LevelActivity, 'greenChoices' | 'packagedParcels' | 'itemsReturned'>): GreenLevelRule {
  const first = levels[0];
  if (!first) throw new RangeError('a level table has at least one level');
  const rate = returnRatePct(activity);
  let reached = first;
  for (const level of levels) {
    if (activity.greenChoices >= level.minGreenChoices && rate >= level.minReturnRatePct) reached = level;
  }
  return reached;
}
