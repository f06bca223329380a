import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import mongoose from 'mongoose';
import { deleteQueueKeys } from '../../server/queues/queue-keys.js';
import type { Cleanup } from '../quote/cleanup.js';
import { dropDatabase, withDatabase, type Backends } from '../quote/stack.js';
import { cloneDatabase } from './database-clone.js';
import { copyQuotes } from './quote-copy.js';
import { waitForPosted } from './ledger-watch.js';
import { runPipelineLoad } from './load.js';
import type { LatencySummary } from './load-spec.js';
import type { OrderPlan, QuotedOrder } from './order-mix.js';
import { cpuBetween, cpuSnapshot, machineBusyMs, type WatchedProcess } from './process-cpu.js';
import { readProcessProfile, type ProcessProfile } from './process-profile.js';
import { startServiceProcess, type ServiceProcess } from './service-process.js';
import { startStoreCallCounter, type StoreCallCounter } from './store-call-counter.js';
import type { Template } from './template.js';

export interface RunSetup {
  readonly root: string;
  readonly backends: Backends;
  readonly template: Template;
  /** The service's environment shared by every process; MONGODB_URI and QUEUE_PREFIX are set per run. */
  readonly env: Readonly<Record<string, string>>;
  readonly runId: string;
  readonly concurrency: number;
  readonly resultsDir: string;
  /** The store's and Redis's processes, for their CPU time (empty when they are not on this machine). */
  readonly infrastructure: readonly WatchedProcess[];
  readonly cleanup: Cleanup;
  readonly signal: AbortSignal;
  readonly progress: (line: string) => void;
}

export interface StoreCallFigures {
  readonly perOrder: number;
  readonly meanMs: number;
}

export interface Instruments {
  /** Run the API and worker under --cpu-prof, summarised over the measured window. */
  readonly cpuProfile: boolean;
  /** Count every store command of the API and worker through a proxy, over the measured window. */
  readonly countStoreCalls: boolean;
}

export interface PipelineRun {
  readonly label: string;
  readonly workers: number;
  readonly orders: number;
  /** Orders fully posted / wall time from the first mutation sent to the last settling entry written. */
  readonly choicesPerSecond: number;
  /** Orders whose two mutations were answered / wall time from the first sent to the last answered. */
  readonly ingestPerSecond: number;
  readonly elapsedMs: number;
  /** How long after the last mutation was answered the last order got posted (the workers' backlog). */
  readonly drainMs: number;
  /** How often the benchmark counted the ledger while measuring (each count reads credit_entries on the embedded store). */
  readonly ledgerCounts: number;
  readonly choose: LatencySummary;
  readonly deliver: LatencySummary;
  /** CPU ms per order of each process over the measured window (the store's and Redis's too, when local). */
  readonly cpuMsPerOrder: Readonly<Record<string, number>>;
  /**
   * Each process's CPU over the window, in % of one core of the run's elapsed time (first order sent to last posted):
   * how busy it was while the orders ran. The window also holds the load driver's start-up, when the services idle.
   */
  readonly cpuPercent: Readonly<Record<string, number>>;
  /** Documents in the busiest collections after the run (the embedded store reads whole collections for most filters). */
  readonly collectionSizes: Readonly<Record<string, number>>;
  /** By process, then by call: calls per order and the mean time from sending each to its reply. */
  readonly storeCalls?: Readonly<Record<string, Readonly<Record<string, StoreCallFigures>>>>;
  readonly profiles?: Readonly<Record<string, ProcessProfile>>;
}

const STALL_MS = 60_000;
const SIZED_COLLECTIONS = ['packaging_choices', 'order_events', 'credit_entries', 'credit_head_hints', 'fact_receipts', 'idempotency_keys'];
const plans = (orders: readonly QuotedOrder[]): OrderPlan[] => orders.map(({ orderRef, quoteId, optionId }) => ({ orderRef, quoteId, optionId }));
const round = (value: number, digits: number): number => Math.round(value * 10 ** digits) / 10 ** digits;

