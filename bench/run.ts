// npm run bench [-- --quick]: every scenario, each on freshly started local services, one table, one results file
// (bench/results/latest.json) and one last stdout line `BENCH {...}` with the five ratios. A benchmark, not a test:
// it reports figures and asserts only that every request succeeded.
//   quoteVsRawExpress            bench/quote (run as a child process, as `npm run bench:quote` runs it)
//   pipelineVsRawInsert, workers2vs1   bench/pipeline (likewise)
//   growth10x, p99OverP50        bench/suite/growth.ts (in this process: the API on its own database)
import './quote/production-env.js';
import { cpus, loadavg } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Cleanup } from './quote/cleanup.js';
import { InFlight } from './quote/in-flight.js';
import { runBenchMain } from './quote/interrupt.js';
import { writeResults } from './quote/report.js';
import { startBackends } from './quote/stack.js';
import { provenanceOf } from './pipeline/provenance.js';
import { numberIn, runChildBench, type ChildBench } from './suite/child-bench.js';
import { runGrowthAndTail, type GrowthOptions, type RunCpu } from './suite/growth.js';
import { ENTRIES_PER_CONSUMER } from './suite/ledger-seed.js';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const RESULTS_FILE = join(ROOT, 'bench', 'results', 'latest.json');

const GOALS = {
  quoteVsRawExpress: { goal: 0.8, higherIsBetter: true },
  pipelineVsRawInsert: { goal: 0.3, higherIsBetter: true },
  growth10x: { goal: 1.2, higherIsBetter: false },
  workers2vs1: { goal: 1.6, higherIsBetter: true },
  p99OverP50: { goal: 3, higherIsBetter: false },
} as const;
type Ratio = keyof typeof GOALS;

const out = (line = ''): void => { process.stdout.write(`${line}\n`); };
const progress = (line: string): void => { process.stderr.write(`[bench] ${line}\n`); };

interface SuiteOptions {
  readonly quick: boolean;
  readonly only: readonly string[] | null;
  readonly growth: GrowthOptions;
}

const USAGE =
  'usage: npm run bench [-- [--quick] [--only quote,pipeline,growth] [--consumers N]]\n' +
  '  --quick: bench/quote and bench/pipeline with --quick, growth 2,000 -> 20,000 consumers (20,000 -> 200,000 entries);\n' +
  '  default: their full runs, growth 10,000 -> 100,000 consumers (100,000 -> 1,000,000 entries);\n' +
  '  --consumers: the 1x consumer count (10 ledger entries each); --only: a subset (the BENCH line then lacks the rest)';

