import type { Types } from 'mongoose';
import type { Models } from '../db/models/index.js';
import { accountOf, mailKeys } from '../db/keys.js';
import { DEFAULT_EARNING_RULES } from '../domain/earning-rules.js';
import { lotsToWarn } from '../domain/expiry-warning.js';
import { DEFAULT_MAIL_LOCALE, type MailLocale } from '../domain/mail-locale.js';
import { expiryWarningMail } from '../domain/mail-templates/expiry-warning-mail.js';
import type { ConsumerContactsService } from './consumer-contacts.js';
import type { CreditLedger } from './credit-ledger.js';
import type { NotificationsService } from './notifications.js';

/** Mails consumers who gave a contact address, once per lot, when their credits come within the warning period. */
export interface ExpiryWarningsService {
  /** Returns how many warnings were queued. Safe to repeat: a lot is warned about once. */
  warnExpiring(nowMs: number): Promise<number>;
}

const DAY_MS = 24 * 3600 * 1000;
const BATCH = 500;

export function createExpiryWarningsService(deps: { models: Pick<Models, 'CreditEntry' | 'EarningRulesVersion' | 'Mail' | 'Organization'>; ledger: CreditLedger; contacts: ConsumerContactsService; notifications: NotificationsService }): ExpiryWarningsService {
  const { CreditEntry, EarningRulesVersion, Organization, Mail } = deps.models;

  /** Each platform's warning period in force; platforms without rules of their own use the default. */
  async function warningDaysByPlatform(): Promise<Map<string, number>> {
    const versions = await EarningRulesVersion.find({}, { platformId: 1, version: 1, rules: 1 }).lean();
    const latest = new Map<string, { version: number; days: number }>();
    for (const v of versions) {
      const key = v.platformId.toHexString();
      if ((latest.get(key)?.version ?? -1) < v.version) latest.set(key, { version: v.version, days: v.rules.expiryWarningDays });
    }
    return new Map([...latest].map(([platform, { days }]) => [platform, days]));
  }

  return {
    async warnExpiring(nowMs) {
      const days = await warningDaysByPlatform();
      const daysOf = (platformId: Types.ObjectId) => days.get(platformId.toHexString()) ?? DEFAULT_EARNING_RULES.expiryWarningDays;
      const periods = new Set([DEFAULT_EARNING_RULES.expiryWarningDays, ...days.values()]);

      // Accounts holding a posted lot that expires within its platform's warning period.
      const accounts = new Map<string, { platformId: Types.ObjectId; consumerRef: string }>();
      for (const period of periods) {
        const due = await CreditEntry.find(
          { kind: 'EARN_POSTED', expiresAt: { $gt: new Date(nowMs), $lte: new Date(nowMs + period * DAY_MS) } },
          { platformId: 1, consumerRef: 1 },
        ).lean();
        for (const e of due) {
          if (daysOf(e.platformId) === period) accounts.set(accountOf(e.platformId, e.consumerRef), { platformId: e.platformId, consumerRef: e.consumerRef });
        }
      }

      // A consumer without a language of their own gets the platform's.
      const platforms = new Map<string, { name: string; locale: MailLocale }>();
      const platformOf = async (platformId: Types.ObjectId) => {
        const key = platformId.toHexString();
        let found = platforms.get(key);
        if (!found) {
          const org = await Organization.findById(platformId, { name: 1, locale: 1 }).lean();
          found = { name: org?.name ?? 'your shop', locale: org?.locale ?? DEFAULT_MAIL_LOCALE };
          platforms.set(key, found);
        }
        return found;
      };

      let queued = 0;
      const ids = [...accounts.keys()];
      for (let i = 0; i < ids.length; i += BATCH) {
        // An address no configured key opens is skipped; the start-up sealing pass logs how many there are.
        const { contacts } = await deps.contacts.byAccounts(ids.slice(i, i + BATCH));
        for (const contact of contacts) {
          const state = await deps.ledger.head(contact.platformId, contact.consumerRef);
          for (const lot of lotsToWarn(state, nowMs, daysOf(contact.platformId))) {
            const idempotencyKey = mailKeys.expiryWarning(contact._id, lot.seq);
            if (await Mail.exists({ idempotencyKey })) continue;
            const platform = await platformOf(contact.platformId);
            const mail = expiryWarningMail({ platformName: platform.name, credits: lot.remaining, expiresAtMs: lot.expiresAtMs, nowMs }, contact.locale ?? platform.locale);
            const outcome = await deps.notifications.queueMail({ idempotencyKey, to: contact.email, ...mail });
            // Refused: a concurrent run recorded this lot's warning first, worded on its own clock. It is warned.
            if (outcome.ok) queued += 1;
          }
        }
      }
      return queued;
    },
  };
}
