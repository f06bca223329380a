import { Redis } from 'ioredis';

/**
 * Quotes live in Redis under the queue prefix (server/services/quote-offers.ts), not in the store: a configuration
 * that starts from a copy of the template's database needs the template's quotes under its own prefix too, each with
 * the time it has left. Returns how many were copied.
 */
export async function copyQuotes(redisUrl: string, fromPrefix: string, toPrefix: string): Promise<number> {
  const redis = new Redis(redisUrl, { maxRetriesPerRequest: 1 });
  try {
    let copied = 0;
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', `${fromPrefix}:quote:*`, 'COUNT', 500);
      cursor = next;
      for (const key of keys) {
        const [value, ttlMs] = await Promise.all([redis.get(key), redis.pttl(key)]);
        if (value === null || ttlMs <= 0) continue;
        await redis.set(`${toPrefix}${key.slice(fromPrefix.length)}`, value, 'PX', ttlMs);
        copied += 1;
      }
    } while (cursor !== '0');
    return copied;
  } finally {
    redis.disconnect();
  }
}
