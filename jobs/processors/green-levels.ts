import type { Logger } from 'pino';
import type { Services } from '../../server/services/index.js';

export const processGreenLevels = (services: Services, logger: Logger) => async (): Promise<{ accounts: number; removed: number }> => {
  const started = Date.now();
  const result = await services.levels.recompute(started);
  logger.info({ ...result, ms: Date.now() - started }, 'green levels recomputed');
  return result;
};
