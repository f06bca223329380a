import type { MailLocale } from '../mail-locale.js';
import { mailFormat } from './locale-format.js';
import { renderMail, type RenderedMail } from './mail-document.js';

/** What one reconciliation run found wrong with the credit ledger, for the operator. */
export interface ReconciliationAlertData {
  readonly atMs: number;
  readonly accounts: number;
  readonly entries: number;
  /** As the audit words them (English, the same lines the logs carry), so a line can be searched for. */
  readonly problems: readonly string[];
  /** At most this many problems are listed; the rest are counted. */
  readonly maxListed: number;
}

/** The operator's alert: how many problems, what was audited, and each problem as the audit found it. */
export function reconciliationAlertMail(data: ReconciliationAlertData, locale: MailLocale): RenderedMail {
  const f = mailFormat(locale);
  const count = f.integer(data.problems.length);
  const at = f.dateTime(data.atMs);
  const listed = data.problems.slice(0, data.maxListed);
  const more = data.problems.length - listed.length;

  if (locale === 'ZH_CN') {
    return renderMail({
      locale,
      subject: `GreenLoop 积分账本对账：发现 ${count} 个问题`,
      preheader: `${at} 的对账发现 ${count} 个问题。`,
      heading: '积分账本需要检查',
      blocks: [
        { kind: 'highlight', text: `${at} 的对账发现 ${count} 个问题。` },
        { kind: 'facts', rows: [['已审计账户', f.integer(data.accounts)], ['已审计分录', f.integer(data.entries)], ['问题', count]] },
        { kind: 'paragraph', text: '逾期未入账的事实由对账任务自动重新入队；账链断裂或总额不平需要人工检查。以下为审计原文（英文，与日志一致）：' },
        { kind: 'list', items: more > 0 ? [...listed, `……另有 ${f.integer(more)} 个问题未列出`] : listed },
      ],
      footer: '由每小时一次的积分账本对账任务发送至 OPERATOR_EMAIL；每小时最多一封。',
    });
  }
  const problems = (n: number) => (new Intl.PluralRules('en').select(n) === 'one' ? 'problem' : 'problems');
  return renderMail({
    locale,
    subject: `GreenLoop ledger reconciliation: ${count} ${problems(data.problems.length)}`,
    preheader: `Reconciliation at ${at} found ${count} ${problems(data.problems.length)}.`,
    heading: 'The credit ledger needs a look',
    blocks: [
      { kind: 'highlight', text: `Reconciliation at ${at} found ${count} ${problems(data.problems.length)}.` },
      { kind: 'facts', rows: [['Accounts audited', f.integer(data.accounts)], ['Entries audited', f.integer(data.entries)], ['Problems', count]] },
      { kind: 'paragraph', text: 'Facts late to reach the ledger are re-enqueued by the reconciliation itself; a broken chain or sum needs a person. The problems, as the audit found them:' },
      { kind: 'list', items: more > 0 ? [...listed, `... and ${f.integer(more)} more`] : listed },
    ],
    footer: 'Sent to OPERATOR_EMAIL by the hourly ledger reconciliation; at most one mail an hour.',
  });
}
