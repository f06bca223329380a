// Returns on the real store: one return per trip however many race, a return no job picked up is swept and
// credited once, and returns count towards the consumer's green level.
import { expect } from 'chai';
import { Types } from 'mongoose';
import { startWorker } from '../../jobs/worker.js';
import { startHarness, type Harness } from '../support/harness.js';
import { reusableCrate } from '../support/packaging-fixtures.js';
import { eventually, testLogger } from '../support/services.js';

const crateParcel = { lengthMm: 300, widthMm: 200, heightMm: 100, weightGrams: 900, shipsInOwnPackaging: false };

describe('returns on the real store', () => {
  let harness: Harness;
  const platformId = new Types.ObjectId();
  const producerId = new Types.ObjectId();
  const collectorId = new Types.ObjectId();
  let pointId = '';
  before(async () => {
    harness = await startHarness('returns', { smtpUrl: null });
    const crate = await harness.services.catalog.registerPackagingType(producerId, reusableCrate('CRATE-R'));
    if (!crate.ok) throw new Error('crate refused');
    const issued = await harness.services.units.issue(producerId, { packagingTypeId: crate.value._id.toHexString(), serials: ['RACE-0001', 'COPY-0001', 'SWEPT-0001', 'CRASH-0001', 'HELD-0001'] });
    expect(issued.ok).to.equal(true);
    const point = await harness.services.collectionPoints.register(collectorId, { name: 'Depot', region: 'CN-11', accepts: ['PLASTIC'] });
    if (!point.ok) throw new Error('point refused');
    pointId = point.value._id.toHexString();
  });
  after(() => harness.dispose());

  async function shipped(consumerRef: string, orderRef: string, serial: string, region: string | null = null): Promise<void> {
    const quote = await harness.services.checkout.quote(platformId, crateParcel, consumerRef);
    if (!quote.ok) throw new Error('quote refused');
    const option = quote.value.options.find((o) => o.packagingClass === 'REUSABLE');
    const choice = await harness.services.checkout.choosePackaging(platformId, { quoteId: quote.value._id.toHexString(), optionId: option?.id ?? '', orderRef });
    if (!choice.ok) throw new Error('choice refused');
    const ship = await harness.services.units.ship(platformId, { orderRef, serial, region });
    if (!ship.ok) throw new Error(`shipment refused: ${JSON.stringify(ship.errors)}`);
    await harness.services.checkout.recordOrderEvent(platformId, { orderRef, type: 'DELIVERED' });
  }

  it('accepts exactly one of many concurrent returns of one trip, under different keys', async () => {
    await shipped('rae', 'rae-1', 'RACE-0001');
    const outcomes = await Promise.all(Array.from({ length: 6 }, (_, i) =>
      harness.services.returns.record(collectorId, { collectionPointId: pointId, idempotencyKey: `race-${String(i)}`, serial: 'RACE-0001' })));
    const accepted = outcomes.filter((o) => o.ok);
    expect(accepted).to.have.length(1);
    expect(outcomes.flatMap((o) => (o.ok ? [] : o.errors.map((e) => e.code)))).to.deep.equal(Array(5).fill('DUPLICATE_RETURN'));
    expect(await harness.store.models.ReturnEvent.countDocuments({ serial: 'RACE-0001' })).to.equal(1);
  });

  it('answers every copy of one return request sent at once with that return, never DUPLICATE_RETURN', async () => {
    // A client retrying while its first try still runs; found by the chaos suite (test/chaos).
    await shipped('cora', 'cora-1', 'COPY-0001');
    const outcomes = await Promise.all(Array.from({ length: 12 }, () =>
      harness.services.returns.record(collectorId, { collectionPointId: pointId, idempotencyKey: 'copy-1', serial: 'COPY-0001' })));
    expect(outcomes.flatMap((o) => (o.ok ? [] : o.errors.map((e) => e.code)))).to.deep.equal([]);
    expect(new Set(outcomes.map((o) => (o.ok ? o.value._id.toHexString() : ''))).size, 'one return').to.equal(1);
    expect(await harness.store.models.ReturnEvent.countDocuments({ serial: 'COPY-0001' })).to.equal(1);
  });

  it('credits a return whose job was lost through the sweep, once, and counts it for the consumer’s level', async () => {
    await shipped('sam', 'sam-1', 'SWEPT-0001');
    // recorded, but as if the process died before enqueueing: the job is removed before any worker runs
    const recorded = await harness.services.returns.record(collectorId, { collectionPointId: pointId, idempotencyKey: 'swept-1', serial: 'SWEPT-0001' });
    if (!recorded.ok) throw new Error('return refused');
    const returnId = recorded.value._id.toHexString();
    const job = await harness.queues.queue('return').getJob(`return:${returnId}`);
    expect(job, 'the return was enqueued').to.not.equal(null);
    await job?.remove();

    expect(await harness.services.facts.sweepUnreceived(0)).to.be.at.least(1);
    await startWorker(harness.queues, harness.services, testLogger());
    await eventually(async () => (await harness.store.models.FactReceipt.exists({ _id: `return:${returnId}` })) ?? undefined, 10_000, 'the swept return to be settled');
    expect(await harness.services.returns.settle(returnId), 'settling again changes nothing').to.equal('credited');
    const account = await harness.services.credits.account(platformId, 'sam');
    expect(account.state).to.include({ available: 15, pending: 0, lifetimeEarned: 15 });
    expect(await harness.store.models.DepositRefund.countDocuments({ serial: 'SWEPT-0001' })).to.equal(1);

    await harness.services.levels.recompute(harness.services.clock().getTime());
    expect(await harness.services.levels.activity(platformId, 'sam')).to.deep.include({ greenChoices: 1, packagedParcels: 1, itemsReturned: 1 });
  });

  it('finishes a return whose record was lost after its trip closed: by a retry of the request, or by the sweep', async () => {
    await shipped('cal', 'cal-1', 'CRASH-0001');
    const first = await harness.services.returns.record(collectorId, { collectionPointId: pointId, idempotencyKey: 'crash-1', serial: 'CRASH-0001' });
    if (!first.ok) throw new Error('return refused');
    // as if the process died between closing the trip and recording the return
    await harness.store.models.ReturnEvent.deleteOne({ _id: first.value._id });
    const retried = await harness.services.returns.record(collectorId, { collectionPointId: pointId, idempotencyKey: 'crash-1', serial: 'CRASH-0001' });
    expect(retried.ok && retried.value._id.toHexString()).to.equal(first.value._id.toHexString());

    await harness.store.models.ReturnEvent.deleteOne({ _id: first.value._id });
    expect(await harness.services.returns.adoptOrphans(0)).to.equal(1);
    expect(await harness.services.returns.adoptOrphans(0)).to.equal(0);
    expect(await harness.store.models.ReturnEvent.countDocuments({ serial: 'CRASH-0001' })).to.equal(1);
    const other = await harness.services.returns.record(collectorId, { collectionPointId: pointId, idempotencyKey: 'crash-2', serial: 'CRASH-0001' });
    expect(!other.ok && other.errors.map((e) => e.code)).to.deep.equal(['DUPLICATE_RETURN']);
  });

  it('settles a held return once a regulator clears it, even when the job of the review was lost', async () => {
    // shipped to another region: the depot's region now returns more units than were shipped into it, so it is flagged
    await shipped('hana', 'hana-1', 'HELD-0001', 'CN-99');
    const recorded = await harness.services.returns.record(collectorId, { collectionPointId: pointId, idempotencyKey: 'held-1', serial: 'HELD-0001' });
    if (!recorded.ok) throw new Error('return refused');
    expect(recorded.value.flagged).to.equal(true);
    const returnId = recorded.value._id;
    await eventually(async () => ((await harness.services.returns.settle(returnId.toHexString())) === 'held' ? true : undefined), 5000, 'held');
    expect(await harness.store.models.FactReceipt.exists({ _id: `return:${returnId.toHexString()}` }), 'held returns get no receipt').to.equal(null);
    const cleared = await harness.services.returns.review({ _id: new Types.ObjectId(), kind: 'REGULATOR' }, { returnId: returnId.toHexString(), decision: 'CLEARED' });
    expect(cleared.ok).to.equal(true);
    const receipt = `return:${returnId.toHexString()}`;
    await eventually(async () => (await harness.store.models.FactReceipt.exists({ _id: receipt })) ?? undefined, 10_000, 'the cleared return to be settled');
    expect((await harness.services.credits.account(platformId, 'hana')).state.available).to.equal(15);

    // as if that job had been lost with Redis before it ran: no receipt, no job; the sweep finds the review
    await harness.store.models.FactReceipt.deleteOne({ _id: receipt });
    const job = await harness.queues.queue('return').getJob(`${receipt}:cleared`);
    expect(job, 'the review enqueued the settlement').to.not.equal(null);
    await eventually(async () => ((await job?.isCompleted()) === true ? true : undefined), 5000, 'the job to finish');
    await job?.remove();
    expect(await harness.services.facts.sweepUnreceived(0)).to.be.at.least(1);
    await eventually(async () => (await harness.store.models.FactReceipt.exists({ _id: receipt })) ?? undefined, 10_000, 'the swept return to be settled');
    expect((await harness.services.credits.account(platformId, 'hana')).state.available, 'settled once').to.equal(15);
    expect(await harness.store.models.DepositRefund.countDocuments({ serial: 'HELD-0001' })).to.equal(1);
  });
});
