export interface PipelineOptions {
  /** Order loops the load driver runs at once; the raw-insert baseline uses as many. */
  readonly concurrency: number;
  /** Orders per measured run (each one quote, one choice, one delivery, one posted credit); enough that the processes' start does not weigh on CPU per order. */
  readonly orders: number;
  /** Orders per configuration before the measured ones, fully posted before measuring starts. */
  readonly warmupOrders: number;
  /** Measured runs per configuration, alternating 1 and 2 workers; each on a fresh copy of the seeded database. */
  readonly rounds: number;
  readonly rawInsertSeconds: number;
  /** One more 1-worker run, not counted, with the API and worker under V8's profiler. */
  readonly cpuProfile: boolean;
  /** One more 1-worker run, not counted, with every store command of the API and worker counted by a proxy. */
  readonly countStoreCalls: boolean;
}

const USAGE =
  'usage: npm run bench:pipeline [-- [--quick] [--concurrency N] [--orders N] [--cpu-prof] [--count-store-calls]]\n' +
  '  --quick: 500 orders per run, one round (2-4 minutes); default 1,000 orders per run, three rounds;\n' +
  '  --concurrency: order loops at once (and raw-insert loops), 8 by default;\n' +
  '  --cpu-prof, --count-store-calls: one more 1-worker run, not counted, profiled or with its store commands\n' +
  '  counted; written to bench/results/';

function wholeNumber(argv: readonly string[], i: number, name: string, max: number): number {
  const value = Number(argv[i + 1]);
  if (!Number.isInteger(value) || value < 1 || value > max) throw new Error(`${name} needs a whole number from 1 to ${String(max)}\n${USAGE}`);
  return value;
}

export function parseOptions(argv: readonly string[]): PipelineOptions {
  let quick = false;
  let concurrency = 8;
  let orders: number | null = null;
  let cpuProfile = false;
  let countStoreCalls = false;
  for (let i = 0; i < argv.length; i += 1) {
    const arg = argv[i];
    if (arg === '--quick') {
      quick = true;
    } else if (arg === '--cpu-prof') {
      cpuProfile = true;
    } else if (arg === '--count-store-calls') {
      countStoreCalls = true;
    } else if (arg === '--concurrency') {
      concurrency = wholeNumber(argv, i, '--concurrency', 256);
      i += 1;
    } else if (arg === '--orders') {
      orders = wholeNumber(argv, i, '--orders', 5000);
      i += 1;
    } else {
      throw new Error(`unknown argument ${String(arg)}\n${USAGE}`);
    }
  }
  return {
    concurrency,
    // Each run starts fresh processes, and what they spend while they warm up weighs on a short run: at 250 orders a
    // run measured 20-40 % more CPU per order than at 1,000 (BENCHMARKS.md, "Fourteenth session"). A service runs warm.
    orders: orders ?? (quick ? 500 : 1000),
    warmupOrders: quick ? 20 : 30,
    rounds: quick ? 1 : 3,
    rawInsertSeconds: quick ? 8 : 15,
    cpuProfile,
    countStoreCalls,
  };
}
