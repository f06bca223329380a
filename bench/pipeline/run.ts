// npm run bench:pipeline [-- --quick]: choices per second from the choosePackaging mutation to the EARN_POSTED entry
// in the consumer's ledger, with the API and 1 or 2 worker processes, against single-document inserts into the same
// store, all in one run on freshly started services. A benchmark, not a test: it reports figures and asserts only
// that every request succeeded and every order got posted.
import '../quote/production-env.js';
import { randomBytes } from 'node:crypto';
import { cpus } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Cleanup } from '../quote/cleanup.js';
import { runBenchMain } from '../quote/interrupt.js';
import { median, writeResults } from '../quote/report.js';
import { SEED } from '../quote/seed.js';
import { dropDatabase, startBackends, withDatabase } from '../quote/stack.js';
import { runRawInserts } from './load.js';
import type { RawInsertResult } from './load-spec.js';
import { parseOptions, type PipelineOptions } from './options.js';
import { ORDER_SEED } from './order-mix.js';
import { runConfiguration, type PipelineRun, type RunSetup } from './pipeline-run.js';
import { findPid, type WatchedProcess } from './process-cpu.js';
import { GOALS, benchLine, configurationOf, detailTable, profileTable, ratesTable, ratiosOf, serviceCpuMsPerOrder, storeCallsPerOrder, storeCallsTable } from './report.js';
import { provenanceOf } from './provenance.js';
import { prepareTemplate } from './template.js';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const RESULTS_DIR = join(ROOT, 'bench', 'results');
const RESULTS_FILE = join(RESULTS_DIR, 'pipeline.json');
const RAW_COLLECTION = 'bench_raw_inserts';

const out = (line = ''): void => { process.stdout.write(`${line}\n`); };
const progress = (line: string): void => { process.stderr.write(`[bench:pipeline] ${line}\n`); };

/** The store's and Redis's processes, when they run on this machine, for their CPU time. */
async function infrastructureOf(storeBase: string, storeStarted: boolean, redisUrl: string): Promise<WatchedProcess[]> {
  const found: WatchedProcess[] = [];
  const storePort = new URL(storeBase).port;
  const store = storeStarted ? await findPid(['ferretdb', `--listen-addr=127.0.0.1:${storePort}`]) : null;
  if (store !== null) found.push({ name: 'store (FerretDB)', pid: store });
  const redis = await findPid(['redis-server', `:${new URL(redisUrl).port || '6379'}`]);
  if (redis !== null) found.push({ name: 'redis', pid: redis });
  return found;
}

