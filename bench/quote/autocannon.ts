import { spawn } from 'node:child_process';
import { join } from 'node:path';

export interface LoadSpec {
  readonly url: string;
  readonly body: string;
  readonly headers: Readonly<Record<string, string>>;
  readonly connections: number;
  readonly durationSeconds: number;
  /** Open the load at this many requests per second over all connections (autocannon's `-R`); closed-loop when absent. */
  readonly overallRate?: number;
}

/** What one autocannon run measured (its `-j` output, the parts the report uses). */
export interface LoadResult {
  readonly requestsPerSecond: number;
  readonly totalRequests: number;
  readonly latencyP50Ms: number;
  readonly latencyP99Ms: number;
  readonly latencyAverageMs: number;
  readonly count2xx: number;
  readonly non2xx: number;
  readonly errors: number;
  readonly timeouts: number;
}

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null;

function numberAt(record: Record<string, unknown>, ...path: string[]): number {
  let value: unknown = record;
  for (const key of path) value = isRecord(value) ? value[key] : undefined;
  if (typeof value !== 'number') throw new Error(`autocannon's JSON has no number at ${path.join('.')}`);
  return value;
}

function parseResult(stdout: string): LoadResult {
  const line = stdout.trim().split('\n').at(-1) ?? '';
  let json: unknown;
  try {
    json = JSON.parse(line);
  } catch {
    throw new Error(`autocannon printed no JSON result: ${stdout.slice(0, 500)}`);
  }
  if (!isRecord(json)) throw new Error('autocannon printed no JSON object');
  return {
    requestsPerSecond: numberAt(json, 'requests', 'average'),
    totalRequests: numberAt(json, 'requests', 'total'),
    latencyP50Ms: numberAt(json, 'latency', 'p50'),
    latencyP99Ms: numberAt(json, 'latency', 'p99'),
    latencyAverageMs: numberAt(json, 'latency', 'average'),
    count2xx: numberAt(json, '2xx'),
    non2xx: numberAt(json, 'non2xx'),
    errors: numberAt(json, 'errors'),
    timeouts: numberAt(json, 'timeouts'),
  };
}

/**
 * Runs the autocannon CLI as a child process (load from another process than the server) and reads its result;
 * throws unless every response was 2xx.
 */
export async function runAutocannon(root: string, spec: LoadSpec, signal: AbortSignal, warmUp = false): Promise<LoadResult> {
  const args = [
    '-j',
    '-c', String(spec.connections),
    '-d', String(spec.durationSeconds),
    ...(spec.overallRate === undefined ? [] : ['-R', String(spec.overallRate)]),
    '-m', 'POST',
    '-b', spec.body,
    ...Object.entries(spec.headers).flatMap(([name, value]) => ['-H', `${name}=${value}`]),
    spec.url,
  ];
  const child = spawn(join(root, 'node_modules', '.bin', 'autocannon'), args, { stdio: ['ignore', 'pipe', 'pipe'], signal });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => { stdout += chunk.toString(); });
  child.stderr.on('data', (chunk: Buffer) => { stderr += chunk.toString(); });
  const code = await new Promise<number | null>((resolve, reject) => {
    child.once('error', reject);
    child.once('close', resolve);
  });
  if (code !== 0) throw new Error(`autocannon exited with code ${String(code)}: ${stderr.slice(-1000)}`);
  const result = parseResult(stdout);
  const failed = result.non2xx + result.errors + result.timeouts;
  // A warm-up may end before a slow store answered anything; a measured run must have answers, all of them 2xx.
  if (failed > 0 || (result.count2xx === 0 && !warmUp)) {
    throw new Error(
      `not every response to ${spec.url} was 2xx: ${String(result.count2xx)} 2xx, ${String(result.non2xx)} other statuses, ` +
        `${String(result.errors)} errors, ${String(result.timeouts)} timeouts`,
    );
  }
  return result;
}
