import { mkdir, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { Measured } from './measure.js';

/** The two operations alternated on the same /graphql endpoint. */
export type Route = 'quote' | 'trivial';
export const ROUTES: readonly Route[] = ['quote', 'trivial'];
export const ROUTE_LABELS: Readonly<Record<Route, string>> = { quote: 'quote (packagingOptions)', trivial: 'trivial ({ __typename })' };

export interface RouteSummary {
  readonly route: Route;
  readonly url: string;
  readonly runs: readonly Measured[];
  readonly medianRps: number;
  readonly medianP50Ms: number;
  readonly medianP99Ms: number;
  readonly medianNodeCpuMsPerRequest: number;
}

export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  const upper = sorted[mid];
  const lower = sorted[sorted.length % 2 === 0 ? mid - 1 : mid];
  if (upper === undefined || lower === undefined) throw new Error('median of nothing');
  return (lower + upper) / 2;
}

export function summarize(route: Route, url: string, runs: readonly Measured[]): RouteSummary {
  return {
    route,
    url,
    runs,
    medianRps: median(runs.map((r) => r.requestsPerSecond)),
    medianP50Ms: median(runs.map((r) => r.latencyP50Ms)),
    medianP99Ms: median(runs.map((r) => r.latencyP99Ms)),
    medianNodeCpuMsPerRequest: median(runs.map((r) => r.nodeCpuMsPerRequest)),
  };
}

export const round = (value: number, digits: number): number => Math.round(value * 10 ** digits) / 10 ** digits;

/**
 * A plain-text table: one row per route, its req/s in every run, the median, the median p50/p99 latency, and the
 * median CPU this process spent per request (the Node side of the cost, without the store's).
 */
export function table(summaries: readonly RouteSummary[]): string {
  const runs = Math.max(...summaries.map((s) => s.runs.length));
  const header = ['route', ...Array.from({ length: runs }, (_, i) => `run ${String(i + 1)} req/s`), 'median req/s', 'p50 ms', 'p99 ms', 'node CPU ms/req'];
  const rows = summaries.map((s) => [
    ROUTE_LABELS[s.route],
    ...Array.from({ length: runs }, (_, i) => {
      const run = s.runs[i];
      return run ? run.requestsPerSecond.toFixed(1) : '-';
    }),
    s.medianRps.toFixed(1),
    String(round(s.medianP50Ms, 1)),
    String(round(s.medianP99Ms, 1)),
    s.medianNodeCpuMsPerRequest.toFixed(2),
  ]);
  const widths = header.map((h, col) => Math.max(h.length, ...rows.map((r) => (r[col] ?? '').length)));
  const line = (cells: readonly string[]) =>
    cells.map((cell, col) => (col === 0 ? cell.padEnd(widths[col] ?? 0) : cell.padStart(widths[col] ?? 0))).join('  ');
  return [line(header), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(line)].join('\n');
}

/** quote req/s over `{ __typename }` req/s, medians of the same run's alternating rounds. */
export const ratioOf = (quote: RouteSummary, trivial: RouteSummary): number => round(quote.medianRps / trivial.medianRps, 3);

export async function writeResults(file: string, results: unknown): Promise<void> {
  await mkdir(dirname(file), { recursive: true });
  await writeFile(file, `${JSON.stringify(results, null, 2)}\n`);
}
