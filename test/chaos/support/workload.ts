// The chaos workload as data: a plan drawn from the seed (what to send, in which order, with which duplicates), and
// what the API answered, which is what the invariants are checked against. The plan names no database ids; the
// catalog made at set-up supplies them.
import { mulberry32 } from './prng.js';

export type EventType = 'DELIVERED' | 'CANCELLED';
/** What the consumer picks among the quoted options, when it is offered. */
export type Want = 'OWN' | 'GREEN' | 'STANDARD' | 'REUSABLE';
export type Size = 'small' | 'large';

export interface Parcel { readonly lengthMm: number; readonly widthMm: number; readonly heightMm: number; readonly weightGrams: number; readonly shipsInOwnPackaging: boolean }

export interface PlannedOrder {
  readonly kind: 'order';
  readonly n: number;
  readonly orderRef: string;
  readonly platform: number;
  readonly consumerRef: string;
  readonly size: Size;
  readonly parcel: Parcel;
  readonly want: Want;
  /** The unit packed into the order if it chose reusable packaging (issued at set-up). */
  readonly serial: string;
  /** A delivery reported before the choice exists (refused as UNKNOWN_ORDER). */
  readonly eventBeforeChoice: boolean;
  /** How the choice is sent: copies at once, a copy again at the end, or a copy under another idempotency key. */
  readonly chooseCopies: number;
  readonly chooseAgainLater: boolean;
  readonly chooseUnderOtherKey: boolean;
  /** Rounds of order events; the events of one round go out at once (duplicates included). */
  readonly events: readonly (readonly EventType[])[];
  /** The first round goes out once more after the others (a platform retrying after a timeout). */
  readonly repeatFirstRound: boolean;
  readonly shipCopies: number;
  /** Bring the unit back (reusable orders), with copies under the same key and maybe once more under another key. */
  readonly returnUnit: boolean;
  readonly returnCopies: number;
  readonly returnUnderOtherKey: boolean;
}

export interface PlannedRedemption {
  readonly kind: 'redeem';
  readonly n: number;
  readonly platform: number;
  readonly consumerRef: string;
  readonly amount: number;
  readonly idempotencyKey: string;
  readonly copies: number;
  readonly copiesAtOnce: boolean;
}

export interface PlannedLooseReturn {
  readonly kind: 'loose';
  readonly n: number;
  readonly point: number;
  readonly material: 'PAPER_CARD' | 'PLASTIC';
  readonly quantity: number;
  readonly massGrams: number;
  /** Who brought it back, when known: they earn credits per item. */
  readonly consumer: { readonly platform: number; readonly consumerRef: string } | null;
  readonly idempotencyKey: string;
  readonly copies: number;
  /** For a flagged return (too many items from one consumer in a day): a regulator clears it, its collector rejects it, or nobody reviews it. */
  readonly review: 'CLEARED' | 'REJECTED' | null;
}

export interface ReportLine { readonly material: 'PAPER_CARD' | 'PLASTIC'; readonly recoveredGrams: number; readonly recycledGrams: number; readonly evidence: readonly string[] }

export interface PlannedReport {
  readonly kind: 'report';
  readonly n: number;
  readonly producer: number;
  readonly idempotencyKey: string;
  readonly lines: readonly ReportLine[];
  readonly copies: number;
  /** What a regulator decides on the revision, or nobody decides (it stays pending). */
  readonly decision: 'ACCEPTED' | 'REJECTED' | null;
}

/**
 * Abusive returns at once: one consumer's pile, in several returns under their own keys sent together, whose items
 * pass the daily limit only together. The anomaly rule must flag exactly the ones past it, whatever the interleaving.
 */
export interface PlannedPile {
  readonly kind: 'pile';
  readonly n: number;
  readonly returns: readonly PlannedLooseReturn[];
}

export type Story = PlannedOrder | PlannedRedemption | PlannedLooseReturn | PlannedReport | PlannedPile;

export interface WorkloadSize {
  readonly orders: number;
  readonly redemptions: number;
  readonly looseReturns: number;
  readonly reports: number;
  readonly apiKills: number;
}