/** Runs the benchmark; returns the BENCH line, printed only once everything it started is cleaned up. */
async function bench(options: PipelineOptions, cleanup: Cleanup, signal: AbortSignal): Promise<string> {
  const benchStarted = Date.now();
  progress('starting the store and Redis...');
  const backends = await startBackends(ROOT, progress, cleanup);
  signal.throwIfAborted();
  const runId = randomBytes(4).toString('hex');
  // The service's configuration as production sets it (docs/operations.md "Configuration"); nothing tuned.
  const env: Record<string, string> = {
    NODE_ENV: process.env.NODE_ENV ?? 'production',
    REDIS_URL: backends.redisUrl,
    ADMIN_API_KEY: `bench-admin-${randomBytes(16).toString('hex')}`,
    // A benchmark measures the service, not its throttle: thousands of requests a second from one key.
    RATE_LIMIT_PER_MINUTE: '0',
    CONTACT_ENCRYPTION_KEY: randomBytes(32).toString('hex'),
    MAIL_OUTBOX_DIR: join(backends.workDir, 'outbox'),
    // The production default, unless the run is asked for another bound (to compare: docs/benchmarks.md).
    ...(process.env.MAX_REQUESTS_IN_FLIGHT === undefined ? {} : { MAX_REQUESTS_IN_FLIGHT: process.env.MAX_REQUESTS_IN_FLIGHT }),
  };

  const template = await prepareTemplate(
    {
      env,
      uri: withDatabase(backends.storeBase, `bench_pipeline_${runId}_template`),
      queuePrefix: `{glbench-pipeline-${runId}-template}`,
      warmupOrders: options.warmupOrders,
      orders: options.orders,
    },
    cleanup,
    signal,
    progress,
  );
  const classes = new Map<string, number>();
  for (const o of template.measured) classes.set(o.packagingClass, (classes.get(o.packagingClass) ?? 0) + 1);
  const mix = [...classes].map(([c, n]) => `${c} ${String(n)}`).join(', ');
  const optionsOffered = template.measured.reduce((sum, o) => sum + o.optionsOffered, 0) / template.measured.length;

  const rawUri = withDatabase(backends.storeBase, `bench_pipeline_${runId}_raw`);
  cleanup.add('drop the raw-insert database', () => dropDatabase(rawUri));
  const infrastructure = await infrastructureOf(backends.storeBase, backends.storeOrigin !== 'MONGODB_URI', backends.redisUrl);
  const setup: RunSetup = {
    root: ROOT,
    backends,
    template,
    env,
    runId,
    concurrency: options.concurrency,
    resultsDir: RESULTS_DIR,
    infrastructure,
    cleanup,
    signal,
    progress,
  };

  const raw: RawInsertResult[] = [];
  const runs: Record<1 | 2, PipelineRun[]> = { 1: [], 2: [] };
  const none = { cpuProfile: false, countStoreCalls: false };
  for (let round = 1; round <= options.rounds; round += 1) {
    const r = await runRawInserts(
      ROOT,
      { kind: 'raw-insert', mongodbUri: rawUri, collection: RAW_COLLECTION, concurrency: options.concurrency, warmupMs: 2000, durationMs: options.rawInsertSeconds * 1000 },
      signal,
    );
    raw.push(r);
    progress(`round ${String(round)}/${String(options.rounds)} raw inserts: ${r.insertsPerSecond.toFixed(1)}/s (${String(r.inserted)} in ${r.elapsedMs.toFixed(0)} ms, p50 ${String(r.latency.p50Ms)} ms)`);
    // Alternate which configuration goes first, so neither always runs on a store that just worked hardest.
    const order: readonly (1 | 2)[] = round % 2 === 1 ? [1, 2] : [2, 1];
    for (const workers of order) {
      progress(`round ${String(round)}/${String(options.rounds)}: API + ${String(workers)} worker(s), ${String(options.warmupOrders)} warm-up then ${String(options.orders)} orders...`);
      runs[workers].push(await runConfiguration(setup, `r${String(round)}-w${String(workers)}`, workers, none));
    }
  }

  const one = configurationOf(1, runs[1]);
  const two = configurationOf(2, runs[2]);
  const rawRate = median(raw.map((r) => r.insertsPerSecond));
  const ratios = ratiosOf(rawRate, one, two);
  const cpu = cpus();
  const code = await provenanceOf(ROOT);

  out();
  out('Pipeline benchmark: choosePackaging + recordOrderEvent DELIVERED, timed until the ledger holds EARN_POSTED');
  out(
    `  this machine: ${String(cpu.length)} cores (${cpu[0]?.model.trim() ?? 'unknown CPU'}), NODE_ENV=${env.NODE_ENV ?? ''}, store: ${backends.storeOrigin}, ` +
      `Redis: ${backends.redisOrigin}; every service process is app/main.ts with production defaults`,
  );
  out(
    `  ${String(options.orders)} orders per run after ${String(options.warmupOrders)} warm-up orders, ${String(options.concurrency)} load loops (and ${String(options.concurrency)} raw-insert loops), ` +
      `${String(options.rounds)} round(s); each run on a fresh copy of the seeded database`,
  );
  out(
    `  code: ${code.commit?.slice(0, 12) ?? 'unknown commit'}` +
      (code.uncommittedOutsideBench.length === 0 ? '' : ` plus ${String(code.uncommittedOutsideBench.length)} uncommitted files outside bench/`),
  );
  out(
    `  ${String(template.consumers)} consumers, ${optionsOffered.toFixed(1)} options per quote on average, chosen: ${mix}; ` +
      `catalogue ${String(template.seeded.packagingTypes)} packaging types`,
  );
  out();
  out(ratesTable(raw, [one, two]));
  out();
  out(detailTable([one, two]));
  out();
  out(
    `pipelineVsRawInsert = ${ratios.bestChoicesPerSecond.toFixed(2)} choices/s (${ratios.pipelineVsRawInsertUses}) / ` +
      `${rawRate.toFixed(1)} inserts/s = ${ratios.pipelineVsRawInsert.toFixed(4)} (goal >= ${String(GOALS.pipelineVsRawInsert)}${ratios.pipelineVsRawInsert >= GOALS.pipelineVsRawInsert ? ', met' : ', NOT met'}; the better configuration)`,
  );
  out(
    `workers2vs1 = ${two.medianChoicesPerSecond.toFixed(2)} / ${one.medianChoicesPerSecond.toFixed(2)} = ${ratios.workers2vs1.toFixed(3)} ` +
      `(goal >= ${String(GOALS.workers2vs1)}${ratios.workers2vs1 >= GOALS.workers2vs1 ? ', met' : ', NOT met'})`,
  );

  const cpuPerOrder = serviceCpuMsPerOrder(one);
  out(
    `cpuMsPerOrder = ${cpuPerOrder.toFixed(1)} ms of CPU per posted order in the API, worker, store and Redis (API + 1 worker, median run; ` +
      `goal <= ${String(GOALS.cpuMsPerOrder)}${cpuPerOrder <= GOALS.cpuMsPerOrder ? ', met' : ', NOT met'})`,
  );

  let diagnostics: PipelineRun | null = null;
  if (options.cpuProfile || options.countStoreCalls) {
    progress('one more run, API + 1 worker, not counted: profiled and/or with its store calls counted...');
    diagnostics = await runConfiguration(setup, 'diag-w1', 1, { cpuProfile: options.cpuProfile, countStoreCalls: options.countStoreCalls });
    out();
    out(`Diagnostic run (API + 1 worker, not counted): ${diagnostics.choicesPerSecond.toFixed(2)} choices/s; collections after it: ${JSON.stringify(diagnostics.collectionSizes)}`);
    if (diagnostics.storeCalls) {
      out();
      out(storeCallsTable(diagnostics.storeCalls));
      const calls = storeCallsPerOrder(diagnostics) ?? 0;
      out(`storeCallsPerOrder = ${calls.toFixed(2)} (API + worker; goal <= ${String(GOALS.storeCallsPerOrder)}${calls <= GOALS.storeCallsPerOrder ? ', met' : ', NOT met'})`);
    }
    if (diagnostics.profiles) {
      out();
      out(profileTable(diagnostics.profiles));
      out(`profiles: ${Object.values(diagnostics.profiles).map((p) => p.file).join(', ')}`);
    }
  }

  await writeResults(RESULTS_FILE, {
    benchmark: 'pipeline',
    finishedAt: new Date().toISOString(),
    wallSeconds: Math.round((Date.now() - benchStarted) / 1000),
    machine: { cores: cpu.length, model: cpu[0]?.model.trim() ?? null },
    node: process.version,
    code,
    nodeEnv: env.NODE_ENV,
    store: backends.storeOrigin,
    redis: backends.redisOrigin,
    options,
    seeds: { catalogue: SEED, orders: ORDER_SEED },
    orders: { consumers: template.consumers, chosenClasses: Object.fromEntries(classes), optionsPerQuote: optionsOffered },
    rawInserts: { collection: RAW_COLLECTION, insertsPerSecond: rawRate, runs: raw },
    configurations: { oneWorker: one, twoWorkers: two },
    ...ratios,
    cpuMsPerOrder: cpuPerOrder,
    storeCallsPerOrder: storeCallsPerOrder(diagnostics),
    goals: GOALS,
    diagnostics,
  });
  out(`results written to ${RESULTS_FILE}`);
  return benchLine(ratios, cpuPerOrder, storeCallsPerOrder(diagnostics));
}

await runBenchMain('bench:pipeline', progress, (cleanup, signal) => bench(parseOptions(process.argv.slice(2)), cleanup, signal));
