import { spawn } from 'node:child_process';
import { open, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { freePort, sleep } from '../../scripts/local-services/free-port.js';

/** The real entry point (app/main.ts) in a process of its own, as production runs each role. */
export interface ServiceProcess {
  readonly name: string;
  readonly pid: number;
  readonly graphqlUrl: string;
  readonly logFile: string;
  /** SIGTERM (the service drains and exits), SIGKILL if it outlives the deadline. Safe to call again. */
  stop(): Promise<void>;
}

export interface ServiceProcessSpec {
  readonly name: string;
  readonly role: 'api' | 'worker';
  /** The service's configuration (docs/operations.md "Configuration"); ROLE and PORT are added. */
  readonly env: Readonly<Record<string, string>>;
  readonly logFile: string;
  /** Node options before the entry point, e.g. --cpu-prof. */
  readonly nodeFlags?: readonly string[];
}

const READY_LIMIT_MS = 60_000;
// The service's own deadline is drain + SHUTDOWN_TIMEOUT_MS (15 s by default) + 10 s.
const STOP_LIMIT_MS = 45_000;

async function logTail(file: string): Promise<string> {
  const text = await readFile(file, 'utf8').catch(() => '');
  return text.slice(-2000);
}

async function answersReady(url: string): Promise<boolean> {
  try {
    const response = await fetch(url, { signal: AbortSignal.timeout(1000) });
    await response.body?.cancel();
    return response.status === 200;
  } catch {
    return false;
  }
}

/**
 * Spawns the service as `node --import tsx app/main.ts` with only the given environment (plus PATH and HOME), its
 * output appended to `logFile`, and waits until it answers /readyz (the store and Redis answer; a worker has
 * registered its processors by then).
 */
export async function startServiceProcess(root: string, spec: ServiceProcessSpec, signal: AbortSignal): Promise<ServiceProcess> {
  const port = await freePort();
  const log = await open(spec.logFile, 'a');
  const child = spawn(process.execPath, [...(spec.nodeFlags ?? []), '--import', 'tsx', join(root, 'app', 'main.ts')], {
    cwd: root,
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', ...spec.env, ROLE: spec.role, PORT: String(port) },
    stdio: ['ignore', log.fd, log.fd],
    // Its own process group: a Ctrl-C on the terminal reaches only the benchmark, which stops it in order.
    detached: true,
  });
  await log.close();
  const state: { exit: number | null } = { exit: null };
  const exited = new Promise<void>((resolve) => {
    child.once('exit', (code, sig) => {
      state.exit = code ?? (sig ? -1 : 0);
      resolve();
    });
  });
  const killOnExit = () => { child.kill('SIGKILL'); };
  process.on('exit', killOnExit);
  const stop = async () => {
    process.off('exit', killOnExit);
    if (state.exit !== null) return;
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), STOP_LIMIT_MS);
    await exited;
    clearTimeout(timer);
  };
  if (child.pid === undefined) throw new Error(`${spec.name} could not be started`);

  const base = `http://127.0.0.1:${String(port)}`;
  const deadline = Date.now() + READY_LIMIT_MS;
  try {
    while (!(await answersReady(`${base}/readyz`))) {
      signal.throwIfAborted();
      if (state.exit !== null) throw new Error(`${spec.name} exited with code ${String(state.exit)} while starting:\n${await logTail(spec.logFile)}`);
      if (Date.now() > deadline) throw new Error(`${spec.name} was not ready within ${String(READY_LIMIT_MS / 1000)} s:\n${await logTail(spec.logFile)}`);
      await sleep(200);
    }
  } catch (error) {
    await stop();
    throw error;
  }
  return { name: spec.name, pid: child.pid, graphqlUrl: `${base}/graphql`, logFile: spec.logFile, stop };
}
