// A worker killed with SIGKILL in the middle of crediting: a restarted worker finishes the work, and nothing is
// lost or credited twice (the ledger's unique keys, Bull's stalled-job recovery and the fact sweep together).
import { expect } from 'chai';
import { Types } from 'mongoose';
import { startHarness, type Harness } from '../support/harness.js';
import { TEST_ADMIN_KEY, eventually, testQueuePrefix, testRedisUrl, testStoreUri } from '../support/services.js';
import { spawnMain, type Spawned } from '../support/spawn-main.js';

const CHOICES = 60;

describe('a worker killed mid-crediting', () => {
  let harness: Harness;
  let uri = '';
  let prefix = '';
  const workers: Spawned[] = [];
  before(async () => {
    uri = testStoreUri('worker_kill');
    prefix = testQueuePrefix('worker_kill');
    harness = await startHarness('worker_kill', { smtpUrl: null }, { uri, prefix });
  });
  after(async () => {
    for (const worker of workers) if (worker.child.exitCode === null) worker.child.kill('SIGKILL');
    await harness.dispose();
  });

  const startWorkerProcess = () => {
    const worker = spawnMain({ ROLE: 'worker', PORT: '0', MONGODB_URI: uri, REDIS_URL: testRedisUrl(), QUEUE_PREFIX: prefix, ADMIN_API_KEY: TEST_ADMIN_KEY });
    workers.push(worker);
    return worker;
  };

  it('is replaced by a worker that finishes the work with every choice credited exactly once', async function () {
    this.timeout(180_000);
    const platformId = new Types.ObjectId();
    const choiceIds: string[] = [];
    for (let i = 0; i < CHOICES; i += 1) {
      const quote = await harness.services.checkout.quote(platformId, { lengthMm: 200, widthMm: 150, heightMm: 100, weightGrams: 500, shipsInOwnPackaging: true }, `c-${String(i % 10)}`);
      if (!quote.ok) throw new Error('quote refused');
      const choice = await harness.services.checkout.choosePackaging(platformId, { quoteId: quote.value._id.toHexString(), optionId: 'o1', orderRef: `kill-${String(i)}` });
      if (!choice.ok) throw new Error('choice refused');
      choiceIds.push(choice.value._id.toHexString());
    }
    const { CreditEntry, FactReceipt } = harness.store.models;
    const credited = () => CreditEntry.countDocuments({ kind: 'EARN_PENDING', platformId });

    const first = startWorkerProcess();
    await eventually(async () => ((await credited()) >= 5 ? true : undefined), 60_000, 'the first worker to start crediting');
    first.child.kill('SIGKILL');
    await first.exited;
    const creditedAtKill = await credited();
    expect(creditedAtKill, 'killed before it finished').to.be.below(CHOICES);

    startWorkerProcess();
    await eventually(async () => ((await FactReceipt.countDocuments({ _id: { $in: choiceIds.map((id) => `choice:${id}`) } })) === CHOICES ? true : undefined), 150_000, 'every choice to be received');

    const entries = await CreditEntry.find({ platformId, kind: 'EARN_PENDING' }, { sourceFact: 1 }).lean();
    expect(entries).to.have.length(CHOICES);
    expect(new Set(entries.map((e) => e.sourceFact)).size, 'no choice credited twice').to.equal(CHOICES);
    for (let c = 0; c < 10; c += 1) {
      const view = await harness.services.credits.account(platformId, `c-${String(c)}`);
      expect(view.state.pending, `consumer c-${String(c)}`).to.equal((CHOICES / 10) * 10);
    }
  });
});
