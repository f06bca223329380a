import { Types } from 'mongoose';
import type { Models } from '../db/models/index.js';
import { factReceiptIdOf } from '../db/keys.js';
import type { FactKind } from './facts.js';
import { IN_FLIGHT_MS, createSweepMarks } from './sweep-marks.js';

// How long the key documents that grow with every request are kept (FerretDB has no TTL indexes, so a daily job
// removes what is older). Each is a fast path or a guard whose work is done by then; none is a fact, and nothing an
// invariant still needs is removed. The facts themselves, the ledger and its `credit_keys` (one per entry, as long
// as the ledger), and `order_shipments` (a deposit's claim, one per reusable order) are kept.

const DAY_MS = 24 * 3600 * 1000;

export interface RetentionRule {
  readonly collection: string;
  readonly keptDays: number;
  readonly why: string;
}

export const RETENTION: readonly RetentionRule[] = [
  {
    collection: 'idempotency_keys',
    keptDays: 30,
    why: 'binds a client key to its first request; a retry comes within minutes. After it, the same key with another request is no longer IDEMPOTENCY_KEY_REUSED, but the order still has its one choice (a second one is ALREADY_CHOSEN).',
  },
  {
    collection: 'order_keys',
    keptDays: 90,
    why: 'finds an order\'s choice by primary key; without it the order is found through the unique (platform, order) index and the key written again.',
  },
  {
    collection: 'order_event_keys',
    keptDays: 90,
    why: 'reserves an order\'s delivery or cancellation; without it the unique (platform, order, type) index on the events still refuses a second one, and the reservation is written again pointing at it.',
  },
  {
    collection: 'fact_receipts',
    keptDays: 30,
    why: 'tells the fact sweep a fact was settled; removed only behind the sweep\'s mark, where the sweep no longer looks. A job run again later only writes it again (the ledger\'s keys make the run itself harmless).',
  },
  {
    collection: 'tally_slots, tally_keys',
    keptDays: 3,
    why: 'count one consumer\'s or region\'s returns in one UTC day for the anomaly rules; a day\'s tally is not read after that day.',
  },
];

const keptDays = (collection: string): number => {
  const rule = RETENTION.find((r) => r.collection.split(', ').includes(collection));
  if (!rule) throw new Error(`no retention rule for ${collection}`);
  return rule.keptDays;
};

/** How long the retention job keeps a collection's documents, in ms. */
export const keptMs = (collection: string): number => keptDays(collection) * DAY_MS;

export interface RetentionService {
  /** Removes what the rules no longer keep at `nowMs`; returns how many documents, by collection. */
  sweep(nowMs: number): Promise<Record<string, number>>;
}

const FACT_KINDS: readonly FactKind[] = ['choice', 'order-event', 'return'];
const idBefore = (ms: number) => Types.ObjectId.createFromTime(Math.floor(ms / 1000));

export function createRetentionService(models: Pick<Models, 'FactReceipt' | 'IdempotencyKey' | 'OrderEventKey' | 'OrderKey' | 'SweepMark' | 'TallyKey' | 'TallySlot'>): RetentionService {
  const { IdempotencyKey, OrderKey, OrderEventKey, FactReceipt, TallySlot, TallyKey } = models;
  const marks = createSweepMarks(models);
  return {
    async sweep(nowMs) {
      const cutoff = (collection: string) => nowMs - keptDays(collection) * DAY_MS;
      const removed: Record<string, number> = {};
      const count = async (collection: string, deletion: Promise<{ deletedCount: number }>) => {
        removed[collection] = (removed[collection] ?? 0) + (await deletion).deletedCount;
      };
      await count('idempotency_keys', IdempotencyKey.deleteMany({ createdAt: { $lt: new Date(cutoff('idempotency_keys')) } }));
      // The keys carry no time of their own: their choice's or event's id does.
      await count('order_keys', OrderKey.deleteMany({ choiceId: { $lt: idBefore(cutoff('order_keys')) } }));
      await count('order_event_keys', OrderEventKey.deleteMany({ eventId: { $lt: idBefore(cutoff('order_event_keys')) } }));
      // A fact's receipt goes once the fact is both old enough and behind its kind's sweep mark (a receipt's id holds
      // its fact's id, which orders it in time).
      for (const kind of FACT_KINDS) {
        const until = Math.min(cutoff('fact_receipts'), (await marks.markOf(kind)) - IN_FLIGHT_MS);
        if (until <= 0) continue;
        const boundary = factReceiptIdOf(kind, idBefore(until).toHexString());
        await count('fact_receipts', FactReceipt.deleteMany({ _id: { $gte: factReceiptIdOf(kind, ''), $lt: boundary } }));
      }
      await count('tally_slots', TallySlot.deleteMany({ createdAt: { $lt: new Date(cutoff('tally_slots')) } }));
      await count('tally_keys', TallyKey.deleteMany({ createdAt: { $lt: new Date(cutoff('tally_keys')) } }));
      return removed;
    },
  };
}
