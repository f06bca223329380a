// Reporting periods as API.md writes them, all UTC: a year `2026`, a half `2026-H1`, a quarter `2026-Q3`, a month
// `2026-11`. A period is the half-open interval [start, end).

export interface Period {
  readonly key: string;
  readonly year: number;
  readonly startMs: number;
  readonly endMs: number;
}

const PERIOD = /^(\d{4})(?:-(H[12]|Q[1-4]|0[1-9]|1[0-2]))?$/;

export function parsePeriod(value: string): Period | null {
  const match = PERIOD.exec(value);
  if (!match?.[1]) return null;
  const year = Number(match[1]);
  if (year < 2000 || year > 2999) return null;
  const part = match[2];
  const [firstMonth, months] = !part
    ? [0, 12]
    : part.startsWith('H') ? [(Number(part.slice(1)) - 1) * 6, 6]
    : part.startsWith('Q') ? [(Number(part.slice(1)) - 1) * 3, 3]
    : [Number(part) - 1, 1];
  return { key: value, year, startMs: Date.UTC(year, firstMonth, 1), endMs: Date.UTC(year, firstMonth + months, 1) };
}

export const PERIOD_FORMAT = 'a year (2026), half (2026-H1), quarter (2026-Q3) or month (2026-11)';

/** The periods of every length that contain an instant: the ones a recomputation keeps current. */
export function periodsContaining(ms: number): Period[] {
  const date = new Date(ms);
  const year = date.getUTCFullYear();
  const month = date.getUTCMonth();
  const keys = [String(year), `${String(year)}-H${String(Math.floor(month / 6) + 1)}`, `${String(year)}-Q${String(Math.floor(month / 3) + 1)}`, `${String(year)}-${String(month + 1).padStart(2, '0')}`];
  return keys.map((key) => parsePeriod(key)).filter((p): p is Period => p !== null);
}

/** The period and every longer one containing it (a month's quarter, half and year): the ones its figures count in. */
export function periodsAround(period: Period): Period[] {
  return periodsContaining(period.startMs).filter((p) => p.startMs <= period.startMs && p.endMs >= period.endMs);
}

/** Every period of any length within a period (itself included), coarsest first. */
export function periodsWithin(period: Period): Period[] {
  const y = String(period.year);
  const keys = [y, `${y}-H1`, `${y}-H2`, ...[1, 2, 3, 4].map((q) => `${y}-Q${String(q)}`), ...Array.from({ length: 12 }, (_, m) => `${y}-${String(m + 1).padStart(2, '0')}`)];
  return keys.map((key) => parsePeriod(key)).filter((p): p is Period => p !== null && p.startMs >= period.startMs && p.endMs <= period.endMs);
}

/**
 * Which of a producer's reports count for a period: those for periods within it, coarsest first, skipping any that
 * overlaps one already taken. A year reported whole and by quarters counts once, by the year.
 */
export function reportsCovering<T extends { readonly period: string }>(period: Period, reports: readonly T[]): T[] {
  const within = reports
    .map((report) => ({ report, span: parsePeriod(report.period) }))
    .filter((r): r is { report: T; span: Period } => r.span !== null && r.span.startMs >= period.startMs && r.span.endMs <= period.endMs)
    .sort((a, b) => b.span.endMs - b.span.startMs - (a.span.endMs - a.span.startMs) || a.span.startMs - b.span.startMs);
  const taken: Period[] = [];
  const picked: T[] = [];
  for (const { report, span } of within) {
    if (taken.some((t) => span.startMs < t.endMs && t.startMs < span.endMs)) continue;
    taken.push(span);
    picked.push(report);
  }
  return picked;
}
