// A load driver for bench/suite/growth.ts and bench/quote, run as a child process (the load comes from another process
// than the service, over loopback), in the manner of bench/pipeline/load-driver.ts, for a fixed time after a warm-up.
// Closed loop: `concurrency` loops, each sending its next request when the previous one is answered. Open loop
// (`ratePerSecond`): requests start on a fixed schedule whether or not earlier ones were answered, as checkouts
// arrive, at most `concurrency` in flight. Unlike autocannon it varies every request (the consumer, spread over all
// seeded consumers, and for redemptions a fresh idempotency key) and times answers to the microsecond (autocannon's
// histogram counts whole milliseconds, too coarse for a 2 ms p50). Reads a LatencySpec as JSON on stdin, prints a
// LatencyResult as one JSON line on stdout, and exits 1 at the first failed request.
import { PerformanceObserver, monitorEventLoopDelay, performance } from 'node:perf_hooks';
import { QuoteDocument, RedeemDocument } from '../generated/graphql.js';
import { userErrorsOf } from '../graphql-operations.js';
import { latencySummary, type LatencySummary } from '../pipeline/load-spec.js';
import { PARCEL } from '../quote/requests.js';
import { createGraphqlClient, type GraphqlClient } from './graphql-client.js';

export interface LatencySpec {
  readonly kind: 'quote' | 'redeem';
  readonly graphqlUrl: string;
  readonly apiKey: string;
  /** Closed loop: the number of loops. Open loop: the most requests in flight at once (more wait for one to end). */
  readonly concurrency: number;
  /** Open loop at this many requests a second; closed loop when absent. */
  readonly ratePerSecond?: number;
  readonly warmupMs: number;
  readonly durationMs: number;
  /** Consumers `firstConsumer .. consumers - 1` (bench/suite/ledger-seed.ts names them). */
  readonly consumers: number;
  readonly firstConsumer?: number;
  /**
   * Where in the order of visits this run starts (default 0): an earlier run's `nextVisit`, so that a run names the
   * consumers no earlier run named. The service remembers the accounts it wrote lately (server/services/credit-ledger.ts)
   * and a repeated consumer skips the store's reads: runs that named the same consumers would measure a cheaper
   * redemption than a platform's, whose consumers come cold.
   */
  readonly firstVisit?: number;
  /** Closed loop: stop early rather than name a consumer a second time. */
  readonly onceEach?: boolean;
  /** Makes every redemption's idempotency key unique across runs. */
  readonly keyPrefix: string;
}

/** How well an open-loop run kept its schedule: a driver that falls behind measures less load than it claims. */
export interface ScheduleKept {
  readonly targetRate: number;
  /** How late requests started against their schedule. */
  readonly lateness: LatencySummary;
  /** Starts that waited because `concurrency` requests were in flight. */
  readonly waitedForSlot: number;
}

export interface LatencyResult {
  readonly kind: 'quote' | 'redeem';
  readonly requests: number;
  readonly elapsedMs: number;
  readonly requestsPerSecond: number;
  /** From the request's start to its answer. */
  readonly latency: LatencySummary;
  readonly meanMs: number;
  /** The driver's own CPU time over its whole life, ms. */
  readonly driverCpuMs: number;
  /** Requests sent again after the service closed an idle kept-alive socket as they were written. */
  readonly resent: number;
  /** Open loop only. */
  readonly schedule: ScheduleKept | null;
  /** Where the next run's visits start (`firstVisit`), the warm-up's included. */
  readonly nextVisit: number;
  /** Requests (the warm-up's included) that named a consumer this run or an earlier one had named. */
  readonly namedAgain: number;
  /**
   * The driver's own event loop while it measured: an answer that arrives while the driver is held up (its garbage
   * collection, or no core free for it) is timed late by as much, so a tail the service did not make shows here.
   */
  readonly driverLoop: { readonly heldP99Ms: number; readonly heldMaxMs: number; readonly gcMs: number; readonly longestGcMs: number };
}

const consumerRefOf = (n: number): string => `suite-consumer-${String(n).padStart(6, '0')}`;

async function readStdin(): Promise<string> {
  let text = '';
  for await (const chunk of process.stdin) text += String(chunk);
  return text;
}

/** A stride coprime with the consumer count visits every consumer once before any twice, spread over the ledger. */
function strideFor(consumers: number): number {
  const gcd = (a: number, b: number): number => (b === 0 ? a : gcd(b, a % b));
  let s = Math.max(1, Math.floor(consumers * 0.618));
  while (gcd(s, consumers) !== 1) s += 1;
  return s;
}

