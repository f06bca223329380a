// When each fault strikes, drawn from the seed, as a fraction of the workload's stories done (so a slower machine
// gets the same faults at the same points of the workload, only later in time).
import { mulberry32 } from './prng.js';

export interface FaultPlan {
  /** SIGKILL of a worker process (restarted at once). */
  readonly workerKills: readonly { readonly at: number; readonly worker: number }[];
  /** SIGKILL of an API process `afterMs` after requests were sent to it alone (restarted at once). */
  readonly apiKills: readonly { readonly at: number; readonly api: number; readonly afterMs: number }[];
  /** The store stopped for a while and started again on the same data and port. */
  readonly storeRestart: { readonly at: number; readonly outageMs: number };
  /**
   * Redis killed and started again empty: every queued job, lock and schedule is gone. It comes after the last
   * worker kill on purpose: a worker's start re-adds the schedules, which would hide a service that cannot
   * recover them by itself.
   */
  readonly redisRestart: { readonly at: number; readonly outageMs: number };
}

export function planFaults(seed: number, counts: { workerKills: number; workers: number; apiKills: number; apis: number }): FaultPlan {
  const random = mulberry32(seed).fork('faults');
  const sorted = <T extends { at: number }>(items: T[]) => items.sort((a, b) => a.at - b.at);
  return {
    workerKills: sorted(Array.from({ length: counts.workerKills }, () => ({ at: 0.03 + random.next() * 0.6, worker: random.int(0, counts.workers - 1) }))),
    apiKills: sorted(Array.from({ length: counts.apiKills }, () => ({ at: 0.1 + random.next() * 0.6, api: random.int(0, counts.apis - 1), afterMs: random.int(5, 60) }))),
    storeRestart: { at: 0.35 + random.next() * 0.2, outageMs: random.int(3000, 8000) },
    redisRestart: { at: 0.7 + random.next() * 0.1, outageMs: random.int(1000, 3000) },
  };
}