function parseOptions(argv: readonly string[]): SuiteOptions {
  let quick = false;
  let only: string[] | null = null;
  let consumers: number | null = null;
  for (let i = 0; i < argv.length; i += 1) {
    const arg = argv[i];
    if (arg === '--quick') quick = true;
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
    ? { baseConsumers: consumers ?? 2000, concurrency: 2, warmupMs: 3000, quoteMs: 12_000, redeemMs: 10_000, saturationSeconds: 8, rateSeconds: 15 }
    : { baseConsumers: consumers ?? 10_000, concurrency: 2, warmupMs: 5000, quoteMs: 30_000, redeemMs: 30_000, saturationSeconds: 15, rateSeconds: 60 };
  return { quick, only, growth };
}

const cpuCells = (c: RunCpu) => `${String(c.store ?? '?')} / ${String(c.service)} / ${String(c.otherProcesses ?? '?')}`;
const wanted = (options: SuiteOptions, part: string) => options.only === null || options.only.includes(part);
const fmt = (value: number | undefined, digits = 3) => (value === undefined ? '-' : value.toFixed(digits));

function aligned(rows: readonly (readonly string[])[]): string {
  const widths = (rows[0] ?? []).map((_, col) => Math.max(...rows.map((r) => (r[col] ?? '').length)));
  const line = (cells: readonly string[]) => cells.map((cell, col) => (col === 0 ? cell.padEnd(widths[col] ?? 0) : cell.padStart(widths[col] ?? 0))).join('  ');
  const [header = [], ...body] = rows;
  return [line(header), widths.map((w) => '-'.repeat(w)).join('  '), ...body.map(line)].join('\n');
}

async function bench(options: SuiteOptions, cleanup: Cleanup, signal: AbortSignal): Promise<string> {
  const started = Date.now();
  const inFlight = new InFlight();
  const childArgs = options.quick ? ['--quick'] : [];
  const ratios: Partial<Record<Ratio, number>> = {};
  const detail: Partial<Record<Ratio, string>> = {};
  const results: Record<string, unknown> = {};
  const wall: Record<string, number> = {};

  let quote: ChildBench | null = null;
  if (wanted(options, 'quote')) {
    progress('1/3 bench/quote...');
    quote = await runChildBench(ROOT, 'bench/quote/run.ts', childArgs, signal);
    ratios.quoteVsRawExpress = numberIn(quote.bench, 'quoteVsRawExpress', 'bench/quote');
    detail.quoteVsRawExpress = `${String(quote.bench.graphqlRps)} / ${String(quote.bench.bareRps)} req/s (GraphQL / bare Express), 2 connections`;
    results.quote = quote.bench;
    wall.quote = quote.wallMs;
  }
  let pipeline: ChildBench | null = null;
  if (wanted(options, 'pipeline')) {
    progress('2/3 bench/pipeline...');
    pipeline = await runChildBench(ROOT, 'bench/pipeline/run.ts', childArgs, signal);
    ratios.pipelineVsRawInsert = numberIn(pipeline.bench, 'pipelineVsRawInsert', 'bench/pipeline');
    ratios.workers2vs1 = numberIn(pipeline.bench, 'workers2vs1', 'bench/pipeline');
    results.pipeline = pipeline.bench;
    wall.pipeline = pipeline.wallMs;
  }
  let growthReport = '';
  if (wanted(options, 'growth')) {
    progress('3/3 growth10x and p99OverP50: starting the store and Redis...');
    const growthStarted = Date.now();
    const backends = await startBackends(ROOT, progress, cleanup);
    const { growth, tail } = await runGrowthAndTail({ root: ROOT, backends, inFlight, cleanup, signal, progress }, options.growth);
    ratios.growth10x = growth.growth10x;
    ratios.p99OverP50 = tail.p99OverP50;
    detail.growth10x = `quote ${fmt(growth.quoteGrowth)}, redemption ${fmt(growth.redeemGrowth)} (p50 ${String(growth.ten.quote.latency.p50Ms)}/${String(growth.one.quote.latency.p50Ms)} ms, ${String(growth.ten.redeem.latency.p50Ms)}/${String(growth.one.redeem.latency.p50Ms)} ms)`;
    detail.p99OverP50 = `p99 ${String(tail.atRate.latencyP99Ms)} / p50 ${String(tail.atRate.latencyP50Ms)} ms at ${String(tail.overallRate)} req/s = ${fmt(tail.loadFraction, 2)} x saturation ${fmt(tail.saturation.requestsPerSecond, 2)} req/s`;
    results.growth = growth;
    results.tail = tail;
    wall.growthAndTail = Date.now() - growthStarted;
    const size = (s: typeof growth.one) => `${s.consumers.toLocaleString('en')} consumers, ${s.ledgerEntries.toLocaleString('en')} entries`;
    growthReport = aligned([
      ['growth (latency from a driver process, 2 loops)', '1x', '10x', '10x / 1x'],
      ['data', size(growth.one), size(growth.ten), ''],
      ['quote p50 / p99 ms', `${String(growth.one.quote.latency.p50Ms)} / ${String(growth.one.quote.latency.p99Ms)}`, `${String(growth.ten.quote.latency.p50Ms)} / ${String(growth.ten.quote.latency.p99Ms)}`, fmt(growth.quoteGrowth)],
      ['quote answers', String(growth.one.quote.requests), String(growth.ten.quote.requests), ''],
      ['redemption p50 / p99 ms', `${String(growth.one.redeem.latency.p50Ms)} / ${String(growth.one.redeem.latency.p99Ms)}`, `${String(growth.ten.redeem.latency.p50Ms)} / ${String(growth.ten.redeem.latency.p99Ms)}`, fmt(growth.redeemGrowth)],
      ['redemption answers', String(growth.one.redeem.requests), String(growth.ten.redeem.requests), ''],
      ['CPU % of a core, quotes: store / service / other processes', cpuCells(growth.one.quoteCpu), cpuCells(growth.ten.quoteCpu), ''],
      ['CPU % of a core, redemptions: store / service / other', cpuCells(growth.one.redeemCpu), cpuCells(growth.ten.redeemCpu), ''],
      ['seeding (cumulative) s', fmt(growth.one.seedMs / 1000, 1), fmt(growth.ten.seedMs / 1000, 1), ''],
    ]);
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
  if (growthReport !== '') { out(); out('--- growth10x and p99OverP50 (bench/suite/growth.ts) ---'); out(growthReport); }
  out();
  const names = Object.keys(GOALS) as Ratio[];
  out(aligned([
    ['ratio', 'value', 'goal', 'met', 'from'],
    ...names.map((name) => {
      const value = ratios[name];
      const { goal, higherIsBetter } = GOALS[name];
      const met = value === undefined ? '-' : (higherIsBetter ? value >= goal : value <= goal) ? 'yes' : 'NO';
      return [name, fmt(value, 4), `${higherIsBetter ? '>=' : '<='} ${String(goal)}`, met, detail[name] ?? ''];
    }),
  ]));
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
    ratios,
    goals: GOALS,
    ...results,
  });
  out(`results written to ${RESULTS_FILE} (${String(Math.round((Date.now() - started) / 1000))} s in all)`);
  return `BENCH ${JSON.stringify(Object.fromEntries(names.filter((n) => ratios[n] !== undefined).map((n) => [n, ratios[n]])))}`;
}

await runBenchMain('bench', progress, (cleanup, signal) => bench(parseOptions(process.argv.slice(2)), cleanup, signal));
