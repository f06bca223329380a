import type { Types } from 'mongoose';
import { factQueueOf, type FactQueueName } from '../queues/fact-partitions.js';
import type { FactJob, JobPayloads } from '../queues/job-types.js';
import type { QueueSet } from '../queues/queue-set.js';
import { groupInsert } from '../db/group-commit.js';
import { forEachIdBatch, type IdBatchFetch } from '../db/id-window.js';
import type { Models } from '../db/models/index.js';
import type { OrderEventDoc, PackagingChoiceDoc } from '../db/models/order-facts.js';
import { accountOf, factJobIdOf, factReceiptIdOf, heldReceiptIdOf } from '../db/keys.js';
import { IN_FLIGHT_MS, createSweepMarks } from './sweep-marks.js';

// Facts that move credits (a choice, an order event, a return) are recorded first, then enqueued for their job. The
// job records a receipt once the ledger has them; a sweep re-enqueues facts without one (a crash between recording
// and enqueueing, or a job lost with Redis), so no recorded fact is ever forgotten, however long ago it was recorded.

/** The kinds of credit-moving facts; each names its queue. */
export type FactKind = 'choice' | 'order-event' | 'return';

export interface FactsService {
  /**
   * Enqueues a just-recorded fact's job; a failure is logged for the sweep to repair, never the caller's error.
   * `again` names a later reason to run the job once more (a review that cleared a held return): Bull keeps finished
   * jobs under their id, so the same id would be ignored.
   */
  enqueue(kind: FactKind, id: Types.ObjectId, again?: string): Promise<void>;
  /** As `enqueue`, for a choice this request just inserted: the job gets a copy and need not read it back. */
  enqueueChoice(choice: PackagingChoiceDoc): Promise<void>;
  /** As `enqueue`, for an order event this request just inserted, with copies of it and of its order's choice. */
  enqueueOrderEvent(event: OrderEventDoc, choice: PackagingChoiceDoc): Promise<void>;
  /** Records that a job handled a fact. Safe to repeat. */
  receive(kind: FactKind, factId: string): Promise<'received' | 'already-received'>;
  /** Records that a job found a fact held (a flagged return awaiting review): the sweep leaves it be. Safe to repeat. */
  hold(kind: FactKind, factId: string): Promise<void>;
  /**
   * Re-enqueues facts recorded at least `olderThanMs` ago that have no receipt and are not held, and returns cleared by
   * a review at least `olderThanMs` ago that are not settled yet; over all history, from where the last sweep left
   * every earlier fact settled (its mark), so a sweep costs what the recent facts cost, however old the store.
   */
  sweepUnreceived(olderThanMs: number): Promise<number>;
}

const SWEEP_BATCH = 500;
/** The mark of the reviews that cleared held returns (by the review's time). */
const CLEARED_REVIEWS = 'return-cleared';

