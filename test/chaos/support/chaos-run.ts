// One seed's chaos run: a private cluster, the seeded workload from two load processes, the seeded faults while it
// runs, then hands off: the service must catch up by itself (its own retries, stalled-job recovery and sweeps), after
// which the invariants are read from the store.
import { spawn } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Redis } from 'ioredis';
import { FACT_QUEUE_NAMES } from '../../../server/queues/fact-partitions.js';
import { SCHEDULES } from '../../../server/queues/job-types.js';
import { ensureFerretDbBinary } from '../../../scripts/local-services/ferretdb.js';
import { sleep } from '../../../scripts/local-services/free-port.js';
import { openStore } from '../../../server/db/connection.js';
import type { Models } from '../../../server/db/models/index.js';
import { ApiClient, addSamples, addTally, type Tally } from './api-client.js';
import { CHAOS_QUEUE_PREFIX, Cluster, type ServiceProcess } from './cluster.js';
import { planFaults, type FaultPlan } from './fault-plan.js';
import { checkChains, checkCompliance, checkCreditedOnce, checkDailyItemLimit, checkFacts, checkNoNegative, checkZeroSum, factsWithoutReceipt, readStore, type Setup, type Verdict } from './invariants.js';
import type { DriverInput } from './load-driver.js';
import { setUp } from './set-up.js';
import { StoryRunner } from './story-runner.js';
import { planWorkload, type Catalog, type DriverReport, type Plan, type StoryResult, type WorkloadSize } from './workload.js';
import { systemNow } from '../../support/test-clock.js';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
/** How far the clocks jump in the closing long outage: past the fact sweep's old one-day look-back. */
const LONG_OUTAGE_CLOCK_AHEAD_MS = 26 * 3_600_000;

export interface ChaosOptions extends WorkloadSize {
  readonly apis: number;
  readonly workers: number;
  readonly drivers: number;
  /** Stories each load process runs at once. */
  readonly driverConcurrency: number;
  /** The workload is spread over at least this long, so that the faults planned along it strike while it runs. */
  readonly minWorkloadMs: number;
  readonly workerKills: number;
  /** How long the service may take to catch up after the workload. */
  readonly catchUpMs: number;
  /** How long the fact queues must stay empty, with facts still missing, before waiting is pointless. */
  readonly quietMs: number;
}

/** What was seen while a dependency was away, and how long the API took to say ready again. */
export interface OutageRecord {
  readonly what: 'store' | 'redis';
  readonly outageMs: number;
  /** `/readyz` answers of the API processes during the outage: `503 store=down redis=up`, `no answer`, ... */
  readonly readyz: Tally;
  /** A GraphQL query sent during the outage, answered: `ok`, `http:503:SERVICE_UNAVAILABLE`, ... */
  readonly probes: Tally;
  /** From the restart until every API process answered 200 on /readyz; null if it never did. */
  readyAgainMs: number | null;
}

export interface RunOutcome {
  readonly seed: number;
  readonly dir: string;
  readonly plan: Plan;
  readonly faultPlan: FaultPlan;
  setup: Setup | null;
  results: StoryResult[];
  readonly traffic: { requests: number; calls: number; duplicates: number; tally: Tally; samples: Record<string, string[]> };
  readonly anomalies: string[];
  readonly faults: {
    workerKills: number; workerStarts: number; apiKills: number; apiStarts: number; storeRestarts: number; redisRestarts: number; afterWorkload: number;
    /** Requests sent to an API process just before its kill whose connection the kill cut (retried under the same keys). */
    cutAtApiKills: number;
    unexpectedExits: string[];
  };
  readonly outages: OutageRecord[];
  workloadMs: number;
  /** Facts the store held without a receipt when Redis came back empty: their jobs, if any, were lost with it. */
  readonly lostWithRedis: { at: number; facts: string[]; receivedAfterMs: number[]; unreceived: number };
  /**
   * The closing long outage: workers down while orders were recorded, Redis lost with their jobs, every process back
   * with its clock `clockAheadMs` ahead. `facts` are those orders' facts (choices and events the API accepted);
   * `received` counts those that reached their job in the end.
   */
  readonly longOutage: { clockAheadMs: number; orders: number; facts: string[]; received: number };
  /** What the service's own logs say it did: stalled jobs run again, facts re-enqueued by the sweep, ... */
  serviceLog: Record<string, number>;
  caughtUp: boolean;
  catchUpMs: number;
  verdicts: Verdict[];
  /** Whether graphql/errors.ts maps outages to SERVICE_UNAVAILABLE yet (the limits work); if so a 500 during an outage fails. */
  mappingLanded: boolean;
  /** A failure of the run itself (set-up, a load process that crashed, ...). */
  readonly errors: string[];
  readonly elapsedMs: number[];
}

