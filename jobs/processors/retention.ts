import type { Logger } from 'pino';
import type { Services } from '../../server/services/index.js';

/** Removes the key documents past their retention (server/services/retention.ts); daily. */
export const processRetention = (services: Services, logger: Logger) => async (): Promise<Record<string, number>> => {
  const removed = await services.retention.sweep(services.clock().getTime());
  logger.info({ removed }, 'key documents past their retention removed');
  return removed;
};
