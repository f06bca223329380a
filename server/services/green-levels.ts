import type { Types } from 'mongoose';
import { forEachIdBatch } from '../db/id-window.js';
import type { ChangeFeed } from '../change-feed.js';
import type { Models } from '../db/models/index.js';
import type { LevelSnapshotDoc } from '../db/models/green-level.js';
import { accountOf, orderKeyOf } from '../db/keys.js';
import { addMonthsUtc } from '../domain/credit-ledger.js';
import type { EarningRules, GreenLevelRule } from '../domain/earning-rules.js';
import { LEVEL_WINDOW_MONTHS, NO_ACTIVITY, countOrder, countReturn, levelFor, type LevelActivity } from '../domain/green-level.js';
import { countedReturns } from './counted-facts.js';
import { keptReads } from './kept-reads.js';
import type { LevelRecordsCopy } from './level-records.js';

/** Consumers' green levels: a job counts each one's last 12 months from facts; reads apply the current level table. */
export interface GreenLevelsService {
  /** The consumer's record as the last run counted it; no record reads as no activity. */
  activity(platformId: Types.ObjectId, consumerRef: string): Promise<LevelActivity>;
  level(platformId: Types.ObjectId, consumerRef: string, rules: EarningRules): Promise<GreenLevelRule>;
  /** Counts every consumer's record over the window ending at `nowMs` into snapshots. Safe to repeat. */
  recompute(nowMs: number): Promise<{ accounts: number; removed: number }>;
  /**
   * Copies the stored records to Redis as generation `generation` (level-records.ts), so reads of consumers not seen
   * lately take one hash field instead of a store read. `recompute` does it after each run; also for a copy Redis lost.
   */
  publishCopy(generation: number): Promise<{ accounts: number }>;
  close(): void;
}

/**
 * How long a process answers a consumer's record from memory (a quote reads it on every checkout page). Records
 * change only when the daily run replaces them, and the run tells every process to forget them when it ends; this
 * bounds how late a process that missed the notice follows.
 */
export const LEVEL_RECORD_TTL_MS = 60_000;
/** Records kept at most per process (the consumers at checkout within a minute); the oldest read goes first. */
const MAX_RECORDS = 100_000;

const BATCH = 1000;
const DELIVERED = 1;
const CANCELLED = 2;

