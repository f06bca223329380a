import { JOB_NAMES, type JobPayloads } from '../../server/queues/job-types.js';
import { QueueSet } from '../../server/queues/queue-set.js';
import { createRedisChangeFeed } from '../../server/change-feed.js';
import { DEVELOPMENT_CONTACT_KEY, type Config } from '../../server/config.js';
import type { Clock } from '../../server/clock.js';
import { openStore, type Store } from '../../server/db/connection.js';
import { createLogger } from '../../server/logger.js';
import { startGreenLoop, type RunningProcess, type StartOptions } from '../../app/process.js';
import { createMailTransport, type MailTransport } from '../../server/mail/transport.js';
import { createServices, type MemoryLimits, type Services } from '../../server/services/index.js';
import { createPersonalDataCipher } from '../../server/services/personal-data-cipher.js';
import { TEST_ADMIN_KEY, deleteQueueKeys, dropDatabase, testConfig, testLogger, testQueuePrefix, testRedisUrl, testStoreUri } from './services.js';

/** The cipher of a service started without CONTACT_ENCRYPTION_KEY, so harnesses and spawned processes read each other's data. */
export const testContactCipher = () => createPersonalDataCipher({ current: DEVELOPMENT_CONTACT_KEY, old: [] });

/** Services wired to the real store and Redis, on a database and queue prefix of their own. */
export interface Harness {
  readonly store: Store;
  readonly queues: QueueSet<JobPayloads>;
  readonly services: Services;
  readonly transport: MailTransport;
  /** Closes everything, leaving the database and queue keys (another harness on them deletes them). */
  close(): Promise<void>;
  /** Closes everything and deletes the database and queue keys. */
  dispose(): Promise<void>;
}

export async function startHarness(
  suite: string,
  mail: { smtpUrl: string | null; outboxDir?: string },
  where: { uri?: string; prefix?: string; clock?: Clock; memoryLimits?: MemoryLimits } = {},
): Promise<Harness> {
  const uri = where.uri ?? testStoreUri(suite);
  const prefix = where.prefix ?? testQueuePrefix(suite);
  const store = await openStore(uri);
  const queues = new QueueSet<JobPayloads>({ redisUrl: testRedisUrl(), prefix, names: JOB_NAMES, logger: testLogger() });
  const transport = createMailTransport(mail.smtpUrl, mail.outboxDir ?? '.data/test-outbox');
  const changes = createRedisChangeFeed({ redisUrl: testRedisUrl(), prefix, logger: testLogger(), commandTimeoutMs: 5000 });
  const services = createServices({ changes, models: store.models, queues, transport, adminApiKey: TEST_ADMIN_KEY, mailFrom: 'GreenLoop <test@greenloop.local>', operatorEmail: 'ops@greenloop.test', logger: testLogger(), contactCipher: testContactCipher(), clock: where.clock, memoryLimits: where.memoryLimits });
  const close = async () => {
    await queues.close(2000);
    services.close();
    await changes.close();
    transport.close();
    await store.close();
  };
  return {
    store,
    queues,
    services,
    transport,
    close,
    async dispose() {
      await close();
      await dropDatabase(uri);
      await deleteQueueKeys(prefix);
    },
  };
}

/** The whole service (API and worker) in this process, on a database and queue prefix of its own. */
export interface RunningService {
  readonly config: Config;
  readonly running: RunningProcess;
  readonly url: string;
  /** Stops the service and deletes its database and queue keys. */
  dispose(): Promise<void>;
}

export async function startService(suite: string, env: Record<string, string> = {}, options: StartOptions = {}): Promise<RunningService> {
  const config = testConfig(suite, env);
  const running = await startGreenLoop(config, createLogger(config.logLevel), options);
  return {
    config,
    running,
    url: running.graphqlUrl,
    async dispose() {
      await running.stop();
      await dropDatabase(config.mongodbUri);
      await deleteQueueKeys(config.queuePrefix);
    },
  };
}
