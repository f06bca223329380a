import type Bull from 'bull';
import type { Logger } from 'pino';
import type { Services } from '../../server/services/index.js';
import type { JobPayloads } from '../../server/queues/job-types.js';

export const processReclassify = (services: Services, logger: Logger) => async (job: Bull.Job<JobPayloads['reclassify']>) => {
  const result = await services.catalog.reclassifyAll(job.data.version, job.data.activationId, (percent) => job.progress(percent));
  logger.info({ version: job.data.version, ...result }, 'packaging types re-classified');
  return result;
};
