import { randomBytes } from 'node:crypto';
import { deleteQueueKeys as deleteKeysUnder } from '../../server/queues/queue-keys.js';
import mongoose from 'mongoose';
import { pino, type Logger } from 'pino';
import { loadConfig, type Config } from '../../server/config.js';
import { stopwatch } from './test-clock.js';

/** A database of its own for one suite, on the run's store (see global-setup.ts). */
export function testStoreUri(suite: string): string {
  const base = process.env.GREENLOOP_TEST_MONGODB_URI;
  if (!base) throw new Error('the test services are not started: run the suite with `npm test`');
  const url = new URL(base);
  url.pathname = `/t_${suite.replace(/[^A-Za-z0-9]/g, '_')}_${randomBytes(3).toString('hex')}`;
  return url.toString();
}

export function testRedisUrl(): string {
  const url = process.env.GREENLOOP_TEST_REDIS_URL;
  if (!url) throw new Error('the test services are not started: run the suite with `npm test`');
  return url;
}

/** A Bull prefix of its own, so suites and runs never see each other's jobs. */
export function testQueuePrefix(suite: string): string {
  return `{gltest-${suite}-${randomBytes(4).toString('hex')}}`;
}

export const TEST_ADMIN_KEY = 'test-admin-key-0123456789abcdef';

export function testConfig(suite: string, env: Record<string, string> = {}): Config {
  return loadConfig({
    MONGODB_URI: testStoreUri(suite),
    REDIS_URL: testRedisUrl(),
    ADMIN_API_KEY: TEST_ADMIN_KEY,
    QUEUE_PREFIX: testQueuePrefix(suite),
    PORT: '0',
    LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'silent',
    SHUTDOWN_TIMEOUT_MS: '5000',
    ...env,
  });
}

export function testLogger(): Logger {
  return pino({ level: process.env.TEST_LOG_LEVEL ?? 'silent' });
}

export async function dropDatabase(uri: string): Promise<void> {
  const connection = await mongoose.createConnection(uri).asPromise();
  try {
    await connection.dropDatabase();
  } finally {
    await connection.close();
  }
}

export function deleteQueueKeys(prefix: string): Promise<void> {
  return deleteKeysUnder(testRedisUrl(), prefix);
}

/** Polls `check` until it returns a value other than undefined, or fails after `timeoutMs`. */
export async function eventually<T>(check: () => Promise<T | undefined>, timeoutMs = 10_000, what = 'condition'): Promise<T> {
  const waited = stopwatch();
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (waited.elapsedMs() > timeoutMs) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
