// The service as it runs in production, in miniature and all private to one chaos run: a FerretDB on its own data
// folder and port, a redis-server on its own port (no persistence, on purpose: a restart loses every queued job,
// lock and schedule, the harder case, which the design says the store's facts and the sweeps survive), API and
// worker processes of the real entry point (app/main.ts). Every piece can be killed and started again on the
// same port, which is what the fault schedule does.
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { appendFile } from 'node:fs/promises';
import { join } from 'node:path';
import { startFerretDb, type LocalFerretDb } from '../../../scripts/local-services/ferretdb.js';
import { freePort, sleep } from '../../../scripts/local-services/free-port.js';
import { PrivateRedis } from '../../support/private-redis.js';
import { spawnMain, type Spawned } from '../../support/spawn-main.js';

export const CHAOS_ADMIN_KEY = 'chaos-admin-key-0123456789abcdef';
export const CHAOS_QUEUE_PREFIX = '{chaos}';
const DATABASE = 'chaos';

export type Role = 'api' | 'worker';

/** Where Debian's libfaketime lives (package faketime). */
const LIBFAKETIME = ['/usr/lib/x86_64-linux-gnu/faketime/libfaketime.so.1', '/usr/lib/aarch64-linux-gnu/faketime/libfaketime.so.1', '/usr/lib/faketime/libfaketime.so.1'];

/** The environment that sets a process's wall clock `aheadMs` ahead (whole seconds), its monotonic clock untouched. */
export function clockAheadEnv(aheadMs: number): Record<string, string> {
  const library = LIBFAKETIME.find((path) => existsSync(path));
  if (!library) throw new Error(`setting a service's clock ahead needs libfaketime (apt-get install faketime); looked in ${LIBFAKETIME.join(', ')}`);
  return { LD_PRELOAD: library, FAKETIME: `+${String(Math.round(aheadMs / 1000))}`, FAKETIME_DONT_FAKE_MONOTONIC: '1', TZ: 'UTC' };
}

/**
 * One process of the service on a fixed port, supervised like an orchestrator would: whenever it exits it is
 * started again (at once after a chaos kill, after a second when it died by itself, e.g. at start-up while the
 * store was away).
 */
export class ServiceProcess {
  private current: Spawned | null = null;
  private stopped = false;
  /** Down on purpose until `resume` (an outage of this process), not restarted by the supervisor. */
  private paused = false;
  /** Added to the environment of the next starts (a clock set ahead). */
  private extraEnv: Record<string, string> = {};
  private readonly killOnExit = () => { this.current?.child.kill('SIGKILL'); };
  /** The last process's output, written to the log file once it exits. */
  private logged: Promise<unknown> = Promise.resolve();
  private killedByChaos = false;
  /** Starts, every one (the first included). */
  starts = 0;
  /** Exits nobody asked for: crashes, start-up failures. */
  readonly unexpectedExits: string[] = [];

  constructor(
    readonly name: string,
    readonly role: Role,
    readonly port: number,
    private readonly env: Record<string, string>,
    private readonly logFile: string,
  ) {}

  get baseUrl(): string {
    return `http://127.0.0.1:${String(this.port)}`;
  }

  /** A process of it runs now (it may still be starting). */
  get running(): boolean {
    const child = this.current?.child;
    return child !== undefined && child.exitCode === null && child.signalCode === null;
  }

  start(): void {
    if (this.stopped) return;
    if (this.starts === 0) process.on('exit', this.killOnExit);
    const spawned = spawnMain({ ...this.env, ...this.extraEnv, ROLE: this.role, PORT: String(this.port) });
    this.current = spawned;
    this.starts += 1;
    const startedAt = performance.now();
    const logged = spawned.exited.then((code) =>
      appendFile(this.logFile, `--- ${this.name} (pid ${String(spawned.child.pid)}) exited with ${String(code)} after ${String(Math.round(performance.now() - startedAt))} ms\n${spawned.output()}\n`).then(() => code));
    this.logged = logged;
    void logged.then(async (code) => {
      if (this.current !== spawned) return;
      this.current = null;
      if (this.stopped || this.paused) return;
      if (this.killedByChaos) {
        this.killedByChaos = false;
        this.start();
        return;
      }
      const lastLines = spawned.output().trim().split('\n').slice(-3).join(' | ');
      this.unexpectedExits.push(`${this.name} exited with ${String(code)} after ${String(Math.round(performance.now() - startedAt))} ms: ${lastLines.slice(0, 400)}`);
      await sleep(1000);
      this.start();
    });
  }

