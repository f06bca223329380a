import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { ApolloServer } from '@apollo/server';
import type { Logger } from 'pino';
import { createApolloServer } from '../graphql/apollo.js';
import type { GraphQLContext } from '../graphql/context.js';
import { operationMetricsPlugin } from '../graphql/operation-metrics.js';
import { JOB_NAMES, type JobName, type JobPayloads } from '../server/queues/job-types.js';
import { QueueSet } from '../server/queues/queue-set.js';
import { startWorker } from '../jobs/worker.js';
import { createRedisChangeFeed } from '../server/change-feed.js';
import type { Clock } from '../server/clock.js';
import type { Config } from '../server/config.js';
import { openStore, type Store, type StoreOptions } from '../server/db/connection.js';
import { setGroupCommitWindow } from '../server/db/group-commit.js';
import { createHttpApp } from './http-app.js';
import { expressMessages } from '../server/http/express-messages.js';
import { createRateLimit } from '../server/http/rate-limit.js';
import { createMailTransport } from '../server/mail/transport.js';
import { createMetrics, type Metrics } from '../server/metrics/metrics.js';
import { createServices, type MemoryLimits, type Services } from '../server/services/index.js';
import { createPersonalDataCipher } from '../server/services/personal-data-cipher.js';

/** How long a worker's inserts wait for each other (see server/db/group-commit.ts). */
const WORKER_GROUP_COMMIT_WINDOW_MS = 10;

export interface RunningProcess {
  /** The GraphQL endpoint, when this process serves HTTP. */
  readonly graphqlUrl: string;
  readonly store: Store;
  readonly queues: QueueSet<JobPayloads>;
  readonly services: Services;
  /** This process's metrics (served at GET /metrics). */
  readonly metrics: Metrics;
  /** Stops accepting, drains HTTP, lets running jobs finish (bounded), closes queues and the store. */
  stop(): Promise<void>;
}

/** What a caller may wire in beside the configuration: store options, the clock and memory limits (tests fix their own). */
export interface StartOptions {
  readonly store?: StoreOptions;
  readonly clock?: Clock;
  readonly memoryLimits?: MemoryLimits;
}

/**
 * The composition root: one code base, two roles. `api` serves GraphQL; `worker` runs the Bull processors and
 * schedules; `all` does both. Every role answers /healthz and /readyz.
 */
