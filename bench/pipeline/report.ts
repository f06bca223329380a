import { median } from '../quote/report.js';
import type { RawInsertResult } from './load-spec.js';
import type { PipelineRun, StoreCallFigures } from './pipeline-run.js';
import type { ProcessProfile } from './process-profile.js';

export const GOALS = { pipelineVsRawInsert: 0.3, cpuMsPerOrder: 4, storeCallsPerOrder: 6, workers2vs1: 1.0 } as const;

export interface Configuration {
  readonly workers: number;
  readonly runs: readonly PipelineRun[];
  readonly medianChoicesPerSecond: number;
}

export interface Ratios {
  readonly pipelineVsRawInsert: number;
  /** Which configuration the headline ratio uses: the better of the two. */
  readonly pipelineVsRawInsertUses: string;
  readonly bestChoicesPerSecond: number;
  readonly rawInsertsPerSecond: number;
  readonly workers2vs1: number;
}

const round = (value: number, digits: number): number => Math.round(value * 10 ** digits) / 10 ** digits;
const describe = (workers: number) => `API + ${String(workers)} worker${workers === 1 ? '' : 's'}`;

export function configurationOf(workers: number, runs: readonly PipelineRun[]): Configuration {
  return { workers, runs, medianChoicesPerSecond: median(runs.map((r) => r.choicesPerSecond)) };
}

export function ratiosOf(rawInsertsPerSecond: number, one: Configuration, two: Configuration): Ratios {
  const best = two.medianChoicesPerSecond > one.medianChoicesPerSecond ? two : one;
  return {
    pipelineVsRawInsert: round(best.medianChoicesPerSecond / rawInsertsPerSecond, 4),
    pipelineVsRawInsertUses: describe(best.workers),
    bestChoicesPerSecond: best.medianChoicesPerSecond,
    rawInsertsPerSecond: round(rawInsertsPerSecond, 1),
    workers2vs1: round(two.medianChoicesPerSecond / one.medianChoicesPerSecond, 3),
  };
}

function aligned(rows: readonly (readonly string[])[]): string {
  const widths = (rows[0] ?? []).map((_, col) => Math.max(...rows.map((r) => (r[col] ?? '').length)));
  const line = (cells: readonly string[]) =>
    cells.map((cell, col) => (col === 0 ? cell.padEnd(widths[col] ?? 0) : cell.padStart(widths[col] ?? 0))).join('  ');
  const [header = [], ...body] = rows;
  return [line(header), widths.map((w) => '-'.repeat(w)).join('  '), ...body.map(line)].join('\n');
}

/** The headline table: every run's rate and the median, raw inserts and both configurations. */
export function ratesTable(raw: readonly RawInsertResult[], configurations: readonly Configuration[]): string {
  const runs = Math.max(raw.length, ...configurations.map((c) => c.runs.length));
  const cells = (values: readonly number[]) => Array.from({ length: runs }, (_, i) => values[i]?.toFixed(2) ?? '-');
  return aligned([
    ['this machine', ...Array.from({ length: runs }, (_, i) => `run ${String(i + 1)}`), 'median', 'unit'],
    ['raw insertOne into bench_raw_inserts', ...cells(raw.map((r) => r.insertsPerSecond)), median(raw.map((r) => r.insertsPerSecond)).toFixed(2), 'inserts/s'],
    ...configurations.map((c) => [
      `pipeline, ${describe(c.workers)}`,
      ...cells(c.runs.map((r) => r.choicesPerSecond)),
      c.medianChoicesPerSecond.toFixed(2),
      'choices/s',
    ]),
  ]);
}

/** Where the time and CPU of each configuration's median run went. */
export function detailTable(configurations: readonly Configuration[]): string {
  const medianRun = (c: Configuration): PipelineRun => {
    const sorted = [...c.runs].sort((a, b) => a.choicesPerSecond - b.choicesPerSecond);
    const run = sorted[Math.floor((sorted.length - 1) / 2)];
    if (!run) throw new Error('a configuration without runs');
    return run;
  };
  const picked = configurations.map(medianRun);
  const processes = [...new Set(picked.flatMap((r) => Object.keys(r.cpuPercent)))];
  const rows: string[][] = [
    ['median run', ...configurations.map((c) => describe(c.workers))],
    ['orders posted / s', ...picked.map((r) => r.choicesPerSecond.toFixed(2))],
    ['mutations answered: orders / s', ...picked.map((r) => r.ingestPerSecond.toFixed(2))],
    ['last posted after last answer, ms', ...picked.map((r) => String(r.drainMs))],
    ['choosePackaging p50 / p99 ms', ...picked.map((r) => `${String(r.choose.p50Ms)} / ${String(r.choose.p99Ms)}`)],
    ['recordOrderEvent p50 / p99 ms', ...picked.map((r) => `${String(r.deliver.p50Ms)} / ${String(r.deliver.p99Ms)}`)],
    ...processes.map((name) => [
      `CPU ${name}: % of a core while running, ms/order`,
      ...picked.map((r) => (r.cpuPercent[name] === undefined ? '-' : `${String(r.cpuPercent[name])} %, ${String(r.cpuMsPerOrder[name] ?? 0)}`)),
    ]),
  ];
  return aligned(rows);
}

