import type { Redis } from 'ioredis';
import type { Logger } from 'pino';

// Leases on partitions, held in Redis: each partition is worked by at most one live process at a time, and the live
// processes share the partitions evenly. Every `tickMs` a process announces itself (a sorted set of processes by
// expiry), renews its leases, gives up what exceeds its share and claims free partitions up to it, its own range
// first so that processes seldom compete for one. A process that dies stops renewing: its leases lapse after `ttlMs`
// and the others take its partitions over.
//
// A lease is an optimisation, not the guarantee: after a pause longer than the lease (a stalled event loop, a network
// split) two processes may work one partition for a moment, and what they write is still decided by the store's
// unique indexes.

export interface PartitionLeaseOptions {
  readonly redis: Redis;
  /** The key prefix (the queue prefix, so one Redis Cluster hash tag holds everything). */
  readonly prefix: string;
  readonly partitions: readonly string[];
  /** Called once this process holds the partition's lease: start working it. */
  readonly gain: (partition: string) => Promise<void>;
  /** Called when the lease is given up or lost: stop working it; resolves once the partition's running work is done. */
  readonly lose: (partition: string) => Promise<void>;
  readonly logger: Logger;
  readonly ttlMs?: number;
  readonly tickMs?: number;
  /** Unique per process. */
  readonly holderId: string;
}

export interface PartitionLeases {
  /** The partitions this process works now. */
  owned(): readonly string[];
  /** Stops working every partition, then releases its leases and leaves the set of live processes. */
  stop(): Promise<void>;
}

export const DEFAULT_LEASE_TTL_MS = 10_000;
export const DEFAULT_LEASE_TICK_MS = 2_000;

/** Renews the lease if this holder has it, or takes it if it lapsed (Redis restarted without it); 0 if another holds it. */
const RENEW = `local holder = redis.call('get', KEYS[1])
if holder == ARGV[1] or not holder then
  redis.call('set', KEYS[1], ARGV[1], 'PX', ARGV[2])
  return 1
end
return 0`;

const RELEASE = `if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) end
return 0`;

/** The share of each of `live` processes, and the range the one at `rank` claims first. */
export function shareOf(partitions: readonly string[], live: readonly string[], holderId: string): { share: number; preferred: readonly string[] } {
  const count = Math.max(1, live.length);
  const share = Math.ceil(partitions.length / count);
  const rank = Math.max(0, live.indexOf(holderId));
  const preferred = Array.from({ length: share }, (_, i) => partitions[(rank * share + i) % partitions.length]).filter((p): p is string => p !== undefined);
  return { share, preferred };
}

/** Claims this process's share at once (resolves when the first round is done), then keeps it. */
export async function holdPartitionLeases(options: PartitionLeaseOptions): Promise<PartitionLeases> {
  const { redis, prefix, partitions, holderId, logger } = options;
  const ttlMs = options.ttlMs ?? DEFAULT_LEASE_TTL_MS;
  const tickMs = options.tickMs ?? DEFAULT_LEASE_TICK_MS;
  const holdersKey = `${prefix}:partition-holders`;
  const leaseKey = (partition: string) => `${prefix}:partition-lease:${partition}`;
  const owned = new Set<string>();
  let stopped = false;
  let running: Promise<void> = Promise.resolve();

  async function give(partition: string, release: boolean): Promise<void> {
    owned.delete(partition);
    await options.lose(partition);
    if (release) await redis.eval(RELEASE, 1, leaseKey(partition), holderId);
  }

  async function round(): Promise<void> {
    const nowMs = Date.now();
    await redis.zadd(holdersKey, nowMs + ttlMs, holderId);
    await redis.zremrangebyscore(holdersKey, '-inf', nowMs);
    const live = (await redis.zrange(holdersKey, 0, -1)).sort();
    const { share, preferred } = shareOf(partitions, live, holderId);

    for (const partition of [...owned]) {
      const renewed = await redis.eval(RENEW, 1, leaseKey(partition), holderId, String(ttlMs));
      if (renewed !== 1) {
        logger.warn({ partition }, 'partition lease taken by another process; no longer working it');
        await give(partition, false);
      }
    }
    // More than the share (another process joined): give up what lies outside this process's range first.
    const extras = [...owned].sort((a, b) => Number(preferred.includes(a)) - Number(preferred.includes(b)));
    for (const partition of extras.slice(0, Math.max(0, owned.size - share))) await give(partition, true);
    // Less than the share: claim free partitions, this process's range first.
    const candidates = [...preferred, ...partitions.filter((p) => !preferred.includes(p))];
    for (const partition of candidates) {
      if (owned.size >= share) break;
      if (owned.has(partition)) continue;
      if ((await redis.set(leaseKey(partition), holderId, 'PX', ttlMs, 'NX')) !== 'OK') continue;
      owned.add(partition);
      await options.gain(partition);
    }
  }

  const tick = () => {
    running = running.then(round).catch((err: unknown) => {
      // Redis away: keep what is held (no fact can be fetched meanwhile anyway); the next round renews or hands over.
      logger.warn({ err }, 'partition leases not renewed this round');
    });
    return running;
  };
  await tick();
  const timer = setInterval(() => { if (!stopped) void tick(); }, tickMs);
  timer.unref();

  return {
    owned: () => [...owned].sort(),
    async stop() {
      if (stopped) return;
      stopped = true;
      clearInterval(timer);
      await running;
      await Promise.all([...owned].map((p) => give(p, true).catch((err: unknown) => {
        logger.warn({ err, partition: p }, 'partition lease not released; it lapses on its own');
      })));
      await redis.zrem(holdersKey, holderId).catch(() => undefined);
    },
  };
}
