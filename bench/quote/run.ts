// npm run bench:quote [-- --quick]: a checkout's quote (GraphQL packagingOptions) on one service process, loaded from
// child processes, in four figures (issue #14's targets):
//   quoteVsTrivialGraphql  quote req/s over `{ __typename }` req/s, same endpoint, same connections, alternating runs
//   quoteRps               the quote's saturation throughput at QUOTED_TYPES packaging types
//   quoteP99AtLoadMs, p99OverP50   quote latency at 80 % of the quote's saturation with the same load driver, requests
//                          started on schedule
//   catalogueGrowth        quote p50 at LARGE_TYPES over p50 at SMALL_TYPES, at the same modest fixed load
// A benchmark, not a test: it reports figures and asserts only that every response succeeded.
import './production-env.js';
import { dirname, join, resolve } from 'node:path';
import { PerformanceObserver, monitorEventLoopDelay } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { GOALS, goalMet, goalText } from '../goals.js';
import { withCpuProfile } from './cpu-profile.js';
import { describeHeapProfile, withHeapProfile } from './heap-profile.js';
import type { LatencyResult, LatencySpec } from '../suite/latency-driver.js';
import { LOAD_FRACTION, describeTail, runLatencyDriver, tailAtLoad } from '../suite/latency-runs.js';
import type { LoadSpec } from './autocannon.js';
import { startCatalogue, type CatalogueSeed, type SeedStep } from './catalogue-seed.js';
import { LARGE_TYPES, QUOTED_TYPES, SMALL_TYPES } from './catalogue-sizes.js';
import { waitForQuiet } from './quiet.js';
import type { Cleanup } from './cleanup.js';
import { runBenchMain } from './interrupt.js';
import { InFlight } from './in-flight.js';
import { idleCpuRate, measure, type Measured, type Meter } from './measure.js';
import { parseOptions, type BenchOptions } from './options.js';
import { profileRoutes } from './profile-report.js';
import { ROUTES, round, ratioOf, summarize, table, writeResults, type Route } from './report.js';
import { CONSUMER_REF, PARCEL, quoteBody, sanityCheck, trivialBody, type QuoteReply } from './requests.js';
import { SEED } from './seed.js';
import { startStack } from './stack.js';
import { describeStalls, stallsOf } from './stalls.js';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const RESULTS_DIR = join(ROOT, 'bench', 'results');
const RESULTS_FILE = join(RESULTS_DIR, 'quote.json');

/** The modest fixed load of the catalogue comparison: two clients, each asking again when answered. */
const CATALOGUE_LOOPS = 2;
/** Distinct consumers the driver's quotes name (none has a ledger here: a new shopper's checkout). */
const DRIVER_CONSUMERS = 1000;

const out = (line = ''): void => { process.stdout.write(`${line}\n`); };
const progress = (line: string): void => { process.stderr.write(`[bench:quote] ${line}\n`); };

const describeStep = (step: SeedStep): string =>
  `${step.packagingTypes.toLocaleString('en')} packaging types (+${step.added.toLocaleString('en')}: ${String(step.inBulk)} in bulk, ${String(step.viaService)} through the service) ` +
  `in ${(step.ms / 1000).toFixed(1)} s (producers ${(step.phasesMs.producers / 1000).toFixed(1)} s, inserts ${(step.phasesMs.bulk / 1000).toFixed(1)} s, ` +
  `registrations ${(step.phasesMs.service / 1000).toFixed(1)} s, the service's snapshot rebuild ${(step.phasesMs.snapshot / 1000).toFixed(1)} s)`;

/** Seeds up to `types` and checks that a quote still offers every class. */
async function grow(catalogue: CatalogueSeed, types: number, graphqlUrl: string, signal: AbortSignal): Promise<{ step: SeedStep; sample: QuoteReply }> {
  progress(`seeding up to ${types.toLocaleString('en')} packaging types...`);
  const step = await catalogue.growTo(types, signal);
  progress(`seeded ${describeStep(step)}`);
  const sample = await sanityCheck(graphqlUrl, catalogue.current().platformKey);
  progress(`sanity check: the quote offers ${String(sample.options.length)} options (${sample.options.map((o) => o.packagingClass).join(', ')}); { __typename } answers`);
  return { step, sample };
}

