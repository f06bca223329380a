// No lost facts: a choice recorded by a request that died before enqueueing reaches its job through the sweep.
import { expect } from 'chai';
import { Types } from 'mongoose';
import { startWorker } from '../../jobs/worker.js';
import { groupInsertsSettled } from '../../server/db/group-commit.js';
import type { OrderEventType } from '../../server/db/models/order-facts.js';
import type { QuoteOption } from '../../server/db/models/quote.js';
import { createServices } from '../../server/services/index.js';
import { startHarness, testContactCipher, type Harness } from '../support/harness.js';
import { TEST_ADMIN_KEY, eventually, testLogger } from '../support/services.js';
import { systemNow } from '../support/test-clock.js';

describe('order facts and the fact sweep', () => {
  let harness: Harness;
  beforeEach(async () => { harness = await startHarness('order_facts', { smtpUrl: null }); });
  afterEach(() => harness.dispose());

  it('re-enqueues a recorded choice no job picked up, once, and leaves received facts alone', async () => {
    const { PackagingChoice, FactReceipt } = harness.store.models;
    const platformId = new Types.ObjectId();
    const base = { platformId, consumerRef: 'c-1', quoteId: new Types.ObjectId(), createdAt: systemNow() };
    const option: QuoteOption = { id: 'o1', packagingClass: 'GREEN', packagingTypeId: null, packagingTypeRevision: null, priceMinor: 0, depositMinor: 0, currency: 'CNY', credits: 5, emptySpaceRatio: 0.2, recommended: true };
    const orphan = await PackagingChoice.create({ ...base, orderRef: 'crashed-before-enqueue', option });
    const received = await PackagingChoice.create({ ...base, orderRef: 'already-received', option });
    await FactReceipt.create({ _id: `choice:${received._id.toHexString()}`, receivedAt: systemNow() });

    expect(await harness.services.facts.sweepUnreceived(0)).to.equal(1);
    await startWorker(harness.queues, harness.services, testLogger());
    await eventually(async () => (await FactReceipt.exists({ _id: `choice:${orphan._id.toHexString()}` })) ?? undefined, 10_000, 'the swept choice to be received');
    expect(await harness.services.facts.sweepUnreceived(0)).to.equal(0);
    expect(await harness.services.facts.receive('choice', orphan._id.toHexString())).to.equal('already-received');
  });

  it('finds an order whose order key was lost, and writes the key again', async () => {
    const platformId = new Types.ObjectId();
    const quote = await harness.services.checkout.quote(platformId, { lengthMm: 100, widthMm: 100, heightMm: 100, weightGrams: 100, shipsInOwnPackaging: true }, 'c-key');
    if (!quote.ok) throw new Error('quote refused');
    const choice = await harness.services.checkout.choosePackaging(platformId, { quoteId: quote.value._id.toHexString(), optionId: 'o1', orderRef: 'keyless' });
    expect(choice.ok).to.equal(true);
    await groupInsertsSettled(harness.store.connection); // the order key is written after the answer
    expect(await harness.store.models.OrderKey.countDocuments({})).to.equal(1);
    await harness.store.models.OrderKey.deleteMany({});
    // The process that recorded the choice remembers it; another one (or this one restarted) has only the store.
    const other = createServices({ models: harness.store.models, queues: harness.queues, transport: harness.transport, adminApiKey: TEST_ADMIN_KEY, mailFrom: 'x@greenloop.test', operatorEmail: null, logger: testLogger(), contactCipher: testContactCipher() });
    expect(await other.checkout.recordOrderEvent(platformId, { orderRef: 'keyless', type: 'DELIVERED' })).to.deep.equal({ ok: true, value: { accepted: true } });
    const stored = await harness.store.models.OrderEvent.findOne({ orderRef: 'keyless' }).lean();
    expect(stored?.choiceId?.toHexString()).to.equal(choice.ok ? choice.value._id.toHexString() : '');
    await groupInsertsSettled(harness.store.connection);
    expect(await harness.store.models.OrderKey.countDocuments({}), 'the key is written again').to.equal(1);
    const again = await harness.services.checkout.choosePackaging(platformId, { quoteId: quote.value._id.toHexString(), optionId: 'o1', orderRef: 'keyless' });
    expect(again.ok && again.value._id.toHexString()).to.equal(choice.ok ? choice.value._id.toHexString() : '');
    other.close();
  });

  it('lets one of many concurrent choices for one order win, and replays the same choice to the others', async () => {
    const platformId = new Types.ObjectId();
    const quote = await harness.services.checkout.quote(platformId, { lengthMm: 100, widthMm: 100, heightMm: 100, weightGrams: 100, shipsInOwnPackaging: true }, 'c-race');
    if (!quote.ok) throw new Error('quote refused');
    const outcomes = await Promise.all(
      Array.from({ length: 8 }, () => harness.services.checkout.choosePackaging(platformId, { quoteId: quote.value._id.toHexString(), optionId: 'o1', orderRef: 'race-order' })),
    );
    const ids = new Set(outcomes.map((o) => (o.ok ? o.value._id.toHexString() : 'error')));
    expect([...ids]).to.have.length(1);
    expect(ids.has('error')).to.equal(false);
    expect(await harness.store.models.PackagingChoice.countDocuments({ orderRef: 'race-order' })).to.equal(1);
  });

  async function chosenOrder(platformId: Types.ObjectId, orderRef: string): Promise<void> {
    const quote = await harness.services.checkout.quote(platformId, { lengthMm: 100, widthMm: 100, heightMm: 100, weightGrams: 100, shipsInOwnPackaging: true }, `c-${orderRef}`);
    if (!quote.ok) throw new Error('quote refused');
    const choice = await harness.services.checkout.choosePackaging(platformId, { quoteId: quote.value._id.toHexString(), optionId: 'o1', orderRef });
    if (!choice.ok) throw new Error('choice refused');
  }

  it('records each order event once under its reservation, however often and concurrently it is sent', async () => {
    const platformId = new Types.ObjectId();
    await chosenOrder(platformId, 'reserved');
    const outcomes = await Promise.all(Array.from({ length: 6 }, () => harness.services.checkout.recordOrderEvent(platformId, { orderRef: 'reserved', type: 'DELIVERED' })));
    expect(outcomes.every((o) => o.ok)).to.equal(true);
    const events = await harness.store.models.OrderEvent.find({ orderRef: 'reserved' }).lean();
    expect(events).to.have.length(1);
    const key = await harness.store.models.OrderEventKey.findById(`${platformId.toHexString()}:reserved:END`).lean();
    expect(key?.eventId.toHexString()).to.equal(events[0]?._id.toHexString());
  });

  it('completes an event whose request died between its reservation and the event', async () => {
    const platformId = new Types.ObjectId();
    await chosenOrder(platformId, 'half-done');
    const reserved = new Types.ObjectId();
    await harness.store.models.OrderEventKey.create({ _id: `${platformId.toHexString()}:half-done:END`, eventId: reserved, type: 'CANCELLED', occurredAt: systemNow(), choiceId: null });
    const retried = await harness.services.checkout.recordOrderEvent(platformId, { orderRef: 'half-done', type: 'CANCELLED' });
    expect(retried).to.deep.equal({ ok: true, value: { accepted: true } });
    const events = await harness.store.models.OrderEvent.find({ orderRef: 'half-done' }).lean();
    expect(events.map((e) => [e._id.toHexString(), e.type])).to.deep.equal([[reserved.toHexString(), 'CANCELLED']]);
    const delivered = await harness.services.checkout.recordOrderEvent(platformId, { orderRef: 'half-done', type: 'DELIVERED' });
    expect(delivered.ok ? 'accepted' : delivered.errors[0]?.code).to.equal('ORDER_CLOSED');
  });

  it('holds to a cancellation that was reserved but never recorded: a delivery completes it and is refused', async () => {
    const platformId = new Types.ObjectId();
    await chosenOrder(platformId, 'reserved-cancel');
    const reserved = new Types.ObjectId();
    await harness.store.models.OrderEventKey.create({ _id: `${platformId.toHexString()}:reserved-cancel:END`, eventId: reserved, type: 'CANCELLED', occurredAt: systemNow(), choiceId: null });
    const delivered = await harness.services.checkout.recordOrderEvent(platformId, { orderRef: 'reserved-cancel', type: 'DELIVERED' });
    expect(delivered.ok ? 'accepted' : delivered.errors.map((e) => e.code)).to.deep.equal(['ORDER_CLOSED']);
    const events = await harness.store.models.OrderEvent.find({ orderRef: 'reserved-cancel' }).lean();
    expect(events.map((e) => [e._id.toHexString(), e.type])).to.deep.equal([[reserved.toHexString(), 'CANCELLED']]);
  });

  it('ends an order once: of a delivery and a cancellation sent at once, one is accepted and the other is ORDER_CLOSED', async () => {
    const platformId = new Types.ObjectId();
    for (let round = 0; round < 4; round += 1) {
      const orderRef = `raced-${String(round)}`;
      await chosenOrder(platformId, orderRef);
      const types = Array.from({ length: 10 }, (_, n): OrderEventType => (n % 2 === 0 ? 'DELIVERED' : 'CANCELLED'));
      const outcomes = await Promise.all(types.map(async (type) => ({ type, outcome: await harness.services.checkout.recordOrderEvent(platformId, { orderRef, type }) })));
      const accepted = new Set(outcomes.filter((o) => o.outcome.ok).map((o) => o.type));
      expect(accepted.size, `round ${String(round)}: the types accepted`).to.equal(1);
      const [winner] = [...accepted];
      for (const { type, outcome } of outcomes) {
        expect(outcome.ok ? 'accepted' : outcome.errors.map((e) => e.code).join(), `round ${String(round)}: ${type}`).to.equal(type === winner ? 'accepted' : 'ORDER_CLOSED');
      }
      const stored = await harness.store.models.OrderEvent.find({ platformId, orderRef }).lean();
      expect(stored.map((e) => e.type)).to.deep.equal([winner]);
    }
    // One after the other, too: a delivered order is not cancelled afterwards.
    await chosenOrder(platformId, 'sequential');
    expect((await harness.services.checkout.recordOrderEvent(platformId, { orderRef: 'sequential', type: 'DELIVERED' })).ok).to.equal(true);
    const late = await harness.services.checkout.recordOrderEvent(platformId, { orderRef: 'sequential', type: 'CANCELLED' });
    expect(late.ok ? 'accepted' : late.errors.map((e) => `${e.code}: ${e.message}`)).to.deep.equal(['ORDER_CLOSED: order sequential was already delivered; an order ends once']);
  });

  it('keeps an event recorded before reservations existed, and points a new reservation at it', async () => {
    const platformId = new Types.ObjectId();
    await chosenOrder(platformId, 'legacy');
    const legacy = await harness.store.models.OrderEvent.create({ platformId, orderRef: 'legacy', type: 'DELIVERED', choiceId: null, occurredAt: systemNow(), createdAt: systemNow() });
    const replayed = await harness.services.checkout.recordOrderEvent(platformId, { orderRef: 'legacy', type: 'DELIVERED' });
    expect(replayed).to.deep.equal({ ok: true, value: { accepted: true } });
    expect(await harness.store.models.OrderEvent.countDocuments({ orderRef: 'legacy' })).to.equal(1);
    const key = await harness.store.models.OrderEventKey.findById(`${platformId.toHexString()}:legacy:END`).lean();
    expect(key?.eventId.toHexString()).to.equal(legacy._id.toHexString());
  });
});
