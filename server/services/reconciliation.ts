import type { Models } from '../db/models/index.js';
import { entryFromStored } from '../db/credit-entry-text.js';
import { mailKeys, platformOfCounterparty } from '../db/keys.js';
import { auditChain } from '../domain/ledger-audit.js';
import type { MailLocale } from '../domain/mail-locale.js';
import { reconciliationAlertMail } from '../domain/mail-templates/reconciliation-alert-mail.js';
import { stateOf } from './credit-ledger.js';
import type { FactsService } from './facts.js';
import type { NotificationsService } from './notifications.js';
import type { ServiceObserver } from './service-observer.js';

export interface ReconciliationReport {
  readonly accounts: number;
  readonly entries: number;
  /** Facts (choices, order events) re-enqueued because no job had received them. */
  readonly requeuedFacts: number;
  readonly problems: readonly string[];
}

export interface ReconciliationService {
  /** Audits every chain and the zero-sum, finishes facts left unprocessed, and mails the operator any problem. */
  reconcile(now: Date): Promise<ReconciliationReport>;
}

// Facts older than this without a receipt are overdue: the sweep should have caught them long before.
const OVERDUE_MS = 10 * 60 * 1000;
const MAX_PROBLEMS_MAILED = 200;

export function createReconciliationService(deps: {
  models: Pick<Models, 'CreditEntry'>;
  facts: FactsService;
  notifications: NotificationsService;
  operatorEmail: string | null;
  /** The language of the operator's alerts (`OPERATOR_LOCALE`). */
  operatorLocale: MailLocale;
  /** Told of overdue facts (the process's metrics). */
  observer: ServiceObserver;
}): ReconciliationService {
  const { CreditEntry } = deps.models;
  return {
    async reconcile(now) {
      const problems: string[] = [];
      const accounts = await CreditEntry.distinct('account');
      let entries = 0;
      const heldByPlatform = new Map<string, number>();
      for (const account of accounts) {
        const chain = (await CreditEntry.find({ account }).sort({ seq: 1 }).lean()).map(entryFromStored);
        entries += chain.length;
        problems.push(...auditChain(account, chain.map((e) => ({ ...e, state: stateOf(e) }))));
        const head = chain.at(-1);
        if (head) {
          const platform = head.platformId.toHexString();
          heldByPlatform.set(platform, (heldByPlatform.get(platform) ?? 0) + head.available + head.pending + (head.held ?? 0));
        }
      }
      // Zero-sum: what consumers hold equals what the platform's system accounts gave out, minus what they took back.
      const bySystem = await CreditEntry.aggregate<{ _id: string; total: number }>([{ $group: { _id: '$counterparty', total: { $sum: '$consumerDelta' } } }]);
      const issuedByPlatform = new Map<string, number>();
      for (const row of bySystem) {
        const platform = platformOfCounterparty(row._id);
        issuedByPlatform.set(platform, (issuedByPlatform.get(platform) ?? 0) + row.total);
      }
      for (const platform of new Set([...heldByPlatform.keys(), ...issuedByPlatform.keys()])) {
        const held = heldByPlatform.get(platform) ?? 0;
        const systems = -(issuedByPlatform.get(platform) ?? 0);
        if (held + systems !== 0) problems.push(`platform ${platform}: consumers hold ${String(held)} but the system accounts sum to ${String(systems)}`);
      }
      const requeuedFacts = await deps.facts.sweepUnreceived(OVERDUE_MS);
      if (requeuedFacts > 0) {
        problems.push(`${String(requeuedFacts)} facts older than 10 minutes had not reached the ledger; re-enqueued`);
        deps.observer.factsOverdue(requeuedFacts);
      }

      if (problems.length > 0 && deps.operatorEmail) {
        const hour = now.toISOString().slice(0, 13);
        const mail = reconciliationAlertMail({ atMs: now.getTime(), accounts: accounts.length, entries, problems, maxListed: MAX_PROBLEMS_MAILED }, deps.operatorLocale);
        await deps.notifications.queueMail({ idempotencyKey: mailKeys.reconciliation(hour), to: deps.operatorEmail, ...mail });
      }
      return { accounts: accounts.length, entries, requeuedFacts, problems };
    },
  };
}