function runDriver(input: DriverInput, dir: string, onLine: (line: string) => void): Promise<DriverReport> {
  const inputPath = join(dir, `driver-${String(input.driver)}.in.json`);
  const outputPath = join(dir, `driver-${String(input.driver)}.out.json`);
  return writeFile(inputPath, JSON.stringify(input)).then(() => new Promise<DriverReport>((done, failed) => {
    const child = spawn(process.execPath, ['--import', 'tsx', join(root, 'test', 'chaos', 'support', 'load-driver.ts'), inputPath, outputPath], { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
    let pending = '';
    let err = '';
    child.stdout.on('data', (chunk: Buffer) => {
      pending += chunk.toString();
      const lines = pending.split('\n');
      pending = lines.pop() ?? '';
      for (const line of lines) onLine(line);
    });
    child.stderr.on('data', (chunk: Buffer) => { err += chunk.toString(); });
    child.on('exit', (code) => {
      if (code !== 0) {
        failed(new Error(`load process ${String(input.driver)} exited with ${String(code)}: ${err.slice(-3000)}`));
        return;
      }
      readFile(outputPath, 'utf8').then((text) => { done(JSON.parse(text) as DriverReport); }, failed);
    });
  }));
}

/** Jobs waiting, running or waiting to retry in the queues that move credits and compute compliance. */
async function pendingJobs(redisUrl: string): Promise<number> {
  const redis = new Redis(redisUrl, { maxRetriesPerRequest: 1, connectTimeout: 2000 });
  redis.on('error', () => undefined);
  try {
    let total = 0;
    for (const name of [...FACT_QUEUE_NAMES, 'return', 'compliance']) {
      const base = `${CHAOS_QUEUE_PREFIX}:${name}`;
      const [wait, active, delayed, paused] = await Promise.all([redis.llen(`${base}:wait`), redis.llen(`${base}:active`), redis.zcard(`${base}:delayed`), redis.llen(`${base}:paused`)]);
      total += wait + active + delayed + paused;
    }
    return total;
  } finally {
    redis.disconnect();
  }
}

/** The repeatable jobs Redis holds for each schedule the workers keep (1 each when all is well). */
async function scheduledJobs(redisUrl: string): Promise<Record<string, number>> {
  const redis = new Redis(redisUrl, { maxRetriesPerRequest: 1 });
  redis.on('error', () => undefined);
  try {
    const counts: Record<string, number> = {};
    for (const schedule of SCHEDULES) counts[schedule.id] = await redis.zcard(`${CHAOS_QUEUE_PREFIX}:${schedule.queue}:repeat`);
    return counts;
  } finally {
    redis.disconnect();
  }
}

export async function runChaos(seed: number, options: ChaosOptions, log: (line: string) => void): Promise<RunOutcome> {
  const started = performance.now();
  const dir = await mkdtemp(join(tmpdir(), `greenloop-chaos-${String(seed)}-`));
  const plan = planWorkload(seed, options);
  const faultPlan = planFaults(seed, { workerKills: options.workerKills, workers: options.workers, apiKills: options.apiKills, apis: options.apis });
  const outcome: RunOutcome = {
    seed, dir, plan, faultPlan, setup: null, results: [],
    traffic: { requests: 0, calls: 0, duplicates: 0, tally: {}, samples: {} },
    anomalies: [],
    faults: { workerKills: 0, workerStarts: 0, apiKills: 0, apiStarts: 0, storeRestarts: 0, redisRestarts: 0, afterWorkload: 0, cutAtApiKills: 0, unexpectedExits: [] },
    outages: [],
    workloadMs: 0,
    lostWithRedis: { at: 0, facts: [], receivedAfterMs: [], unreceived: 0 },
    longOutage: { clockAheadMs: LONG_OUTAGE_CLOCK_AHEAD_MS, orders: 0, facts: [], received: 0 },
    serviceLog: {},
    caughtUp: false,
    catchUpMs: 0,
    verdicts: [],
    mappingLanded: (await readFile(join(root, 'graphql', 'errors.ts'), 'utf8')).includes('SERVICE_UNAVAILABLE'),
    errors: [],
    elapsedMs: [],
  };
  const binary = await ensureFerretDbBinary(root, (line) => { log(`[ferretdb] ${line}`); });
  log(`starting a private FerretDB, redis-server, ${String(options.apis)} API and ${String(options.workers)} worker processes in ${dir}`);
  const cluster = await Cluster.start({ dir, ferretBinary: binary, apis: options.apis, workers: options.workers });
  const client = new ApiClient(cluster.graphqlUrls);
  const store = await openStore(cluster.storeUri);
  try {
    const made = await setUp(client, plan, cluster.graphqlUrls);
    outcome.setup = made.setup;
    const { catalog } = made;
    log(`set up in ${String(Math.round((performance.now() - started) / 1000))} s; workload: ${String(plan.stories.length)} stories from ${String(options.drivers)} load processes`);

    const progress = { stories: 0, attempts: 0, driversDone: false };
    const workloadStarted = performance.now();
    const onLine = (line: string) => {
      if (line === 'S') progress.stories += 1;
      else if (line === '+') progress.attempts += 1;
    };
    const drivers = Promise.all(Array.from({ length: options.drivers }, (_, driver) => {
      const stories = plan.stories.filter((_, i) => i % options.drivers === driver);
      const paceMs = options.minWorkloadMs / Math.max(1, stories.length);
      return runDriver({ driver, concurrency: options.driverConcurrency, paceMs, catalog, stories }, dir, onLine);
    })).finally(() => { progress.driversDone = true; });
    const faults = injectFaults(cluster, store.models, faultPlan, plan, catalog, progress, outcome, log);
    const reports = await drivers.catch((error: unknown) => {
      outcome.errors.push(error instanceof Error ? error.message : String(error));
      return [] as DriverReport[];
    });
    outcome.workloadMs = Math.round(performance.now() - workloadStarted);
    await faults;
    for (const report of reports) {
      outcome.results.push(...report.results);
      outcome.traffic.requests += report.requests;
      outcome.traffic.calls += report.calls;
      outcome.traffic.duplicates += report.duplicates;
      addTally(outcome.traffic.tally, report.tally);
      addSamples(outcome.traffic.samples, report.samples);
      outcome.anomalies.push(...report.anomalies.map((a) => `load process ${String(report.driver)}: ${a}`));
    }
    log(`workload done in ${String(Math.round(outcome.workloadMs / 1000))} s (${String(progress.attempts)} HTTP attempts)`);

    await longOutage(cluster, store.models, plan, catalog, outcome, log);

    log('sending each producer\'s final report');

    // The last word on each producer's period, once the faults are over: its compliance job must see every fact.
    const finalClient = new ApiClient(cluster.graphqlUrls);
    const finalRunner = new StoryRunner(finalClient, catalog);
    for (const report of plan.finalReports) await finalRunner.run(report);
    outcome.results.push(...finalRunner.results);
    outcome.anomalies.push(...finalRunner.anomalies);
    outcome.traffic.requests += finalClient.requests;
    outcome.traffic.calls += finalClient.calls;
    addTally(outcome.traffic.tally, finalClient.tally);
    addSamples(outcome.traffic.samples, finalClient.samples);

    await waitForCatchUp(cluster, store.models, made.setup, outcome, options, log);
  } catch (error) {
    outcome.errors.push(error instanceof Error ? `${error.message}\n${error.stack ?? ''}` : String(error));
  } finally {
    outcome.faults.workerStarts = cluster.workers.reduce((s, w) => s + w.starts, 0);
    outcome.faults.apiStarts = cluster.apis.reduce((s, a) => s + a.starts, 0);
    outcome.faults.unexpectedExits.push(...cluster.unexpectedExits());
    await store.close().catch(() => undefined);
    await cluster.stop();
    outcome.serviceLog = await serviceLogFigures(join(dir, 'processes.log'));
    outcome.elapsedMs.push(Math.round(performance.now() - started));
  }
  return outcome;
}

/**
 * The outage the fact sweep's old one-day look-back could not survive: the workers stop, orders are recorded (their
 * jobs queued in Redis), Redis dies with those jobs, and every process comes back with its clock more than a day
 * ahead, as after a weekend-long incident. Nothing enqueues those facts again but the service's own sweep.
 */
async function longOutage(cluster: Cluster, models: Models, plan: Plan, catalog: Catalog, outcome: RunOutcome, log: (line: string) => void): Promise<void> {
  log(`long outage: workers down; ${String(plan.outageOrders.length)} orders recorded meanwhile; then Redis lost and every clock ${String(LONG_OUTAGE_CLOCK_AHEAD_MS / 3_600_000)} h ahead`);
  await cluster.pauseWorkers();
  const client = new ApiClient(cluster.graphqlUrls);
  const runner = new StoryRunner(client, catalog);
  for (const order of plan.outageOrders) await runner.run(order);
  outcome.results.push(...runner.results);
  outcome.anomalies.push(...runner.anomalies.map((a) => `during the long outage: ${a}`));
  outcome.traffic.requests += client.requests;
  outcome.traffic.calls += client.calls;
  addTally(outcome.traffic.tally, client.tally);
  addSamples(outcome.traffic.samples, client.samples);
  outcome.longOutage.orders = runner.results.length;

  const orderRefs = plan.outageOrders.map((o) => o.orderRef);
  const [choices, events] = await Promise.all([
    models.PackagingChoice.find({ orderRef: { $in: orderRefs } }, { _id: 1 }).lean(),
    models.OrderEvent.find({ orderRef: { $in: orderRefs } }, { _id: 1 }).lean(),
  ]);
  outcome.longOutage.facts.push(...choices.map((c) => `choice:${c._id.toHexString()}`), ...events.map((e) => `order-event:${e._id.toHexString()}`));

  await cluster.restartRedis(1000, () => Promise.resolve());
  await cluster.restartAll(LONG_OUTAGE_CLOCK_AHEAD_MS);
  log(`every process back, its clock ${String(LONG_OUTAGE_CLOCK_AHEAD_MS / 3_600_000)} h ahead; ${String(outcome.longOutage.facts.length)} facts wait for the sweep`);
}

/** Counts what the service's processes logged doing by themselves, from their output (LOG_LEVEL warn). */
async function serviceLogFigures(file: string): Promise<Record<string, number>> {
  const messages: Record<string, string> = {
    'job stalled (its worker stopped answering); it runs again': 'stalled jobs run again',
    'job failed, will retry': 'job attempts failed and retried',
    'job failed for good': 'jobs failed for good (until a sweep revives them)',
    'enqueue failed after recording a fact; the sweep will retry it': 'enqueues failed after recording a fact',
    'fact sweep re-enqueued facts no job had picked up': 'fact sweeps that re-enqueued facts',
    'dependency unavailable; answered 503': 'requests answered 503',
  };
  const figures: Record<string, number> = {};
  const text = await readFile(file, 'utf8').catch(() => '');
  for (const line of text.split('\n')) {
    if (!line.startsWith('{')) continue;
    let entry: { msg?: string; requeued?: number };
    try {
      entry = JSON.parse(line) as { msg?: string; requeued?: number };
    } catch {
      continue;
    }
    const name = messages[entry.msg ?? ''];
    if (!name) continue;
    figures[name] = (figures[name] ?? 0) + 1;
    if (typeof entry.requeued === 'number') figures['facts re-enqueued by the sweep'] = (figures['facts re-enqueued by the sweep'] ?? 0) + entry.requeued;
  }
  return figures;
}

/** Strikes each planned fault when the workload reaches its point; every fault not reached by the end strikes then. */
async function injectFaults(
  cluster: Cluster,
  models: Models,
  plan: FaultPlan,
  workload: Plan,
  catalog: Catalog,
  progress: { stories: number; driversDone: boolean },
  outcome: RunOutcome,
  log: (line: string) => void,
): Promise<void> {
  const total = workload.stories.length;
  type Fault = { at: number; run: () => Promise<void>; worker?: boolean };
  const live = (processes: readonly ServiceProcess[], preferred: number) =>
    [processes[preferred], ...processes].find((p): p is ServiceProcess => p?.running === true);
  const pending: Fault[] = [
    ...plan.workerKills.map((k): Fault => ({
      at: k.at,
      worker: true,
      run: async () => {
        // Right after a restart a worker may not be up yet: kill it anyway, or another one if it has no process.
        for (;;) {
          const target = live(cluster.workers, k.worker);
          if (target?.killAndRestart()) {
            outcome.faults.workerKills += 1;
            log(`killed ${target.name} (SIGKILL, kill ${String(outcome.faults.workerKills)} of ${String(plan.workerKills.length)}) at ${String(Math.round((progress.stories / total) * 100))} % of the workload; restarting it`);
            return;
          }
          await sleep(100);
        }
      },
    })),
    ...plan.apiKills.map((k, index): Fault => ({
      at: k.at,
      run: async () => {
        const target = live(cluster.apis, k.api);
        const other = cluster.apis.find((api) => api !== target) ?? target;
        if (!target || !other) return;
        // Requests sent to this process alone, so that they are in flight when it dies; each retries on the other
        // process under the same idempotency key, as a client would.
        const group = workload.inFlightAtApiKill[index] ?? [];
        const senders = group.map((story) => {
          const client = new ApiClient([`${target.baseUrl}/graphql`, `${other.baseUrl}/graphql`]);
          return { story, client, runner: new StoryRunner(client, catalog) };
        });
        const sent = Promise.allSettled(senders.map(({ story, runner }) => runner.run(story)));
        await sleep(k.afterMs);
        if (target.killAndRestart()) {
          outcome.faults.apiKills += 1;
          log(`killed ${target.name} (SIGKILL) ${String(k.afterMs)} ms after sending it ${String(group.length)} requests; restarting it`);
        }
        for (const settled of await sent) {
          if (settled.status === 'rejected') outcome.anomalies.push(`a request in flight at an API kill: ${String(settled.reason)}`);
        }
        for (const { client, runner } of senders) {
          outcome.faults.cutAtApiKills += client.tally['network:cut'] ?? 0;
          outcome.traffic.requests += client.requests;
          outcome.traffic.calls += client.calls;
          addTally(outcome.traffic.tally, client.tally);
          addSamples(outcome.traffic.samples, client.samples);
          outcome.results.push(...runner.results);
          outcome.anomalies.push(...runner.anomalies);
          outcome.traffic.duplicates += runner.duplicates;
        }
      },
    })),
    {
      at: plan.storeRestart.at,
      run: async () => {
        log(`stopping the store for ${String(plan.storeRestart.outageMs)} ms`);
        const record: OutageRecord = { what: 'store', outageMs: plan.storeRestart.outageMs, readyz: {}, probes: {}, readyAgainMs: null };
        outcome.outages.push(record);
        await cluster.restartStore(plan.storeRestart.outageMs, (until) => observeOutage(cluster, catalog, record, until));
        outcome.faults.storeRestarts += 1;
        record.readyAgainMs = await readyAgain(cluster, log);
        log(`store back; API ready again after ${String(record.readyAgainMs)} ms`);
      },
    },
    {
      at: plan.redisRestart.at,
      run: async () => {
        // Every worker up first: a worker still starting would add the schedules back once Redis returns, and hide
        // whether the running ones can recover them.
        await Promise.all(cluster.workers.map((w) => w.waitHealthy()));
        log(`killing redis-server for ${String(plan.redisRestart.outageMs)} ms (its data goes with it)`);
        const record: OutageRecord = { what: 'redis', outageMs: plan.redisRestart.outageMs, readyz: {}, probes: {}, readyAgainMs: null };
        outcome.outages.push(record);
        await cluster.restartRedis(plan.redisRestart.outageMs, (until) => observeOutage(cluster, catalog, record, until));
        outcome.faults.redisRestarts += 1;
        // Whatever job these facts had is gone: only the service's own sweep can bring them to the ledger now.
        outcome.lostWithRedis.at = systemNow().getTime(); // compared with the receipts' times, stamped by the services' clocks
        const [facts, readyMs] = await Promise.all([factsWithoutReceipt(models), readyAgain(cluster, log)]);
        outcome.lostWithRedis.facts.push(...facts);
        record.readyAgainMs = readyMs;
        log(`redis back, empty; API ready again after ${String(record.readyAgainMs)} ms`);
      },
    },
  ].sort((a, b) => a.at - b.at);

  const MIN_GAP_BETWEEN_WORKER_KILLS_MS = 1500;
  let lastWorkerKill = 0;
  while (pending.length > 0) {
    const next = pending[0];
    if (!next) break;
    const reached = progress.stories / total >= next.at;
    if (!reached && !progress.driversDone) {
      await sleep(100);
      continue;
    }
    if (next.worker && performance.now() - lastWorkerKill < MIN_GAP_BETWEEN_WORKER_KILLS_MS) {
      await sleep(100);
      continue;
    }
    if (!reached) outcome.faults.afterWorkload += 1;
    pending.shift();
    await next.run();
    if (next.worker) lastWorkerKill = performance.now();
  }
}

/** While a dependency is away: what /readyz says and how a GraphQL query is answered, every half second. */
async function observeOutage(cluster: Cluster, catalog: Catalog, record: OutageRecord, until: number): Promise<void> {
  // The store's server selection gives up after 5 s: an answer may take that long, not much more.
  const probe = new ApiClient(cluster.graphqlUrls, { attemptTimeoutMs: 15_000 });
  const count = (tally: Tally, what: string) => { tally[what] = (tally[what] ?? 0) + 1; };
  while (performance.now() < until - 600) {
    for (const api of cluster.apis) {
      const ready = await api.readyz();
      count(record.readyz, ready ? `${String(ready.status)} ${Object.entries(ready.checks).map(([k, v]) => `${k}=${v}`).join(' ')}` : 'no answer');
    }
    count(record.probes, await probe.once(catalog.platformKeys[0] ?? '', '{ viewer { id kind } }'));
    await sleep(500);
  }
}

/** Milliseconds until every API process says ready again; null after 90 s (and what they last said, in the log). */
async function readyAgain(cluster: Cluster, log: (line: string) => void): Promise<number | null> {
  const from = performance.now();
  let states: Awaited<ReturnType<ServiceProcess['readyz']>>[] = [];
  while (performance.now() - from < 90_000) {
    states = await Promise.all(cluster.apis.map((api) => api.readyz()));
    if (states.every((s) => s?.status === 200)) return Math.round(performance.now() - from);
    await sleep(200);
  }
  log(`not ready 90 s later: ${cluster.apis.map((api, i) => `${api.name} ${api.running ? 'running' : 'not running'}, /readyz ${JSON.stringify(states[i] ?? null)}`).join('; ')}`);
  return null;
}

/**
 * Hands off: no re-enqueue, no restart, nothing but time. Polls the store until every accepted fact is credited
 * and received and compliance is current, or until the fact queues have stayed empty for `quietMs` with facts still
 * missing (then only a sweep could help, and two have had their chance), or `catchUpMs` runs out.
 */
async function waitForCatchUp(cluster: Cluster, models: Models, setup: Setup, outcome: RunOutcome, options: ChaosOptions, log: (line: string) => void): Promise<void> {
  const from = performance.now();
  let quietSince: number | null = null;
  let lastReport = 0;
  for (;;) {
    const view = await readStore(models);
    const waitingFor = [checkCreditedOnce(view, setup, outcome.results), checkFacts(view, setup, outcome.results), checkCompliance(view, setup, outcome.results)]
      .filter((v) => v.problems.length > 0);
    const jobs = await pendingJobs(cluster.redis.url);
    if (waitingFor.length === 0 && jobs === 0) {
      outcome.caughtUp = true;
      break;
    }
    quietSince = jobs === 0 ? quietSince ?? performance.now() : null;
    const elapsed = performance.now() - from;
    if (elapsed - lastReport > 15_000) {
      lastReport = elapsed;
      log(`catching up (${String(Math.round(elapsed / 1000))} s): ${String(jobs)} jobs queued; ${waitingFor.map((v) => `${v.name}: ${String(v.problems.length)} open`).join(', ') || 'all facts in'}`);
    }
    if (elapsed > options.catchUpMs || (quietSince !== null && performance.now() - quietSince > options.quietMs)) break;
    await sleep(3000);
  }
  outcome.catchUpMs = Math.round(performance.now() - from);

  const lost = outcome.lostWithRedis;
  const receipts = new Map((await models.FactReceipt.find({ _id: { $in: lost.facts } }).lean()).map((r) => [r._id, r.receivedAt.getTime()]));
  lost.receivedAfterMs = lost.facts.flatMap((id) => { const at = receipts.get(id); return at === undefined ? [] : [Math.max(0, at - lost.at)]; });
  lost.unreceived = lost.facts.length - lost.receivedAfterMs.length;
  outcome.longOutage.received = await models.FactReceipt.countDocuments({ _id: { $in: outcome.longOutage.facts } });

  const view = await readStore(models);
  const schedules = await scheduledJobs(cluster.redis.url);
  const missingSchedules = Object.entries(schedules).filter(([, n]) => n !== 1).map(([id, n]) => `schedule ${id}: ${String(n)} repeatable jobs in Redis, expected 1`);
  outcome.verdicts = [
    checkChains(view),
    checkZeroSum(view, setup, outcome.results),
    checkNoNegative(view),
    checkCreditedOnce(view, setup, outcome.results),
    checkFacts(view, setup, outcome.results),
    checkCompliance(view, setup, outcome.results),
    { name: 'schedules restored after Redis lost them', problems: missingSchedules, figures: Object.entries(schedules).map(([id, n]) => `${id} ${String(n)}`).join(', ') },
    await checkDailyItemLimit(models),
  ];
}

/** Removes the run's folder (store data, logs) unless asked to keep it. */
export async function removeRunFolder(outcome: RunOutcome): Promise<void> {
  await rm(outcome.dir, { recursive: true, force: true });
}