export interface Plan {
  readonly seed: number;
  readonly stories: readonly Story[];
  /** Sent by the test after every other story, once faults are over: the last word on each producer's period. */
  readonly finalReports: readonly PlannedReport[];
  /**
   * Orders recorded during the long outage that ends the run (workers down, then Redis lost, then every clock a day
   * and more ahead): only the fact sweep, looking back further than a day, can bring them to the ledger.
   */
  readonly outageOrders: readonly PlannedOrder[];
  /** Per API kill, the requests sent to that process just before it dies. */
  readonly inFlightAtApiKill: readonly (readonly (PlannedLooseReturn | PlannedRedemption)[])[];
}

export const PLATFORMS = 2;
export const PRODUCERS = 2;
export const CONSUMERS_PER_PLATFORM = 8;
/** Orders recorded during the closing long outage (Plan.outageOrders). */
export const OUTAGE_ORDERS = 6;
/** Piles of abusive returns per run (PlannedPile). */
export const PILES = 2;
export const POINTS = [
  { name: 'Station East', region: 'CN-31', accepts: ['PAPER_CARD', 'PLASTIC'] },
  { name: 'Station North', region: 'CN-11', accepts: ['PAPER_CARD', 'PLASTIC'] },
] as const;

function reportLines(random: ReturnType<typeof mulberry32>, tag: string): ReportLine[] {
  const materials = random.chance(0.5) ? (['PAPER_CARD', 'PLASTIC'] as const) : [random.pick(['PAPER_CARD', 'PLASTIC'] as const)];
  return materials.map((material) => {
    const recoveredGrams = random.int(1_000, 2_000_000);
    return { material, recoveredGrams, recycledGrams: random.int(0, recoveredGrams), evidence: [`CERT-${tag}-${material}`] };
  });
}

const reviewOf = (drawn: 'CLEARED' | 'REJECTED' | 'none'): PlannedLooseReturn['review'] => (drawn === 'none' ? null : drawn);

