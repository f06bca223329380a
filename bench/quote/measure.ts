import { runAutocannon, type LoadResult, type LoadSpec } from './autocannon.js';
import type { InFlight } from './in-flight.js';

/** One autocannon run and what this process spent on it. */
export interface Measured extends LoadResult {
  /** Responses the server ended for the run, including those to requests autocannon abandoned at its end. */
  readonly handledRequests: number;
  /**
   * This process's CPU time per handled request (the service and the benchmark around it; the store's own is not in
   * it), less what the process burns when idle (timers, the driver's heartbeats) over the same time.
   */
  readonly nodeCpuMsPerRequest: number;
  /** How long the server took to finish the abandoned requests after autocannon stopped. */
  readonly drainMs: number;
}

export interface Meter {
  readonly inFlight: InFlight;
  /** This process's CPU use with no load, ms per second. */
  readonly idleCpuMsPerSecond: number;
}

const SETTLE_LIMIT_MS = 120_000;
const cpuMs = (usage: NodeJS.CpuUsage): number => (usage.user + usage.system) / 1000;

/** This process's CPU use over `ms` with no load, ms per second. */
export async function idleCpuRate(ms: number): Promise<number> {
  const before = process.cpuUsage();
  await new Promise((resolve) => setTimeout(resolve, ms));
  return cpuMs(process.cpuUsage(before)) / (ms / 1000);
}

/**
 * Runs one load with the server idle before and after: the requests abandoned when autocannon stops are finished
 * (and their CPU counted) before the next run starts, so no run inherits another's backlog.
 */
export async function measure(root: string, spec: LoadSpec, meter: Meter, signal: AbortSignal, warmUp = false): Promise<Measured> {
  await meter.inFlight.settle(SETTLE_LIMIT_MS, signal);
  const handledBefore = meter.inFlight.handledSoFar();
  const cpuBefore = process.cpuUsage();
  const started = Date.now();
  const result = await runAutocannon(root, spec, signal, warmUp);
  const stopped = Date.now();
  await meter.inFlight.settle(SETTLE_LIMIT_MS, signal);
  const ended = Date.now();
  const busyCpuMs = cpuMs(process.cpuUsage(cpuBefore)) - meter.idleCpuMsPerSecond * ((ended - started) / 1000);
  const handledRequests = meter.inFlight.handledSoFar() - handledBefore;
  return {
    ...result,
    handledRequests,
    nodeCpuMsPerRequest: handledRequests === 0 ? 0 : Math.max(0, busyCpuMs) / handledRequests,
    drainMs: ended - stopped,
  };
}
