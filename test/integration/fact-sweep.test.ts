// The fact sweep over all history (issue #16, item 4): a fact recorded long ago without a receipt is found however
// old it is; the sweep starts where every earlier fact was settled (its mark), so its cost follows the recent facts;
// a held return waits quietly until a review clears it, then is found once if that review's job was lost.
import { expect } from 'chai';
import { Types } from 'mongoose';
import { factQueueOf } from '../../server/queues/fact-partitions.js';
import { newIdAt } from '../../server/db/id-window.js';
import { accountOf } from '../../server/db/keys.js';
import type { QuoteOption } from '../../server/db/models/quote.js';
import { startHarness, type Harness } from '../support/harness.js';
import { pinnedClock } from '../support/test-clock.js';

const DAY = 86_400_000;
const option: QuoteOption = { id: 'o1', packagingClass: 'GREEN', packagingTypeId: null, packagingTypeRevision: null, priceMinor: 0, depositMinor: 0, currency: 'CNY', credits: 5, emptySpaceRatio: 0.2, recommended: true };

describe('the fact sweep over all history', () => {
  let harness: Harness;
  const clock = pinnedClock('2027-03-15T12:00:00Z');
  const platformId = new Types.ObjectId();
  beforeEach(async () => { harness = await startHarness('fact_sweep', { smtpUrl: null }, { clock: clock.now }); });
  afterEach(() => harness.dispose());

  /** A choice as a request recorded it `ageMs` ago, whose job never ran. */
  async function recordedChoice(orderRef: string, ageMs: number): Promise<Types.ObjectId> {
    const at = new Date(clock.nowMs() - ageMs);
    const choice = await harness.store.models.PackagingChoice.create({ _id: newIdAt(at), platformId, orderRef, consumerRef: 'c-1', quoteId: new Types.ObjectId(), option, createdAt: at });
    return choice._id;
  }
  // The consumer's partition (every choice here is c-1's).
  const queued = async (jobId: string) => (await harness.queues.queue(factQueueOf(accountOf(platformId, 'c-1'))).getJob(jobId)) !== null;

  it('re-enqueues a choice recorded a week ago that no job received, then moves its mark past it once received', async () => {
    const old = await recordedChoice('week-old', 7 * DAY);
    const recent = await recordedChoice('recent', 10 * 60_000);
    expect(await harness.services.facts.sweepUnreceived(60_000)).to.equal(2);
    expect(await queued(`choice:${old.toHexString()}`), 'the week-old choice').to.equal(true);
    // Nothing received yet: the mark stays before the oldest open fact.
    expect((await harness.store.models.SweepMark.findById('choice').lean())?.afterMs ?? 0).to.be.at.most(old.getTimestamp().getTime());

    for (const id of [old, recent]) await harness.services.facts.receive('choice', id.toHexString());
    expect(await harness.services.facts.sweepUnreceived(60_000)).to.equal(0);
    const mark = (await harness.store.models.SweepMark.findById('choice').lean())?.afterMs ?? 0;
    expect(mark, 'past both').to.be.greaterThan(recent.getTimestamp().getTime());
    expect(mark, 'but not into the last minutes, whose facts may still be in flight').to.be.at.most(clock.nowMs() - 5 * 60_000);
    // Behind the mark the sweep no longer looks: a receipt lost there is not noticed, because its fact was settled.
    await harness.store.models.FactReceipt.deleteOne({ _id: `choice:${old.toHexString()}` });
    expect(await harness.services.facts.sweepUnreceived(60_000)).to.equal(0);
    // A choice stamped within the last minutes may still be on its way to the store: the mark stays behind those.
    const inFlight = await recordedChoice('in-flight', 2 * 60_000);
    expect(await harness.services.facts.sweepUnreceived(60_000)).to.equal(1);
    expect(await queued(`choice:${inFlight.toHexString()}`)).to.equal(true);
  });

  it('leaves a held return alone until a review clears it, then finds it once if the review’s job was lost', async () => {
    const collectorId = new Types.ObjectId();
    await harness.store.models.Organization.create({ _id: platformId, name: 'Shop', kind: 'PLATFORM', registrationNumber: null, contactEmail: null, createdAt: clock.now() });
    const point = await harness.services.collectionPoints.register(collectorId, { name: 'Depot', region: 'CN-11', accepts: ['PLASTIC'] });
    if (!point.ok) throw new Error('point refused');
    const tooMany = await harness.services.returns.record(collectorId, { collectionPointId: point.value._id.toHexString(), idempotencyKey: 'many', material: 'PLASTIC', massGrams: 100, quantity: 80, platformId: platformId.toHexString(), consumerRef: 'lou' });
    if (!tooMany.ok) throw new Error('return refused');
    const returnId = tooMany.value._id.toHexString();
    expect(tooMany.value.flagged).to.equal(true);
    // What the return's job does with a flagged return.
    expect(await harness.services.returns.settle(returnId)).to.equal('held');
    await harness.services.facts.hold('return', returnId);
    await harness.queues.queue('return').empty();

    clock.advance(2 * DAY);
    expect(await harness.services.facts.sweepUnreceived(60_000), 'held: nothing to re-enqueue, every minute').to.equal(0);

    const regulator = { _id: new Types.ObjectId(), kind: 'REGULATOR' };
    expect((await harness.services.returns.review(regulator, { returnId, decision: 'CLEARED' })).ok).to.equal(true);
    const clearedJob = await harness.queues.queue('return').getJob(`return:${returnId}:cleared`);
    await clearedJob?.remove();
    clock.advance(3 * DAY);
    expect(await harness.services.facts.sweepUnreceived(60_000), 'the cleared return, days later').to.equal(1);
    expect(await harness.queues.queue('return').getJob(`return:${returnId}:cleared`)).to.not.equal(null);
    expect(await harness.services.returns.settle(returnId)).to.equal('credited');
    await harness.services.facts.receive('return', returnId);
    expect(await harness.services.facts.sweepUnreceived(60_000)).to.equal(0);
  });
});