export function createGreenLevelsService(models: Pick<Models, 'LevelSnapshot' | 'OrderEvent' | 'PackagingChoice' | 'ReturnEvent' | 'ReturnReview'>, changes: ChangeFeed, copy: LevelRecordsCopy | null = null, onCopyError: (err: unknown) => void = () => undefined): GreenLevelsService {
  const { PackagingChoice, OrderEvent, ReturnEvent, LevelSnapshot } = models;
  // Records counted before CO2e was have none: 0.
  const stored = async (account: string): Promise<LevelActivity> => ({ ...NO_ACTIVITY, ...(await LevelSnapshot.findById(account).lean()) });
  /** From the Redis copy when there is one to answer (no record there is no record), else from the store. */
  async function read(account: string): Promise<LevelActivity> {
    const copied = copy ? await copy.read(account).catch((err: unknown) => { onCopyError(err); return undefined; }) : undefined;
    if (copied === undefined) return stored(account);
    return copied ?? NO_ACTIVITY;
  }
  // No record is an answer too (most consumers have none): kept like the others.
  const records = keptReads(read, {
    ttlMs: LEVEL_RECORD_TTL_MS,
    max: MAX_RECORDS,
  });
  const unsubscribe = changes.subscribe('levels', () => { records.forget(); });

  function activity(platformId: Types.ObjectId, consumerRef: string): Promise<LevelActivity> {
    return records.get(accountOf(platformId, consumerRef));
  }

  /** Every stored record, read in one pass (a cursor: one scan, whatever the store). */
  async function storedRecords(): Promise<Map<string, LevelActivity>> {
    const all = new Map<string, LevelActivity>();
    const fields = { greenChoices: 1, packagedParcels: 1, itemsReturned: 1, co2eAvoidedGrams: 1 };
    for await (const doc of LevelSnapshot.find({}, fields).lean().cursor({ batchSize: BATCH })) {
      const { greenChoices, packagedParcels, itemsReturned, co2eAvoidedGrams = 0 } = doc;
      all.set(doc._id, { greenChoices, packagedParcels, itemsReturned, co2eAvoidedGrams });
    }
    return all;
  }

  async function publishCopy(generation: number, records?: ReadonlyMap<string, LevelActivity>): Promise<{ accounts: number }> {
    if (!copy) return { accounts: 0 };
    const all = records ?? (await storedRecords());
    await copy.publish(generation, all);
    return { accounts: all.size };
  }

  return {
    activity,
    publishCopy,
    async level(platformId, consumerRef, rules) {
      return levelFor(rules.levels, await activity(platformId, consumerRef));
    },

    async recompute(nowMs) {
      const window = { fromMs: addMonthsUtc(nowMs, -LEVEL_WINDOW_MONTHS), toMs: nowMs };
      const inWindow = (after: Types.ObjectId, until: Types.ObjectId) => ({ _id: { $gt: after, $lt: until } });

      // What became of each order: its events come after its choice, so the same window holds them all.
      const outcomes = new Map<string, number>();
      await forEachIdBatch(
        (after, until, limit) => OrderEvent.find(inWindow(after, until), { platformId: 1, orderRef: 1, type: 1 }).sort({ _id: 1 }).limit(limit).lean(),
        window,
        BATCH,
        (events) => {
          for (const e of events) {
            const key = orderKeyOf(e.platformId, e.orderRef);
            outcomes.set(key, (outcomes.get(key) ?? 0) | (e.type === 'DELIVERED' ? DELIVERED : CANCELLED));
          }
        },
      );

      const records = new Map<string, { platformId: Types.ObjectId; consumerRef: string; activity: LevelActivity }>();
      await forEachIdBatch(
        (after, until, limit) =>
          PackagingChoice.find(inWindow(after, until), { platformId: 1, orderRef: 1, consumerRef: 1, option: 1 })
            .sort({ _id: 1 })
            .limit(limit)
            .lean(),
        window,
        BATCH,
        (choices) => {
          for (const c of choices) {
            const outcome = outcomes.get(orderKeyOf(c.platformId, c.orderRef)) ?? 0;
            const account = accountOf(c.platformId, c.consumerRef);
            const record = records.get(account) ?? { platformId: c.platformId, consumerRef: c.consumerRef, activity: NO_ACTIVITY };
            record.activity = countOrder(record.activity, {
              packagingClass: c.option.packagingClass,
              ownPackaging: c.option.packagingTypeId === null,
              delivered: (outcome & DELIVERED) !== 0,
              cancelled: (outcome & CANCELLED) !== 0,
              co2eAvoidedGrams: c.option.co2eAvoidedGrams ?? 0,
            });
            records.set(account, record);
          }
        },
      );

      // What each consumer brought back; a flagged return counts once a review cleared it.
      await forEachIdBatch(
        (after, until, limit) =>
          ReturnEvent.find({ ...inWindow(after, until), consumerRef: { $ne: null } }, { platformId: 1, consumerRef: 1, quantity: 1, flagged: 1 }).sort({ _id: 1 }).limit(limit).lean(),
        window,
        BATCH,
        async (returns) => {
          for (const r of await countedReturns(models, returns)) {
            if (!r.platformId || r.consumerRef === null) continue;
            const account = accountOf(r.platformId, r.consumerRef);
            const record = records.get(account) ?? { platformId: r.platformId, consumerRef: r.consumerRef, activity: NO_ACTIVITY };
            record.activity = countReturn(record.activity, r.quantity);
            records.set(account, record);
          }
        },
      );

      const computedAt = new Date(nowMs);
      const windowStart = new Date(window.fromMs);
      const snapshots: LevelSnapshotDoc[] = [...records].map(([account, r]) => ({
        _id: account,
        platformId: r.platformId,
        consumerRef: r.consumerRef,
        ...r.activity,
        windowStart,
        computedAt,
      }));
      for (let i = 0; i < snapshots.length; i += BATCH) {
        await LevelSnapshot.bulkWrite(
          snapshots.slice(i, i + BATCH).map((doc) => ({ replaceOne: { filter: { _id: doc._id }, replacement: doc, upsert: true } })),
          { ordered: false },
        );
      }
      // Consumers with nothing left in the window fall back to the first level.
      const removed = await LevelSnapshot.deleteMany({ computedAt: { $lt: computedAt } });
      // A copy that could not be written is dropped (reads go to the store until the next run); say so, go on.
      await publishCopy(nowMs, new Map([...records].map(([account, r]) => [account, r.activity]))).catch(onCopyError);
      await changes.publish('levels', computedAt.toISOString());
      return { accounts: snapshots.length, removed: removed.deletedCount };
    },

    close: () => { unsubscribe(); },
  };
}
