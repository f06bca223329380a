import { Types } from 'mongoose';

/** Fetches up to `limit` documents with `after < _id < until`, in _id order. */
export type IdBatchFetch<T extends { _id: Types.ObjectId } = { _id: Types.ObjectId }> = (
  after: Types.ObjectId,
  until: Types.ObjectId,
  limit: number,
) => Promise<T[]>;

/**
 * Walks the documents created between `fromMs` and `toMs` (whole seconds) a batch at a time. ObjectIds grow with
 * time, so the window is an _id range on the primary index: no scan of a created-at field, on any store.
 */
export async function forEachIdBatch<T extends { _id: Types.ObjectId }>(
  fetch: IdBatchFetch<T>,
  window: { readonly fromMs: number; readonly toMs: number },
  batchSize: number,
  visit: (batch: T[]) => Promise<void> | void,
): Promise<void> {
  // The id of the first instant after the cut-off second, so everything within that second is included.
  const until = Types.ObjectId.createFromTime(Math.floor(window.toMs / 1000) + 1);
  let after = Types.ObjectId.createFromTime(Math.floor(window.fromMs / 1000));
  for (;;) {
    const batch = await fetch(after, until, batchSize);
    const last = batch.at(-1);
    if (!last) return;
    await visit(batch);
    after = last._id;
  }
}

/**
 * A new, unique id stamped with an instant of the service's clock (the driver stamps the machine's). Facts windowed
 * by id (choices, order events, returns, mails) take theirs from here, so a window over ids follows the same clock
 * as every other time the service records.
 */
export function newIdAt(at: Date): Types.ObjectId {
  return new Types.ObjectId(Types.ObjectId.generate(Math.floor(at.getTime() / 1000)));
}
