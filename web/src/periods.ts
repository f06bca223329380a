// Reporting periods as the API writes them (UTC): `2026`, `2026-H2`, `2026-Q4`, `2026-11`.
import type { MessageKey } from './i18n';

const pad = (n: number) => String(n).padStart(2, '0');
const monthKey = (year: number, month0: number) => `${String(year)}-${pad(month0 + 1)}`;

export interface PeriodChoice { readonly period: string; readonly label: MessageKey }

/** The periods offered in the selector, the running month first; all have started, as the API requires. */
export function periodChoices(now: Date): PeriodChoice[] {
  const year = now.getUTCFullYear();
  const month0 = now.getUTCMonth();
  const previous = new Date(Date.UTC(year, month0 - 1, 1));
  return [
    { period: monthKey(year, month0), label: 'period.month' },
    { period: monthKey(previous.getUTCFullYear(), previous.getUTCMonth()), label: 'period.previousMonth' },
    { period: `${String(year)}-Q${String(Math.floor(month0 / 3) + 1)}`, label: 'period.quarter' },
    { period: `${String(year)}-H${String(Math.floor(month0 / 6) + 1)}`, label: 'period.half' },
    { period: String(year), label: 'period.year' },
    { period: String(year - 1), label: 'period.previousYear' },
  ];
}

/** The last `count` months, oldest first, ending with the running one. */
export function lastMonths(now: Date, count: number): string[] {
  const year = now.getUTCFullYear();
  const month0 = now.getUTCMonth();
  return Array.from({ length: count }, (_, i) => {
    const d = new Date(Date.UTC(year, month0 - (count - 1 - i), 1));
    return monthKey(d.getUTCFullYear(), d.getUTCMonth());
  });
}
