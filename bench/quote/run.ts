// npm run bench:quote [-- --quick]: the GraphQL `packagingOptions` query against the same store work on a bare
// Express route, in the same process, loaded by autocannon from a child process. A benchmark, not a test: it reports
// figures and asserts only that every response succeeded.
import './production-env.js';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { LoadSpec } from './autocannon.js';
import { startBareServer } from './bare-server.js';
import type { Cleanup } from './cleanup.js';
import { runBenchMain } from './interrupt.js';
import { InFlight } from './in-flight.js';
import { idleCpuRate, measure, type Measured, type Meter } from './measure.js';
import { connectionsFor, parseOptions, type BenchOptions } from './options.js';
import { profileRoutes } from './profile-report.js';
import { benchLine, ratioOf, summarize, table, writeResults, type Route } from './report.js';
import { CONSUMER_REF, PARCEL, bareBody, graphqlBody, sanityCheck } from './requests.js';
import { PRODUCERS, SEED, seed } from './seed.js';
import { startStack } from './stack.js';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const RESULTS_DIR = join(ROOT, 'bench', 'results');
const RESULTS_FILE = join(RESULTS_DIR, 'quote.json');
const ROUTES: readonly Route[] = ['graphql', 'bare'];
const GOAL = 0.8;

const out = (line = ''): void => { process.stdout.write(`${line}\n`); };
const progress = (line: string): void => { process.stderr.write(`[bench:quote] ${line}\n`); };

/** Runs the benchmark; returns the BENCH line, printed only once everything it started is cleaned up. */
async function bench(options: BenchOptions, cleanup: Cleanup, signal: AbortSignal): Promise<string> {
  const inFlight = new InFlight();
  progress('starting the store, Redis and the service...');
  const stack = await startStack(ROOT, progress, cleanup);
  signal.throwIfAborted();
  const { services } = stack.running;

  const started = Date.now();
  const seeded = await seed(services, signal);
  const classes = Object.entries(seeded.byClass).map(([c, n]) => `${c} ${String(n)}`).join(', ');
  progress(`seeded 1 platform, ${String(PRODUCERS)} producers, ${String(seeded.packagingTypes)} packaging types (${classes}) in ${String(Date.now() - started)} ms`);

  const bare = await startBareServer(services);
  cleanup.add('stop the bare server', () => bare.close());
  const sample = await sanityCheck(stack.running.graphqlUrl, bare.url, seeded.platformKey);
  progress(`sanity check: both routes answer the same ${String(sample.options.length)} options (${sample.options.map((o) => o.packagingClass).join(', ')})`);

  const connections = connectionsFor(options, stack.storeOrigin !== 'MONGODB_URI');
  const headers = { 'content-type': 'application/json', authorization: `Bearer ${seeded.platformKey}` };
  const load = { headers, connections, durationSeconds: options.durationSeconds };
  const specs: Record<Route, LoadSpec> = {
    graphql: { ...load, url: stack.running.graphqlUrl, body: graphqlBody() },
    bare: { ...load, url: bare.url, body: bareBody() },
  };
  const meter: Meter = { inFlight, idleCpuMsPerSecond: await idleCpuRate(2000) };
  for (const route of ROUTES) {
    progress(`warm-up ${route}: ${String(options.warmupSeconds)} s`);
    await measure(ROOT, { ...specs[route], durationSeconds: options.warmupSeconds }, meter, signal, true);
  }
  const runs: Record<Route, Measured[]> = { graphql: [], bare: [] };
  for (let round = 1; round <= options.rounds; round += 1) {
    for (const route of ROUTES) {
      const r = await measure(ROOT, specs[route], meter, signal);
      runs[route].push(r);
      progress(
        `round ${String(round)}/${String(options.rounds)} ${route}: ${r.requestsPerSecond.toFixed(1)} req/s (${String(r.totalRequests)} answers), ` +
          `p50 ${String(r.latencyP50Ms)} ms, p99 ${String(r.latencyP99Ms)} ms, ${r.nodeCpuMsPerRequest.toFixed(2)} ms node CPU/req, ` +
          `${String(r.handledRequests - r.totalRequests)} abandoned requests drained in ${String(r.drainMs)} ms`,
      );
    }
  }

  const graphql = summarize('graphql', specs.graphql.url, runs.graphql);
  const bareSummary = summarize('bare', specs.bare.url, runs.bare);
  const ratio = ratioOf(graphql, bareSummary);
  out();
  out('Quote benchmark: POST /graphql packagingOptions vs POST /bare/quote (same process, same store work)');
  out(
    `  ${String(connections)} connections, ${String(options.durationSeconds)} s per run, ${String(options.rounds)} alternating runs per route ` +
      `after a ${String(options.warmupSeconds)} s warm-up each; NODE_ENV=${process.env.NODE_ENV ?? ''}, store: ${stack.storeOrigin}`,
  );
  out(`  parcel ${String(PARCEL.lengthMm)}x${String(PARCEL.widthMm)}x${String(PARCEL.heightMm)} mm, ${String(PARCEL.weightGrams)} g -> ${String(sample.options.length)} options; catalogue ${String(seeded.packagingTypes)} packaging types (${classes})`);
  out();
  out(table([graphql, bareSummary]));
  out();
  out(`quoteVsRawExpress = ${graphql.medianRps.toFixed(1)} / ${bareSummary.medianRps.toFixed(1)} = ${ratio.toFixed(3)} (goal >= ${String(GOAL)}${ratio >= GOAL ? ', met' : ', NOT met'})`);

  await writeResults(RESULTS_FILE, {
    benchmark: 'quote',
    finishedAt: new Date().toISOString(),
    node: process.version,
    nodeEnv: process.env.NODE_ENV ?? null,
    store: stack.storeOrigin,
    redis: stack.redisOrigin,
    options: { ...options, connections },
    idleCpuMsPerSecond: meter.idleCpuMsPerSecond,
    request: { parcel: PARCEL, consumerRef: CONSUMER_REF, options: sample.options.map((o) => ({ packagingClass: o.packagingClass, sku: o.packagingType?.sku ?? null })) },
    catalogue: { seed: SEED, producers: PRODUCERS, packagingTypes: seeded.packagingTypes, byClass: seeded.byClass },
    routes: { graphql, bare: bareSummary },
    quoteVsRawExpress: ratio,
    goal: GOAL,
  });
  out(`results written to ${RESULTS_FILE}`);
  if (options.cpuProfile) {
    progress('profiling one more run of each route...');
    out();
    out(await profileRoutes(ROOT, RESULTS_DIR, specs, meter, signal));
  }
  return benchLine(ratio, graphql, bareSummary);
}

await runBenchMain('bench:quote', progress, (cleanup, signal) => bench(parseOptions(process.argv.slice(2)), cleanup, signal));
