import type { Dimensions } from './packaging.js';
import type { Period } from './period.js';

// Right-sizing: parcel sizes asked for at checkout that no offerable packaging type fits within the empty-space
// limit, counted by size, so producers know which boxes to make. A size is the parcel's sides, shortest first, each
// rounded up to the next SIZE_STEP_MM: parcels a box of that size would hold count together.

export const SIZE_STEP_MM = 10;

/** The size bucket of a parcel: `<short>x<middle>x<long>` in mm, each rounded up to SIZE_STEP_MM. */
export function sizeBucket(parcel: Dimensions): string {
  const sides = [parcel.lengthMm, parcel.widthMm, parcel.heightMm].sort((a, b) => a - b).map((s) => Math.ceil(s / SIZE_STEP_MM) * SIZE_STEP_MM);
  return sides.join('x');
}

/** A bucket read back; null for anything else. */
export function bucketSides(bucket: string): { shortMm: number; middleMm: number; longMm: number } | null {
  const match = /^(\d{1,5})x(\d{1,5})x(\d{1,5})$/.exec(bucket);
  if (!match) return null;
  return { shortMm: Number(match[1]), middleMm: Number(match[2]), longMm: Number(match[3]) };
}

/** The month a moment falls in, `YYYY-MM` (UTC): counts are kept per month. */
export const monthOf = (ms: number) => new Date(ms).toISOString().slice(0, 7);

/** The months a period spans, `YYYY-MM` each. */
export function monthsOf(period: Period): string[] {
  const months: string[] = [];
  const start = new Date(period.startMs);
  for (let d = Date.UTC(start.getUTCFullYear(), start.getUTCMonth(), 1); d < period.endMs; d = Date.UTC(new Date(d).getUTCFullYear(), new Date(d).getUTCMonth() + 1, 1)) {
    months.push(monthOf(d));
  }
  return months;
}

/** Unmet sizes summed over months, most asked first (then by size), at most `first`. */
export function unmetSizes(months: readonly Readonly<Record<string, string>>[], first: number): { bucket: string; quotes: number }[] {
  const total = new Map<string, number>();
  for (const month of months) {
    for (const [bucket, count] of Object.entries(month)) {
      if (bucketSides(bucket)) total.set(bucket, (total.get(bucket) ?? 0) + Number(count));
    }
  }
  return [...total].map(([bucket, quotes]) => ({ bucket, quotes })).sort((a, b) => b.quotes - a.quotes || (a.bucket < b.bucket ? -1 : 1)).slice(0, first);
}
