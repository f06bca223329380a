// Starts the real services once per `npm test` run: FerretDB on a throwaway SQLite folder (or the MongoDB in
// MONGODB_URI) and Redis (REDIS_URL, the one on 127.0.0.1:6379, or a redis-server started here). Each suite then
// uses its own database and queue prefix (test/support/services.ts) and cleans them up.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ensureFerretDbBinary, startFerretDb, type LocalFerretDb } from '../../scripts/local-services/ferretdb.js';
import { ensureRedis, type LocalRedis } from '../../scripts/local-services/redis.js';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
let ferret: LocalFerretDb | null = null;
let redis: LocalRedis | null = null;
let dataDir: string | null = null;

export async function mochaGlobalSetup(): Promise<void> {
  const log = (line: string) => { process.stderr.write(`[test services] ${line}\n`); };
  if (process.env.MONGODB_URI) {
    process.env.GREENLOOP_TEST_MONGODB_URI = process.env.MONGODB_URI;
  } else {
    const binary = await ensureFerretDbBinary(root, log);
    dataDir = await mkdtemp(join(tmpdir(), 'greenloop-test-'));
    ferret = await startFerretDb({ binary, dataDir: join(dataDir, 'ferretdb'), logFile: join(dataDir, 'ferretdb.log') });
    process.env.GREENLOOP_TEST_MONGODB_URI = ferret.uri('greenloop_test');
    process.env.GREENLOOP_FERRETDB_BINARY = binary;
  }
  redis = await ensureRedis(process.env.REDIS_URL);
  process.env.GREENLOOP_TEST_REDIS_URL = redis.url;
  log(`store ${process.env.GREENLOOP_TEST_MONGODB_URI}, redis ${redis.url} (${redis.origin})`);
}

export async function mochaGlobalTeardown(): Promise<void> {
  await ferret?.stop();
  await redis?.stop();
  if (dataDir) await rm(dataDir, { recursive: true, force: true });
}
