// `npm start`: the embedded default. Brings up what is not configured (FerretDB on SQLite under .data/, Redis,
// a mail outbox), runs the service with ROLE=all by default, seeds demo organizations and prints how to call it.
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ConfigError, loadConfig } from '../server/config.js';
import { exitOnSignal, shutdownDeadlineMs } from '../app/lifecycle.js';
import { createLogger } from '../server/logger.js';
import { startGreenLoop } from '../app/process.js';
import { ensureDashboardBuilt } from './build-dashboard.js';
import { seedDemoData } from './demo-data.js';
import { ViewerDocument } from './generated/graphql.js';
import { ensureFerretDbBinary, startFerretDb, type LocalFerretDb } from './local-services/ferretdb.js';
import { ensureRedis } from './local-services/redis.js';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const dataDir = join(root, '.data');
const say = (line: string) => { console.error(`[greenloop] ${line}`); };

/** The example request's body: the Viewer operation (scripts/operations.graphql) on one line, as the anonymous query a person types. */
const exampleBody = JSON.stringify({ query: ViewerDocument.toString().replace(/\s+/g, ' ').trim().replace(/^query Viewer /, '') });

async function adminKey(): Promise<string> {
  const file = join(dataDir, 'admin-api-key');
  if (existsSync(file)) return (await readFile(file, 'utf8')).trim();
  const key = `glk_admin_${randomBytes(24).toString('base64url')}`;
  await writeFile(file, `${key}\n`, { mode: 0o600 });
  return key;
}

/** A random contact encryption key, kept with the data it encrypts: deleting `.data/` forgets both. */
async function contactEncryptionKey(): Promise<string> {
  const file = join(dataDir, 'contact-encryption-key');
  if (existsSync(file)) return (await readFile(file, 'utf8')).trim();
  const key = randomBytes(32).toString('base64');
  await writeFile(file, `${key}\n`, { mode: 0o600 });
  return key;
}

async function main(): Promise<void> {
  await mkdir(dataDir, { recursive: true });
  const env: Record<string, string | undefined> = { ...process.env };
  // The dashboard the API serves at /dashboard: built from web/ when missing or older than its sources.
  await ensureDashboardBuilt(say);

  let ferret: LocalFerretDb | null = null;
  if (!env.MONGODB_URI) {
    const binary = await ensureFerretDbBinary(root, say);
    ferret = await startFerretDb({ binary, dataDir: join(dataDir, 'ferretdb'), logFile: join(dataDir, 'ferretdb.log') });
    env.MONGODB_URI = ferret.uri('greenloop');
    say(`FerretDB (SQLite in .data/ferretdb) listening on 127.0.0.1:${ferret.port}`);
  }
  const redis = await ensureRedis(env.REDIS_URL);
  env.REDIS_URL = redis.url;
  say(`Redis: ${redis.url} (${redis.origin})`);
  env.ADMIN_API_KEY ??= await adminKey();
  env.CONTACT_ENCRYPTION_KEY ??= await contactEncryptionKey();
  env.MAIL_OUTBOX_DIR ??= join(dataDir, 'outbox');

  const stopServices = async () => {
    await ferret?.stop();
    await redis.stop();
  };

  let config;
  try {
    config = loadConfig(env);
  } catch (error) {
    await stopServices();
    if (error instanceof ConfigError) {
      say(error.message);
      process.exit(1);
    }
    throw error;
  }
  const logger = createLogger(config.logLevel, 'greenloop', { secrets: [config.adminApiKey] });
  const running = await startGreenLoop(config, logger);
  const demoKeys = await seedDemoData(running.services, join(dataDir, 'demo-keys.json'));
  exitOnSignal(async () => {
    await running.stop();
    await stopServices();
  }, logger, shutdownDeadlineMs(config) + 10_000);

  const platform = demoKeys.find((k) => k.kind === 'PLATFORM');
  const lines = [
    '',
    `GreenLoop is running (role ${config.role}).`,
    `  GraphQL:   ${running.graphqlUrl}`,
    ...(config.role === 'worker' ? [] : [`  Dashboard: ${running.graphqlUrl.replace(/\/graphql$/, '/dashboard/')}  (sign in with a key below)`]),
    ...(config.role === 'worker' ? [] : [`  Queues:    ${running.graphqlUrl.replace(/\/graphql$/, '/admin/queues')}  (user: anything, password: the admin key)`]),
    `  Metrics:   ${running.graphqlUrl.replace(/\/graphql$/, '/metrics')}  (${config.metricsPublic ? 'no key needed' : 'with the admin key'})`,
    `  Mail:      ${config.smtpUrl ?? `.eml files in ${config.outboxDir}`}`,
    `  Admin key: ${config.adminApiKey}`,
    '  Demo organization keys:',
    ...demoKeys.map((k) => `    ${k.kind.padEnd(9)} ${k.apiKey}  (${k.name})`),
    '',
    'Try:',
    `  curl -s ${running.graphqlUrl} -H 'content-type: application/json' \\`,
    `    -H 'authorization: Bearer ${platform?.apiKey ?? '<key>'}' \\`,
    `    -d '${exampleBody}'`,
    '',
  ];
  console.log(lines.join('\n'));
}

main().catch((error: unknown) => {
  say(error instanceof Error ? error.message : String(error));
  process.exit(1);
});
