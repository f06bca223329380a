import type Bull from 'bull';
import type { Logger } from 'pino';
import type { Services } from '../../server/services/index.js';
import type { JobPayloads } from '../job-types.js';

// Until the credit ledger lands, a fact's job records only that the fact was picked up and awaits crediting.

export const processChoice = (services: Services) => (job: Bull.Job<JobPayloads['choice']>) =>
  services.checkout.receiveFact('choice', job.data.choiceId);

export const processOrderEvent = (services: Services) => (job: Bull.Job<JobPayloads['order-event']>) =>
  services.checkout.receiveFact('order-event', job.data.eventId);

/** Facts recorded at least this long ago without a receipt are enqueued again. */
export const FACT_SWEEP_GRACE_MS = 60_000;

export const processFactSweep = (services: Services, logger: Logger) => async (): Promise<number> => {
  const requeued = await services.checkout.sweepUnreceivedFacts(FACT_SWEEP_GRACE_MS);
  if (requeued > 0) logger.warn({ requeued }, 'fact sweep re-enqueued facts no job had picked up');
  return requeued;
};
