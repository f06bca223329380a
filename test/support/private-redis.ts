import { spawn, type ChildProcess } from 'node:child_process';
import { freePort, sleep } from '../../scripts/local-services/free-port.js';
import { answersPing } from '../../scripts/local-services/redis.js';
import { environmentWithoutFakedTime, stopwatch } from './test-clock.js';

/** A redis-server of a test's own (nothing on disk), to stop and start again on the same port without touching others'. */
export class PrivateRedis {
  private child: ChildProcess | null = null;
  private readonly killOnExit = () => { this.child?.kill('SIGKILL'); };

  private constructor(readonly port: number) {
    process.on('exit', this.killOnExit);
  }

  static async start(): Promise<PrivateRedis> {
    const redis = new PrivateRedis(await freePort());
    await redis.up();
    return redis;
  }

  get url(): string {
    return `redis://127.0.0.1:${String(this.port)}`;
  }

  /** Starts redis-server on the port and waits until it answers. */
  async up(): Promise<void> {
    const child = spawn('redis-server', ['--port', String(this.port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--loglevel', 'warning'], { stdio: 'ignore', env: environmentWithoutFakedTime() });
    this.child = child;
    const waited = stopwatch();
    while (!(await answersPing(this.url, 300))) {
      if (child.exitCode !== null) throw new Error(`redis-server exited (${String(child.exitCode)}) on port ${String(this.port)}`);
      if (waited.elapsedMs() > 15_000) throw new Error(`redis-server did not answer on port ${String(this.port)}`);
      await sleep(50);
    }
  }

  /** Stops redis-server and waits for it to exit. */
  async down(): Promise<void> {
    const child = this.child;
    this.child = null;
    if (!child || child.exitCode !== null) return;
    const gone = new Promise<void>((resolve) => child.once('exit', () => { resolve(); }));
    child.kill('SIGKILL');
    await gone;
  }

  /** SIGSTOP: the server keeps its connections open and answers nothing, as a hung or overloaded Redis does. */
  pause(): void {
    this.child?.kill('SIGSTOP');
  }

  resume(): void {
    this.child?.kill('SIGCONT');
  }

  async stop(): Promise<void> {
    this.resume();
    process.off('exit', this.killOnExit);
    await this.down();
  }
}
