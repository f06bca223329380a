import type { Types } from 'mongoose';
import type { JobPayloads } from '../../jobs/job-types.js';
import type { QueueSet } from '../../jobs/queue-set.js';
import { isDuplicateKeyError } from '../db/connection.js';
import type { Models } from '../db/models/index.js';
import type { RecyclingReportDoc } from '../db/models/recycling.js';
import type { Material } from '../domain/packaging.js';
import { periodsAround, periodsWithin, reportsCovering, type Period } from '../domain/period.js';
import { parseRecyclingReport, type RecyclingReportInput } from '../domain/recycling-report.js';
import { fail, succeed, type Outcome } from '../domain/user-error.js';
import { digestOf } from './request-hash.js';

/** Producers' reports of what was recovered and recycled, as insert-only revisions per period. */
export interface RecyclingReportsService {
  /** Stores the report as the period's next revision; the same key and input returns the first result. */
  submit(producerId: Types.ObjectId, input: RecyclingReportInput): Promise<Outcome<RecyclingReportDoc>>;
  /** What each producer reported for a period: the latest revision of each report that counts for it (its own, or
   *  those of the periods within it, without overlaps), lines summed per material. */
  reportedFor(period: Period): Promise<Map<string, Partial<Record<Material, { recoveredGrams: number; recycledGrams: number }>>>>;
}


export function createRecyclingReportsService(deps: {
  models: Models;
  queues: QueueSet<JobPayloads>;
  onEnqueueError: (error: unknown) => void;
  now?: () => Date;
}): RecyclingReportsService {
  const { RecyclingReport } = deps.models;
  const now = deps.now ?? (() => new Date());

  async function byKey(producerId: Types.ObjectId, idempotencyKey: string, requestHash: string): Promise<Outcome<RecyclingReportDoc> | null> {
    const first = await RecyclingReport.findOne({ producerId, idempotencyKey }).lean();
    if (!first) return null;
    return first.requestHash === requestHash
      ? succeed(first)
      : fail({ code: 'IDEMPOTENCY_KEY_REUSED', field: ['input', 'idempotencyKey'], message: 'this idempotency key was used for a different report' });
  }

  return {
    async submit(producerId, input) {
      const parsed = parseRecyclingReport(input, now().getTime());
      if (!parsed.report) return fail(...parsed.errors);
      const { period, lines } = parsed.report;
      const requestHash = digestOf({ period: period.key, lines });
      for (;;) {
        const replayed = await byKey(producerId, input.idempotencyKey, requestHash);
        if (replayed) return replayed;
        const latest = await RecyclingReport.find({ producerId, period: period.key }).sort({ revision: -1 }).limit(1).lean();
        const doc = {
          producerId,
          period: period.key,
          revision: (latest[0]?.revision ?? 0) + 1,
          idempotencyKey: input.idempotencyKey,
          requestHash,
          lines: lines.map((l) => ({ ...l, evidence: [...l.evidence] })),
          createdAt: now(),
        };
        try {
          const created = (await RecyclingReport.create(doc)).toObject();
          // The compliance of the period and of every longer one containing it (its quarter, half, year) is recomputed
          // from the new revision; a lost enqueue waits for the hourly run (open periods) or a recomputation.
          for (const affected of periodsAround(period)) {
            await deps.queues.enqueue('compliance', { period: affected.key }, { jobId: `compliance:${affected.key}:${created._id.toHexString()}` }).catch(deps.onEnqueueError);
          }
          return succeed(created);
        } catch (error) {
          // Another revision took this number first, or this key raced itself: look again.
          if (!isDuplicateKeyError(error)) throw error;
        }
      }
    },

    async reportedFor(period) {
      const all = await RecyclingReport.find({ period: { $in: periodsWithin(period).map((p) => p.key) } }).sort({ revision: 1 }).lean();
      const latest = new Map(all.map((r) => [`${r.producerId.toHexString()}:${r.period}`, r]));
      const byProducer = new Map<string, RecyclingReportDoc[]>();
      for (const r of latest.values()) byProducer.set(r.producerId.toHexString(), [...(byProducer.get(r.producerId.toHexString()) ?? []), r]);
      const reported = new Map<string, Partial<Record<Material, { recoveredGrams: number; recycledGrams: number }>>>();
      for (const [producerId, reports] of byProducer) {
        const sums: Partial<Record<Material, { recoveredGrams: number; recycledGrams: number }>> = {};
        for (const report of reportsCovering(period, reports)) {
          for (const line of report.lines) {
            const sum = sums[line.material] ?? { recoveredGrams: 0, recycledGrams: 0 };
            sums[line.material] = { recoveredGrams: sum.recoveredGrams + line.recoveredGrams, recycledGrams: sum.recycledGrams + line.recycledGrams };
          }
        }
        reported.set(producerId, sums);
      }
      return reported;
    },
  };
}
