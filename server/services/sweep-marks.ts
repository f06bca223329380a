import { insertOnce } from '../db/claim.js';
import type { Models } from '../db/models/index.js';

// Where a periodic job has got to, so it covers all history at the cost of what is new since its last run (instead
// of a fixed look-back window, past which a long outage would leave work undone). A mark only moves forward; a lost
// or stale write only makes the next run look at more.

/**
 * A fact's id or time is stamped just before its insert, so a run must not mark as done the last moments before it
 * ran: a fact stamped then may still be on its way to the store (a write waits at most for server selection and the
 * socket timeout, well under this). Marks stay this far behind, or runs look back this far before their mark.
 */
export const IN_FLIGHT_MS = 5 * 60 * 1000;

export interface SweepMarks {
  /** The mark `name` (ms since the epoch); 0 before the first run, which then covers everything. */
  markOf(name: string): Promise<number>;
  /** Moves the mark forward to `toMs`; never back. */
  moveMark(name: string, toMs: number): Promise<void>;
}

export function createSweepMarks(models: Pick<Models, 'SweepMark'>): SweepMarks {
  const { SweepMark } = models;
  return {
    async markOf(name) {
      return (await SweepMark.findById(name).lean())?.afterMs ?? 0;
    },
    async moveMark(name, toMs) {
      // Two runs creating the mark at once: the other one's is as good.
      await insertOnce(SweepMark.updateOne({ _id: name }, { $max: { afterMs: toMs } }, { upsert: true }));
    },
  };
}
