// Runs of the latency driver (latency-driver.ts, a child process): closed loops, and the tail at a share of a
// measured saturation rate, which the targets name (p99 at 80 % of saturation, p99/p50 there).
import { runJsonChild } from '../pipeline/load.js';
import type { LatencyResult, LatencySpec } from './latency-driver.js';

/** The share of the saturation rate the tail is measured at. */
export const LOAD_FRACTION = 0.8;
/** Requests in flight at most during an open-loop run: far more than a service keeping up ever has. */
const OPEN_LOOP_CAP = 64;

const round = (value: number, digits: number): number => Math.round(value * 10 ** digits) / 10 ** digits;

export async function runLatencyDriver(root: string, spec: LatencySpec, signal: AbortSignal): Promise<LatencyResult> {
  return (await runJsonChild(root, ['bench', 'suite', 'latency-driver.ts'], spec, signal, 'latency driver')) as LatencyResult;
}

export interface TailAtLoad {
  /** The closed-loop throughput the rate is a share of, req/s. */
  readonly saturationRps: number;
  readonly loadFraction: number;
  /** The open-loop rate asked for (whole requests per second). */
  readonly ratePerSecond: number;
  readonly run: LatencyResult;
  readonly p50Ms: number;
  readonly p99Ms: number;
  readonly p99OverP50: number;
  /**
   * Whether the service kept up: no start waited for a free slot and nearly all the asked rate was served. When it
   * did not, requests queued up and the latencies are a queue's (a p99/p50 near 1 then means everything was slow).
   */
  readonly keptUp: boolean;
}

/** The share of the asked rate a run must serve to count as keeping up. */
const KEPT_UP_SHARE = 0.97;

/** Latency at LOAD_FRACTION of `saturationRps`, requests started on schedule (open loop) as checkouts arrive. */
export async function tailAtLoad(
  root: string,
  spec: Omit<LatencySpec, 'ratePerSecond' | 'concurrency'>,
  saturationRps: number,
  signal: AbortSignal,
): Promise<TailAtLoad> {
  const ratePerSecond = Math.max(1, Math.round(LOAD_FRACTION * saturationRps));
  const run = await runLatencyDriver(root, { ...spec, concurrency: OPEN_LOOP_CAP, ratePerSecond }, signal);
  const { p50Ms, p99Ms } = run.latency;
  return {
    saturationRps: round(saturationRps, 1),
    loadFraction: LOAD_FRACTION,
    ratePerSecond,
    run,
    p50Ms,
    p99Ms,
    p99OverP50: round(p99Ms / Math.max(0.1, p50Ms), 3),
    keptUp: (run.schedule?.waitedForSlot ?? 0) === 0 && run.requestsPerSecond >= KEPT_UP_SHARE * ratePerSecond,
  };
}

/** One line on how the open-loop run went, for the progress log and the report. */
export function describeTail(tail: TailAtLoad): string {
  const { run } = tail;
  const kept = run.schedule
    ? `; starts late by p99 ${String(run.schedule.lateness.p99Ms)} ms, ${String(run.schedule.waitedForSlot)} waited for a slot`
    : '';
  return (
    `${String(tail.ratePerSecond)} req/s asked (${String(tail.loadFraction * 100)} % of ${String(tail.saturationRps)}), ` +
    `${run.requestsPerSecond.toFixed(1)} served (driver CPU ${(run.driverCpuMs / Math.max(1, run.requests)).toFixed(3)} ms/req; ` +
    `the driver's event loop held up p99 ${String(run.driverLoop.heldP99Ms)} ms, max ${String(run.driverLoop.heldMaxMs)} ms, its GC ${String(run.driverLoop.gcMs)} ms, longest ${String(run.driverLoop.longestGcMs)} ms): ` +
    `p50 ${String(tail.p50Ms)} ms, p99 ${String(tail.p99Ms)} ms, p99/p50 ${String(tail.p99OverP50)}${kept}` +
    (run.kind === 'redeem' && run.namedAgain > 0 ? `; ${String(run.namedAgain)} named a consumer named before (its account in the service's memory)` : '') +
    (tail.keptUp ? '' : '; OVERLOADED: the service fell behind the schedule, so these are a queue\'s latencies')
  );
}