export async function startGreenLoop(config: Config, logger: Logger, options: StartOptions = {}): Promise<RunningProcess> {
  const store = await openStore(config.mongodbUri, { queryTimeoutMs: config.storeQueryTimeoutMs, ...options.store });
  const queues = new QueueSet<JobPayloads>({
    redisUrl: config.redisUrl, prefix: config.queuePrefix, names: JOB_NAMES, logger, commandTimeoutMs: config.redisCommandTimeoutMs,
  });
  const transport = createMailTransport(config.smtpUrl, config.outboxDir);
  const changes = createRedisChangeFeed({ redisUrl: config.redisUrl, prefix: config.queuePrefix, logger, commandTimeoutMs: config.redisCommandTimeoutMs });
  const metrics = createMetrics();
  metrics.watchQueueDepths(
    { names: JOB_NAMES, jobCounts: (name) => queues.queue(name as JobName).getJobCounts() },
    (err: unknown) => { logger.warn({ err }, 'queue depths left out of /metrics: Redis did not answer'); },
  );
  const services = createServices({
    models: store.models,
    queues,
    transport,
    adminApiKey: config.adminApiKey,
    mailFrom: config.mailFrom,
    operatorEmail: config.operatorEmail,
    operatorLocale: config.operatorLocale,
    logger,
    contactCipher: createPersonalDataCipher(config.contactEncryption),
    observer: metrics,
    clock: options.clock,
    memoryLimits: options.memoryLimits,
    changes,
  });
  if (config.contactEncryption.developmentDefault) {
    logger.warn('CONTACT_ENCRYPTION_KEY is not set: mail addresses are encrypted with the public development key (production refuses to start so)');
  }

  await services.catalog.ensureReferenceStandard();

  const servesApi = config.role !== 'worker';
  const runsWorker = config.role !== 'api';
  if (runsWorker) {
    // A worker-only process lets its jobs' inserts wait a moment for each other; a process that also answers requests
    // does not delay them.
    if (!servesApi) setGroupCommitWindow(WORKER_GROUP_COMMIT_WINDOW_MS);
    await startWorker(queues, services, logger, metrics);
    logger.info({ mail: transport.description }, 'worker started');
  }

  const messages = expressMessages();
  const httpServer = createServer({ IncomingMessage: messages.IncomingMessage, ServerResponse: messages.ServerResponse });
  keepConnectionsAlive(httpServer, config.httpKeepAliveTimeoutMs);
  let apollo: ApolloServer<GraphQLContext> | null = null;
  if (servesApi) {
    apollo = createApolloServer(httpServer, config.production);
    apollo.addPlugin(operationMetricsPlugin((sample) => { metrics.observeGraphQLOperation(sample); }));
    await apollo.start();
  }
  const rateLimit = servesApi && config.rateLimitPerMinute > 0
    ? createRateLimit({ redisUrl: config.redisUrl, prefix: config.queuePrefix, perMinute: config.rateLimitPerMinute, commandTimeoutMs: config.redisCommandTimeoutMs, logger })
    : null;
  const app = createHttpApp({
    apollo,
    services,
    logger,
    readiness: { store: () => store.ping(), redis: () => queues.ping() },
    corsOrigins: config.corsOrigins,
    rateLimit,
    inFlightLimit: config.maxRequestsInFlight > 0 ? { maxInFlight: config.maxRequestsInFlight, maxQueued: config.maxRequestsQueued } : null,
    trustProxyHops: config.trustProxyHops,
    metrics,
    metricsPublic: config.metricsPublic,
    // The queue board comes with the API; a worker-only process serves health and metrics alone.
    ...(servesApi ? { boardQueues: JOB_NAMES.map((name) => queues.queue(name)) } : {}),
  });
  messages.bornWith(app);
  httpServer.on('request', app);
  await new Promise<void>((resolve, reject) => {
    httpServer.once('error', reject);
    httpServer.listen(config.port, config.host, () => { resolve(); });
  });
  const { port } = httpServer.address() as AddressInfo;
  const host = config.host.includes(':') ? `[${config.host}]` : config.host;
  const graphqlUrl = `http://${host}:${port}/graphql`;
  logger.info({ role: config.role, url: graphqlUrl }, 'listening');

  let stopping: Promise<void> | null = null;
  const stopNow = async () => {
    logger.info('shutting down: draining HTTP, finishing running jobs');
    await (apollo ? apollo.stop() : closeHttp(httpServer));
    logger.debug('HTTP drained');
    await rateLimit?.close();
    await queues.close(config.shutdownTimeoutMs);
    services.close();
    await changes.close();
    logger.debug('queues closed');
    transport.close();
    await store.close();
    logger.info('shut down cleanly');
  };
  return {
    graphqlUrl,
    store,
    queues,
    services,
    metrics,
    stop: () => (stopping ??= stopNow()),
  };
}

/**
 * Idle kept-alive connections stay open `idleMs` (Node's default is 5 s, shorter than any load balancer's). The
 * headers of a request on such a connection must be allowed at least as long, and no request may be cut shorter than
 * its headers are.
 */
function keepConnectionsAlive(server: Server, idleMs: number): void {
  server.keepAliveTimeout = idleMs;
  server.headersTimeout = Math.max(server.headersTimeout, idleMs + 1000);
  if (server.requestTimeout > 0) server.requestTimeout = Math.max(server.requestTimeout, server.headersTimeout);
}

function closeHttp(server: Server): Promise<void> {
  return new Promise((resolve) => {
    server.close(() => { resolve(); });
    server.closeIdleConnections();
  });
}
