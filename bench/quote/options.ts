export interface BenchOptions {
  /** null: the default for the store (see `connectionsFor`). */
  readonly connections: number | null;
  readonly warmupSeconds: number;
  readonly durationSeconds: number;
  /** Measured runs per route, alternating GraphQL and bare; an odd count makes the median a real run. */
  readonly rounds: number;
  /** One more run per route under V8's profiler after the measured ones (not counted in the figures). */
  readonly cpuProfile: boolean;
}

const USAGE =
  'usage: npm run bench:quote [-- [--quick] [--connections N] [--cpu-prof]]\n' +
  '  --quick: 5 s runs instead of 15 s; --connections: 16 on MONGODB_URI, 2 on the embedded FerretDB by default;\n' +
  '  --cpu-prof: one more profiled run per route, written to bench/results/';

/**
 * 16 connections load a service on a real MongoDB. On the embedded FerretDB every quote scans the packaging
 * catalogue five times (it pushes none of these filters down), over half a second of store CPU per quote: 16 quotes in
 * flight then take longer than a --quick run, which would end before its first answer. Two already keep that store
 * busy on every core.
 */
export function connectionsFor(options: BenchOptions, embeddedStore: boolean): number {
  return options.connections ?? (embeddedStore ? 2 : 16);
}

export function parseOptions(argv: readonly string[]): BenchOptions {
  let quick = false;
  let connections: number | null = null;
  let cpuProfile = false;
  for (let i = 0; i < argv.length; i += 1) {
    const arg = argv[i];
    if (arg === '--quick') {
      quick = true;
    } else if (arg === '--cpu-prof') {
      cpuProfile = true;
    } else if (arg === '--connections') {
      const value = Number(argv[i + 1]);
      if (!Number.isInteger(value) || value < 1 || value > 1000) throw new Error(`--connections needs a whole number from 1 to 1000\n${USAGE}`);
      connections = value;
      i += 1;
    } else {
      throw new Error(`unknown argument ${String(arg)}\n${USAGE}`);
    }
  }
  return { connections, warmupSeconds: 3, durationSeconds: quick ? 5 : 15, rounds: 3, cpuProfile };
}
