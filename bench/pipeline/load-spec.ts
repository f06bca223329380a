// What the parent hands the load driver (on its stdin) and what the driver reports (its last stdout line).
import type { OrderPlan } from './order-mix.js';

/** Single-document inserts into a plain collection, `concurrency` loops, for a fixed time. */
export interface RawInsertSpec {
  readonly kind: 'raw-insert';
  readonly mongodbUri: string;
  readonly collection: string;
  readonly concurrency: number;
  readonly warmupMs: number;
  readonly durationMs: number;
}

/** Each order: choosePackaging, then recordOrderEvent DELIVERED; `concurrency` loops take the next order. */
export interface PipelineSpec {
  readonly kind: 'pipeline';
  readonly graphqlUrl: string;
  readonly apiKey: string;
  readonly concurrency: number;
  readonly orders: readonly OrderPlan[];
}

export type DriverSpec = RawInsertSpec | PipelineSpec;

export interface LatencySummary {
  readonly p50Ms: number;
  readonly p99Ms: number;
  readonly maxMs: number;
}

export interface RawInsertResult {
  readonly kind: 'raw-insert';
  readonly inserted: number;
  readonly elapsedMs: number;
  readonly insertsPerSecond: number;
  readonly latency: LatencySummary;
  /** The driver's own CPU time over the measured part. */
  readonly driverCpuMs: number;
}

export interface PipelineDriverResult {
  readonly kind: 'pipeline';
  readonly orders: number;
  /** Wall clock (ms since the epoch) just before the first mutation was sent. */
  readonly firstSentAtMs: number;
  /** Wall clock when the last delivery was answered. */
  readonly lastAnsweredAtMs: number;
  readonly choose: LatencySummary;
  readonly deliver: LatencySummary;
  /** The driver's CPU time over its whole life. */
  readonly driverCpuMs: number;
}

export type DriverResult = RawInsertResult | PipelineDriverResult;

/**
 * Percentiles to the hundredth of a millisecond: the drivers time to the microsecond, and ratios of p50s near 1 ms
 * (growth10x, catalogueGrowth) moved by up to a tenth when each p50 was rounded to 0.1 ms first.
 */
export function latencySummary(samplesMs: readonly number[]): LatencySummary {
  const sorted = [...samplesMs].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? 0;
  const round = (ms: number) => Math.round(ms * 100) / 100;
  return { p50Ms: round(at(0.5)), p99Ms: round(at(0.99)), maxMs: round(sorted.at(-1) ?? 0) };
}