/** The whole workload of one seed. Pure: the same seed and size give the same plan. */
export function planWorkload(seed: number, size: WorkloadSize): Plan {
  const random = mulberry32(seed).fork('workload');
  const consumer = (platform: number) => `c${String(platform)}-${String(random.int(0, CONSUMERS_PER_PLATFORM - 1))}`;
  const orders: Story[] = [];
  for (let n = 0; n < size.orders; n += 1) {
    const sized: Size = random.chance(0.6) ? 'small' : 'large';
    const want = random.weighted<Want>({ OWN: 3, GREEN: 4, STANDARD: 2, REUSABLE: 3 });
    const parcel: Parcel = sized === 'small'
      ? { lengthMm: random.int(285, 295), widthMm: random.int(185, 195), heightMm: random.int(92, 98), weightGrams: random.int(200, 3000), shipsInOwnPackaging: want === 'OWN' || random.chance(0.2) }
      : { lengthMm: random.int(380, 395), widthMm: random.int(280, 295), heightMm: random.int(140, 148), weightGrams: random.int(500, 8000), shipsInOwnPackaging: want === 'OWN' || random.chance(0.2) };
    const scenario = random.weighted({ none: 8, delivered: 45, cancelled: 12, deliveredThenCancelled: 10, cancelledThenDelivered: 5, bothAtOnce: 10, deliveredTwiceAtOnce: 10 });
    const both = random.shuffle<EventType>(['DELIVERED', 'CANCELLED']);
    const scenarios: Record<typeof scenario, EventType[][]> = {
      none: [],
      delivered: [['DELIVERED']],
      cancelled: [['CANCELLED']],
      deliveredThenCancelled: [['DELIVERED'], ['CANCELLED']],
      cancelledThenDelivered: [['CANCELLED'], ['DELIVERED']],
      bothAtOnce: [both],
      deliveredTwiceAtOnce: [['DELIVERED', 'DELIVERED']],
    };
    const rounds = scenarios[scenario];
    orders.push({
      kind: 'order',
      n,
      orderRef: `o${String(seed)}-${String(n)}`,
      platform: random.int(0, PLATFORMS - 1),
      consumerRef: '',
      size: sized,
      parcel,
      want,
      serial: `U${String(seed)}-${sized === 'small' ? 'S' : 'L'}-${String(n)}`,
      eventBeforeChoice: random.chance(0.05),
      chooseCopies: Number(random.weighted({ '1': 6, '2': 3, '3': 1 })),
      chooseAgainLater: random.chance(0.2),
      chooseUnderOtherKey: random.chance(0.1),
      events: rounds,
      repeatFirstRound: rounds.length > 0 && random.chance(0.25),
      shipCopies: random.chance(0.2) ? 2 : 1,
      returnUnit: random.chance(0.85),
      returnCopies: random.chance(0.25) ? 2 : 1,
      returnUnderOtherKey: random.chance(0.15),
    });
  }
  // Consumers are drawn after the orders' shapes so that changing a weight above does not move every consumer.
  const withConsumers = orders.map((o) => (o.kind === 'order' ? { ...o, consumerRef: consumer(o.platform) } : o));

  const redemption = (n: number, idempotencyKey: string, copies: number): PlannedRedemption => {
    const platform = random.int(0, PLATFORMS - 1);
    return { kind: 'redeem', n, platform, consumerRef: consumer(platform), amount: random.int(1, 12), idempotencyKey, copies, copiesAtOnce: random.chance(0.5) };
  };
  const looseReturn = (n: number, idempotencyKey: string, copies: number): PlannedLooseReturn => {
    // Now and then a consumer of their own brings back an implausible pile (flagged by the anomaly rules).
    const bulk = random.chance(0.15);
    const quantity = bulk ? random.int(51, 80) : random.int(1, 6);
    const named = bulk || random.chance(0.7);
    const platform = random.int(0, PLATFORMS - 1);
    return {
      kind: 'loose',
      n,
      point: random.int(0, POINTS.length - 1),
      material: random.pick(['PAPER_CARD', 'PLASTIC'] as const),
      quantity,
      massGrams: quantity * random.int(20, 400),
      consumer: named ? { platform, consumerRef: bulk ? `bulk${String(platform)}-${String(n)}` : consumer(platform) } : null,
      idempotencyKey,
      copies,
      review: bulk ? reviewOf(random.weighted({ CLEARED: 3, REJECTED: 1, none: 1 })) : null,
    };
  };
  const redemptions: Story[] = Array.from({ length: size.redemptions }, (_, n) => redemption(n, `r${String(seed)}-${String(n)}`, random.chance(0.3) ? random.int(2, 3) : 1));
  const loose: Story[] = Array.from({ length: size.looseReturns }, (_, n) => looseReturn(n, `l${String(seed)}-${String(n)}`, random.chance(0.3) ? 2 : 1));
  // What is in flight on an API process when it is killed: returns and redemptions sent to it alone, then retried
  // under the same keys on the other.
  const inFlightAtApiKill = Array.from({ length: size.apiKills }, (_, k) => [
    ...Array.from({ length: 4 }, (_, i) => looseReturn(size.looseReturns + k * 10 + i, `cut${String(seed)}-${String(k)}-l${String(i)}`, 1)),
    ...Array.from({ length: 2 }, (_, i) => redemption(size.redemptions + k * 10 + i, `cut${String(seed)}-${String(k)}-r${String(i)}`, 1)),
  ]);
  const reports: Story[] = Array.from({ length: size.reports }, (_, n) => ({
    kind: 'report' as const,
    n,
    producer: n % PRODUCERS,
    idempotencyKey: `rep${String(seed)}-${String(n)}`,
    lines: reportLines(random, `${String(seed)}-${String(n)}`),
    copies: random.chance(0.4) ? 2 : 1,
    // By its number, not drawn: the seed's other draws stay where they were.
    decision: n % 3 === 0 ? 'ACCEPTED' as const : n % 3 === 1 ? 'REJECTED' as const : null,
  }));

  // Orders run in their order; redemptions lean to the second half (there is more to spend by then); the rest
  // anywhere.
  const stories: Story[] = [...withConsumers];
  const insertAt = (story: Story, from: number) => {
    stories.splice(random.int(Math.floor(from * stories.length), stories.length), 0, story);
  };
  for (const r of redemptions) insertAt(r, 0.3);
  for (const l of loose) insertAt(l, 0);
  for (const r of reports) insertAt(r, 0);
  // Drawn last, so that adding them moved none of the stories above.
  for (let n = 0; n < PILES; n += 1) {
    const platform = random.int(0, PLATFORMS - 1);
    const consumer = { platform, consumerRef: `pile${String(seed)}-${String(n)}` };
    const returns = Array.from({ length: 6 }, (_, i): PlannedLooseReturn => {
      const quantity = random.int(10, 14);
      return { kind: 'loose', n: size.looseReturns + 1000 + n * 10 + i, point: random.int(0, POINTS.length - 1), material: 'PLASTIC', quantity, massGrams: quantity * 30, consumer, idempotencyKey: `pile${String(seed)}-${String(n)}-${String(i)}`, copies: 1, review: null };
    });
    insertAt({ kind: 'pile', n, returns }, 0);
  }

  const finalReports: PlannedReport[] = Array.from({ length: PRODUCERS }, (_, producer) => ({
    kind: 'report' as const,
    n: size.reports + producer,
    producer,
    idempotencyKey: `rep${String(seed)}-final-${String(producer)}`,
    lines: reportLines(random, `${String(seed)}-final-${String(producer)}`),
    copies: 1,
    // Every other producer's final revision stays pending: shown beside its counted figures, never in them.
    decision: producer % 2 === 0 ? 'ACCEPTED' as const : null,
  }));
  const outageOrders: PlannedOrder[] = Array.from({ length: OUTAGE_ORDERS }, (_, i) => {
    const platform = random.int(0, PLATFORMS - 1);
    return {
      kind: 'order',
      n: size.orders + 5000 + i,
      orderRef: `o${String(seed)}-outage-${String(i)}`,
      platform,
      consumerRef: consumer(platform),
      size: 'small',
      parcel: { lengthMm: random.int(285, 295), widthMm: random.int(185, 195), heightMm: random.int(92, 98), weightGrams: random.int(200, 3000), shipsInOwnPackaging: true },
      want: random.weighted<Want>({ OWN: 1, GREEN: 2, STANDARD: 1, REUSABLE: 0 }),
      serial: '',
      eventBeforeChoice: false,
      chooseCopies: 1,
      chooseAgainLater: false,
      chooseUnderOtherKey: false,
      events: random.chance(0.75) ? [['DELIVERED']] : [['CANCELLED']],
      repeatFirstRound: false,
      shipCopies: 1,
      returnUnit: false,
      returnCopies: 1,
      returnUnderOtherKey: false,
    };
  });
  return { seed, stories, finalReports, inFlightAtApiKill, outageOrders };
}

