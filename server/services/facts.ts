import type { Types } from 'mongoose';
import type { JobPayloads } from '../../jobs/job-types.js';
import type { QueueSet } from '../../jobs/queue-set.js';
import { groupInsert } from '../db/group-commit.js';
import { forEachIdBatch, type IdBatchFetch } from '../db/id-window.js';
import type { Models } from '../db/models/index.js';
import type { OrderEventDoc, PackagingChoiceDoc } from '../db/models/order-facts.js';

// Facts that move credits (a choice, an order event, a return) are recorded first, then enqueued for their job. The
// job records a receipt once the ledger has them; a sweep re-enqueues facts without one (a crash between recording
// and enqueueing, or a job lost with Redis), so no recorded fact is ever forgotten.

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
  /**
   * Re-enqueues facts recorded at least `olderThanMs` ago (within the last day) that have no receipt, and returns
   * cleared by a review within the last day that are not settled yet.
   */
  sweepUnreceived(olderThanMs: number): Promise<number>;
}

const SWEEP_WINDOW_MS = 24 * 3600 * 1000;
const SWEEP_BATCH = 500;

export function createFactsService(deps: {
  models: Models;
  queues: QueueSet<JobPayloads>;
  onEnqueueError: (error: unknown) => void;
  now?: () => Date;
}): FactsService {
  const { PackagingChoice, OrderEvent, ReturnEvent, ReturnReview, FactReceipt } = deps.models;
  const now = deps.now ?? (() => new Date());

  function enqueueJob(kind: FactKind, factId: string, revive: boolean, again = ''): Promise<unknown> {
    const jobId = again === '' ? `${kind}:${factId}` : `${kind}:${factId}:${again}`;
    switch (kind) {
      case 'choice':
        return revive ? deps.queues.enqueueOrRevive(kind, { choiceId: factId }, jobId) : deps.queues.enqueue(kind, { choiceId: factId }, { jobId });
      case 'order-event':
        return revive ? deps.queues.enqueueOrRevive(kind, { eventId: factId }, jobId) : deps.queues.enqueue(kind, { eventId: factId }, { jobId });
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

  return {
    async enqueue(kind, id, again) {
      await enqueueJob(kind, id.toHexString(), false, again).catch(deps.onEnqueueError);
    },

    async enqueueChoice(choice) {
      const choiceId = choice._id.toHexString();
      await deps.queues.enqueue('choice', { choiceId, recorded: choice }, { jobId: `choice:${choiceId}` }).catch(deps.onEnqueueError);
    },

    async enqueueOrderEvent(event, choice) {
      const eventId = event._id.toHexString();
      await deps.queues.enqueue('order-event', { eventId, recorded: { event, choice } }, { jobId: `order-event:${eventId}` }).catch(deps.onEnqueueError);
    },

    async receive(kind, factId) {
      const outcome = await groupInsert(FactReceipt, { _id: `${kind}:${factId}`, receivedAt: now() });
      return outcome === 'inserted' ? 'received' : 'already-received';
    },

    async sweepUnreceived(olderThanMs) {
      const window = { fromMs: now().getTime() - SWEEP_WINDOW_MS, toMs: now().getTime() - olderThanMs };
      let requeued = 0;
      for (const [kind, fetch] of sources) {
        await forEachIdBatch(fetch, window, SWEEP_BATCH, async (batch) => {
          const ids = batch.map((doc) => doc._id);
          const receipts = await FactReceipt.find({ _id: { $in: ids.map((id) => `${kind}:${id.toHexString()}`) } }, { _id: 1 }).lean();
          const received = new Set(receipts.map((r) => r._id));
          for (const id of ids) {
            if (received.has(`${kind}:${id.toHexString()}`)) continue;
            await enqueueJob(kind, id.toHexString(), true);
            requeued += 1;
          }
        });
      }
      // A flagged return is held (no receipt) until a review clears it; its review is what starts the clock.
      const cleared = await ReturnReview.find({ decision: 'CLEARED', createdAt: { $gte: new Date(window.fromMs), $lte: new Date(window.toMs) } }, { _id: 1 }).lean();
      const settled = new Set((await FactReceipt.find({ _id: { $in: cleared.map((r) => `return:${r._id.toHexString()}`) } }, { _id: 1 }).lean()).map((r) => r._id));
      for (const review of cleared) {
        if (settled.has(`return:${review._id.toHexString()}`)) continue;
        await enqueueJob('return', review._id.toHexString(), true, 'cleared');
        requeued += 1;
      }
      return requeued;
    },
  };
}
