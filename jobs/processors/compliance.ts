import type Bull from 'bull';
import type { Logger } from 'pino';
import { parsePeriod } from '../../server/domain/period.js';
import type { Services } from '../../server/services/index.js';
import type { JobPayloads } from '../../server/queues/job-types.js';

export const processCompliance = (services: Services, logger: Logger) => async (job: Bull.Job<JobPayloads['compliance']>) => {
  const period = parsePeriod(job.data.period);
  if (!period) {
    logger.error({ period: job.data.period }, 'compliance job names no valid period');
    return { producers: 0 };
  }
  // Progress is for whoever watches the job (the operator's complianceRecomputation); the job ends at 100.
  const result = await services.compliance.recompute(period, services.clock().getTime(), (percent) => job.progress(percent));
  await job.progress(100);
  logger.info({ period: period.key, ...result }, 'compliance recomputed');
  return { ...result, finishedAtMs: services.clock().getTime() };
};

export const processComplianceSweep = (services: Services, logger: Logger) => async () => {
  const result = await services.compliance.sweep(services.clock().getTime());
  logger.info(result, 'compliance of the current and just-closed periods recomputed');
  return result;
};
