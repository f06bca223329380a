import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { isRecord } from '../graphql-operations.js';
import type { DriverResult, PipelineDriverResult, PipelineSpec, RawInsertResult, RawInsertSpec } from './load-spec.js';

/**
 * Runs a driver script as a child process (the load comes from another process), hands it `spec` as JSON on stdin
 * and returns the JSON it prints last.
 */
export async function runJsonChild(root: string, script: readonly string[], spec: unknown, signal: AbortSignal, what: string): Promise<unknown> {
  const child = spawn(process.execPath, ['--import', 'tsx', join(root, ...script)], { cwd: root, stdio: ['pipe', 'pipe', 'pipe'], signal });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => { stdout += chunk.toString(); });
  child.stderr.on('data', (chunk: Buffer) => { stderr += chunk.toString(); });
  const code = new Promise<number | null>((resolve, reject) => {
    child.once('error', reject);
    child.once('close', resolve);
  });
  child.stdin.end(JSON.stringify(spec));
  const exit = await code;
  if (exit !== 0) throw new Error(`the ${what} exited with code ${String(exit)}: ${stderr.slice(-1500)}`);
  try {
    return JSON.parse(stdout.trim().split('\n').at(-1) ?? '');
  } catch {
    throw new Error(`the ${what} printed no JSON result: ${stdout.slice(0, 500)} ${stderr.slice(-500)}`);
  }
}

async function runDriver(root: string, spec: RawInsertSpec | PipelineSpec, signal: AbortSignal): Promise<DriverResult> {
  const json = await runJsonChild(root, ['bench', 'pipeline', 'load-driver.ts'], spec, signal, 'load driver');
  if (!isRecord(json) || json.kind !== spec.kind) throw new Error(`the load driver answered something else: ${JSON.stringify(json).slice(0, 500)}`);
  return json as unknown as DriverResult;
}

export async function runRawInserts(root: string, spec: RawInsertSpec, signal: AbortSignal): Promise<RawInsertResult> {
  const result = await runDriver(root, spec, signal);
  if (result.kind !== 'raw-insert') throw new Error('expected a raw-insert result');
  return result;
}

export async function runPipelineLoad(root: string, spec: PipelineSpec, signal: AbortSignal): Promise<PipelineDriverResult> {
  const result = await runDriver(root, spec, signal);
  if (result.kind !== 'pipeline') throw new Error('expected a pipeline result');
  if (result.orders !== spec.orders.length) throw new Error(`the driver sent ${String(result.orders)} of ${String(spec.orders.length)} orders`);
  return result;
}