/** Ids and keys made at set-up, which the plan's indexes refer to. */
export interface Catalog {
  readonly graphqlUrls: readonly string[];
  readonly platformKeys: readonly string[];
  readonly platformIds: readonly string[];
  readonly producerKeys: readonly string[];
  readonly producerIds: readonly string[];
  readonly collectorKey: string;
  readonly regulatorKey: string;
  readonly pointIds: readonly string[];
  /** The period every report is for (the current year). */
  readonly period: string;
}

export interface ChoiceAnswer {
  readonly id: string;
  readonly credits: number;
  readonly packagingClass: string;
  readonly packagingTypeId: string | null;
  readonly depositMinor: number;
}

export interface ReturnAnswer { readonly id: string; readonly flagged: boolean }

export interface OrderResult {
  readonly kind: 'order';
  readonly n: number;
  readonly orderRef: string;
  readonly platform: number;
  readonly consumerRef: string;
  /** The choice as the API answered it (every copy must answer the same one). */
  choice: ChoiceAnswer | null;
  delivered: boolean;
  cancelled: boolean;
  /** Events the API refused with ORDER_CLOSED: the order had already ended the other way. */
  refusedAsClosed: EventType[];
  shipped: boolean;
  unitReturn: ReturnAnswer | null;
}

export interface RedemptionResult { readonly kind: 'redeem'; readonly platform: number; readonly consumerRef: string; readonly idempotencyKey: string; readonly amount: number; redeemed: boolean }
export interface LooseResult { readonly kind: 'loose'; readonly plan: PlannedLooseReturn; answer: ReturnAnswer | null; reviewed: 'CLEARED' | 'REJECTED' | null }
export interface ReportResult {
  readonly kind: 'report';
  readonly producer: number;
  readonly lines: readonly ReportLine[];
  revision: number;
  /** The regulator's decision as the API confirmed it; null: none asked for, or none confirmed. */
  decided: 'ACCEPTED' | 'REJECTED' | null;
}
export type StoryResult = OrderResult | RedemptionResult | LooseResult | ReportResult;

/** What one load process sends back. */
export interface DriverReport {
  readonly driver: number;
  readonly results: StoryResult[];
  /** HTTP requests sent, logical calls, and copies of a request sent on purpose (duplicates). */
  readonly requests: number;
  readonly calls: number;
  readonly duplicates: number;
  readonly tally: Record<string, number>;
  readonly samples: Record<string, string[]>;
  /** Answers the workload did not expect (a wrong userError code, copies that disagree, a call never answered). */
  readonly anomalies: string[];
}
