import type { Logger } from 'pino';
import type { Services } from '../../server/services/index.js';

export const processUnitLoss = (services: Services, logger: Logger) => async (): Promise<number> => {
  const lost = await services.units.presumeLost(services.clock().getTime());
  if (lost > 0) logger.info({ lost }, 'reusable units presumed lost; their deposits stay with the platforms');
  return lost;
};
