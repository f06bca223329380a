import { Types } from 'mongoose';
import type { JobPayloads } from '../queues/job-types.js';
import type { JobStatus, QueueSet } from '../queues/queue-set.js';
import { PERIOD_FORMAT, parsePeriod } from '../domain/period.js';
import { fail, succeed, validationError, type Outcome } from '../domain/user-error.js';

/**
 * The operator's recomputation of a period's compliance: a `compliance` job under an id of its own, observed through
 * the job's state and progress. Nothing is recorded in the store: the snapshots the job replaces are the outcome, and
 * a lost request is simply asked again (the computation is safe to repeat).
 */
export interface ComplianceRecomputation {
  readonly id: string;
  readonly period: string;
  readonly state: JobStatus<unknown>['state'];
  readonly progressPct: number;
  readonly requestedAt: Date;
  readonly finishedAt: Date | null;
  readonly failure: string | null;
  /** Producers whose snapshots the job wrote, once it completed. */
  readonly producers: number | null;
}

export interface ComplianceRecomputationsService {
  /** Enqueues the recomputation of every producer's compliance for a period that has started. */
  request(period: string, nowMs: number): Promise<Outcome<ComplianceRecomputation>>;
  /** A recomputation by id; null when unknown or no longer kept by the queue. */
  find(id: string): Promise<ComplianceRecomputation | null>;
}

const jobIdOf = (id: string) => `compliance:recompute:${id}`;

function recomputationOf(id: string, job: JobStatus<JobPayloads['compliance']>): ComplianceRecomputation {
  const result = job.result as { producers?: unknown; finishedAtMs?: unknown } | null;
  return {
    id,
    period: job.data.period,
    state: job.state,
    progressPct: job.state === 'COMPLETED' ? 100 : job.progressPct,
    // The service's own clock where the job recorded it; Bull's stamps (the machine's) for jobs that did not.
    requestedAt: job.data.requestedAtMs === undefined ? job.enqueuedAt : new Date(job.data.requestedAtMs),
    finishedAt: job.finishedAt && typeof result?.finishedAtMs === 'number' ? new Date(result.finishedAtMs) : job.finishedAt,
    failure: job.failedReason,
    producers: typeof result?.producers === 'number' ? result.producers : null,
  };
}

export function createComplianceRecomputationsService(queues: QueueSet<JobPayloads>): ComplianceRecomputationsService {
  return {
    async request(value, nowMs) {
      const period = parsePeriod(value);
      if (!period) return fail(validationError(['input', 'period'], `period must be ${PERIOD_FORMAT}`));
      if (period.startMs > nowMs) return fail(validationError(['input', 'period'], 'the period has not started yet'));
      const id = new Types.ObjectId().toHexString();
      // Nothing is recorded before the enqueue: when Redis is away the request fails (503) and is asked again.
      await queues.enqueue('compliance', { period: period.key, requestedAtMs: nowMs }, { jobId: jobIdOf(id) });
      const job = await queues.jobStatus('compliance', jobIdOf(id));
      return succeed(job
        ? recomputationOf(id, job)
        : { id, period: period.key, state: 'QUEUED', progressPct: 0, requestedAt: new Date(nowMs), finishedAt: null, failure: null, producers: null });
    },

    async find(id) {
      if (!/^[a-f0-9]{24}$/.test(id)) return null;
      const job = await queues.jobStatus('compliance', jobIdOf(id));
      return job ? recomputationOf(id, job) : null;
    },
  };
}
