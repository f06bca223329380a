import type { Dimensions } from '../domain/packaging.js';
import { rightSizingKeyOf } from '../db/keys.js';
import type { Period } from '../domain/period.js';
import { bucketSides, monthOf, monthsOf, sizeBucket, unmetSizes } from '../domain/right-sizing.js';

// Parcel sizes no offerable packaging fits, counted per month in Redis (one HINCRBY per such quote, nothing for the
// others), for the producers' right-sizing report. Counts are demand statistics, not facts: a Redis that restarts
// without its data starts counting again.

/** What the counts need of Redis (the queue set provides it, under its prefix). */
export interface CountStore {
  increment(key: string, field: string, ttlMs: number): Promise<void>;
  read(key: string): Promise<Record<string, string>>;
}

export interface UnmetSize {
  readonly shortMm: number;
  readonly middleMm: number;
  readonly longMm: number;
  /** Quotes in the period that asked for this size and found no packaging type. */
  readonly quotes: number;
}

export interface RightSizingService {
  /** Counts a parcel no offerable type fits; never fails or delays the quote. */
  record(parcel: Dimensions, atMs: number): void;
  /** The sizes asked for in a period that nothing fitted, most asked first. */
  report(period: Period, first: number): Promise<UnmetSize[]>;
}

/** A month's counts are kept a little over a year. */
const KEEP_MS = 400 * 24 * 3600 * 1000;

export function createRightSizing(store: CountStore, onError: (err: unknown) => void): RightSizingService {
  return {
    record(parcel, atMs) {
      store.increment(rightSizingKeyOf(monthOf(atMs)), sizeBucket(parcel), KEEP_MS).catch(onError);
    },
    async report(period, first) {
      const months = await Promise.all(monthsOf(period).map((month) => store.read(rightSizingKeyOf(month))));
      return unmetSizes(months, first).flatMap(({ bucket, quotes }) => {
        const sides = bucketSides(bucket);
        return sides ? [{ ...sides, quotes }] : [];
      });
    },
  };
}
