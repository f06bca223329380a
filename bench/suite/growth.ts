// Two scenarios on one freshly started service (in this process, ROLE=api, production settings):
//  - growth10x: median latency of a quote (GraphQL packagingOptions) and of a redemption (GraphQL redeemCredits)
//    with 10x the consumers and ledger entries, over the same with 1x; the larger of the two ratios.
//  - p99OverP50: quote latency p99 / p50 at 80 % of the quote's saturation rate (closed-loop autocannon as
//    bench/quote measures it first, then autocannon with an overall rate), at the 1x data.
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { deleteQueueKeys } from '../../jobs/queue-keys.js';
import { loadConfig } from '../../server/config.js';
import { createLogger } from '../../server/logger.js';
import { startGreenLoop } from '../../server/process.js';
import type { LoadResult } from '../quote/autocannon.js';
import type { Cleanup } from '../quote/cleanup.js';
import type { InFlight } from '../quote/in-flight.js';
import { idleCpuRate, measure } from '../quote/measure.js';
import { graphqlBody } from '../quote/requests.js';
import { seed } from '../quote/seed.js';
import { dropDatabase, withDatabase, type Backends } from '../quote/stack.js';
import { runJsonChild } from '../pipeline/load.js';
import { cpuMsOf, findPid, machineBusyMs } from '../pipeline/process-cpu.js';
import type { LatencyResult, LatencySpec } from './latency-driver.js';
import { ENTRIES_PER_CONSUMER, seedLedger } from './ledger-seed.js';

export interface GrowthOptions {
  /** Consumers in the 1x case; the 10x case has ten times as many (ENTRIES_PER_CONSUMER entries each). */
  readonly baseConsumers: number;
  readonly concurrency: number;
  readonly warmupMs: number;
  readonly quoteMs: number;
  readonly redeemMs: number;
  readonly saturationSeconds: number;
  readonly rateSeconds: number;
}

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

export interface TailResult {
  readonly saturation: LoadResult;
  readonly saturationConnections: number;
  readonly targetRate: number;
  /** The rate autocannon was given (whole requests per second; at least 1). */
  readonly overallRate: number;
  readonly loadFraction: number;
  readonly atRate: LoadResult;
  readonly p99OverP50: number;
}

const round = (value: number, digits: number): number => Math.round(value * 10 ** digits) / 10 ** digits;

async function runLatencyDriver(root: string, spec: LatencySpec, signal: AbortSignal): Promise<LatencyResult> {
  return (await runJsonChild(root, ['bench', 'suite', 'latency-driver.ts'], spec, signal, 'latency driver')) as LatencyResult;
}

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
  readonly inFlight: InFlight;
  readonly cleanup: Cleanup;
  readonly signal: AbortSignal;
  readonly progress: (line: string) => void;
}

