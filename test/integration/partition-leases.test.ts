// Partitioned queues on the real Redis: each partition is worked by one live process at a time, the processes share
// the partitions evenly, and a process that stops or dies hands its partitions over.
import { expect } from 'chai';
import { Redis } from 'ioredis';
import { FACT_PARTITIONS, FACT_QUEUE_NAMES, factQueueOf, partitionOf } from '../../server/queues/fact-partitions.js';
import { shareOf } from '../../server/queues/partition-leases.js';
import { QueueSet } from '../../server/queues/queue-set.js';
import { deleteQueueKeys, eventually, testLogger, testQueuePrefix, testRedisUrl } from '../support/services.js';
import { PrivateRedis } from '../support/private-redis.js';
import { systemNow } from '../support/test-clock.js';
import { sleep } from '../../scripts/local-services/free-port.js';

type Payloads = Record<`p-${string}`, { n: number }>;
const PARTITIONS = ['p-0', 'p-1', 'p-2', 'p-3', 'p-4', 'p-5'] as const;
const LEASE = { ttlMs: 1500, tickMs: 200 };

describe('partitioned queues worked under leases, on the real Redis', () => {
  let prefix = '';
  const sets: QueueSet<Payloads>[] = [];
  const ran: { set: number; partition: string; n: number }[] = [];

  async function joined(index: number): Promise<QueueSet<Payloads>> {
    const queues = new QueueSet<Payloads>({ redisUrl: testRedisUrl(), prefix, names: [...PARTITIONS], logger: testLogger() });
    sets.push(queues);
    await queues.processPartitioned([...PARTITIONS], 2, (job) => {
      ran.push({ set: index, partition: job.queue.name, n: job.data.n });
      return Promise.resolve();
    }, LEASE);
    return queues;
  }

  beforeEach(() => {
    prefix = testQueuePrefix('leases');
    ran.length = 0;
  });
  afterEach(async () => {
    await Promise.all(sets.splice(0).map((s) => s.close(3000)));
    await deleteQueueKeys(prefix);
  });

  it('gives every partition to the first process, then half to each once a second one joins, never one to both', async () => {
    const first = await joined(1);
    expect(first.ownedPartitions()).to.deep.equal([...PARTITIONS]);
    const second = await joined(2);
    await eventually(() => Promise.resolve(first.ownedPartitions().length === 3 && second.ownedPartitions().length === 3 ? true : undefined), 5000, 'an even share');
    const both = [...first.ownedPartitions(), ...second.ownedPartitions()].sort();
    expect(both, 'each partition held once').to.deep.equal([...PARTITIONS]);

    // Each job runs on the process that holds its partition.
    for (const [i, partition] of PARTITIONS.entries()) await first.enqueue(partition, { n: i });
    await eventually(() => Promise.resolve(ran.length === PARTITIONS.length ? true : undefined), 5000, 'every job');
    for (const run of ran) {
      const holder = run.set === 1 ? first : second;
      expect(holder.ownedPartitions(), `${run.partition} ran on set ${String(run.set)}`).to.include(run.partition);
    }
  });

  it('hands a closed process’s partitions to the one left at once, and a vanished one’s once its leases lapse', async () => {
    const first = await joined(1);
    const second = await joined(2);
    await eventually(() => Promise.resolve(second.ownedPartitions().length === 3 ? true : undefined), 5000, 'an even share');
    await second.close(3000);
    sets.splice(sets.indexOf(second), 1);
    await eventually(() => Promise.resolve(first.ownedPartitions().length === PARTITIONS.length ? true : undefined), 3000, 'the closed process’s partitions');

    await first.close(3000);
    sets.splice(sets.indexOf(first), 1);

    // A process killed mid-work stops renewing without releasing: its leases hold until they lapse, then go.
    const redis = new Redis(testRedisUrl());
    try {
      const untilMs = systemNow().getTime() + LEASE.ttlMs;
      await redis.zadd(`${prefix}:partition-holders`, untilMs, 'killed');
      for (const partition of ['p-0', 'p-1', 'p-2']) await redis.set(`${prefix}:partition-lease:${partition}`, 'killed', 'PX', LEASE.ttlMs);
      const third = await joined(3);
      expect(third.ownedPartitions(), 'only what the killed process did not hold').to.deep.equal(['p-3', 'p-4', 'p-5']);
      await eventually(() => Promise.resolve(third.ownedPartitions().length === PARTITIONS.length ? true : undefined), 4000, 'the lapsed leases');
      expect(systemNow().getTime(), 'not before they lapsed').to.be.at.least(untilMs);
    } finally {
      redis.disconnect();
    }
  });
});

