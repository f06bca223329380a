// npm run bench [-- --quick]: every scenario, each on freshly started local services, one table, one results file
// (bench/results/latest.json) and one last stdout line `BENCH {...}` with the figures of bench/goals.ts. A benchmark,
// not a test: it reports figures and asserts only that every request succeeded.
//   quoteVsTrivialGraphql, quoteRps, quoteP99AtLoadMs, p99OverP50, catalogueGrowth
//                                      bench/quote (run as a child process, as `npm run bench:quote` runs it)
//   pipelineVsRawInsert, cpuMsPerOrder, storeCallsPerOrder, workers2vs1   bench/pipeline (likewise, with --count-store-calls)
//   growth10x, redeemRps, redeemP99Ms  bench/suite/growth.ts (in this process: the API on its own database)
import './quote/production-env.js';
import { cpus, loadavg } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { LARGE_TYPES, QUOTED_TYPES, SMALL_TYPES } from './quote/catalogue-sizes.js';
import type { Cleanup } from './quote/cleanup.js';
import { runBenchMain } from './quote/interrupt.js';
import { writeResults } from './quote/report.js';
import { startBackends } from './quote/stack.js';
import { provenanceOf } from './pipeline/provenance.js';
import { numberIn, runChildBench, type ChildBench } from './suite/child-bench.js';
import { GOALS, goalMet, goalText, type Figure } from './goals.js';
import { runGrowthAndRedemption, type GrowthOptions, type RunCpu } from './suite/growth.js';
import type { RedemptionDiagnosis } from './suite/redemption-diagnosis.js';
import { describeTail } from './suite/latency-runs.js';
import { ENTRIES_PER_CONSUMER } from './suite/ledger-seed.js';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const RESULTS_FILE = join(ROOT, 'bench', 'results', 'latest.json');

const out = (line = ''): void => { process.stdout.write(`${line}\n`); };
const progress = (line: string): void => { process.stderr.write(`[bench] ${line}\n`); };

interface SuiteOptions {
  readonly quick: boolean;
  readonly only: readonly string[] | null;
  readonly growth: GrowthOptions;
}

const USAGE =
  'usage: npm run bench [-- [--quick] [--only quote,pipeline,growth] [--consumers N] [--diagnose]]\n' +
  '  --quick: bench/quote and bench/pipeline with --quick, growth 2,000 -> 20,000 consumers (20,000 -> 200,000 entries)\n' +
  '  and shorter redemption runs;\n' +
  '  default: their full runs, growth 10,000 -> 100,000 consumers (100,000 -> 1,000,000 entries);\n' +
  '  --consumers: the 1x consumer count (10 ledger entries each); --only: a subset (the BENCH line then lacks the rest);\n' +
  '  --diagnose: after the redemption runs, one more under the CPU profiler with the store commands counted (the\n' +
  '  command monitoring it needs is on for the whole growth part, so its figures are not for the record)';

function parseOptions(argv: readonly string[]): SuiteOptions {
  let quick = false;
  let only: string[] | null = null;
  let consumers: number | null = null;
  let diagnose = false;
  for (let i = 0; i < argv.length; i += 1) {
    const arg = argv[i];
    if (arg === '--quick') quick = true;
    else if (arg === '--diagnose') diagnose = true;
    else if (arg === '--only') {
      only = (argv[i + 1] ?? '').split(',').filter((s) => s !== '');
      if (only.length === 0 || only.some((s) => !['quote', 'pipeline', 'growth'].includes(s))) throw new Error(USAGE);
      i += 1;
    } else if (arg === '--consumers') {
      consumers = Number(argv[i + 1]);
      if (!Number.isInteger(consumers) || consumers < 10 || consumers > 1_000_000) throw new Error(USAGE);
      i += 1;
    } else throw new Error(`unknown argument ${String(arg)}\n${USAGE}`);
  }
  const growth: GrowthOptions = quick
    ? { baseConsumers: consumers ?? 2000, concurrency: 2, warmupMs: 3000, quoteMs: 12_000, redeemMs: 10_000, saturationSeconds: 8, rateSeconds: 15, diagnose }
    : { baseConsumers: consumers ?? 10_000, concurrency: 2, warmupMs: 5000, quoteMs: 30_000, redeemMs: 30_000, saturationSeconds: 15, rateSeconds: 60, diagnose };
  return { quick, only, growth };
}

