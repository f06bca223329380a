// A Redis restarted without its data loses every repeatable job, the fact and mail sweeps among them; before this
// was fixed nothing but a worker's start added them back, so facts whose jobs Redis lost waited for a deploy. The
// chaos suite found it (test/chaos); this pins the fix on a redis-server of the test's own.
import { expect } from 'chai';
import { QueueSet } from '../../server/queues/queue-set.js';
import { PrivateRedis } from '../support/private-redis.js';
import { eventually, testLogger } from '../support/services.js';

interface Payloads { 'tick': Record<string, never>; 'tock': Record<string, never> }

describe('schedules after Redis loses its data', () => {
  let redis: PrivateRedis;
  let queues: QueueSet<Payloads>;
  before(async () => {
    redis = await PrivateRedis.start();
    queues = new QueueSet<Payloads>({ redisUrl: redis.url, prefix: '{schedules-loss}', names: ['tick', 'tock'], logger: testLogger() });
  });
  after(async () => {
    await queues.close(2000);
    await redis.stop();
  });

  it('are added back by a running process once Redis is back, without a restart', async function () {
    this.timeout(30_000);
    const schedules = [{ queue: 'tick' as const, id: 'tick', everyMs: 60_000 }, { queue: 'tock' as const, id: 'tock', everyMs: 3_600_000 }];
    await queues.reconcileSchedules(schedules);
    const everyOf = async () => [...(await queues.queue('tick').getRepeatableJobs()), ...(await queues.queue('tock').getRepeatableJobs())].map((j) => j.every).sort((a, b) => a - b);
    expect(await everyOf()).to.deep.equal([60_000, 3_600_000]);

    await redis.down();
    await redis.up();
    await eventually(async () => ((await everyOf().catch(() => [])).length === 2 ? true : undefined), 20_000, 'the schedules to be back');
    expect(await everyOf()).to.deep.equal([60_000, 3_600_000]);
  });
});
