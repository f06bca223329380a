import { expect } from 'chai';
import { QueueSet } from '../../server/queues/queue-set.js';
import { deleteQueueKeys, eventually, testLogger, testQueuePrefix, testRedisUrl } from '../support/services.js';

interface TestPayloads {
  'count': { n: number };
  'flaky': { n: number };
  'tick': Record<string, never>;
}

describe('the Bull queue set, on the real Redis', () => {
  let prefix = '';
  let queues: QueueSet<TestPayloads>;

  beforeEach(() => {
    prefix = testQueuePrefix('queues');
    queues = new QueueSet<TestPayloads>({
      redisUrl: testRedisUrl(),
      prefix,
      names: ['count', 'flaky', 'tick'],
      logger: testLogger(),
      defaults: { attempts: 3, backoffMs: 150 },
    });
  });
  afterEach(async () => {
    await queues.close(2000);
    await deleteQueueKeys(prefix);
  });

  it('runs a job enqueued three times under one fixed id once', async () => {
    const runs: number[] = [];
    queues.process('count', 2, (job) => {
      runs.push(job.data.n);
      return Promise.resolve();
    });
    await Promise.all([1, 2, 3].map((n) => queues.enqueue('count', { n }, { jobId: 'order-42' })));
    await queues.enqueue('count', { n: 99 }, { jobId: 'marker' });
    // Jobs of one queue run in order here; once the marker ran, the duplicates had their chance.
    await eventually(() => Promise.resolve(runs.includes(99) ? true : undefined), 5000, 'the marker job');
    const completed = await queues.queue('count').getCompletedCount();
    expect(runs.filter((n) => n !== 99)).to.deep.equal([1]);
    expect(completed).to.equal(2);
  });

  it('adds jobs enqueued at the same moment together, each once, and answers every caller', async () => {
    const runs: number[] = [];
    queues.process('count', 4, (job) => {
      runs.push(job.data.n);
      return Promise.resolve();
    });
    // 60 callers in one turn: 50 distinct jobs, 10 of them sent twice under their id.
    const ns = [...Array.from({ length: 50 }, (_, i) => i), ...Array.from({ length: 10 }, (_, i) => i)];
    const answers = await Promise.allSettled(ns.map((n) => queues.enqueue('count', { n }, { jobId: `bulk-${String(n)}` })));
    expect(answers.every((a) => a.status === 'fulfilled')).to.equal(true);
    await eventually(() => Promise.resolve(runs.length >= 50 ? true : undefined), 5000, 'the 50 jobs');
    expect([...runs].sort((a, b) => a - b)).to.deep.equal(Array.from({ length: 50 }, (_, i) => i));
    expect(await queues.queue('count').getCompletedCount()).to.equal(50);
  });

  it('retries a failing job with exponential backoff, then keeps it in failed', async () => {
    const attemptsAt: number[] = [];
    queues.process('flaky', 1, () => {
      attemptsAt.push(performance.now());
      return Promise.reject(new Error('downstream unavailable'));
    });
    await queues.enqueue('flaky', { n: 1 }, { jobId: 'flaky-1' });
    const job = await eventually(async () => {
      const found = await queues.queue('flaky').getJob('flaky-1');
      return found && (await found.getState()) === 'failed' ? found : undefined;
    }, 20_000, 'the job to fail for good');
    expect(job.attemptsMade).to.equal(3);
    expect(job.failedReason).to.equal('downstream unavailable');
    expect(attemptsAt).to.have.length(3);
    const [a = 0, b = 0, c = 0] = attemptsAt;
    // backoff 150 ms, then 300 ms: each wait at least its delay, the second longer than the first
    expect(b - a).to.be.at.least(150);
    expect(c - b).to.be.at.least(300);
  });

  it('keeps one schedule per id across restarts, replaces a changed interval and drops a removed one', async () => {
    const tick = queues.queue('tick');
    await queues.reconcileSchedules([{ queue: 'tick', id: 'tick', everyMs: 60_000 }]);
    await queues.reconcileSchedules([{ queue: 'tick', id: 'tick', everyMs: 60_000 }]);
    let repeatable = await tick.getRepeatableJobs();
    expect(repeatable.map((r) => r.every)).to.deep.equal([60_000]);

    await queues.reconcileSchedules([{ queue: 'tick', id: 'tick', everyMs: 30_000 }]);
    repeatable = await tick.getRepeatableJobs();
    expect(repeatable.map((r) => r.every)).to.deep.equal([30_000]);

    await queues.reconcileSchedules([]);
    expect(await tick.getRepeatableJobs()).to.deep.equal([]);
  });
});
