import type { Logger } from 'pino';
import { EXPIRY_LOOKBACK_MS } from '../../server/services/credits.js';
import type { Services } from '../../server/services/index.js';

export const processCreditExpiry = (services: Services, logger: Logger) => async (): Promise<number> => {
  const nowMs = Date.now();
  const expired = await services.credits.expireDue(nowMs, nowMs - EXPIRY_LOOKBACK_MS);
  if (expired > 0) logger.info({ expired }, 'credit lots expired');
  return expired;
};
