import type { Logger } from 'pino';
import type { Services } from '../../server/services/index.js';

export const processGreenLevels = (services: Services, logger: Logger) => async (): Promise<{ accounts: number; removed: number }> => {
  const started = performance.now();
  const result = await services.levels.recompute(services.clock().getTime());
  logger.info({ ...result, ms: Math.round(performance.now() - started) }, 'green levels recomputed');
  return result;
};
