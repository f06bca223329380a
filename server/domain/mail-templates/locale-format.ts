import { languageTagOf, type MailLocale } from '../mail-locale.js';

/**
 * Numbers, money, masses and instants as a reader of one locale expects them. Money arrives in integer minor units
 * of an ISO 4217 currency; instants are shown in UTC, and say so.
 */
export interface MailFormat {
  readonly locale: MailLocale;
  /** The BCP 47 tag, for `<html lang>`. */
  readonly tag: string;
  /** A whole number with the locale's grouping: 12,345. */
  integer(value: number): string;
  /** Integer minor units of `currency` as an amount: 30 GBP minor units are £0.30. */
  money(minor: number, currency: string): string;
  /** Grams as g below a kilogram, kg below a tonne, else tonnes; exact to the gram. */
  mass(grams: number): string;
  /** A percentage given in percent (71.43 is 71.43 %), up to two decimals. */
  percent(pct: number): string;
  /** A fee factor, four decimals as the compliance workings state them. */
  factor(value: number): string;
  /** The calendar day in UTC. */
  date(ms: number): string;
  /** Day and time in UTC, the zone named. */
  dateTime(ms: number): string;
}

const TONNE_SUFFIX: Readonly<Record<MailLocale, string>> = { EN: ' t', ZH_CN: ' 吨' };

export function mailFormat(locale: MailLocale): MailFormat {
  const tag = languageTagOf(locale);
  const integer = new Intl.NumberFormat(tag, { maximumFractionDigits: 0 });
  const kilograms = new Intl.NumberFormat(tag, { style: 'unit', unit: 'kilogram', maximumFractionDigits: 3 });
  const grams = new Intl.NumberFormat(tag, { style: 'unit', unit: 'gram', maximumFractionDigits: 0 });
  const tonnes = new Intl.NumberFormat(tag, { maximumFractionDigits: 6 });
  const percent = new Intl.NumberFormat(tag, { style: 'percent', maximumFractionDigits: 2 });
  const factor = new Intl.NumberFormat(tag, { minimumFractionDigits: 4, maximumFractionDigits: 4 });
  const date = new Intl.DateTimeFormat(tag, { dateStyle: 'long', timeZone: 'UTC' });
  const dateTime = new Intl.DateTimeFormat(tag, {
    year: 'numeric', month: 'long', day: 'numeric', hour: 'numeric', minute: '2-digit', hourCycle: locale === 'EN' ? 'h12' : 'h23', timeZone: 'UTC', timeZoneName: 'short',
  });
  const currencies = new Map<string, Intl.NumberFormat>();
  const currencyFormat = (currency: string) => {
    let found = currencies.get(currency);
    if (!found) {
      found = new Intl.NumberFormat(tag, { style: 'currency', currency });
      currencies.set(currency, found);
    }
    return found;
  };

  return {
    locale,
    tag,
    integer: (value) => integer.format(value),
    money(minor, currency) {
      const format = currencyFormat(currency);
      // The currency's own minor unit: 2 digits for GBP and CNY, none for JPY.
      const digits = format.resolvedOptions().maximumFractionDigits ?? 2;
      return format.format(minor / 10 ** digits);
    },
    mass(value) {
      if (Math.abs(value) >= 1e6) return `${tonnes.format(value / 1e6)}${TONNE_SUFFIX[locale]}`;
      if (Math.abs(value) >= 1000) return kilograms.format(value / 1000);
      return grams.format(value);
    },
    percent: (pct) => percent.format(pct / 100),
    factor: (value) => factor.format(value),
    date: (ms) => date.format(new Date(ms)),
    dateTime: (ms) => dateTime.format(new Date(ms)),
  };
}
