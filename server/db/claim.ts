// Idempotency stands on unique indexes: an insert either records a request's fact or collides with what holds its
// key. This is the one way the services write that: insert first, and on a collision read what was there first.
import { isDuplicateKeyError } from './duplicate-key.js';

/** What an insert guarded by a unique index answers when the index already held its key. */
export const DUPLICATE = 'duplicate';

/**
 * Awaits a write guarded by a unique index (an insert, or an upsert's insert): its result, or `DUPLICATE` when the
 * index already held the key. Any other error throws.
 */
export async function insertOnce<T>(insert: Promise<T>): Promise<T | typeof DUPLICATE> {
  try {
    return await insert;
  } catch (error) {
    if (!isDuplicateKeyError(error)) throw error;
    return DUPLICATE;
  }
}

/** Where a request's key is held, and how to tell whether the holder came from this very request. */
export interface KeyHolder<T> {
  /** What holds the key, if anything does. */
  readonly first: () => Promise<T | null>;
  /** Whether the holder was made by the same request (its digest, or the fields that define it). */
  readonly sameRequest: (first: T) => boolean;
}

/** The key was held before: by the same request (answer it again) or by another one (refuse this one). */
export type PriorClaim<T> = { readonly kind: 'replay'; readonly first: T } | { readonly kind: 'reused'; readonly first: T };

/**
 * How recording a request went: `claimed` (this request recorded it; `inserted` is the insert's result), a prior
 * claim, or `taken` (the insert collided on another unique index than the key's, e.g. the order's one choice).
 */
export type Claim<T, I> = { readonly kind: 'claimed'; readonly inserted: I } | PriorClaim<T> | { readonly kind: 'taken' };

/** What already holds the request's key: nothing yet (null), the same request, or another. */
export async function priorClaim<T>(holder: KeyHolder<T>): Promise<PriorClaim<T> | null> {
  const first = await holder.first();
  if (first === null) return null;
  return { kind: holder.sameRequest(first) ? 'replay' : 'reused', first };
}

/** Records a request under its key (`insert`, through insertOnce or a group insert): it wins, or what held the key first answers. */
export async function claimOrReplay<T, I>(insert: Promise<I | typeof DUPLICATE>, holder: KeyHolder<T>): Promise<Claim<T, I>> {
  const inserted = await insert;
  if (inserted !== DUPLICATE) return { kind: 'claimed', inserted };
  return (await priorClaim(holder)) ?? { kind: 'taken' };
}
