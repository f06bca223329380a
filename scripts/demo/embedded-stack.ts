// The demo's own GreenLoop, built from the same parts as `npm start` (scripts/local-services, app/process.ts)
// but throwaway: FerretDB on SQLite in a temporary folder (or, with MONGODB_URI, a database of its own on that
// server), a queue prefix of its own, a random operator key, mail to a temporary outbox and the service's log to a
// file. Nothing under .data/ is read or written, so `npm start`'s demo data stays as it is, and both can run at once.
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import mongoose from 'mongoose';
import { pino } from 'pino';
import { deleteQueueKeys } from '../../server/queues/queue-keys.js';
import { loadConfig } from '../../server/config.js';
import { startGreenLoop, type RunningProcess } from '../../app/process.js';
import { ensureFerretDbBinary, startFerretDb, type LocalFerretDb } from '../local-services/ferretdb.js';
import { ensureRedis, type LocalRedis } from '../local-services/redis.js';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');

/** How to reach a started stack. */
export interface StackEndpoint {
  readonly url: string;
  readonly adminKey: string;
  /** How the store and Redis were found, for the narration. */
  readonly describe: readonly string[];
}

/**
 * The stack, stoppable at any point: `stop` undoes whatever `start` has done so far (a Ctrl-C may come while
 * FerretDB is still starting), and a `start` still running when `stop` is called gives up at its next stage.
 */
export class EmbeddedStack {
  private readonly undo: { what: string; run: () => Promise<string> }[] = [];
  private workDir: string | null = null;
  private stopped = false;

  /** `env` supplies only MONGODB_URI and REDIS_URL (a server to use instead of starting one); the rest is the demo's own. */
  async start(env: Readonly<Record<string, string | undefined>>, say: (line: string) => void): Promise<StackEndpoint> {
    const workDir = await mkdtemp(join(tmpdir(), 'greenloop-demo-'));
    this.workDir = workDir;
    const suffix = randomBytes(4).toString('hex');
    const describe: string[] = [];
    const stage = (line: string) => {
      if (this.stopped) throw new Error('stopped while starting');
      say(line);
    };

    let mongodbUri: string;
    if (env.MONGODB_URI) {
      const url = new URL(env.MONGODB_URI);
      url.pathname = `/greenloop_demo_${suffix}`;
      mongodbUri = url.toString();
      this.undo.push({ what: 'database', run: async () => { await dropDatabase(mongodbUri); return `dropped database greenloop_demo_${suffix}`; } });
      describe.push(`Store: database greenloop_demo_${suffix} on the MONGODB_URI server (dropped afterwards)`);
    } else {
      stage('finding or building FerretDB');
      const binary = await ensureFerretDbBinary(root, say);
      stage('starting FerretDB');
      const ferret: LocalFerretDb = await startFerretDb({ binary, dataDir: join(workDir, 'ferretdb'), logFile: join(workDir, 'ferretdb.log') });
      this.undo.push({ what: 'FerretDB', run: async () => { await ferret.stop(); return `stopped FerretDB (port ${String(ferret.port)})`; } });
      mongodbUri = ferret.uri('greenloop_demo');
      describe.push(`Store: a throwaway FerretDB on 127.0.0.1:${String(ferret.port)}, SQLite in ${workDir}`);
    }

    stage('finding Redis');
    const redis: LocalRedis = await ensureRedis(env.REDIS_URL);
    this.undo.push({
      what: 'Redis',
      run: async () => {
        await redis.stop();
        return redis.origin === 'started' ? `stopped redis-server (${redis.url})` : `left ${redis.url} running (not started by the demo)`;
      },
    });
    const queuePrefix = `{greenloop-demo-${suffix}}`;
    this.undo.push({ what: 'queue keys', run: async () => { await deleteQueueKeys(redis.url, queuePrefix); return `deleted the queue keys ${queuePrefix}:*`; } });
    describe.push(`Redis: ${redis.url} (${redis.origin === 'started' ? 'started for the demo' : 'already running'}), queue prefix ${queuePrefix}`);

    const adminKey = `glk_admin_demo_${randomBytes(18).toString('base64url')}`;
    const config = loadConfig({
      MONGODB_URI: mongodbUri,
      REDIS_URL: redis.url,
      ADMIN_API_KEY: adminKey,
      QUEUE_PREFIX: queuePrefix,
      HOST: '127.0.0.1',
      PORT: '0',
      ROLE: 'all',
      MAIL_OUTBOX_DIR: join(workDir, 'outbox'),
      CONTACT_ENCRYPTION_KEY: randomBytes(32).toString('base64'),
      LOG_LEVEL: 'info',
      SHUTDOWN_TIMEOUT_MS: '5000',
    });
    const logFile = join(workDir, 'greenloop.log');
    const logger = pino({ name: 'greenloop-demo', level: config.logLevel }, pino.destination({ dest: logFile, sync: true }));
    stage('starting GreenLoop (API and worker)');
    const running: RunningProcess = await startGreenLoop(config, logger);
    this.undo.push({ what: 'GreenLoop', run: async () => { await running.stop(); return 'stopped GreenLoop'; } });
    describe.push(`GreenLoop: ${running.graphqlUrl} (API and worker in this process; log in ${logFile})`);
    if (this.stopped) throw new Error('stopped while starting');
    return { url: running.graphqlUrl, adminKey, describe };
  }

  /** Stops everything started so far, newest first, and deletes its data; keeps the work folder (the logs) when asked. */
  async stop(options: { keepWorkDir?: boolean } = {}): Promise<string[]> {
    this.stopped = true;
    const done: string[] = [];
    for (let step = this.undo.pop(); step; step = this.undo.pop()) {
      done.push(await step.run().catch((error: unknown) => `could not clean up ${step.what}: ${error instanceof Error ? error.message : String(error)}`));
    }
    if (this.workDir) {
      if (options.keepWorkDir) {
        done.push(`kept ${this.workDir} (the service's log)`);
      } else {
        await rm(this.workDir, { recursive: true, force: true });
        done.push(`removed ${this.workDir}`);
      }
      this.workDir = null;
    }
    return done;
  }
}

async function dropDatabase(uri: string): Promise<void> {
  const connection = await mongoose.createConnection(uri).asPromise();
  try {
    await connection.dropDatabase();
  } finally {
    await connection.close();
  }
}
