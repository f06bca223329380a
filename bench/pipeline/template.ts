import type { Types } from 'mongoose';
import { deleteQueueKeys } from '../../server/queues/queue-keys.js';
import { loadConfig } from '../../server/config.js';
import { createLogger } from '../../server/logger.js';
import { startGreenLoop } from '../../app/process.js';
import type { Cleanup } from '../quote/cleanup.js';
import { seed, type Seeded } from '../quote/seed.js';
import { dropDatabase } from '../quote/stack.js';
import { planOrders, type QuotedOrder } from './order-mix.js';
import { prepareQuotes } from './quotes.js';

/**
 * The database every configuration starts from, a copy each: the first producers of bench/quote's catalogue (1
 * platform, 4 producers, 120 packaging types of every class, from its fixed seed) and one quote per order, warm-up and
 * measured, with no choice made yet.
 */
export interface Template {
  readonly uri: string;
  /** Where its quotes are kept in Redis (`<queuePrefix>:quote:<id>`). */
  readonly queuePrefix: string;
  readonly platformId: Types.ObjectId;
  readonly platformKey: string;
  readonly seeded: Seeded;
  readonly consumers: number;
  readonly warmup: readonly QuotedOrder[];
  readonly measured: readonly QuotedOrder[];
}

export interface TemplateSpec {
  /** The service's environment shared by every process (store base and Redis included). */
  readonly env: Readonly<Record<string, string>>;
  readonly uri: string;
  readonly queuePrefix: string;
  readonly warmupOrders: number;
  readonly orders: number;
}

const QUOTE_CONCURRENCY = 3;
/**
 * Fewer producers than bench/quote's 10: on the embedded store a quote reads the whole catalogue four times, and
 * the quotes are only preparation here; 120 types still offer 3 to 4 options for most parcels.
 */
const PRODUCERS = 4;
export const ORDER_PREFIX = 'bench-order';

/**
 * Seeds through the services and quotes through GraphQL, both served by the service in this process (role api, no
 * worker, nothing measured here), then stops it.
 */
export async function prepareTemplate(spec: TemplateSpec, cleanup: Cleanup, signal: AbortSignal, progress: (line: string) => void): Promise<Template> {
  const config = loadConfig({ ...spec.env, MONGODB_URI: spec.uri, QUEUE_PREFIX: spec.queuePrefix, ROLE: 'api', PORT: '0', LOG_LEVEL: 'silent' });
  cleanup.add('delete the template Bull keys', () => deleteQueueKeys(config.redisUrl, config.queuePrefix));
  cleanup.add('drop the template database', () => dropDatabase(config.mongodbUri));
  const running = await startGreenLoop(config, createLogger(config.logLevel));
  try {
    let started = Date.now();
    const seeded = await seed(running.services, signal, PRODUCERS);
    progress(`seeded 1 platform, ${String(PRODUCERS)} producers, ${String(seeded.packagingTypes)} packaging types in ${String(Date.now() - started)} ms`);

    const total = spec.warmupOrders + spec.orders;
    // About two orders per consumer: the daily credit cap never bites, and a consumer's orders sometimes race.
    const consumers = Math.ceil(total / 2);
    const planned = planOrders(total, consumers, ORDER_PREFIX);
    started = Date.now();
    const quoted = await prepareQuotes(running.graphqlUrl, seeded.platformKey, planned, QUOTE_CONCURRENCY, signal, (done) => {
      progress(`  quoted ${String(done)}/${String(total)} orders`);
    });
    progress(`quoted ${String(total)} orders for ${String(consumers)} consumers through GraphQL in ${String(Date.now() - started)} ms`);
    return {
      uri: spec.uri,
      queuePrefix: config.queuePrefix,
      platformId: seeded.platformId,
      platformKey: seeded.platformKey,
      seeded,
      consumers,
      warmup: quoted.slice(0, spec.warmupOrders),
      measured: quoted.slice(spec.warmupOrders),
    };
  } finally {
    await running.stop();
  }
}
