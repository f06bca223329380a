import type Bull from 'bull';
import type { Logger } from 'pino';
import type { Services } from '../../server/services/index.js';
import type { FactJob, JobPayloads } from '../../server/queues/job-types.js';
import type { JobHandler } from '../../server/queues/queue-set.js';

type ChoiceJob = Extract<FactJob, { kind: 'choice' }>;
type OrderEventJob = Extract<FactJob, { kind: 'order-event' }>;

// A fact's job moves credits (idempotently: the ledger's unique keys make a second run a no-op), then records a
// receipt so the sweep stops re-enqueueing the fact. A crash between the two only causes one more harmless run.

export const processChoice = (services: Services, logger: Logger) => async (job: Bull.Job<ChoiceJob>) => {
  const result = await services.credits.creditChoice(job.data.choiceId, job.data.recorded);
  if (result === 'unknown-choice') logger.error({ choiceId: job.data.choiceId }, 'choice job names no recorded choice');
  await services.facts.receive('choice', job.data.choiceId);
  return result;
};

export const processOrderEvent = (services: Services, logger: Logger) => async (job: Bull.Job<OrderEventJob>) => {
  const result = await services.credits.applyOrderEvent(job.data.eventId, job.data.recorded);
  if (result === 'unknown-event') logger.error({ eventId: job.data.eventId }, 'order-event job names no recorded event');
  await services.facts.receive('order-event', job.data.eventId);
  return result;
};

/** A partition queue's job: a choice or an order event, each observed under its own kind. */
export function processFact(choice: JobHandler<ChoiceJob>, orderEvent: JobHandler<OrderEventJob>): JobHandler<FactJob> {
  return (job) => {
    const { data } = job;
    return data.kind === 'choice' ? choice(job as Bull.Job<ChoiceJob>) : orderEvent(job as Bull.Job<OrderEventJob>);
  };
}

export const processReturn = (services: Services, logger: Logger) => async (job: Bull.Job<JobPayloads['return']>) => {
  const result = await services.returns.settle(job.data.returnId);
  if (result === 'unknown-return') logger.error({ returnId: job.data.returnId }, 'return job names no recorded return');
  // A held return is not settled yet: a held receipt keeps the sweep away until a review clears it, and the sweep
  // still sees it then (by the review).
  if (result === 'held') await services.facts.hold('return', job.data.returnId);
  else await services.facts.receive('return', job.data.returnId);
  return result;
};

/** Facts recorded at least this long ago without a receipt are enqueued again. */
export const FACT_SWEEP_GRACE_MS = 60_000;

export const processFactSweep = (services: Services, logger: Logger) => async (): Promise<number> => {
  const adopted = await services.returns.adoptOrphans(FACT_SWEEP_GRACE_MS);
  if (adopted > 0) logger.warn({ adopted }, 'fact sweep recorded returns a crash left half-written');
  const requeued = await services.facts.sweepUnreceived(FACT_SWEEP_GRACE_MS);
  if (await services.catalog.sweepReclassification(FACT_SWEEP_GRACE_MS)) logger.warn('fact sweep re-enqueued an unfinished re-classification');
  if (requeued > 0) logger.warn({ requeued }, 'fact sweep re-enqueued facts no job had picked up');
  return requeued;
};
