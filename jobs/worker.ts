import type { Logger } from 'pino';
import type { Services } from '../server/services/index.js';
import { NO_JOB_OBSERVER, observedHandler, type JobObserver } from '../server/queues/job-observer.js';
import { SCHEDULES, type JobName, type JobPayloads } from '../server/queues/job-types.js';
import type { JobHandler, QueueSet } from '../server/queues/queue-set.js';
import { processMail } from './processors/mail.js';
import { processMailSweep } from './processors/mail-sweep.js';
import { processCompliance, processComplianceSweep } from './processors/compliance.js';
import { processCreditExpiry } from './processors/credit-expiry.js';
import { processHoldTimeouts } from './processors/hold-timeouts.js';
import { processGreenLevels } from './processors/green-levels.js';
import { processReclassify } from './processors/reclassify.js';
import { processUnitLoss } from './processors/unit-loss.js';
import { processReconciliation } from './processors/reconciliation.js';
import { processRetention } from './processors/retention.js';
import { processChoice, processFact, processFactSweep, processOrderEvent, processReturn } from './processors/order-facts.js';
import { FACT_QUEUE_NAMES } from '../server/queues/fact-partitions.js';

/** Fact jobs a partition runs at once; one account's movements still go one at a time (services/credit-ledger.ts). */
const FACT_CONCURRENCY = 4;

/**
 * Registers every processor and reconciles the repeatable jobs. The queues' `close` stops the worker. Each run is
 * reported to `observer` (the process's metrics).
 */
export async function startWorker(
  queues: QueueSet<JobPayloads>,
  services: Services,
  logger: Logger,
  observer: JobObserver = NO_JOB_OBSERVER,
  leases: { readonly ttlMs?: number; readonly tickMs?: number } = {},
): Promise<void> {
  const handle = <K extends JobName>(name: K, concurrency: number, handler: JobHandler<JobPayloads[K]>) => {
    queues.process(name, concurrency, observedHandler(name, handler, observer));
  };
  handle('mail', 4, processMail(services, logger));
  handle('mail-sweep', 1, processMailSweep(services, logger));
  // The facts that move consumers' credits, by account: this process works the partitions it holds the lease of.
  const facts = processFact(
    observedHandler('choice', processChoice(services, logger), observer),
    observedHandler('order-event', processOrderEvent(services, logger), observer),
  );
  const owned = await queues.processPartitioned(FACT_QUEUE_NAMES, FACT_CONCURRENCY, facts, leases);
  logger.info({ partitions: owned.length, of: FACT_QUEUE_NAMES.length }, 'working fact partitions');
  handle('return', 4, processReturn(services, logger));
  handle('credit-expiry', 1, processCreditExpiry(services, logger));
  handle('hold-timeouts', 1, processHoldTimeouts(services, logger));
  handle('green-levels', 1, processGreenLevels(services, logger));
  handle('compliance', 1, processCompliance(services, logger));
  handle('compliance-sweep', 1, processComplianceSweep(services, logger));
  handle('unit-loss', 1, processUnitLoss(services, logger));
  handle('fact-sweep', 1, processFactSweep(services, logger));
  handle('reclassify', 1, processReclassify(services, logger));
  handle('reconciliation', 1, processReconciliation(services, logger));
  handle('retention', 1, processRetention(services, logger));
  await queues.reconcileSchedules(SCHEDULES);
  // In the background, so a large store does not hold up the start; every worker may run it, each rewrite is guarded.
  void sealStoredAddresses(services, logger);
}

/**
 * Seals mail addresses still in clear (stored before they were encrypted) or under a retired key with the current
 * key. Run at every worker start: after a key rotation, once it logs nothing left unreadable, the old key can go.
 */
export async function sealStoredAddresses(services: Services, logger: Logger): Promise<void> {
  try {
    const contacts = await services.contacts.sealStored();
    const mails = await services.notifications.sealStored();
    const unreadable = contacts.unreadable + mails.unreadable;
    if (contacts.sealed + mails.sealed > 0) logger.info({ contacts: contacts.sealed, mails: mails.sealed }, 'mail addresses sealed under the current encryption key');
    if (unreadable > 0) {
      logger.error({ contacts: contacts.unreadable, mails: mails.unreadable }, 'mail addresses no configured key opens: is their key missing from CONTACT_ENCRYPTION_OLD_KEYS?');
    }
  } catch (err) {
    logger.warn({ err }, 'sealing stored mail addresses stopped; the next worker start resumes it');
  }
}
