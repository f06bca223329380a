import type { Logger } from 'pino';
import type { Services } from '../../server/services/index.js';

export const processReconciliation = (services: Services, logger: Logger) => async () => {
  const report = await services.reconciliation.reconcile(services.clock());
  if (report.problems.length > 0) logger.error({ problems: report.problems.slice(0, 50), count: report.problems.length }, 'ledger reconciliation found problems');
  else logger.info({ accounts: report.accounts, entries: report.entries }, 'ledger reconciled');
  return { accounts: report.accounts, entries: report.entries, problems: report.problems.length };
};