export async function runGrowthAndTail(setup: GrowthSetup, options: GrowthOptions): Promise<{ growth: GrowthResult; tail: TailResult }> {
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
    CONTACT_ENCRYPTION_KEY: randomBytes(32).toString('hex'),
    QUEUE_PREFIX: `{glbench-suite-${runId}}`,
    PORT: '0',
    LOG_LEVEL: 'silent',
    MAIL_OUTBOX_DIR: join(backends.workDir, 'outbox-suite'),
  });
  cleanup.add('delete the suite Bull keys', () => deleteQueueKeys(config.redisUrl, config.queuePrefix));
  cleanup.add('drop the suite database', () => dropDatabase(config.mongodbUri));
  const running = await startGreenLoop(config, createLogger(config.logLevel));
  cleanup.add('stop the suite service', () => running.stop());
  const { services } = running;

  // bench/pipeline's catalogue: the first 4 producers of bench/quote's (120 packaging types, every class).
  const seeded = await seed(services, signal, 4);
  const platformId = seeded.platformId;

  const storePid = backends.storeOrigin === 'MONGODB_URI' ? null : await findPid(['ferretdb', `--listen-addr=127.0.0.1:${new URL(backends.storeBase).port}`]);
  const driverMs = (r: LatencyResult) => r.driverCpuMs;
  const cpuText = (c: RunCpu) => `CPU % of a core: store ${String(c.store ?? '?')}, service ${String(c.service)}, other processes ${String(c.otherProcesses ?? '?')}`;
  const measureSize = async (consumers: number, seedMs: number, label: string): Promise<SizeFigures> => {
    const base = { graphqlUrl: running.graphqlUrl, apiKey: seeded.platformKey, concurrency: options.concurrency, warmupMs: options.warmupMs, consumers };
    progress(`growth ${label}: quotes, ${String(options.concurrency)} loops, ${String(options.quoteMs / 1000)} s...`);
    const quote = await withCpu(storePid, () => runLatencyDriver(root, { ...base, kind: 'quote', durationMs: options.quoteMs, keyPrefix: '' }, signal), driverMs);
    progress(`growth ${label}: quote p50 ${String(quote.result.latency.p50Ms)} ms (${String(quote.result.requests)} answers; ${cpuText(quote.cpu)}); redemptions ${String(options.redeemMs / 1000)} s...`);
    const redeem = await withCpu(
      storePid,
      () => runLatencyDriver(root, { ...base, kind: 'redeem', durationMs: options.redeemMs, keyPrefix: `suite-${runId}-${label}` }, signal),
      driverMs,
    );
    progress(`growth ${label}: redemption p50 ${String(redeem.result.latency.p50Ms)} ms (${String(redeem.result.requests)} answers; ${cpuText(redeem.cpu)})`);
    return { consumers, ledgerEntries: consumers * ENTRIES_PER_CONSUMER, seedMs, quote: quote.result, quoteCpu: quote.cpu, redeem: redeem.result, redeemCpu: redeem.cpu };
  };

  const n1 = options.baseConsumers;
  progress(`seeding 1x: ${String(n1)} consumers, ${String(n1 * ENTRIES_PER_CONSUMER)} ledger entries...`);
  const seed1 = await seedLedger(config.mongodbUri, platformId, 0, n1, signal, progress);
  progress(`seeded 1x in ${String(seed1.ms)} ms`);

  // p99OverP50 at the 1x data: saturation first (closed loop, bench/quote's connections), then 80 % of it.
  const meter = { inFlight: setup.inFlight, idleCpuMsPerSecond: await idleCpuRate(1000) };
  const spec = {
    url: running.graphqlUrl,
    body: graphqlBody(),
    headers: { 'content-type': 'application/json', authorization: `Bearer ${seeded.platformKey}` },
    connections: backends.storeOrigin === 'MONGODB_URI' ? 16 : 2,
  };
  progress(`p99OverP50: warm-up, then saturation (closed loop, ${String(spec.connections)} connections, ${String(options.saturationSeconds)} s)...`);
  await measure(root, { ...spec, durationSeconds: 3 }, meter, signal, true);
  const saturation = await measure(root, { ...spec, durationSeconds: options.saturationSeconds }, meter, signal);
  const targetRate = 0.8 * saturation.requestsPerSecond;
  // autocannon takes whole requests per second; it opens no more connections than the rate.
  const overallRate = Math.max(1, Math.round(targetRate));
  progress(`p99OverP50: saturation ${saturation.requestsPerSecond.toFixed(2)} req/s; now ${String(overallRate)} req/s for ${String(options.rateSeconds)} s...`);
  const atRate = await measure(root, { ...spec, connections: 16, durationSeconds: options.rateSeconds, overallRate }, meter, signal);
  const tail: TailResult = {
    saturation,
    saturationConnections: spec.connections,
    targetRate: round(targetRate, 2),
    overallRate,
    loadFraction: round(overallRate / saturation.requestsPerSecond, 2),
    atRate,
    p99OverP50: round(atRate.latencyP99Ms / atRate.latencyP50Ms, 3),
  };
  progress(`p99OverP50: p50 ${String(atRate.latencyP50Ms)} ms, p99 ${String(atRate.latencyP99Ms)} ms -> ${String(tail.p99OverP50)}`);

  const one = await measureSize(n1, seed1.ms, '1x');
  progress(`seeding up to 10x: ${String(9 * n1)} more consumers, ${String(9 * n1 * ENTRIES_PER_CONSUMER)} more ledger entries...`);
  const seed10 = await seedLedger(config.mongodbUri, platformId, n1, 10 * n1, signal, progress);
  progress(`seeded 10x in ${String(seed10.ms)} ms`);
  const ten = await measureSize(10 * n1, seed1.ms + seed10.ms, '10x');
  const quoteGrowth = round(ten.quote.latency.p50Ms / one.quote.latency.p50Ms, 3);
  const redeemGrowth = round(ten.redeem.latency.p50Ms / one.redeem.latency.p50Ms, 3);
  return {
    growth: { concurrency: options.concurrency, one, ten, quoteGrowth, redeemGrowth, growth10x: Math.max(quoteGrowth, redeemGrowth) },
    tail,
  };
}
