import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { deleteQueueKeys } from '../../server/queues/queue-keys.js';
import mongoose from 'mongoose';
import { ensureFerretDbBinary, startFerretDb } from '../../scripts/local-services/ferretdb.js';
import { ensureRedis } from '../../scripts/local-services/redis.js';
import { loadConfig, type Config } from '../../server/config.js';
import { createLogger } from '../../server/logger.js';
import { startGreenLoop, type RunningProcess } from '../../app/process.js';
import type { Cleanup } from './cleanup.js';

export interface Stack {
  readonly config: Config;
  readonly running: RunningProcess;
  /** Where the store came from, for the report. */
  readonly storeOrigin: 'MONGODB_URI' | 'FerretDB (started)';
  readonly redisOrigin: string;
}

/** `base` with its database replaced by `database` (options kept). */
export function withDatabase(base: string, database: string): string {
  const url = new URL(base);
  url.pathname = `/${database}`;
  return url.toString();
}

export async function dropDatabase(uri: string): Promise<void> {
  const connection = await mongoose.createConnection(uri, { serverSelectionTimeoutMS: 5000 }).asPromise();
  try {
    await connection.dropDatabase();
  } finally {
    await connection.close();
  }
}

/** The store and Redis a benchmark runs on, before any database or queue prefix is chosen. */
export interface Backends {
  /** A connection string to the store; `withDatabase` picks the database. */
  readonly storeBase: string;
  /** Where the store came from, for the report. */
  readonly storeOrigin: 'MONGODB_URI' | 'FerretDB (started)';
  readonly redisUrl: string;
  readonly redisOrigin: string;
  /** A throwaway folder for logs and mail, removed at cleanup. */
  readonly workDir: string;
}

/**
 * The store (MONGODB_URI, else FerretDB on a throwaway folder) and Redis (REDIS_URL, the one on 6379, else a
 * started one), as the tests find them. Each part registers its own undo in `cleanup`.
 */
export async function startBackends(root: string, log: (line: string) => void, cleanup: Cleanup): Promise<Backends> {
  const workDir = await mkdtemp(join(tmpdir(), 'greenloop-bench-'));
  cleanup.add('remove the temp folder', () => rm(workDir, { recursive: true, force: true }));

  let storeBase = process.env.MONGODB_URI;
  const storeOrigin = storeBase ? 'MONGODB_URI' : 'FerretDB (started)';
  if (!storeBase) {
    const binary = await ensureFerretDbBinary(root, log);
    const ferret = await startFerretDb({ binary, dataDir: join(workDir, 'ferretdb'), logFile: join(workDir, 'ferretdb.log') });
    cleanup.add('stop FerretDB', () => ferret.stop());
    storeBase = ferret.uri('greenloop_bench');
  }
  const redis = await ensureRedis(process.env.REDIS_URL);
  cleanup.add('stop Redis', () => redis.stop());
  return { storeBase, storeOrigin, redisUrl: redis.url, redisOrigin: redis.origin, workDir };
}

/**
 * The store, Redis, and the whole service in this process on a database and queue prefix of its own, as the tests
 * start them. Each part registers its own undo in `cleanup`.
 */
export async function startStack(root: string, log: (line: string) => void, cleanup: Cleanup): Promise<Stack> {
  const runId = randomBytes(4).toString('hex');
  const backends = await startBackends(root, log, cleanup);
  const config = loadConfig({
    NODE_ENV: process.env.NODE_ENV,
    // The API role, as quotes are served: a worker's schedules would run on the same machine at whatever moment a
    // run crosses them (the fact sweep re-classifies the whole catalogue a minute after a fresh start).
    ROLE: 'api',
    MONGODB_URI: withDatabase(backends.storeBase, `bench_quote_${runId}`),
    REDIS_URL: backends.redisUrl,
    ADMIN_API_KEY: `bench-admin-${randomBytes(16).toString('hex')}`,
    // A benchmark measures the service, not its throttle: thousands of requests a second from one key.
    RATE_LIMIT_PER_MINUTE: '0',
    // The production default, unless the run is asked for another bound (to compare: docs/benchmarks.md).
    MAX_REQUESTS_IN_FLIGHT: process.env.MAX_REQUESTS_IN_FLIGHT,
    CONTACT_ENCRYPTION_KEY: randomBytes(32).toString('hex'),
    QUEUE_PREFIX: `{glbench-quote-${runId}}`,
    PORT: '0',
    LOG_LEVEL: 'silent',
    MAIL_OUTBOX_DIR: join(backends.workDir, 'outbox'),
  });
  cleanup.add('delete the Bull keys', () => deleteQueueKeys(config.redisUrl, config.queuePrefix));
  cleanup.add('drop the database', () => dropDatabase(config.mongodbUri));
  const running = await startGreenLoop(config, createLogger(config.logLevel));
  cleanup.add('stop the service', () => running.stop());
  return { config, running, storeOrigin: backends.storeOrigin, redisOrigin: backends.redisOrigin };
}
