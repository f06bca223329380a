import type Bull from 'bull';
import type { Logger } from 'pino';
import type { Services } from '../../server/services/index.js';
import type { JobPayloads } from '../../server/queues/job-types.js';

export const processMail = (services: Services, logger: Logger) =>
  async (job: Bull.Job<JobPayloads['mail']>): Promise<string> => {
    const result = await services.notifications.deliverMail(job.data.mailId);
    if (result === 'unknown-mail') logger.error({ mailId: job.data.mailId }, 'mail job names no recorded mail');
    return result;
  };