function diagnosisReport(d: RedemptionDiagnosis): string {
  return [
    `diagnosis (not a figure): ${String(d.requestsPerSecond)} redemptions/s under the profiler, ${String(d.requests)} redemptions; profile ${d.profileFile}`,
    aligned([['store command', 'per redemption', 'mean ms'], ...d.storeCalls.map((c) => [c.call, fmt(c.perRedemption), fmt(c.meanMs, 2)]), ['all', fmt(d.storeCallsPerRedemption), '']]),
    '',
    aligned([['service CPU self time', 'ms per redemption'], ...d.profile.slice(0, 14).map((b) => [b.bucket, fmt(b.selfMs)]), ['all sampled', fmt(d.profile.reduce((sum, b) => sum + b.selfMs, 0))]]),
  ].join('\n');
}

const cpuCells = (c: RunCpu) => `${String(c.store ?? '?')} / ${String(c.service)} / ${String(c.otherProcesses ?? '?')}`;
const wanted = (options: SuiteOptions, part: string) => options.only === null || options.only.includes(part);
const fmt = (value: number | undefined, digits = 3) => (value === undefined ? '-' : value.toFixed(digits));

/** A text table: the first column (and any of `textColumns`) left-aligned, numbers right-aligned. */
function aligned(rows: readonly (readonly string[])[], textColumns: readonly number[] = []): string {
  const widths = (rows[0] ?? []).map((_, col) => Math.max(...rows.map((r) => (r[col] ?? '').length)));
  const left = (col: number) => col === 0 || textColumns.includes(col);
  const line = (cells: readonly string[]) =>
    cells.map((cell, col) => (left(col) ? cell.padEnd(widths[col] ?? 0) : cell.padStart(widths[col] ?? 0))).join('  ').trimEnd();
  const [header = [], ...body] = rows;
  return [line(header), widths.map((w) => '-'.repeat(w)).join('  '), ...body.map(line)].join('\n');
}