  /** SIGKILL now; the supervisor starts it again right after. */
  killAndRestart(): boolean {
    const child = this.current?.child;
    if (!child || !this.running) return false;
    this.killedByChaos = true;
    child.kill('SIGKILL');
    return true;
  }

  /** Kills the process and keeps it down until `resume`. */
  async pause(): Promise<void> {
    this.paused = true;
    const spawned = this.current;
    if (spawned && spawned.child.exitCode === null && spawned.child.signalCode === null) spawned.child.kill('SIGKILL');
    await this.logged;
  }

  /** Starts it again after `pause`, with these variables added to its environment from now on. */
  resume(extraEnv: Record<string, string> = {}): void {
    this.extraEnv = { ...this.extraEnv, ...extraEnv };
    this.paused = false;
    this.start();
  }

  /** Until /healthz answers (the process is up and listening). */
  async waitHealthy(timeoutMs = 90_000): Promise<void> {
    const deadline = performance.now() + timeoutMs;
    for (;;) {
      try {
        const response = await fetch(`${this.baseUrl}/healthz`, { signal: AbortSignal.timeout(1000) });
        if (response.ok) return;
      } catch {
        // not up yet
      }
      if (performance.now() > deadline) throw new Error(`${this.name} did not come up within ${String(timeoutMs)} ms`);
      await sleep(200);
    }
  }

  async readyz(): Promise<{ status: number; checks: Record<string, string> } | null> {
    try {
      const response = await fetch(`${this.baseUrl}/readyz`, { signal: AbortSignal.timeout(3000) });
      const body = (await response.json()) as { checks?: Record<string, string> };
      return { status: response.status, checks: body.checks ?? {} };
    } catch {
      return null;
    }
  }

  async stop(): Promise<void> {
    this.stopped = true;
    process.off('exit', this.killOnExit);
    const spawned = this.current;
    if (spawned && spawned.child.exitCode === null) spawned.child.kill('SIGKILL');
    await this.logged;
  }
}

export interface ClusterOptions {
  readonly dir: string;
  readonly ferretBinary: string;
  readonly apis: number;
  readonly workers: number;
}

/** The store, Redis and the service's processes for one chaos run. */
export class Cluster {
  readonly apis: ServiceProcess[] = [];
  readonly workers: ServiceProcess[] = [];
  private readonly contactKey = randomBytes(32).toString('hex');
  private constructor(
    private readonly options: ClusterOptions,
    private ferret: LocalFerretDb | null,
    readonly ferretPort: number,
    readonly redis: PrivateRedis,
  ) {}

  static async start(options: ClusterOptions): Promise<Cluster> {
    const ferret = await startFerretDb({ binary: options.ferretBinary, dataDir: join(options.dir, 'ferretdb'), logFile: join(options.dir, 'ferretdb.log') });
    const redis = await PrivateRedis.start().catch(async (error: unknown) => {
      await ferret.stop();
      throw error;
    });
    const cluster = new Cluster(options, ferret, ferret.port, redis);
    try {
      const env = cluster.serviceEnv();
      // Each process keeps its port across restarts, so no two may share one: a free port is free only until asked
      // again, and the system may hand the same one out twice (an API then never starts, and its requests reach a
      // worker's health port).
      const taken = new Set<number>([ferret.port, redis.port]);
      const ownPort = async (): Promise<number> => {
        for (;;) {
          const port = await freePort();
          if (taken.has(port)) continue;
          taken.add(port);
          return port;
        }
      };
      for (let i = 0; i < options.apis; i += 1) cluster.apis.push(new ServiceProcess(`api-${String(i)}`, 'api', await ownPort(), env, join(options.dir, 'processes.log')));
      for (let i = 0; i < options.workers; i += 1) cluster.workers.push(new ServiceProcess(`worker-${String(i)}`, 'worker', await ownPort(), env, join(options.dir, 'processes.log')));
      // One process first: it creates the indexes and the reference standard without racing the others.
      const [first, ...rest] = [...cluster.apis, ...cluster.workers];
      first?.start();
      await first?.waitHealthy();
      for (const p of rest) p.start();
      await Promise.all(rest.map((p) => p.waitHealthy()));
      return cluster;
    } catch (error) {
      await cluster.stop();
      throw error;
    }
  }