describe('partitioned queues after Redis restarted empty', () => {
  let redis: PrivateRedis;
  const sets: QueueSet<Payloads>[] = [];
  before(async () => { redis = await PrivateRedis.start(); });
  after(async () => {
    await Promise.all(sets.splice(0).map((s) => s.close(3000)));
    await redis.stop();
  });

  it('are shared again, each partition by one process, and every job added since runs', async function () {
    this.timeout(30_000);
    const ran: string[] = [];
    for (const index of [1, 2]) {
      const queues = new QueueSet<Payloads>({ redisUrl: redis.url, prefix: '{leases}', names: [...PARTITIONS], logger: testLogger(), commandTimeoutMs: 500 });
      sets.push(queues);
      await queues.processPartitioned([...PARTITIONS], 2, (job) => {
        ran.push(`${String(index)}:${job.queue.name}:${String(job.data.n)}`);
        return Promise.resolve();
      }, LEASE);
    }
    const [first, second] = sets;
    if (!first || !second) throw new Error('two sets');
    await eventually(() => Promise.resolve(first.ownedPartitions().length === 3 && second.ownedPartitions().length === 3 ? true : undefined), 5000, 'an even share');

    await redis.down();
    await sleep(1000);
    await redis.up();
    // Redis forgot every lease, so for up to one round (a tick) a process may still work a partition the other has just
    // taken (the ledger's unique (account, seq) index decides between them meanwhile); then it notices and lets go.
    const held = () => [...first.ownedPartitions(), ...second.ownedPartitions()].sort();
    await eventually(() => Promise.resolve(JSON.stringify(held()) === JSON.stringify(PARTITIONS) ? true : undefined), 10_000, 'every partition held again, each by one process');
    for (const [i, partition] of PARTITIONS.entries()) await first.enqueue(partition, { n: i });
    await eventually(() => Promise.resolve(ran.length === PARTITIONS.length ? true : undefined), 10_000, 'every job added after the restart');
  });
});

describe('fact partitions', () => {
  it('routes an account to one fixed partition, and spreads accounts over all of them', () => {
    expect(FACT_QUEUE_NAMES).to.have.length(FACT_PARTITIONS);
    expect(factQueueOf('65f0c0ffee0000000000abcd:lou')).to.equal(factQueueOf('65f0c0ffee0000000000abcd:lou'));
    const counts = new Array<number>(FACT_PARTITIONS).fill(0);
    for (let i = 0; i < 16_000; i += 1) {
      const p = partitionOf(`65f0c0ffee0000000000abcd:consumer-${String(i)}`);
      counts[p] = (counts[p] ?? 0) + 1;
    }
    // 1,000 each on average; an even hash keeps every partition within 15 % of it.
    for (const count of counts) expect(count).to.be.within(850, 1150);
  });

  it('gives each of n processes a share of ceil(partitions / n), ranges apart', () => {
    const partitions = ['a', 'b', 'c', 'd', 'e'];
    expect(shareOf(partitions, ['x'], 'x')).to.deep.equal({ share: 5, preferred: ['a', 'b', 'c', 'd', 'e'] });
    expect(shareOf(partitions, ['x', 'y'], 'x')).to.deep.equal({ share: 3, preferred: ['a', 'b', 'c'] });
    expect(shareOf(partitions, ['x', 'y'], 'y')).to.deep.equal({ share: 3, preferred: ['d', 'e', 'a'] });
  });
});
