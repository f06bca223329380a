// The languages GreenLoop writes mail in. The GraphQL enum `MailLocale` carries these names; Intl formats numbers,
// money and dates with the matching BCP 47 tag.

export const MAIL_LOCALES = ['ZH_CN', 'EN'] as const;
export type MailLocale = (typeof MAIL_LOCALES)[number];

/** When nobody said otherwise: organizations, consumers without a preference of their own, and the operator. */
export const DEFAULT_MAIL_LOCALE: MailLocale = 'EN';

export const isMailLocale = (value: unknown): value is MailLocale => (MAIL_LOCALES as readonly unknown[]).includes(value);

const TAGS: Readonly<Record<MailLocale, string>> = { ZH_CN: 'zh-CN', EN: 'en' };

/** The BCP 47 tag for Intl and for the HTML `lang` attribute. */
export const languageTagOf = (locale: MailLocale): string => TAGS[locale];

/**
 * A locale as an operator writes it in the environment: `en` or `zh-CN` (BCP 47, any case, `_` for `-`), or the
 * enum names `EN` and `ZH_CN`. Null when it is neither.
 */
export function parseLocaleTag(value: string): MailLocale | null {
  const normalized = value.trim().replace(/_/g, '-').toLowerCase();
  if (normalized === 'en') return 'EN';
  if (normalized === 'zh-cn') return 'ZH_CN';
  return null;
}
