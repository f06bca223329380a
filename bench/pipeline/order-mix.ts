import type { ParcelInput } from '../generated/graphql.js';
import type { QuotedOption } from './graphql-requests.js';
import { mulberry32, type Random } from '../quote/prng.js';

// Orders as a shop's checkout sees them: many consumers, each ordering a product or two of common e-commerce sizes
// (outer mm, grams, a few mm either way), a quarter of them able to ship in their own packaging.

export const ORDER_SEED = 20260202;

const PRODUCTS: readonly (readonly [length: number, width: number, height: number, grams: number])[] = [
  [120, 80, 60, 250], // cosmetics
  [170, 90, 60, 400], // phone
  [240, 170, 40, 600], // book
  [280, 180, 90, 1200], // shoes
  [300, 220, 60, 500], // folded clothing
  [330, 240, 120, 1800], // small appliance
  [380, 280, 150, 1500], // toy
  [420, 300, 220, 4000], // kitchenware
];

export interface PlannedOrder {
  /** Position in the plan: seeds this order's own choices, so they do not depend on the order quotes come back in. */
  readonly index: number;
  readonly orderRef: string;
  readonly consumerRef: string;
  readonly parcel: ParcelInput;
}

/** Orders after they were quoted: what the load driver sends. */
export interface OrderPlan {
  readonly orderRef: string;
  readonly quoteId: string;
  readonly optionId: string;
}

export interface QuotedOrder extends OrderPlan {
  readonly consumerRef: string;
  readonly packagingClass: string;
  readonly credits: number;
  readonly optionsOffered: number;
}

export function parcelOf(rng: Random): ParcelInput {
  const [l, w, h, grams] = rng.pick(PRODUCTS);
  return {
    lengthMm: l + rng.int(-5, 5),
    widthMm: w + rng.int(-5, 5),
    heightMm: h + rng.int(-5, 5),
    weightGrams: Math.round(grams * (0.8 + 0.4 * rng.next())),
    shipsInOwnPackaging: rng.chance(0.25),
  };
}

/**
 * `count` orders over `consumers` consumers (about two orders each, so the daily credit cap never bites and two
 * orders of one consumer sometimes race for the same ledger chain, as they do in a shop).
 */
export function planOrders(count: number, consumers: number, orderPrefix: string, startIndex = 0): PlannedOrder[] {
  return Array.from({ length: count }, (_, i) => {
    const index = startIndex + i;
    const rng = mulberry32(ORDER_SEED + index);
    return {
      index,
      orderRef: `${orderPrefix}-${String(index + 1).padStart(5, '0')}`,
      consumerRef: `bench-consumer-${String(rng.int(1, consumers)).padStart(5, '0')}`,
      parcel: parcelOf(rng),
    };
  });
}

/**
 * What the consumer picks: among the options that earn credits (the only ones the ledger posts), the recommended one
 * six times in ten when it earns any, else any of them; null when no option earns credits.
 */
export function pickOption(rng: Random, options: readonly QuotedOption[]): QuotedOption | null {
  const earning = options.filter((o) => o.credits > 0);
  if (earning.length === 0) return null;
  const recommended = earning.find((o) => o.recommended);
  if (recommended && rng.chance(0.6)) return recommended;
  return rng.pick(earning);
}

/** The seeded source for one order's later draws (another parcel, the option). */
export const orderRandom = (order: PlannedOrder): Random => mulberry32(ORDER_SEED * 7 + order.index);
