import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import type { Logger } from 'pino';

// How one process tells the others that data they hold in memory changed: Redis pub/sub, fire and forget. A notice
// is only a hint to look again sooner. Pub/sub keeps nothing for a subscriber that is away, so every reader also
// looks again on its own (the reference version is polled, identity views expire): a lost notice costs time, never
// correctness.

/** What changed: the reference data's version, one API key, one organization, or every consumer's green level. */
export type ChangeTopic = 'reference' | 'api-key' | 'organization' | 'levels';

export type ChangeHandler = (subject: string) => void;

export interface ChangeFeed {
  /** Tells every process, this one first and at once (before the promise settles); never fails. */
  publish(topic: ChangeTopic, subject: string): Promise<void>;
  /** Calls `handler` for each notice of `topic`, from this process or another; returns the unsubscribe. */
  subscribe(topic: ChangeTopic, handler: ChangeHandler): () => void;
  close(): Promise<void>;
}

interface Notice {
  readonly topic: ChangeTopic;
  readonly subject: string;
  /** The publishing process's feed; its own notices come back from Redis and are not delivered twice. */
  readonly from: string;
}

function handlers() {
  const byTopic = new Map<ChangeTopic, Set<ChangeHandler>>();
  return {
    add(topic: ChangeTopic, handler: ChangeHandler): () => void {
      const set = byTopic.get(topic) ?? new Set<ChangeHandler>();
      byTopic.set(topic, set);
      set.add(handler);
      return () => { set.delete(handler); };
    },
    deliver(topic: ChangeTopic, subject: string): void {
      for (const handler of byTopic.get(topic) ?? []) handler(subject);
    },
  };
}

/** A feed within one process: for services that run alone (tools, tests of one instance). */
export function createLocalChangeFeed(): ChangeFeed {
  const local = handlers();
  return {
    publish(topic, subject) {
      local.deliver(topic, subject);
      return Promise.resolve();
    },
    subscribe: (topic, handler) => local.add(topic, handler),
    close: () => Promise.resolve(),
  };
}

export interface RedisChangeFeedOptions {
  readonly redisUrl: string;
  /** The channel is `<prefix>:changes`: the queue prefix, so one deployment's (or one test's) processes hear each other. */
  readonly prefix: string;
  readonly logger: Logger;
  readonly commandTimeoutMs: number;
}

/** A feed over Redis pub/sub: one connection subscribed (ioredis subscribes again after a reconnection), one to publish. */
export function createRedisChangeFeed(options: RedisChangeFeedOptions): ChangeFeed {
  const channel = `${options.prefix}:changes`;
  const self = randomUUID();
  const local = handlers();
  // A publish while Redis is away fails at once rather than queueing: the readers' own polling covers it.
  const publisher = new Redis(options.redisUrl, { enableOfflineQueue: false, maxRetriesPerRequest: 0, commandTimeout: options.commandTimeoutMs });
  const subscriber = new Redis(options.redisUrl, { maxRetriesPerRequest: null });
  for (const connection of [publisher, subscriber]) {
    connection.on('error', (err) => { options.logger.debug({ err }, 'change feed redis connection error'); });
  }
  subscriber.subscribe(channel).catch((err: unknown) => { options.logger.warn({ err }, 'change feed could not subscribe; readers poll instead'); });
  subscriber.on('message', (from: string, message: string) => {
    if (from !== channel) return;
    const notice = parseNotice(message);
    if (notice && notice.from !== self) local.deliver(notice.topic, notice.subject);
  });

  return {
    async publish(topic, subject) {
      local.deliver(topic, subject);
      const notice: Notice = { topic, subject, from: self };
      try {
        await publisher.publish(channel, JSON.stringify(notice));
      } catch (err) {
        options.logger.debug({ err, topic }, 'change notice not published; other processes see the change when they poll');
      }
    },
    subscribe: (topic, handler) => local.add(topic, handler),
    async close() {
      await Promise.all([publisher, subscriber].map((c) => c.quit().catch(() => { c.disconnect(); })));
    },
  };
}

const TOPICS: readonly string[] = ['reference', 'api-key', 'organization', 'levels'] satisfies readonly ChangeTopic[];

function parseNotice(message: string): Notice | null {
  try {
    const value: unknown = JSON.parse(message);
    if (typeof value !== 'object' || value === null) return null;
    const { topic, subject, from } = value as Record<string, unknown>;
    if (typeof topic !== 'string' || !TOPICS.includes(topic) || typeof subject !== 'string' || typeof from !== 'string') return null;
    return { topic: topic as ChangeTopic, subject, from };
  } catch {
    return null;
  }
}
