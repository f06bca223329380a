// Two scenarios on one freshly started service (in this process, ROLE=api, production settings):
//  - growth10x: median latency of a quote (GraphQL packagingOptions) and of a redemption (GraphQL redeemCredits)
//    with 10x the consumers and ledger entries, over the same with 1x; the larger of the two ratios.
//  - redeemRps, redeemP99Ms: redemption throughput at saturation (closed loops), then its p99 at 80 % of that rate
//    (requests started on schedule), both at the 10x data, the largest ledger of the run.
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { deleteQueueKeys } from '../../server/queues/queue-keys.js';
import { loadConfig } from '../../server/config.js';
import { createLogger } from '../../server/logger.js';
import { startGreenLoop } from '../../app/process.js';
import { startCatalogue } from '../quote/catalogue-seed.js';
import type { Cleanup } from '../quote/cleanup.js';
import { dropDatabase, withDatabase, type Backends } from '../quote/stack.js';
import { cpuMsOf, findPid, machineBusyMs } from '../pipeline/process-cpu.js';
import type { LatencyResult } from './latency-driver.js';
import { describeTail, runLatencyDriver, tailAtLoad, type TailAtLoad } from './latency-runs.js';
import { ENTRIES_PER_CONSUMER, seedLedger } from './ledger-seed.js';
import { diagnoseRedemptions, type RedemptionDiagnosis } from './redemption-diagnosis.js';

export interface GrowthOptions {
  /** Consumers in the 1x case; the 10x case has ten times as many (ENTRIES_PER_CONSUMER entries each). */
  readonly baseConsumers: number;
  readonly concurrency: number;
  readonly warmupMs: number;
  readonly quoteMs: number;
  readonly redeemMs: number;
  /** The redemption's saturation run, and its run at 80 % of that rate. */
  readonly saturationSeconds: number;
  readonly rateSeconds: number;
  /** One more saturation run after the measured ones, profiled and with the store's commands counted. */
  readonly diagnose: boolean;
}

/** Closed loops of the redemption's saturation run: a few more than the two cores, as the quote's connections. */
const REDEEM_LOOPS = 8;
/** bench/pipeline's catalogue: the first 4 producers of bench/quote's (120 packaging types, every class). */
const PACKAGING_TYPES = 120;

/** CPU use over a load run, in % of one core (this machine has cpus().length cores). */
export interface RunCpu {
  readonly machine: number;
  readonly store: number | null;
  /** This process: the service (and the benchmark's bookkeeping). */
  readonly service: number;
  readonly driver: number;
  /** Everything else on the machine (another engineer's tests, type checks...). */
  readonly otherProcesses: number | null;
}

export interface Measured<T> {
  readonly result: T;
  readonly cpu: RunCpu;
}

export interface SizeFigures {
  readonly consumers: number;
  readonly ledgerEntries: number;
  readonly seedMs: number;
  readonly quote: LatencyResult;
  readonly quoteCpu: RunCpu;
  readonly redeem: LatencyResult;
  readonly redeemCpu: RunCpu;
}

export interface GrowthResult {
  readonly concurrency: number;
  readonly one: SizeFigures;
  readonly ten: SizeFigures;
  readonly quoteGrowth: number;
  readonly redeemGrowth: number;
  readonly growth10x: number;
}

export interface RedemptionResult {
  readonly consumers: number;
  readonly ledgerEntries: number;
  readonly loops: number;
  readonly saturation: LatencyResult;
  readonly saturationCpu: RunCpu;
  readonly tail: TailAtLoad;
  readonly redeemRps: number;
  readonly redeemP99Ms: number;
  readonly diagnosis: RedemptionDiagnosis | null;
}

const round = (value: number, digits: number): number => Math.round(value * 10 ** digits) / 10 ** digits;

/** Runs `fn` (one load from a driver process) and reports who used the machine's CPU meanwhile. */
async function withCpu<T>(storePid: number | null, fn: () => Promise<T>, driverCpuMs: (result: T) => number): Promise<Measured<T>> {
  const self = () => { const u = process.cpuUsage(); return (u.user + u.system) / 1000; };
  const [machine0, store0, self0, t0] = [await machineBusyMs(), storePid === null ? null : await cpuMsOf(storePid), self(), Date.now()];
  const result = await fn();
  const [machine1, store1, self1, t1] = [await machineBusyMs(), storePid === null ? null : await cpuMsOf(storePid), self(), Date.now()];
  const percent = (ms: number) => round((100 * ms) / Math.max(1, t1 - t0), 1);
  const storeMs = store0 === null || store1 === null ? null : store1 - store0;
  const driver = driverCpuMs(result);
  const machine = machine0 === null || machine1 === null ? null : machine1 - machine0;
  return {
    result,
    cpu: {
      machine: machine === null ? 0 : percent(machine),
      store: storeMs === null ? null : percent(storeMs),
      service: percent(self1 - self0),
      driver: percent(driver),
      otherProcesses: machine === null || storeMs === null ? null : percent(Math.max(0, machine - storeMs - (self1 - self0) - driver)),
    },
  };
}

