// Storage is bounded (issue #16, item 5): the daily retention job removes key documents past their retention and
// nothing an invariant still needs; an old order answers its replays as before, through the unique indexes.
import { expect } from 'chai';
import { Types } from 'mongoose';
import { groupInsertsSettled } from '../../server/db/group-commit.js';
import { RETENTION } from '../../server/services/retention.js';
import { startHarness, type Harness } from '../support/harness.js';
import { pinnedClock } from '../support/test-clock.js';

const DAY = 86_400_000;
const ownBox = { lengthMm: 200, widthMm: 150, heightMm: 100, weightGrams: 800, shipsInOwnPackaging: true };

describe('retention of key documents', () => {
  let harness: Harness;
  const clock = pinnedClock('2027-05-01T10:00:00Z');
  const platformId = new Types.ObjectId();
  const collectorId = new Types.ObjectId();
  before(async () => {
    harness = await startHarness('retention', { smtpUrl: null }, { clock: clock.now });
    await harness.store.models.Organization.create({ _id: platformId, name: 'Shop', kind: 'PLATFORM', registrationNumber: null, contactEmail: null, createdAt: clock.now() });
  });
  after(() => harness.dispose());

  /** An order chosen (under an idempotency key), delivered and credited, as the jobs would. */
  async function order(orderRef: string): Promise<{ quoteId: string; choiceId: string }> {
    const quote = await harness.services.checkout.quote(platformId, ownBox, `c-${orderRef}`);
    if (!quote.ok) throw new Error('quote refused');
    const choice = await harness.services.checkout.choosePackaging(platformId, { quoteId: quote.value._id.toHexString(), optionId: 'o1', orderRef, idempotencyKey: `k-${orderRef}` });
    if (!choice.ok) throw new Error('choice refused');
    const choiceId = choice.value._id.toHexString();
    await harness.services.credits.creditChoice(choiceId);
    await harness.services.facts.receive('choice', choiceId);
    expect((await harness.services.checkout.recordOrderEvent(platformId, { orderRef, type: 'DELIVERED' })).ok).to.equal(true);
    const event = await harness.store.models.OrderEvent.findOne({ platformId, orderRef }).lean();
    await harness.services.credits.applyOrderEvent(event?._id.toHexString() ?? '');
    await harness.services.facts.receive('order-event', event?._id.toHexString() ?? '');
    return { quoteId: quote.value._id.toHexString(), choiceId };
  }
  const count = (collection: string, filter: Record<string, unknown> = {}) => harness.store.connection.collection(collection).countDocuments(filter);

  it('documents a retention for each collection it trims', () => {
    expect(RETENTION.map((r) => r.collection)).to.deep.equal(['idempotency_keys', 'order_keys', 'order_event_keys', 'fact_receipts', 'tally_slots, tally_keys']);
    for (const rule of RETENTION) expect(rule.keptDays).to.be.greaterThan(0);
  });

  it('removes what is past its retention, keeps the rest, and old orders still answer their replays', async () => {
    const old = await order('old-1');
    const point = await harness.services.collectionPoints.register(collectorId, { name: 'Depot', region: 'CN-11', accepts: ['PLASTIC'] });
    if (!point.ok) throw new Error('point refused');
    const loose = await harness.services.returns.record(collectorId, { collectionPointId: point.value._id.toHexString(), idempotencyKey: 'r-old', material: 'PLASTIC', massGrams: 50, quantity: 2, platformId: platformId.toHexString(), consumerRef: 'c-old-1' });
    if (!loose.ok) throw new Error('return refused');
    expect(await harness.services.returns.settle(loose.value._id.toHexString())).to.equal('credited');
    await harness.services.facts.receive('return', loose.value._id.toHexString());

    const cancelledQuote = await harness.services.checkout.quote(platformId, ownBox, 'c-old-2');
    if (!cancelledQuote.ok) throw new Error('quote refused');
    expect((await harness.services.checkout.choosePackaging(platformId, { quoteId: cancelledQuote.value._id.toHexString(), optionId: 'o1', orderRef: 'old-2' })).ok).to.equal(true);
    expect((await harness.services.checkout.recordOrderEvent(platformId, { orderRef: 'old-2', type: 'CANCELLED' })).ok).to.equal(true);
    for (const fact of await harness.store.models.PackagingChoice.find({ orderRef: 'old-2' }).lean()) await harness.services.facts.receive('choice', fact._id.toHexString());
    for (const fact of await harness.store.models.OrderEvent.find({ orderRef: 'old-2' }).lean()) await harness.services.facts.receive('order-event', fact._id.toHexString());

    // Delivered: an order ends once, so it stays closed to a cancellation.
    await order('old-3');

    clock.advance(100 * DAY);
    await order('new-1');
    await harness.services.facts.sweepUnreceived(60_000);
    await groupInsertsSettled(harness.store.connection); // order keys are written after the answer
    const before = { keys: await count('idempotency_keys'), receipts: await count('fact_receipts') };
    const removed = await harness.services.retention.sweep(clock.nowMs());
    expect(removed).to.deep.include({ idempotency_keys: 2, order_keys: 3, order_event_keys: 3, tally_slots: 1, tally_keys: 1 });
    // The old orders' receipts and the old return's are behind the sweep's marks; the new order's are not (the marks
    // stay minutes back).
    expect(removed.fact_receipts).to.equal(7);
    expect(await count('idempotency_keys')).to.equal(before.keys - 2);
    expect(await count('fact_receipts')).to.equal(before.receipts - 7);
    expect(await count('order_keys', { _id: `${platformId.toHexString()}:new-1` })).to.equal(1);
    expect(await harness.services.retention.sweep(clock.nowMs()), 'nothing left to remove').to.deep.include({ idempotency_keys: 0, order_keys: 0, fact_receipts: 0 });

    // The old order, asked again: the same choice, one delivery, the same credits.
    const replay = await harness.services.checkout.choosePackaging(platformId, { quoteId: old.quoteId, optionId: 'o1', orderRef: 'old-1', idempotencyKey: 'k-old-1' });
    expect(replay.ok && replay.value._id.toHexString()).to.equal(old.choiceId);
    expect((await harness.services.checkout.recordOrderEvent(platformId, { orderRef: 'old-1', type: 'DELIVERED' })).ok).to.equal(true);
    expect(await harness.store.models.OrderEvent.countDocuments({ platformId, orderRef: 'old-1' })).to.equal(1);
    // Once its reservations are gone an ended order still ends once: a cancelled one stays closed to a delivery, a
    // delivered one to a cancellation, and its delivery still answers its replays.
    const closed = await harness.services.checkout.recordOrderEvent(platformId, { orderRef: 'old-2', type: 'DELIVERED' });
    expect(closed.ok ? [] : closed.errors.map((e) => e.code)).to.deep.equal(['ORDER_CLOSED']);
    const late = await harness.services.checkout.recordOrderEvent(platformId, { orderRef: 'old-3', type: 'CANCELLED' });
    expect(late.ok ? [] : late.errors.map((e) => e.code)).to.deep.equal(['ORDER_CLOSED']);
    expect((await harness.services.checkout.recordOrderEvent(platformId, { orderRef: 'old-3', type: 'DELIVERED' })).ok).to.equal(true);
    expect(await harness.store.models.OrderEvent.countDocuments({ platformId, orderRef: 'old-3' })).to.equal(1);
    expect(await harness.services.facts.sweepUnreceived(60_000), 'no fact open again').to.equal(0);
    expect((await harness.services.credits.account(platformId, 'c-old-1')).state.lifetimeEarned, 'the order and the return, once each').to.equal(20);
  });
});