/** How often the driver samples its own event loop (a coarse timer: it must not load the driver). */
const LOOP_SAMPLE_MS = 10;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function run(spec: LatencySpec, client: GraphqlClient): Promise<LatencyResult> {
  let sent = 0;
  let namedAgain = 0;
  const first = spec.firstConsumer ?? 0;
  const range = spec.consumers - first;
  const firstVisit = spec.firstVisit ?? 0;
  const stride = strideFor(range);
  const exhausted = () => spec.onceEach === true && firstVisit + sent >= range;
  const once = async (): Promise<void> => {
    const n = sent++;
    const visit = firstVisit + n;
    if (visit >= range) namedAgain += 1;
    const consumerRef = consumerRefOf(first + ((visit * stride) % range));
    if (spec.kind === 'quote') {
      await client.post(QuoteDocument, { parcel: PARCEL, consumerRef });
      return;
    }
    const data = await client.post(RedeemDocument, {
      input: { consumerRef, amount: 1, idempotencyKey: `${spec.keyPrefix}-${String(n)}`, purpose: 'bench' },
    });
    const errors = userErrorsOf(data.redeemCredits);
    if (errors !== '') throw new Error(`redeemCredits ${consumerRef}: ${errors}`);
  };
  const latencies: number[] = [];
  const lateness: number[] = [];
  let waitedForSlot = 0;
  const timed = async (record: boolean) => {
    const started = performance.now();
    await once();
    if (record) latencies.push(performance.now() - started);
  };
  const closedLoops = async (untilMs: number, record: boolean) => {
    await Promise.all(
      Array.from({ length: spec.concurrency }, async () => {
        while (performance.now() < untilMs && !exhausted()) await timed(record);
      }),
    );
  };
  const openLoop = async (ratePerSecond: number, untilMs: number, record: boolean) => {
    const interval = 1000 / ratePerSecond;
    const inFlight = new Set<Promise<void>>();
    // The first failed request; set from the requests' callbacks, so a holder TypeScript does not narrow.
    const failed: { error: Error | null } = { error: null };
    for (let due = performance.now(); due < untilMs && failed.error === null;) {
      const now = performance.now();
      if (due > now) {
        await sleep(due - now);
        continue;
      }
      if (inFlight.size >= spec.concurrency) {
        if (record) waitedForSlot += 1;
        await Promise.race(inFlight);
        continue;
      }
      if (record) lateness.push(now - due);
      const request: Promise<void> = timed(record).then(
        () => { inFlight.delete(request); },
        (error: unknown) => { inFlight.delete(request); failed.error ??= error instanceof Error ? error : new Error(String(error)); },
      );
      inFlight.add(request);
      due += interval;
    }
    await Promise.all(inFlight);
    if (failed.error !== null) throw failed.error;
  };
  const load = (untilMs: number, record: boolean) =>
    spec.ratePerSecond === undefined ? closedLoops(untilMs, record) : openLoop(spec.ratePerSecond, untilMs, record);

  await load(performance.now() + spec.warmupMs, false);
  const loopDelay = monitorEventLoopDelay({ resolution: LOOP_SAMPLE_MS });
  const gcPauses: number[] = [];
  const gcWatch = new PerformanceObserver((list) => { for (const entry of list.getEntries()) gcPauses.push(entry.duration); });
  gcWatch.observe({ entryTypes: ['gc'] });
  loopDelay.enable();
  const started = performance.now();
  await load(started + spec.durationMs, true);
  const elapsedMs = performance.now() - started;
  loopDelay.disable();
  gcWatch.disconnect();
  // The histogram holds each sample's whole interval: what the loop was held up is the part past the interval.
  const heldMs = (ns: number) => Math.max(0, Math.round((ns / 1e6 - LOOP_SAMPLE_MS) * 10) / 10);
  if (latencies.length === 0) throw new Error(`no request measured: the warm-up named all ${String(range)} consumers`);
  return {
    kind: spec.kind,
    requests: latencies.length,
    elapsedMs: Math.round(elapsedMs),
    requestsPerSecond: latencies.length / (elapsedMs / 1000),
    latency: latencySummary(latencies),
    meanMs: Math.round((latencies.reduce((a, b) => a + b, 0) / Math.max(1, latencies.length)) * 10) / 10,
    driverCpuMs: Math.round((process.cpuUsage().user + process.cpuUsage().system) / 1000),
    resent: client.resent,
    schedule: spec.ratePerSecond === undefined ? null : { targetRate: spec.ratePerSecond, lateness: latencySummary(lateness), waitedForSlot },
    nextVisit: firstVisit + sent,
    namedAgain,
    driverLoop: {
      heldP99Ms: heldMs(loopDelay.percentile(99)),
      heldMaxMs: heldMs(loopDelay.max),
      gcMs: Math.round(gcPauses.reduce((a, b) => a + b, 0)),
      longestGcMs: Math.round(gcPauses.reduce((a, b) => Math.max(a, b), 0) * 10) / 10,
    },
  };
}

try {
  const spec = JSON.parse(await readStdin()) as LatencySpec;
  const client = createGraphqlClient(spec.graphqlUrl, spec.apiKey, spec.concurrency);
  const result = await run(spec, client);
  client.close();
  process.stdout.write(`${JSON.stringify(result)}\n`);
  process.exit(0);
} catch (error) {
  process.stderr.write(`latency driver failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
}