export interface GrowthSetup {
  readonly root: string;
  readonly backends: Backends;
  readonly cleanup: Cleanup;
  readonly signal: AbortSignal;
  readonly progress: (line: string) => void;
}

export async function runGrowthAndRedemption(setup: GrowthSetup, options: GrowthOptions): Promise<{ growth: GrowthResult; redemption: RedemptionResult }> {
  const { root, backends, cleanup, signal, progress } = setup;
  const runId = randomBytes(4).toString('hex');
  // The API role: this measures the API's answers; a worker's hourly schedules (the ledger audit, expiry) would
  // otherwise run on the same store at whatever moment the run crosses their boundary.
  const config = loadConfig({
    NODE_ENV: process.env.NODE_ENV,
    ROLE: 'api',
    MONGODB_URI: withDatabase(backends.storeBase, `bench_suite_${runId}`),
    REDIS_URL: backends.redisUrl,
    ADMIN_API_KEY: `bench-admin-${randomBytes(16).toString('hex')}`,
    // A benchmark measures the service, not its throttle: thousands of requests a second from one key.
    RATE_LIMIT_PER_MINUTE: '0',
    // The production default, unless the run is asked for another bound (to compare: docs/benchmarks.md).
    MAX_REQUESTS_IN_FLIGHT: process.env.MAX_REQUESTS_IN_FLIGHT,
    CONTACT_ENCRYPTION_KEY: randomBytes(32).toString('hex'),
    QUEUE_PREFIX: `{glbench-suite-${runId}}`,
    PORT: '0',
    LOG_LEVEL: 'silent',
    MAIL_OUTBOX_DIR: join(backends.workDir, 'outbox-suite'),
  });
  cleanup.add('delete the suite Bull keys', () => deleteQueueKeys(config.redisUrl, config.queuePrefix));
  cleanup.add('drop the suite database', () => dropDatabase(config.mongodbUri));
  // The driver reports the commands it sends only when asked as the connection opens; diagnosis asks.
  const running = await startGreenLoop(config, createLogger(config.logLevel), { store: { monitorCommands: options.diagnose } });
  cleanup.add('stop the suite service', () => running.stop());
  const { services } = running;

  const catalogue = await startCatalogue(services, running.store.models);
  await catalogue.growTo(PACKAGING_TYPES, signal);
  const { platformId, platformKey } = catalogue.current();

  const storePid = backends.storeOrigin === 'MONGODB_URI' ? null : await findPid(['ferretdb', `--listen-addr=127.0.0.1:${new URL(backends.storeBase).port}`]);
  const driverMs = (r: LatencyResult) => r.driverCpuMs;
  const cpuText = (c: RunCpu) => `CPU % of a core: store ${String(c.store ?? '?')}, service ${String(c.service)}, other processes ${String(c.otherProcesses ?? '?')}`;
  // Every redemption names a consumer no earlier one named (bench/suite/latency-driver.ts): at 10x, one seeded at 10x.
  const measureSize = async (consumers: number, firstConsumer: number, seedMs: number, label: string): Promise<SizeFigures> => {
    const base = { graphqlUrl: running.graphqlUrl, apiKey: platformKey, concurrency: options.concurrency, warmupMs: options.warmupMs, consumers };
    progress(`growth ${label}: quotes, ${String(options.concurrency)} loops, ${String(options.quoteMs / 1000)} s...`);
    const quote = await withCpu(storePid, () => runLatencyDriver(root, { ...base, kind: 'quote', durationMs: options.quoteMs, keyPrefix: '' }, signal), driverMs);
    progress(`growth ${label}: quote p50 ${String(quote.result.latency.p50Ms)} ms (${String(quote.result.requests)} answers; ${cpuText(quote.cpu)}); redemptions ${String(options.redeemMs / 1000)} s...`);
    const redeem = await withCpu(
      storePid,
      () => runLatencyDriver(root, { ...base, kind: 'redeem', firstConsumer, durationMs: options.redeemMs, keyPrefix: `suite-${runId}-${label}`, onceEach: true }, signal),
      driverMs,
    );
    progress(`growth ${label}: redemption p50 ${String(redeem.result.latency.p50Ms)} ms (${String(redeem.result.requests)} answers; ${cpuText(redeem.cpu)})`);
    return { consumers, ledgerEntries: consumers * ENTRIES_PER_CONSUMER, seedMs, quote: quote.result, quoteCpu: quote.cpu, redeem: redeem.result, redeemCpu: redeem.cpu };
  };

  const n1 = options.baseConsumers;
  progress(`seeding 1x: ${String(n1)} consumers, ${String(n1 * ENTRIES_PER_CONSUMER)} ledger entries...`);
  const seed1 = await seedLedger(config.mongodbUri, platformId, 0, n1, signal, progress);
  // The level records as a level run leaves them: in the store, and copied to Redis (server/services/level-records.ts).
  const copied1 = await running.services.levels.publishCopy(Date.now());
  progress(`seeded 1x in ${String(seed1.ms)} ms; ${String(copied1.accounts)} level records copied to Redis`);

  const one = await measureSize(n1, 0, seed1.ms, '1x');
  progress(`seeding up to 10x: ${String(9 * n1)} more consumers, ${String(9 * n1 * ENTRIES_PER_CONSUMER)} more ledger entries...`);
  const seed10 = await seedLedger(config.mongodbUri, platformId, n1, 10 * n1, signal, progress);
  const copied10 = await running.services.levels.publishCopy(Date.now());
  progress(`seeded 10x in ${String(seed10.ms)} ms; ${String(copied10.accounts)} level records copied to Redis`);
  const ten = await measureSize(10 * n1, n1, seed1.ms + seed10.ms, '10x');
  const quoteGrowth = round(ten.quote.latency.p50Ms / one.quote.latency.p50Ms, 3);
  const redeemGrowth = round(ten.redeem.latency.p50Ms / one.redeem.latency.p50Ms, 3);

  // Redemptions at the 10x data: saturation, then 80 % of it. Each run goes on naming the consumers seeded at 10x where
  // the one before stopped, so no request names a consumer an earlier one named (while there are any; the saturation
  // run stops early rather than do so, and the report counts any the tail names again); each has a fresh idempotency
  // key, and a consumer holds credits for 100 redemptions.
  const redeemBase = { kind: 'redeem', graphqlUrl: running.graphqlUrl, apiKey: platformKey, consumers: 10 * n1, firstConsumer: n1, warmupMs: options.warmupMs } as const;
  progress(`redemption saturation at 10x: ${String(REDEEM_LOOPS)} loops, ${String(options.saturationSeconds)} s...`);
  const saturation = await withCpu(
    storePid,
    () => runLatencyDriver(root, { ...redeemBase, firstVisit: ten.redeem.nextVisit, onceEach: true, concurrency: REDEEM_LOOPS, durationMs: options.saturationSeconds * 1000, keyPrefix: `suite-${runId}-saturation` }, signal),
    driverMs,
  );
  progress(`redemption saturation: ${saturation.result.requestsPerSecond.toFixed(1)} req/s, p50 ${String(saturation.result.latency.p50Ms)} ms (${cpuText(saturation.cpu)}); now 80 % of it for ${String(options.rateSeconds)} s...`);
  const tail = await tailAtLoad(root, { ...redeemBase, firstVisit: saturation.result.nextVisit, durationMs: options.rateSeconds * 1000, keyPrefix: `suite-${runId}-tail` }, saturation.result.requestsPerSecond, signal);
  progress(`redemption tail: ${describeTail(tail)}`);
  let diagnosis: RedemptionDiagnosis | null = null;
  if (options.diagnose) {
    progress(`diagnosis: one more saturation run, profiled, store commands counted, ${String(options.saturationSeconds)} s...`);
    diagnosis = await diagnoseRedemptions(running.store.connection, root, join(root, 'bench', 'results'), () =>
      runLatencyDriver(root, { ...redeemBase, firstVisit: tail.run.nextVisit, warmupMs: 0, concurrency: REDEEM_LOOPS, durationMs: options.saturationSeconds * 1000, keyPrefix: `suite-${runId}-diagnosis` }, signal),
    );
    progress(`diagnosis: ${String(diagnosis.requestsPerSecond)} req/s under the profiler; profile in ${diagnosis.profileFile}`);
  }
  return {
    growth: { concurrency: options.concurrency, one, ten, quoteGrowth, redeemGrowth, growth10x: Math.max(quoteGrowth, redeemGrowth) },
    redemption: {
      consumers: 10 * n1,
      ledgerEntries: 10 * n1 * ENTRIES_PER_CONSUMER,
      loops: REDEEM_LOOPS,
      saturation: saturation.result,
      saturationCpu: saturation.cpu,
      tail,
      redeemRps: round(saturation.result.requestsPerSecond, 1),
      redeemP99Ms: tail.p99Ms,
      diagnosis,
    },
  };
}
