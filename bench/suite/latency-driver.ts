// A load driver for the growth scenario, run as a child process of bench/run.ts (the load comes from another
// process than the service, over loopback), in the manner of bench/pipeline/load-driver.ts: `concurrency` loops,
// each sending its next request when the previous one is answered, for a fixed time after a warm-up. Unlike
// autocannon it varies every request: the consumer (spread over all seeded consumers) and, for redemptions, a fresh
// idempotency key. Reads a LatencySpec as JSON on stdin, prints a LatencyResult as one JSON line on stdout, and exits 1
// at the first failed request.
import { performance } from 'node:perf_hooks';
import { postGraphql, userErrorsOf } from '../pipeline/graphql-requests.js';
import { latencySummary, type LatencySummary } from '../pipeline/load-spec.js';
import { PARCEL, QUOTE_QUERY } from '../quote/requests.js';

export interface LatencySpec {
  readonly kind: 'quote' | 'redeem';
  readonly graphqlUrl: string;
  readonly apiKey: string;
  readonly concurrency: number;
  readonly warmupMs: number;
  readonly durationMs: number;
  /** Consumers `0 .. consumers - 1` (bench/suite/ledger-seed.ts names them). */
  readonly consumers: number;
  /** Makes every redemption's idempotency key unique across runs. */
  readonly keyPrefix: string;
}

export interface LatencyResult {
  readonly kind: 'quote' | 'redeem';
  readonly requests: number;
  readonly elapsedMs: number;
  readonly requestsPerSecond: number;
  readonly latency: LatencySummary;
  readonly meanMs: number;
  /** The driver's own CPU time over its whole life, ms. */
  readonly driverCpuMs: number;
}

export const REDEEM_DOCUMENT = `mutation Redeem($input: RedeemCreditsInput!) {
  redeemCredits(input: $input) { entry { id seq kind amount available } account { available } userErrors { code field message } }
}`;

const consumerRefOf = (n: number): string => `suite-consumer-${String(n).padStart(6, '0')}`;

async function readStdin(): Promise<string> {
  let text = '';
  for await (const chunk of process.stdin) text += String(chunk);
  return text;
}

async function run(spec: LatencySpec): Promise<LatencyResult> {
  let sent = 0;
  // A stride coprime with the consumer count visits every consumer once before any twice, spread over the ledger.
  const stride = (() => {
    const gcd = (a: number, b: number): number => (b === 0 ? a : gcd(b, a % b));
    let s = Math.max(1, Math.floor(spec.consumers * 0.618));
    while (gcd(s, spec.consumers) !== 1) s += 1;
    return s;
  })();
  const once = async (): Promise<void> => {
    const n = sent++;
    const consumerRef = consumerRefOf((n * stride) % spec.consumers);
    if (spec.kind === 'quote') {
      await postGraphql(spec.graphqlUrl, spec.apiKey, 'Quote', QUOTE_QUERY, { parcel: PARCEL, consumerRef });
      return;
    }
    const data = await postGraphql(spec.graphqlUrl, spec.apiKey, 'Redeem', REDEEM_DOCUMENT, {
      input: { consumerRef, amount: 1, idempotencyKey: `${spec.keyPrefix}-${String(n)}`, purpose: 'bench' },
    });
    const errors = userErrorsOf(data.redeemCredits);
    if (errors !== '') throw new Error(`redeemCredits ${consumerRef}: ${errors}`);
  };
  const latencies: number[] = [];
  const loops = async (untilMs: number, record: boolean) => {
    await Promise.all(
      Array.from({ length: spec.concurrency }, async () => {
        while (performance.now() < untilMs) {
          const started = performance.now();
          await once();
          if (record) latencies.push(performance.now() - started);
        }
      }),
    );
  };
  await loops(performance.now() + spec.warmupMs, false);
  const started = performance.now();
  await loops(started + spec.durationMs, true);
  const elapsedMs = performance.now() - started;
  return {
    kind: spec.kind,
    requests: latencies.length,
    elapsedMs: Math.round(elapsedMs),
    requestsPerSecond: latencies.length / (elapsedMs / 1000),
    latency: latencySummary(latencies),
    meanMs: Math.round((latencies.reduce((a, b) => a + b, 0) / Math.max(1, latencies.length)) * 10) / 10,
    driverCpuMs: Math.round((process.cpuUsage().user + process.cpuUsage().system) / 1000),
  };
}

try {
  const spec = JSON.parse(await readStdin()) as LatencySpec;
  process.stdout.write(`${JSON.stringify(await run(spec))}\n`);
  process.exit(0);
} catch (error) {
  process.stderr.write(`latency driver failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
}
