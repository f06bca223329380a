import type { MailLocale } from '../mail-locale.js';
import { mailFormat } from './locale-format.js';
import { renderMail, type MailDocument, type RenderedMail } from './mail-document.js';

const DAY_MS = 24 * 3600 * 1000;

/** One lot's warning: what a consumer needs to act on it. */
export interface ExpiryWarningData {
  /** The platform the credits were earned with, as it registered its name. */
  readonly platformName: string;
  /** Credits left in the lot (whole credits). */
  readonly credits: number;
  readonly expiresAtMs: number;
  /** When the warning is written: the days left count from here. */
  readonly nowMs: number;
}

/** The warning mail for one lot of credits, in words a consumer can act on. */
export function expiryWarningMail(data: ExpiryWarningData, locale: MailLocale): RenderedMail {
  const f = mailFormat(locale);
  const daysLeft = Math.max(1, Math.ceil((data.expiresAtMs - data.nowMs) / DAY_MS));
  const shop = data.platformName;
  const credits = f.integer(data.credits);
  const days = f.integer(daysLeft);
  const date = f.date(data.expiresAtMs);
  const at = f.dateTime(data.expiresAtMs);

  let document: MailDocument;
  if (locale === 'ZH_CN') {
    document = {
      locale,
      subject: `您在 ${shop} 的 ${credits} 个绿色积分将于 ${date} 到期`,
      preheader: `请在 ${at} 之前使用。`,
      heading: '您的绿色积分即将到期',
      blocks: [
        { kind: 'highlight', text: `${credits} 个绿色积分将在 ${days} 天后到期` },
        { kind: 'paragraph', text: `您在 ${shop} 获得的 ${credits} 个绿色积分将于 ${at} 到期，距今还有 ${days} 天。` },
        { kind: 'paragraph', text: `请在此之前到 ${shop} 使用。使用积分时，总是先扣除最早到期的积分。` },
        { kind: 'facts', rows: [['平台', shop], ['即将到期的积分', credits], ['到期时间', at]] },
      ],
      footer: `您收到这封邮件，是因为您同意 ${shop} 向您发送积分相关的通知。`,
    };
  } else {
    const plural = new Intl.PluralRules('en');
    const one = (n: number, singular: string, many: string) => (plural.select(n) === 'one' ? singular : many);
    const creditWords = `${credits} green ${one(data.credits, 'credit', 'credits')}`;
    document = {
      locale,
      subject: `${creditWords} with ${shop} ${one(data.credits, 'expires', 'expire')} on ${date}`,
      preheader: `Spend ${one(data.credits, 'it', 'them')} before ${at}.`,
      heading: 'Your green credits expire soon',
      blocks: [
        { kind: 'highlight', text: `${creditWords} ${one(data.credits, 'expires', 'expire')} in ${days} ${one(daysLeft, 'day', 'days')}` },
        { kind: 'paragraph', text: `${creditWords} you earned with ${shop} ${one(data.credits, 'expires', 'expire')} on ${at}, in ${days} ${one(daysLeft, 'day', 'days')}.` },
        { kind: 'paragraph', text: `Spend ${one(data.credits, 'it', 'them')} at ${shop} before then; credits you spend are always the soonest-expiring ones.` },
        { kind: 'facts', rows: [['Shop', shop], ['Credits expiring', credits], ['Expiry', at]] },
      ],
      footer: `You get this mail because you agreed that ${shop} may tell you about your credits.`,
    };
  }
  return renderMail(document);
}
