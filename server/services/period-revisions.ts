import type { Model } from 'mongoose';
import { isDuplicateKeyError } from '../db/connection.js';
import type { PeriodRevisionFields } from '../db/models/period-revision.js';
import { fail, succeed, type Outcome } from '../domain/user-error.js';

/**
 * Stores a producer's statement for a period as the period's next revision, once per idempotency key: the same key
 * and content returns the first result, the same key with other content is IDEMPOTENCY_KEY_REUSED. Two revisions
 * racing for one number: the unique (producer, period, revision) index lets one win, the other takes the next.
 */
export async function insertNextRevision<T extends PeriodRevisionFields>(
  model: Model<T>,
  statement: Omit<T, '_id' | 'revision'>,
  what: string,
): Promise<Outcome<{ doc: T; created: boolean }>> {
  const { producerId, period, idempotencyKey, requestHash } = statement;
  for (;;) {
    const first = await model.findOne({ producerId, idempotencyKey }).lean<T>();
    if (first) {
      return first.requestHash === requestHash
        ? succeed({ doc: first, created: false })
        : fail({ code: 'IDEMPOTENCY_KEY_REUSED', field: ['input', 'idempotencyKey'], message: `this idempotency key was used for a different ${what}` });
    }
    const [latest] = await model.find({ producerId, period }).sort({ revision: -1 }).limit(1).lean<T[]>();
    try {
      const created = new model({ ...statement, revision: (latest?.revision ?? 0) + 1 });
      await created.save();
      return succeed({ doc: created.toObject<T>(), created: true });
    } catch (error) {
      // Another revision took this number first, or this key raced itself: look again.
      if (!isDuplicateKeyError(error)) throw error;
    }
  }
}
