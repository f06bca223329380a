import type { Model, Types } from 'mongoose';
import { DUPLICATE, insertOnce, priorClaim } from '../db/claim.js';
import type { PeriodRevisionFields } from '../db/models/period-revision.js';
import { fail, keyReusedError, succeed, type Outcome } from '../domain/user-error.js';
import type { Page, PageRequest } from './page.js';

/** One revision of a producer's statement for a period (a declaration, a recycling report), as the API shows it. */
export interface StatementRevisionView<Line> {
  readonly _id: Types.ObjectId;
  readonly producerId: Types.ObjectId;
  readonly period: string;
  readonly revision: number;
  readonly lines: readonly Line[];
  readonly createdAt: Date;
}

/** Who reads producers' statements: a producer its own, a regulator everyone's. */
export type StatementScope = { readonly kind: 'PRODUCER'; readonly producerId: Types.ObjectId } | { readonly kind: 'REGULATOR' };

/** Which statements: one producer's (a regulator may name one), one period's; null: any. */
export interface StatementFilter {
  readonly producerId: Types.ObjectId | null;
  readonly period: string | null;
}

/** Revisions in the order they were stored, within the caller's scope: a producer never sees another's. */
export async function listRevisions<T extends PeriodRevisionFields>(model: Model<T>, scope: StatementScope, filter: StatementFilter, page: PageRequest): Promise<Page<T>> {
  const producerId = scope.kind === 'PRODUCER' ? scope.producerId : filter.producerId;
  const where = { ...(producerId ? { producerId } : {}), ...(filter.period ? { period: filter.period } : {}) };
  const [rows, totalCount] = await Promise.all([
    model.find({ ...where, ...(page.afterId ? { _id: { $gt: page.afterId } } : {}) }).sort({ _id: 1 }).limit(page.first + 1).lean<T[]>(),
    model.countDocuments(where),
  ]);
  return { nodes: rows.slice(0, page.first), hasNextPage: rows.length > page.first, totalCount };
}

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
    const prior = await priorClaim({
      first: () => model.findOne({ producerId, idempotencyKey }).lean<T>(),
      sameRequest: (first) => first.requestHash === requestHash,
    });
    if (prior) return prior.kind === 'replay' ? succeed({ doc: prior.first, created: false }) : fail(keyReusedError(what));
    const [latest] = await model.find({ producerId, period }).sort({ revision: -1 }).limit(1).lean<T[]>();
    const created = new model({ ...statement, revision: (latest?.revision ?? 0) + 1 });
    // Another revision took this number first, or this key raced itself: look again.
    if ((await insertOnce(created.save())) !== DUPLICATE) return succeed({ doc: created.toObject<T>(), created: true });
  }
}