/**
 * The store calls per posted order, by process, with the embedded store's access path and the mean time each took
 * from sending to reply (queueing in the store included).
 */
export function storeCallsTable(calls: Readonly<Record<string, Readonly<Record<string, StoreCallFigures>>>>): string {
  const names = Object.keys(calls);
  const perOrder = (name: string, key: string) => calls[name]?.[key]?.perOrder ?? 0;
  const keys = [...new Set(names.flatMap((n) => Object.keys(calls[n] ?? {})))].sort(
    (a, b) => names.reduce((s, n) => s + perOrder(n, b), 0) - names.reduce((s, n) => s + perOrder(n, a), 0),
  );
  const total = (name: string, match: (key: string) => boolean) => {
    const picked = Object.entries(calls[name] ?? {}).filter(([key]) => match(key));
    const n = picked.reduce((sum, [, f]) => sum + f.perOrder, 0);
    const ms = picked.reduce((sum, [, f]) => sum + f.perOrder * f.meanMs, 0);
    return `${n.toFixed(2)}  ${ms.toFixed(0).padStart(6)} ms`;
  };
  return aligned([
    ['store calls per posted order  (calls, mean ms each)', ...names],
    ...keys.map((key) => [
      key,
      ...names.map((n) => {
        const f = calls[n]?.[key];
        return f ? `${f.perOrder.toFixed(2)}  ${f.meanMs.toFixed(1).padStart(6)} ms` : '-';
      }),
    ]),
    ['all  (calls, store time per order)', ...names.map((n) => total(n, () => true))],
    ['  of which read a whole collection (scan)', ...names.map((n) => total(n, (k) => k.endsWith('(scan)')))],
  ]);
}

const PROFILE_TOP = 14;

/** CPU self time per posted order in each profiled process, by package or project folder, largest first. */
export function profileTable(profiles: Readonly<Record<string, ProcessProfile>>): string {
  const names = Object.keys(profiles);
  const byName = new Map(names.map((n) => [n, new Map((profiles[n]?.buckets ?? []).map((b) => [b.bucket, b.selfMs]))]));
  const sum = (bucket: string) => names.reduce((s, n) => s + (byName.get(n)?.get(bucket) ?? 0), 0);
  const buckets = [...new Set(names.flatMap((n) => [...(byName.get(n)?.keys() ?? [])]))].sort((a, b) => sum(b) - sum(a)).slice(0, PROFILE_TOP);
  return aligned([
    ['CPU self time, ms per posted order', ...names],
    ...buckets.map((bucket) => [bucket, ...names.map((n) => (byName.get(n)?.get(bucket) ?? 0).toFixed(2))]),
    ['all sampled', ...names.map((n) => (profiles[n]?.sampledMsPerOrder ?? 0).toFixed(2))],
  ]);
}

/** The processes that do the service's work per order: the API, the workers, the store and Redis (not the load). */
const SERVICE_PROCESS = /^(api|worker-\d+|store \(.*\)|redis)$/;

/** CPU ms per posted order of the API, workers, store and Redis in the 1-worker runs: the median of the runs. */
export function serviceCpuMsPerOrder(one: Configuration): number {
  const perRun = one.runs.map((run) => Object.entries(run.cpuMsPerOrder).filter(([name]) => SERVICE_PROCESS.test(name)).reduce((sum, [, ms]) => sum + ms, 0));
  return round(median(perRun), 1);
}

/** Store calls per posted order, API and worker together, from a run that counted them. */
export function storeCallsPerOrder(run: PipelineRun | null): number | null {
  if (!run?.storeCalls) return null;
  const total = Object.values(run.storeCalls).flatMap((calls) => Object.values(calls)).reduce((sum, figures) => sum + figures.perOrder, 0);
  return round(total, 2);
}

export function benchLine(ratios: Ratios, cpuMsPerOrder: number, storeCalls: number | null): string {
  return `BENCH ${JSON.stringify({
    pipelineVsRawInsert: ratios.pipelineVsRawInsert,
    cpuMsPerOrder,
    ...(storeCalls === null ? {} : { storeCallsPerOrder: storeCalls }),
    workers2vs1: ratios.workers2vs1,
  })}`;
}
