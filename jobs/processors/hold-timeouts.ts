import type { Logger } from 'pino';
import type { Services } from '../../server/services/index.js';

/** Voids the credit holds past their timeout that no checkout captured or voided: their credits go back. */
export const processHoldTimeouts = (services: Services, logger: Logger) => async (): Promise<number> => {
  const voided = await services.holds.voidTimedOut(services.clock().getTime());
  if (voided > 0) logger.info({ voided }, 'credit holds past their timeout voided');
  return voided;
};
