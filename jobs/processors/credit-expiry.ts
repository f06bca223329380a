import type { Logger } from 'pino';
import type { Services } from '../../server/services/index.js';

/** Expires lots past their date, then warns consumers whose credits come within their platform's warning period. */
export const processCreditExpiry = (services: Services, logger: Logger) => async (): Promise<{ expired: number; warned: number }> => {
  const nowMs = services.clock().getTime();
  const expired = await services.credits.expireDueSinceLastRun(nowMs);
  const warned = await services.expiryWarnings.warnExpiring(nowMs);
  if (expired > 0 || warned > 0) logger.info({ expired, warned }, 'credit lots expired and expiry warnings queued');
  return { expired, warned };
};
