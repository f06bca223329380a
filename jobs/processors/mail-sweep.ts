import type { Logger } from 'pino';
import type { Services } from '../../server/services/index.js';

/** Mails recorded at least this long ago without a delivery are enqueued again. */
export const MAIL_SWEEP_GRACE_MS = 60_000;

export const processMailSweep = (services: Services, logger: Logger) => async (): Promise<number> => {
  const requeued = await services.notifications.sweepUndelivered(MAIL_SWEEP_GRACE_MS);
  if (requeued > 0) logger.warn({ requeued }, 'mail sweep re-enqueued undelivered mails');
  return requeued;
};