export function createFactsService(deps: {
  models: Pick<Models, 'FactReceipt' | 'OrderEvent' | 'PackagingChoice' | 'ReturnEvent' | 'ReturnReview' | 'SweepMark'>;
  queues: QueueSet<JobPayloads>;
  onEnqueueError: (error: unknown) => void;
  now?: () => Date;
}): FactsService {
  const { PackagingChoice, OrderEvent, ReturnEvent, ReturnReview, FactReceipt } = deps.models;
  const now = deps.now ?? (() => new Date());

  /** The partition queue of a consumer's facts (server/queues/fact-partitions.ts). */
  const queueOf = (choice: Pick<PackagingChoiceDoc, 'platformId' | 'consumerRef'>) => factQueueOf(accountOf(choice.platformId, choice.consumerRef));

  /** A choice's or an order event's job, routed by its consumer's account; `revive` brings back a job that failed for good. */
  function enqueueFact(queue: FactQueueName, job: FactJob, jobId: string, revive: boolean): Promise<void> {
    return revive ? deps.queues.enqueueOrRevive(queue, job, jobId) : deps.queues.enqueue(queue, job, { jobId });
  }

  /**
   * A fact's job by id alone (a replayed request, a sweep): the consumer's account, which routes it, is read from the
   * fact (an order event's from its choice). A fact that is not there is left to the sweep.
   */
  async function enqueueJob(kind: FactKind, factId: string, revive: boolean, again = ''): Promise<unknown> {
    const jobId = factJobIdOf(kind, factId, again);
    switch (kind) {
      case 'choice': {
        const choice = await PackagingChoice.findById(factId, { platformId: 1, consumerRef: 1 }).lean();
        return choice ? enqueueFact(queueOf(choice), { kind, choiceId: factId }, jobId, revive) : undefined;
      }
      case 'order-event': {
        const event = await OrderEvent.findById(factId, { platformId: 1, orderRef: 1, choiceId: 1 }).lean();
        if (!event) return undefined;
        const choice = event.choiceId
          ? await PackagingChoice.findById(event.choiceId, { platformId: 1, consumerRef: 1 }).lean()
          : await PackagingChoice.findOne({ platformId: event.platformId, orderRef: event.orderRef }, { platformId: 1, consumerRef: 1 }).lean();
        // An event without its order's choice moves no credits; its job says so (and is received).
        const queue = choice ? queueOf(choice) : factQueueOf(accountOf(event.platformId, ''));
        return enqueueFact(queue, { kind, eventId: factId }, jobId, revive);
      }
      case 'return':
        return revive ? deps.queues.enqueueOrRevive(kind, { returnId: factId }, jobId) : deps.queues.enqueue(kind, { returnId: factId }, { jobId });
    }
  }

  const inWindow = (after: Types.ObjectId, until: Types.ObjectId) => ({ _id: { $gt: after, $lt: until } });
  const sources: readonly [FactKind, IdBatchFetch][] = [
    ['choice', (after, until, limit) => PackagingChoice.find(inWindow(after, until), { _id: 1 }).sort({ _id: 1 }).limit(limit).lean()],
    ['order-event', (after, until, limit) => OrderEvent.find(inWindow(after, until), { _id: 1 }).sort({ _id: 1 }).limit(limit).lean()],
    ['return', (after, until, limit) => ReturnEvent.find(inWindow(after, until), { _id: 1 }).sort({ _id: 1 }).limit(limit).lean()],
  ];

  /**
   * The receipts (settled or held) among a batch of facts of one kind: one read of the receipts' `_id` range that the
   * batch spans (`<kind>:<first id>` to `<kind>:<last id>:held`), an index range on MongoDB.
   */
  async function settledOrHeld(kind: FactKind, ids: readonly Types.ObjectId[]): Promise<Set<string>> {
    const first = ids[0];
    const last = ids.at(-1);
    if (!first || !last) return new Set();
    const receipts = await FactReceipt.find({ _id: { $gte: factReceiptIdOf(kind, first.toHexString()), $lte: heldReceiptIdOf(kind, last.toHexString()) } }, { _id: 1 }).lean();
    return new Set(receipts.map((r) => r._id.replace(/:held$/, '')));
  }

  const marks = createSweepMarks(deps.models);
  const markOf = (name: string) => marks.markOf(name);

  /** Moves a mark forward to `toMs` or to the first fact still open, whichever is earlier; never back. */
  async function moveMark(name: string, fromMs: number, toMs: number, firstOpenMs: number | null): Promise<void> {
    const nextMs = Math.min(firstOpenMs ?? toMs, toMs, now().getTime() - IN_FLIGHT_MS);
    if (nextMs > fromMs) await marks.moveMark(name, nextMs);
  }

  return {
    async enqueue(kind, id, again) {
      await enqueueJob(kind, id.toHexString(), false, again).catch(deps.onEnqueueError);
    },

    async enqueueChoice(choice) {
      const choiceId = choice._id.toHexString();
      await enqueueFact(queueOf(choice), { kind: 'choice', choiceId, recorded: choice }, factJobIdOf('choice', choiceId), false).catch(deps.onEnqueueError);
    },

    async enqueueOrderEvent(event, choice) {
      const eventId = event._id.toHexString();
      await enqueueFact(queueOf(choice), { kind: 'order-event', eventId, recorded: { event, choice } }, factJobIdOf('order-event', eventId), false).catch(deps.onEnqueueError);
    },

    async receive(kind, factId) {
      const outcome = await groupInsert(FactReceipt, { _id: factReceiptIdOf(kind, factId), receivedAt: now() });
      return outcome === 'inserted' ? 'received' : 'already-received';
    },

    async hold(kind, factId) {
      await groupInsert(FactReceipt, { _id: heldReceiptIdOf(kind, factId), receivedAt: now() });
    },

    async sweepUnreceived(olderThanMs) {
      const toMs = now().getTime() - olderThanMs;
      let requeued = 0;
      for (const [kind, fetch] of sources) {
        const fromMs = await markOf(kind);
        let firstOpenMs: number | null = null;
        await forEachIdBatch(fetch, { fromMs, toMs }, SWEEP_BATCH, async (batch) => {
          const ids = batch.map((doc) => doc._id);
          const done = await settledOrHeld(kind, ids);
          for (const id of ids) {
            if (done.has(factReceiptIdOf(kind, id.toHexString()))) continue;
            firstOpenMs ??= id.getTimestamp().getTime();
            await enqueueJob(kind, id.toHexString(), true);
            requeued += 1;
          }
        });
        await moveMark(kind, fromMs, toMs, firstOpenMs);
      }
      // A held return waits for its review; the review that clears it enqueues it again, and this finds the ones whose
      // job was lost (a review's id is its return's, so they are found by the review's time).
      const fromMs = await markOf(CLEARED_REVIEWS);
      const cleared = await ReturnReview.find({ decision: 'CLEARED', createdAt: { $gte: new Date(fromMs), $lte: new Date(toMs) } }, { _id: 1, createdAt: 1 }).sort({ createdAt: 1 }).lean();
      const settled = await Promise.all(cleared.map((review) => FactReceipt.exists({ _id: factReceiptIdOf('return', review._id.toHexString()) })));
      let firstOpenMs: number | null = null;
      for (const [i, review] of cleared.entries()) {
        if (settled[i]) continue;
        firstOpenMs ??= review.createdAt.getTime();
        await enqueueJob('return', review._id.toHexString(), true, 'cleared');
        requeued += 1;
      }
      await moveMark(CLEARED_REVIEWS, fromMs, toMs, firstOpenMs);
      return requeued;
    },
  };
}
