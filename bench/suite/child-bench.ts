import { spawn } from 'node:child_process';
import { join } from 'node:path';

export interface ChildBench {
  /** What the benchmark printed on stdout, without its BENCH line (its tables). */
  readonly report: string;
  readonly bench: Record<string, unknown>;
  readonly wallMs: number;
}

/**
 * Runs one of the existing benchmarks (bench/quote/run.ts, bench/pipeline/run.ts) as a child process, so it starts
 * and cleans up its own services exactly as `npm run bench:quote` / `bench:pipeline` do; its progress goes to this
 * process's stderr, its stdout is kept. Returns the JSON of its BENCH line. An abort sends it SIGTERM, on which it
 * cleans up and exits.
 */
export async function runChildBench(root: string, script: string, args: readonly string[], signal: AbortSignal): Promise<ChildBench> {
  const started = Date.now();
  const child = spawn(process.execPath, ['--import', 'tsx', join(root, script), ...args], {
    cwd: root,
    stdio: ['ignore', 'pipe', 'inherit'],
    env: process.env,
  });
  const onAbort = () => { child.kill('SIGTERM'); };
  signal.addEventListener('abort', onAbort, { once: true });
  let stdout = '';
  child.stdout.on('data', (chunk: Buffer) => { stdout += chunk.toString(); });
  const code = await new Promise<number | null>((resolve, reject) => {
    child.once('error', reject);
    child.once('close', resolve);
  });
  signal.removeEventListener('abort', onAbort);
  signal.throwIfAborted();
  if (code !== 0) throw new Error(`${script} exited with code ${String(code)}; its output:\n${stdout.slice(-2000)}`);
  const lines = stdout.trimEnd().split('\n');
  const last = lines.at(-1) ?? '';
  if (!last.startsWith('BENCH ')) throw new Error(`${script} printed no BENCH line: ${last.slice(0, 300)}`);
  const bench = JSON.parse(last.slice('BENCH '.length)) as Record<string, unknown>;
  return { report: lines.slice(0, -1).join('\n').trim(), bench, wallMs: Date.now() - started };
}

export function numberIn(bench: Record<string, unknown>, key: string, script: string): number {
  const value = bench[key];
  if (typeof value !== 'number') throw new Error(`${script}'s BENCH line has no number ${key}`);
  return value;
}
