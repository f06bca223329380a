import { Types } from 'mongoose';
import type { Models } from '../db/models/index.js';
import { orderKeyOf } from '../db/keys.js';

// Which facts count towards derived figures (levels, compliance, impact): orders that were not cancelled, and
// returns that were not flagged or that a review cleared. One definition, so every figure counts the same facts.

/** `<platformId>:<orderRef>` of every order cancelled since `sinceMs` (a cancellation always follows its choice). */
export async function cancelledOrdersSince(models: Pick<Models, 'OrderEvent'>, sinceMs: number): Promise<Set<string>> {
  const events = await models.OrderEvent.find(
    { type: 'CANCELLED', _id: { $gte: Types.ObjectId.createFromTime(Math.floor(sinceMs / 1000)) } },
    { platformId: 1, orderRef: 1 },
  ).lean();
  return new Set(events.map((e) => orderKeyOf(e.platformId, e.orderRef)));
}

/** The returns of a batch that count: unflagged ones, and flagged ones a review cleared. */
export async function countedReturns<T extends { _id: Types.ObjectId; flagged: boolean }>(models: Pick<Models, 'ReturnReview'>, batch: readonly T[]): Promise<T[]> {
  const flagged = batch.filter((r) => r.flagged).map((r) => r._id);
  if (flagged.length === 0) return [...batch];
  const cleared = new Set((await models.ReturnReview.find({ _id: { $in: flagged }, decision: 'CLEARED' }, { _id: 1 }).lean()).map((r) => r._id.toHexString()));
  return batch.filter((r) => !r.flagged || cleared.has(r._id.toHexString()));
}