/** `uri` pointed at another port on loopback (a counting proxy), database and options kept. */
function viaPort(uri: string, port: number): string {
  const url = new URL(uri);
  url.hostname = '127.0.0.1';
  url.port = String(port);
  return url.toString();
}

/**
 * One configuration: a fresh copy of the template database and fresh queues; the API and `workers` worker processes;
 * the warm-up orders, until posted; then the measured orders, timed from the first mutation sent until the ledger
 * holds the last one's EARN_POSTED entry. Stops its processes before returning.
 */
export async function runConfiguration(setup: RunSetup, label: string, workers: number, instruments: Instruments): Promise<PipelineRun> {
  const { root, template, cleanup, signal, progress } = setup;
  const database = `bench_pipeline_${setup.runId}_${label}`;
  const uri = withDatabase(setup.backends.storeBase, database);
  const queuePrefix = `{glbench-pipeline-${setup.runId}-${label}}`;
  cleanup.add(`drop ${database}`, () => dropDatabase(uri));
  cleanup.add(`delete the Bull keys of ${label}`, () => deleteQueueKeys(setup.backends.redisUrl, queuePrefix));
  await cloneDatabase(template.uri, uri);
  const quotes = await copyQuotes(setup.backends.redisUrl, template.queuePrefix, queuePrefix);
  if (quotes < template.warmup.length + template.measured.length) {
    throw new Error(`only ${String(quotes)} of the template's ${String(template.warmup.length + template.measured.length)} quotes are left in Redis (they last 30 minutes)`);
  }

  const names = ['api', ...Array.from({ length: workers }, (_, i) => `worker-${String(i + 1)}`)];
  const counters = new Map<string, StoreCallCounter>();
  if (instruments.countStoreCalls) {
    const store = new URL(uri);
    for (const name of names) {
      const counter = await startStoreCallCounter({ host: store.hostname, port: Number(store.port || 27017) });
      cleanup.add(`close the store proxy of ${name}`, () => counter.close());
      counters.set(name, counter);
    }
  }
  // One folder per process: --cpu-prof writes a file per thread (tsx's module loader runs in a thread of its own).
  const profileDir = (name: string) => join(setup.resultsDir, 'pipeline-profiles', name);
  if (instruments.cpuProfile) for (const name of names) await rm(profileDir(name), { recursive: true, force: true });
  const processes: ServiceProcess[] = await Promise.all(
    names.map(async (name) => {
      const counter = counters.get(name);
      const started = await startServiceProcess(
        root,
        {
          name,
          role: name === 'api' ? 'api' : 'worker',
          env: { ...setup.env, MONGODB_URI: counter ? viaPort(uri, counter.port) : uri, QUEUE_PREFIX: queuePrefix },
          logFile: join(setup.backends.workDir, `${label}-${name}.log`),
          nodeFlags: instruments.cpuProfile ? ['--cpu-prof', `--cpu-prof-dir=${profileDir(name)}`] : [],
        },
        signal,
      );
      cleanup.add(`stop ${label} ${name}`, () => started.stop());
      return started;
    }),
  );
  const stopAll = async () => {
    // Workers first: the API has nothing in flight once the driver is done.
    for (const p of [...processes].reverse()) await p.stop();
  };
  const api = processes[0];
  if (!api) throw new Error('no API process');

  const client = new mongoose.mongo.MongoClient(uri, { serverSelectionTimeoutMS: 5000 });
  await client.connect();
  try {
    const db = client.db();
    const platformId = new mongoose.mongo.ObjectId(template.platformId.toHexString());
    const load = { graphqlUrl: api.graphqlUrl, apiKey: template.platformKey, concurrency: setup.concurrency };

    await runPipelineLoad(root, { kind: 'pipeline', ...load, orders: plans(template.warmup) }, signal);
    const ledger = { db, platformId, redisUrl: setup.backends.redisUrl, queuePrefix };
    await waitForPosted(ledger, template.warmup.length, STALL_MS, signal);

    const watched: WatchedProcess[] = [...processes.map((p) => ({ name: p.name, pid: p.pid })), ...setup.infrastructure];
    const cpuBefore = await cpuSnapshot(watched);
    const machineBefore = await machineBusyMs();
    const ownCpu = process.cpuUsage();
    const fromUs = Number(process.hrtime.bigint() / 1000n);
    for (const counter of counters.values()) counter.start();

    const driven = await runPipelineLoad(root, { kind: 'pipeline', ...load, orders: plans(template.measured) }, signal);
    const posted = await waitForPosted(ledger, template.warmup.length + template.measured.length, STALL_MS, signal);

    const toUs = Number(process.hrtime.bigint() / 1000n);
    const storeCalls = new Map([...counters].map(([name, counter]) => [name, counter.stop()] as const));
    const cpuUsed = cpuBetween(cpuBefore, await cpuSnapshot(watched));
    const own = process.cpuUsage(ownCpu);
    cpuUsed['load driver'] = driven.driverCpuMs;
    cpuUsed['bench (polling)'] = (own.user + own.system) / 1000;
    const machineAfter = await machineBusyMs();
    if (machineBefore !== null && machineAfter !== null) {
      // What else ran on this (shared) machine meanwhile: everything busy that none of the above accounts for.
      const ours = Object.values(cpuUsed).reduce((sum, ms) => sum + ms, 0);
      cpuUsed['other processes'] = Math.max(0, machineAfter - machineBefore - ours);
    }

    const orders = template.measured.length;
    const elapsedMs = posted.lastPostedAtMs - driven.firstSentAtMs;
    const collectionSizes: Record<string, number> = {};
    for (const name of SIZED_COLLECTIONS) collectionSizes[name] = await db.collection(name).countDocuments();
    await stopAll();

    const result: PipelineRun = {
      label,
      workers,
      orders,
      choicesPerSecond: round(orders / (elapsedMs / 1000), 2),
      ingestPerSecond: round(orders / ((driven.lastAnsweredAtMs - driven.firstSentAtMs) / 1000), 2),
      elapsedMs,
      drainMs: posted.lastPostedAtMs - driven.lastAnsweredAtMs,
      ledgerCounts: posted.ledgerCounts,
      choose: driven.choose,
      deliver: driven.deliver,
      cpuMsPerOrder: Object.fromEntries(Object.entries(cpuUsed).map(([name, ms]) => [name, round(ms / orders, 1)])),
      cpuPercent: Object.fromEntries(Object.entries(cpuUsed).map(([name, ms]) => [name, round((100 * ms) / elapsedMs, 0)])),
      collectionSizes,
      ...(counters.size === 0
        ? {}
        : {
            storeCalls: Object.fromEntries(
              [...storeCalls].map(([name, counts]) => [
                name,
                Object.fromEntries([...counts].map(([key, t]) => [key, { perOrder: round(t.calls / orders, 2), meanMs: round(t.totalMs / t.calls, 1) }])),
              ]),
            ),
          }),
      ...(instruments.cpuProfile
        ? {
            profiles: Object.fromEntries(
              await Promise.all(names.map(async (name) => [name, await readProcessProfile(profileDir(name), root, { fromUs, toUs }, orders)] as const)),
            ),
          }
        : {}),
    };
    progress(
      `${label}: ${String(orders)} orders posted in ${String(elapsedMs)} ms = ${result.choicesPerSecond.toFixed(2)} choices/s ` +
        `(mutations answered at ${result.ingestPerSecond.toFixed(2)} orders/s, last posted ${String(result.drainMs)} ms after the last answer)`,
    );
    return result;
  } finally {
    await client.close();
    await stopAll();
  }
}
