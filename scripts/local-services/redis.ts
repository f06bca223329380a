import { spawn } from 'node:child_process';
import { Redis } from 'ioredis';
import { freePort, sleep } from './free-port.js';

export interface LocalRedis {
  readonly url: string;
  /** How it was found, for the start-up banner. */
  readonly origin: 'REDIS_URL' | 'running' | 'started';
  stop(): Promise<void>;
}

const DEFAULT_URL = 'redis://127.0.0.1:6379';

/** `REDIS_URL` when given; else the Redis on 127.0.0.1:6379 if it answers; else a `redis-server` started here. */
export async function ensureRedis(givenUrl: string | undefined): Promise<LocalRedis> {
  if (givenUrl) return { url: givenUrl, origin: 'REDIS_URL', stop: () => Promise.resolve() };
  if (await answersPing(DEFAULT_URL)) return { url: DEFAULT_URL, origin: 'running', stop: () => Promise.resolve() };

  const port = await freePort();
  const child = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], {
    stdio: 'ignore',
    detached: true,
  });
  const failed = new Promise<never>((_, reject) => {
    child.once('error', (error) => {
      reject(new Error(`No Redis answers on 127.0.0.1:6379 and redis-server could not be started (${error.message}).\n` +
        '  Install Redis (on Debian: apt-get install redis-server) or set REDIS_URL=redis://host:port'));
    });
  });
  const killOnExit = () => { child.kill('SIGKILL'); };
  process.on('exit', killOnExit);
  const url = `redis://127.0.0.1:${port}`;
  const ready = (async () => {
    for (let i = 0; i < 100; i += 1) {
      if (await answersPing(url)) return;
      await sleep(100);
    }
    throw new Error(`redis-server did not answer on port ${port}`);
  })();
  await Promise.race([ready, failed]);
  return {
    url,
    origin: 'started',
    async stop() {
      process.off('exit', killOnExit);
      if (child.exitCode !== null) return;
      const gone = new Promise<void>((resolve) => child.once('exit', () => { resolve(); }));
      child.kill('SIGTERM');
      await gone;
    },
  };
}

/** True when a Redis at `url` answers PING within `connectTimeoutMs`; never retries. */
export async function answersPing(url: string, connectTimeoutMs = 500): Promise<boolean> {
  const client = new Redis(url, { lazyConnect: true, connectTimeout: connectTimeoutMs, maxRetriesPerRequest: 0, retryStrategy: () => null });
  client.on('error', () => undefined);
  try {
    await client.connect();
    await client.ping();
    return true;
  } catch {
    return false;
  } finally {
    client.disconnect();
  }
}