  get storeUri(): string {
    return `mongodb://127.0.0.1:${String(this.ferretPort)}/${DATABASE}?retryWrites=false`;
  }

  get graphqlUrls(): string[] {
    return this.apis.map((api) => `${api.baseUrl}/graphql`);
  }

  private serviceEnv(): Record<string, string> {
    return {
      NODE_ENV: 'production',
      MONGODB_URI: this.storeUri,
      REDIS_URL: this.redis.url,
      ADMIN_API_KEY: CHAOS_ADMIN_KEY,
      QUEUE_PREFIX: CHAOS_QUEUE_PREFIX,
      MAIL_OUTBOX_DIR: join(this.options.dir, 'outbox'),
      LOG_LEVEL: process.env.CHAOS_LOG_LEVEL ?? 'warn',
      SHUTDOWN_TIMEOUT_MS: '2000',
      // Production refuses to start without a key of its own for mail addresses at rest; the run makes one up.
      CONTACT_ENCRYPTION_KEY: this.contactKey,
    };
  }

  /** Stops the store (it drains), waits `outageMs`, starts it again on the same data folder and port. */
  async restartStore(outageMs: number, duringOutage: (until: number) => Promise<void>): Promise<void> {
    await this.ferret?.stop();
    this.ferret = null;
    const until = performance.now() + outageMs;
    await duringOutage(until);
    await sleep(Math.max(0, until - performance.now()));
    this.ferret = await startFerretDb({
      binary: this.options.ferretBinary,
      dataDir: join(this.options.dir, 'ferretdb'),
      logFile: join(this.options.dir, 'ferretdb.log'),
      port: this.ferretPort,
    });
  }

  /** Kills redis-server (losing every job, schedule and lock), waits `outageMs`, starts an empty one on the same port. */
  async restartRedis(outageMs: number, duringOutage: (until: number) => Promise<void>): Promise<void> {
    await this.redis.down();
    const until = performance.now() + outageMs;
    await duringOutage(until);
    await sleep(Math.max(0, until - performance.now()));
    await this.redis.up();
  }

  /** Every worker killed and kept down (a worker outage), until `restartAll`. */
  async pauseWorkers(): Promise<void> {
    await Promise.all(this.workers.map((w) => w.pause()));
  }

  /**
   * Every API and worker process killed and started again with these variables added (the workers after a
   * `pauseWorkers`), then up. With `clockAheadMs` each process reads a clock that far ahead (libfaketime; monotonic
   * time untouched), as after an outage that long.
   */
  async restartAll(clockAheadMs = 0): Promise<void> {
    const env = clockAheadMs > 0 ? clockAheadEnv(clockAheadMs) : {};
    await Promise.all(this.apis.map((a) => a.pause()));
    for (const p of [...this.apis, ...this.workers]) p.resume(env);
    await Promise.all([...this.apis, ...this.workers].map((p) => p.waitHealthy()));
  }

  unexpectedExits(): string[] {
    return [...this.apis, ...this.workers].flatMap((p) => p.unexpectedExits);
  }

  async stop(): Promise<void> {
    await Promise.all([...this.apis, ...this.workers].map((p) => p.stop()));
    await this.redis.stop();
    await this.ferret?.stop();
    this.ferret = null;
  }
}
