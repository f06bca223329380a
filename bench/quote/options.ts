export type HeapProfileKind = 'retained' | 'allocated';

export interface BenchOptions {
  /** Connections of the saturating runs (quote and `{ __typename }`). */
  readonly connections: number;
  readonly warmupSeconds: number;
  readonly durationSeconds: number;
  /** Measured runs per route, alternating quote and `{ __typename }`; an odd count makes the median a real run. */
  readonly rounds: number;
  /** The open-loop run at LOAD_FRACTION of the quote's saturation (p99, p99/p50). */
  readonly loadSeconds: number;
  /** Each run at the modest fixed load that compares catalogue sizes (p50). */
  readonly catalogueSeconds: number;
  /** One more run per route under V8's profiler after the measured ones (not counted in the figures). */
  readonly cpuProfile: boolean;
  /**
   * The tail run under V8's sampling heap profiler. `retained`: what outlived the young generation; `allocated`:
   * every allocation, what scavenges free included (where the garbage that makes them frequent comes from).
   */
  readonly heapProfile: HeapProfileKind | null;
  /** The tail run under V8's CPU profiler: what held the service's event loop up (bench/quote/stalls.ts). */
  readonly stallProfile: boolean;
}

/**
 * Quotes no longer read the catalogue from the store (they answer from the reference snapshot in memory), so a few
 * connections more than the machine's two cores keep the service busy on the embedded store as on MongoDB.
 */
export const DEFAULT_CONNECTIONS = 8;

const USAGE =
  'usage: npm run bench:quote [-- [--quick] [--connections N] [--cpu-prof] [--heap-prof | --alloc-prof | --stall-prof]]\n' +
  `  --quick: 5 s runs instead of 15 s (and shorter load and catalogue runs); --connections: ${String(DEFAULT_CONNECTIONS)} by default;\n` +
  '  --cpu-prof: one more profiled run per route, written to bench/results/;\n' +
  '  --heap-prof: the tail run under the sampling heap profiler (what outlived the young generation);\n' +
  '  --alloc-prof: the same, counting every allocation (kB per request by site, what scavenges free included);\n' +
  '  --stall-prof: the tail run under the CPU profiler (what held the service\'s event loop up)';

export function parseOptions(argv: readonly string[]): BenchOptions {
  let quick = false;
  let connections = DEFAULT_CONNECTIONS;
  let cpuProfile = false;
  let heapProfile: HeapProfileKind | null = null;
  let stallProfile = false;
  for (let i = 0; i < argv.length; i += 1) {
    const arg = argv[i];
    if (arg === '--quick') {
      quick = true;
    } else if (arg === '--cpu-prof') {
      cpuProfile = true;
    } else if (arg === '--heap-prof' || arg === '--alloc-prof') {
      if (heapProfile !== null) throw new Error(`--heap-prof and --alloc-prof each profile the tail: choose one\n${USAGE}`);
      heapProfile = arg === '--heap-prof' ? 'retained' : 'allocated';
    } else if (arg === '--stall-prof') {
      stallProfile = true;
    } else if (arg === '--connections') {
      const value = Number(argv[i + 1]);
      if (!Number.isInteger(value) || value < 1 || value > 1000) throw new Error(`--connections needs a whole number from 1 to 1000\n${USAGE}`);
      connections = value;
      i += 1;
    } else {
      throw new Error(`unknown argument ${String(arg)}\n${USAGE}`);
    }
  }
  if (heapProfile !== null && stallProfile) throw new Error(`--${heapProfile === 'retained' ? 'heap' : 'alloc'}-prof and --stall-prof each profile the tail: choose one\n${USAGE}`);
  return {
    connections,
    warmupSeconds: 3,
    durationSeconds: quick ? 5 : 15,
    rounds: 3,
    loadSeconds: quick ? 10 : 30,
    catalogueSeconds: quick ? 8 : 20,
    cpuProfile,
    heapProfile,
    stallProfile,
  };
}
