// The catalogue sizes bench/quote measures at (issue #14): its throughput target is at 3,000 packaging types, its
// growth target compares 30,000 with 300. Multiples of seed.ts's TYPES_PER_PRODUCER.
export const SMALL_TYPES = 300;
export const QUOTED_TYPES = 3000;
export const LARGE_TYPES = 30_000;