/** Runs the benchmark; returns the BENCH line, printed only once everything it started is cleaned up. */
async function bench(options: BenchOptions, cleanup: Cleanup, signal: AbortSignal): Promise<string> {
  const inFlight = new InFlight();
  progress('starting the store, Redis and the service...');
  const stack = await startStack(ROOT, progress, cleanup);
  signal.throwIfAborted();
  const { running } = stack;
  const catalogue = await startCatalogue(running.services, running.store.models);
  const { platformKey } = catalogue.current();

  const driverBase: Omit<LatencySpec, 'concurrency' | 'warmupMs' | 'durationMs'> = {
    kind: 'quote',
    graphqlUrl: running.graphqlUrl,
    apiKey: platformKey,
    consumers: DRIVER_CONSUMERS,
    keyPrefix: '',
  };
  const headers = { 'content-type': 'application/json', authorization: `Bearer ${platformKey}` };
  const load = { url: running.graphqlUrl, headers, connections: options.connections, durationSeconds: options.durationSeconds };
  const specs: Record<Route, LoadSpec> = { quote: { ...load, body: quoteBody() }, trivial: { ...load, body: trivialBody() } };
  const meter: Meter = { inFlight, idleCpuMsPerSecond: await idleCpuRate(2000) };
  const warmUp = async (route: Route) => {
    progress(`warm-up ${route}: ${String(options.warmupSeconds)} s`);
    await measure(ROOT, { ...specs[route], durationSeconds: options.warmupSeconds }, meter, signal, true);
  };
  const catalogueRun = async (types: number): Promise<LatencyResult> => {
    progress(`quote latency at ${types.toLocaleString('en')} types: ${String(CATALOGUE_LOOPS)} loops, ${String(options.catalogueSeconds)} s...`);
    const run = await runLatencyDriver(ROOT, { ...driverBase, concurrency: CATALOGUE_LOOPS, warmupMs: 2000, durationMs: options.catalogueSeconds * 1000 }, signal);
    progress(`  p50 ${String(run.latency.p50Ms)} ms, p99 ${String(run.latency.p99Ms)} ms, ${run.requestsPerSecond.toFixed(1)} req/s`);
    return run;
  };

  // Both catalogue sizes are measured once the machine is quiet again after their seeding.
  const settle = async () => {
    const quiet = await waitForQuiet(signal);
    progress(`waited ${(quiet.waitedMs / 1000).toFixed(1)} s for the machine to be quiet after seeding (${(quiet.idleShare * 100).toFixed(0)} % idle)`);
  };

  // 1. The small catalogue: the quote's latency at a modest load.
  const small = await grow(catalogue, SMALL_TYPES, running.graphqlUrl, signal);
  await settle();
  await warmUp('quote');
  const atSmall = await catalogueRun(SMALL_TYPES);

  // 2. The quoted catalogue: saturation of both operations in alternating rounds, then the tail at 80 % of the quote's.
  const quoted = await grow(catalogue, QUOTED_TYPES, running.graphqlUrl, signal);
  for (const route of ROUTES) await warmUp(route);
  const runs: Record<Route, Measured[]> = { quote: [], trivial: [] };
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
  const quote = summarize('quote', specs.quote.url, runs.quote);
  const trivial = summarize('trivial', specs.trivial.url, runs.trivial);
  const ratio = ratioOf(quote, trivial);
  // The tail's load comes from the latency driver, which varies every request and spends more CPU per request than
  // autocannon on these two shared cores: 80 % of autocannon's saturation was more than the driver and the service
  // could sustain together, so the tail measured the driver's queue. Its saturation is measured with the driver itself.
  progress(`quote saturation with the latency driver: ${String(options.connections)} closed loops, ${String(options.durationSeconds)} s...`);
  const driverSaturation = await runLatencyDriver(ROOT, { ...driverBase, concurrency: options.connections, warmupMs: 2000, durationMs: options.durationSeconds * 1000 }, signal);
  progress(`quote tail: ${String(LOAD_FRACTION * 100)} % of ${driverSaturation.requestsPerSecond.toFixed(1)} req/s, requests on schedule, ${String(options.loadSeconds)} s...`);
  // The service runs in this process: how long its event loop was held up while the tail ran says whether the
  // slow answers waited in the service (a pause, a long task) or before it (the driver, the machine's two cores).
  const loopDelay = monitorEventLoopDelay({ resolution: 1 });
  const gcPauses: { kind: number; ms: number }[] = [];
  const gcWatch = new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) gcPauses.push({ kind: (entry.detail as { kind?: number } | null)?.kind ?? 0, ms: entry.duration });
  });
  gcWatch.observe({ entryTypes: ['gc'] });
  loopDelay.enable();
  const runTail = () => tailAtLoad(ROOT, { ...driverBase, warmupMs: 2000, durationMs: options.loadSeconds * 1000 }, driverSaturation.requestsPerSecond, signal);
  const heap = options.heapProfile ? await withHeapProfile(join(RESULTS_DIR, 'quote-tail.heapprofile'), ROOT, options.heapProfile, runTail) : null;
  const profiled = options.stallProfile ? await withCpuProfile(join(RESULTS_DIR, 'quote-tail.cpuprofile'), runTail) : null;
  const tail = heap ? heap.value : profiled ? profiled.value : await runTail();
  const stalls = profiled ? stallsOf(profiled.profile, ROOT) : null;
  loopDelay.disable();
  gcWatch.disconnect();
  const longestGcMs = gcPauses.reduce((m, g) => Math.max(m, g.ms), 0);
  progress(`quote tail: GC ${String(gcPauses.length)} pauses, ${gcPauses.reduce((a, g) => a + g.ms, 0).toFixed(0)} ms in all, longest ${longestGcMs.toFixed(1)} ms (kinds of those over 20 ms: ${gcPauses.filter((g) => g.ms > 20).map((g) => String(g.kind)).join(',')})`);
  const serviceLoopDelay = { p50Ms: round(loopDelay.percentile(50) / 1e6, 1), p99Ms: round(loopDelay.percentile(99) / 1e6, 1), maxMs: round(loopDelay.max / 1e6, 1) };
  progress(`quote tail: ${describeTail(tail)}; the service's event loop delay p50 / p99 / max ${String(serviceLoopDelay.p50Ms)} / ${String(serviceLoopDelay.p99Ms)} / ${String(serviceLoopDelay.maxMs)} ms`);
  const profile = options.cpuProfile ? await profileRoutes(ROOT, RESULTS_DIR, specs, meter, signal) : null;

  // 3. The large catalogue, at the same modest load as the small one.
  const large = await grow(catalogue, LARGE_TYPES, running.graphqlUrl, signal);
  await settle();
  await warmUp('quote');
  const atLarge = await catalogueRun(LARGE_TYPES);
  const catalogueGrowth = round(atLarge.latency.p50Ms / Math.max(0.1, atSmall.latency.p50Ms), 3);

  const figures = {
    quoteVsTrivialGraphql: ratio,
    quoteRps: round(quote.medianRps, 1),
    quoteP99AtLoadMs: tail.p99Ms,
    p99OverP50: tail.p99OverP50,
    catalogueGrowth,
  };
  const seeded = catalogue.current();
  out();
  out(`Quote benchmark: POST /graphql packagingOptions against { __typename } (same process, same endpoint), NODE_ENV=${process.env.NODE_ENV ?? ''}, store: ${stack.storeOrigin}`);
  out(`  parcel ${String(PARCEL.lengthMm)}x${String(PARCEL.widthMm)}x${String(PARCEL.heightMm)} mm, ${String(PARCEL.weightGrams)} g -> ${String(quoted.sample.options.length)} options (${quoted.sample.options.map((o) => o.packagingClass).join(', ')})`);
  out(`  catalogue by class at ${seeded.packagingTypes.toLocaleString('en')} types: ${Object.entries(seeded.byClass).map(([c, n]) => `${c} ${n.toLocaleString('en')}`).join(', ')}`);
  for (const { step } of [small, quoted, large]) out(`  seeded ${describeStep(step)}`);
  out();
  out(`Saturation at ${QUOTED_TYPES.toLocaleString('en')} types: ${String(options.connections)} connections (autocannon), ${String(options.durationSeconds)} s per run, ` +
    `${String(options.rounds)} alternating runs per route after a ${String(options.warmupSeconds)} s warm-up each`);
  out(table([quote, trivial]));
  out();
  out(`Saturation with the latency driver (${String(options.connections)} closed loops, ${String(options.durationSeconds)} s): ${driverSaturation.requestsPerSecond.toFixed(1)} req/s, ` +
    `p50 ${String(driverSaturation.latency.p50Ms)} ms, p99 ${String(driverSaturation.latency.p99Ms)} ms, driver CPU ${(driverSaturation.driverCpuMs / Math.max(1, driverSaturation.requests)).toFixed(3)} ms/req`);
  out(`Tail at ${QUOTED_TYPES.toLocaleString('en')} types (latency driver, open loop, ${String(options.loadSeconds)} s): ${describeTail(tail)}`);
  out(`  the service's event loop meanwhile: delay p50 ${String(serviceLoopDelay.p50Ms)} ms, p99 ${String(serviceLoopDelay.p99Ms)} ms, max ${String(serviceLoopDelay.maxMs)} ms`);
  out(`Catalogue growth (latency driver, ${String(CATALOGUE_LOOPS)} loops, ${String(options.catalogueSeconds)} s each): p50 ${String(atSmall.latency.p50Ms)} ms at ` +
    `${SMALL_TYPES.toLocaleString('en')} types (${atSmall.requestsPerSecond.toFixed(1)} req/s), ${String(atLarge.latency.p50Ms)} ms at ${LARGE_TYPES.toLocaleString('en')} (${atLarge.requestsPerSecond.toFixed(1)} req/s)`);
  out();
  for (const [name, value] of Object.entries(figures)) {
    const goal = GOALS[name as keyof typeof figures];
    // A tail the service fell behind is a queue's: no goal counts as met by it.
    const overloaded = !tail.keptUp && (name === 'quoteP99AtLoadMs' || name === 'p99OverP50');
    out(`${name.padEnd(22)} ${String(value).padStart(9)}   goal ${goalText(goal)}${overloaded ? ', NOT met (overloaded)' : goalMet(value, goal) ? ', met' : ', NOT met'}`);
  }

  await writeResults(RESULTS_FILE, {
    benchmark: 'quote',
    finishedAt: new Date().toISOString(),
    node: process.version,
    nodeEnv: process.env.NODE_ENV ?? null,
    store: stack.storeOrigin,
    redis: stack.redisOrigin,
    options,
    idleCpuMsPerSecond: meter.idleCpuMsPerSecond,
    request: { parcel: PARCEL, consumerRef: CONSUMER_REF, options: quoted.sample.options.map((o) => ({ packagingClass: o.packagingClass, sku: o.packagingType?.sku ?? null })) },
    catalogue: { seed: SEED, producers: seeded.producers, packagingTypes: seeded.packagingTypes, byClass: seeded.byClass, steps: [small.step, quoted.step, large.step] },
    routes: { quote, trivial },
    driverSaturation,
    tail,
    serviceLoopDelay,
    stalls,
    catalogueLatency: { loops: CATALOGUE_LOOPS, small: { types: SMALL_TYPES, run: atSmall }, large: { types: LARGE_TYPES, run: atLarge } },
    figures,
    goals: Object.fromEntries(Object.keys(figures).map((name) => [name, GOALS[name as keyof typeof figures]])),
  });
  out(`results written to ${RESULTS_FILE}`);
  if (heap !== null) {
    out();
    out(describeHeapProfile(heap, tail.run.nextVisit));
  }
  if (stalls !== null) {
    out();
    out(describeStalls(stalls));
  }
  if (profile !== null) {
    out();
    out(profile);
  }
  // The figures, then what the suite's table shows beside them.
  const detail = {
    trivialRps: round(trivial.medianRps, 1),
    connections: options.connections,
    driverSaturationRps: round(driverSaturation.requestsPerSecond, 1),
    loadRps: tail.ratePerSecond,
    quoteP50AtLoadMs: tail.p50Ms,
    loadKeptUp: tail.keptUp,
    p50SmallMs: atSmall.latency.p50Ms,
    p50LargeMs: atLarge.latency.p50Ms,
  };
  return `BENCH ${JSON.stringify({ ...figures, ...detail })}`;
}

await runBenchMain('bench:quote', progress, (cleanup, signal) => bench(parseOptions(process.argv.slice(2)), cleanup, signal));