async function bench(options: SuiteOptions, cleanup: Cleanup, signal: AbortSignal): Promise<string> {
  const started = Date.now();
  const childArgs = options.quick ? ['--quick'] : [];
  const figures: Partial<Record<Figure, number>> = {};
  const detail: Partial<Record<Figure, string>> = {};
  /** Figures from a run that fell behind its schedule: a queue's latencies, so no goal counts as met by them. */
  const overloadedFigures = new Set<Figure>();
  const results: Record<string, unknown> = {};
  const wall: Record<string, number> = {};

  let quote: ChildBench | null = null;
  if (wanted(options, 'quote')) {
    progress('1/3 bench/quote...');
    quote = await runChildBench(ROOT, 'bench/quote/run.ts', childArgs, signal);
    const q = quote.bench;
    const n = (key: string) => numberIn(q, key, 'bench/quote');
    for (const name of ['quoteVsTrivialGraphql', 'quoteRps', 'quoteP99AtLoadMs', 'p99OverP50', 'catalogueGrowth'] as const) figures[name] = n(name);
    detail.quoteVsTrivialGraphql = `${String(n('quoteRps'))} / ${String(n('trivialRps'))} req/s (quote / { __typename }), ${String(n('connections'))} connections, bench/quote`;
    detail.quoteRps = `packagingOptions at ${QUOTED_TYPES.toLocaleString('en')} packaging types, ${String(n('connections'))} connections, bench/quote`;
    const overloaded = q.loadKeptUp === false ? ', OVERLOADED (the service fell behind)' : '';
    if (q.loadKeptUp === false) for (const name of ['quoteP99AtLoadMs', 'p99OverP50'] as const) overloadedFigures.add(name);
    detail.quoteP99AtLoadMs = `open loop at ${String(n('loadRps'))} req/s = 80 % of the latency driver's saturation, ${String(n('driverSaturationRps'))} req/s (p50 ${String(n('quoteP50AtLoadMs'))} ms)${overloaded}, bench/quote`;
    detail.p99OverP50 = `the quote at that load: ${String(n('quoteP99AtLoadMs'))} / ${String(n('quoteP50AtLoadMs'))} ms${overloaded}, bench/quote`;
    detail.catalogueGrowth = `quote p50 ${String(n('p50LargeMs'))} ms at ${LARGE_TYPES.toLocaleString('en')} types / ${String(n('p50SmallMs'))} ms at ${SMALL_TYPES.toLocaleString('en')}, 2 loops, bench/quote`;
    results.quote = q;
    wall.quote = quote.wallMs;
  }
  let pipeline: ChildBench | null = null;
  if (wanted(options, 'pipeline')) {
    progress('2/3 bench/pipeline...');
    // One more run with the store calls counted (not part of the rates), for storeCallsPerOrder.
    pipeline = await runChildBench(ROOT, 'bench/pipeline/run.ts', [...childArgs, '--count-store-calls'], signal);
    figures.pipelineVsRawInsert = numberIn(pipeline.bench, 'pipelineVsRawInsert', 'bench/pipeline');
    figures.cpuMsPerOrder = numberIn(pipeline.bench, 'cpuMsPerOrder', 'bench/pipeline');
    figures.storeCallsPerOrder = numberIn(pipeline.bench, 'storeCallsPerOrder', 'bench/pipeline');
    figures.workers2vs1 = numberIn(pipeline.bench, 'workers2vs1', 'bench/pipeline');
    detail.pipelineVsRawInsert = 'bench/pipeline';
    detail.cpuMsPerOrder = 'API, worker, store and Redis, API + 1 worker, bench/pipeline';
    detail.storeCallsPerOrder = 'API + worker, a counted run, bench/pipeline';
    detail.workers2vs1 = 'bench/pipeline';
    results.pipeline = pipeline.bench;
    wall.pipeline = pipeline.wallMs;
  }
  let growthReport = '';
  if (wanted(options, 'growth')) {
    progress('3/3 growth10x and redemptions: starting the store and Redis...');
    const growthStarted = Date.now();
    const backends = await startBackends(ROOT, progress, cleanup);
    const { growth, redemption } = await runGrowthAndRedemption({ root: ROOT, backends, cleanup, signal, progress }, options.growth);
    figures.growth10x = growth.growth10x;
    figures.redeemRps = redemption.redeemRps;
    figures.redeemP99Ms = redemption.redeemP99Ms;
    const entries = `${redemption.ledgerEntries.toLocaleString('en')} ledger entries`;
    detail.growth10x = `quote ${fmt(growth.quoteGrowth)}, redemption ${fmt(growth.redeemGrowth)} (p50 ${String(growth.ten.quote.latency.p50Ms)}/${String(growth.one.quote.latency.p50Ms)} ms, ${String(growth.ten.redeem.latency.p50Ms)}/${String(growth.one.redeem.latency.p50Ms)} ms), bench/suite/growth.ts`;
    detail.redeemRps = `redeemCredits, ${String(redemption.loops)} closed loops, at ${entries}, bench/suite/growth.ts`;
    if (!redemption.tail.keptUp) overloadedFigures.add('redeemP99Ms');
    detail.redeemP99Ms = `open loop at ${String(redemption.tail.ratePerSecond)} req/s = 80 % of redeemRps (p50 ${String(redemption.tail.p50Ms)} ms)${redemption.tail.keptUp ? '' : ', OVERLOADED (the service fell behind)'}, at ${entries}, bench/suite/growth.ts`;
    results.growth = growth;
    results.redemption = redemption;
    wall.growthAndRedemption = Date.now() - growthStarted;
    const size = (s: typeof growth.one) => `${s.consumers.toLocaleString('en')} consumers, ${s.ledgerEntries.toLocaleString('en')} entries`;
    growthReport = [
      aligned([
        ['growth (latency from a driver process, 2 loops)', '1x', '10x', '10x / 1x'],
        ['data', size(growth.one), size(growth.ten), ''],
        ['quote p50 / p99 ms', `${String(growth.one.quote.latency.p50Ms)} / ${String(growth.one.quote.latency.p99Ms)}`, `${String(growth.ten.quote.latency.p50Ms)} / ${String(growth.ten.quote.latency.p99Ms)}`, fmt(growth.quoteGrowth)],
        ['quote answers', String(growth.one.quote.requests), String(growth.ten.quote.requests), ''],
        ['redemption p50 / p99 ms', `${String(growth.one.redeem.latency.p50Ms)} / ${String(growth.one.redeem.latency.p99Ms)}`, `${String(growth.ten.redeem.latency.p50Ms)} / ${String(growth.ten.redeem.latency.p99Ms)}`, fmt(growth.redeemGrowth)],
        ['redemption answers', String(growth.one.redeem.requests), String(growth.ten.redeem.requests), ''],
        ['CPU % of a core, quotes: store / service / other processes', cpuCells(growth.one.quoteCpu), cpuCells(growth.ten.quoteCpu), ''],
        ['CPU % of a core, redemptions: store / service / other', cpuCells(growth.one.redeemCpu), cpuCells(growth.ten.redeemCpu), ''],
        ['seeding (cumulative) s', fmt(growth.one.seedMs / 1000, 1), fmt(growth.ten.seedMs / 1000, 1), ''],
      ]),
      '',
      `redemptions at 10x, saturation (${String(redemption.loops)} closed loops): ${redemption.saturation.requestsPerSecond.toFixed(1)} req/s, ` +
        `p50 ${String(redemption.saturation.latency.p50Ms)} ms, p99 ${String(redemption.saturation.latency.p99Ms)} ms; CPU % of a core: ${cpuCells(redemption.saturationCpu)}`,
      `redemptions at 10x, open loop: ${describeTail(redemption.tail)}`,
      ...(redemption.diagnosis ? ['', diagnosisReport(redemption.diagnosis)] : []),
    ].join('\n');
  }

  const cpu = cpus();
  const code = await provenanceOf(ROOT);
  out();
  out(`npm run bench${options.quick ? ' -- --quick' : ''}: every scenario on freshly started local services`);
  out(
    `  this machine: ${String(cpu.length)} cores (${cpu[0]?.model.trim() ?? 'unknown CPU'}), load average ${loadavg().map((l) => l.toFixed(2)).join(' ')} at the end, ` +
      `NODE_ENV=${process.env.NODE_ENV ?? ''}; code ${code.commit?.slice(0, 12) ?? 'unknown'}` +
      (code.uncommittedOutsideBench.length === 0 ? '' : ` plus ${String(code.uncommittedOutsideBench.length)} uncommitted files outside bench/`),
  );
  if (quote) { out(); out('--- bench/quote ---'); out(quote.report); }
  if (pipeline) { out(); out('--- bench/pipeline ---'); out(pipeline.report); }
  if (growthReport !== '') { out(); out('--- growth10x and redemptions (bench/suite/growth.ts) ---'); out(growthReport); }
  out();
  const names = Object.keys(GOALS) as Figure[];
  out(aligned([
    ['figure', 'value', 'goal', 'met', 'from'],
    ...names.map((name) => {
      const value = figures[name];
      const met = value === undefined ? '-' : overloadedFigures.has(name) ? 'NO (overloaded)' : goalMet(value, GOALS[name]) ? 'yes' : 'NO';
      // Times and rates to a tenth, ratios to a thousandth.
      return [name, fmt(value, /(Ms|Rps)$/.test(name) ? 1 : 3), goalText(GOALS[name]), met, detail[name] ?? ''];
    }),
  ], [4]));
  await writeResults(RESULTS_FILE, {
    benchmark: 'suite',
    quick: options.quick,
    finishedAt: new Date().toISOString(),
    wallSeconds: Math.round((Date.now() - started) / 1000),
    wallSecondsByPart: Object.fromEntries(Object.entries(wall).map(([k, v]) => [k, Math.round(v / 1000)])),
    machine: { cores: cpu.length, model: cpu[0]?.model.trim() ?? null, loadAverageAtEnd: loadavg() },
    node: process.version,
    nodeEnv: process.env.NODE_ENV ?? null,
    code,
    options: { ...options, entriesPerConsumer: ENTRIES_PER_CONSUMER },
    figures,
    goals: GOALS,
    ...results,
  });
  out(`results written to ${RESULTS_FILE} (${String(Math.round((Date.now() - started) / 1000))} s in all)`);
  return `BENCH ${JSON.stringify(Object.fromEntries(names.filter((n) => figures[n] !== undefined).map((n) => [n, figures[n]])))}`;
}

await runBenchMain('bench', progress, (cleanup, signal) => bench(parseOptions(process.argv.slice(2)), cleanup, signal));
