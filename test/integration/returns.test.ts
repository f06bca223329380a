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
    const issued = await harness.services.units.issue(producerId, { packagingTypeId: crate.value._id.toHexString(), serials: ['RACE-0001', 'SWEPT-0001'] });
    expect(issued.ok).to.equal(true);
    const point = await harness.services.collectionPoints.register(collectorId, { name: 'Depot', region: 'CN-11', accepts: ['PLASTIC'] });
    if (!point.ok) throw new Error('point refused');
    pointId = point.value._id.toHexString();
  });
  after(() => harness.dispose());

  async function shipped(consumerRef: string, orderRef: string, serial: string): Promise<void> {
    const quote = await harness.services.checkout.quote(platformId, crateParcel, consumerRef);
    if (!quote.ok) throw new Error('quote refused');
    const option = quote.value.options.find((o) => o.packagingClass === 'REUSABLE');
    const choice = await harness.services.checkout.choosePackaging(platformId, { quoteId: quote.value._id.toHexString(), optionId: option?.id ?? '', orderRef });
    if (!choice.ok) throw new Error('choice refused');
    const ship = await harness.services.units.ship(platformId, { orderRef, serial });
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

    await harness.services.levels.recompute(Date.now());
    expect(await harness.services.levels.activity(platformId, 'sam')).to.deep.include({ greenChoices: 1, packagedParcels: 1, itemsReturned: 1 });
  });
});
