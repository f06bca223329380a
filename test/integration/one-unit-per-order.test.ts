// One deposit, one unit trip: an order that chose REUSABLE packaging paid one deposit, so it ships one unit, and only
// that trip refunds the deposit and earns return credits, however the shipments are sent (issue #16, item 1).
import { expect } from 'chai';
import { Types } from 'mongoose';
import type { UnitEventDoc } from '../../server/db/models/recycling.js';
import { unitFactId } from '../../server/db/keys.js';
import { startHarness, type Harness } from '../support/harness.js';
import { reusableCrate } from '../support/packaging-fixtures.js';

const crateParcel = { lengthMm: 300, widthMm: 200, heightMm: 100, weightGrams: 900, shipsInOwnPackaging: false };
const SERIALS = ['ONE-0001', 'TWO-0001', ...Array.from({ length: 8 }, (_, i) => `RACE-000${String(i + 1)}`), 'LEG-0001', 'LEG-0002', 'ELSE-0001'];

describe('one deposit, one unit trip per reusable order', () => {
  let harness: Harness;
  const platformId = new Types.ObjectId();
  const producerId = new Types.ObjectId();
  const collectorId = new Types.ObjectId();
  let pointId = '';
  before(async () => {
    harness = await startHarness('one_unit', { smtpUrl: null });
    const crate = await harness.services.catalog.registerPackagingType(producerId, reusableCrate('CRATE-ONE'));
    if (!crate.ok) throw new Error('crate refused');
    const issued = await harness.services.units.issue(producerId, { packagingTypeId: crate.value._id.toHexString(), serials: SERIALS });
    expect(issued.ok).to.equal(true);
    const point = await harness.services.collectionPoints.register(collectorId, { name: 'Depot', region: 'CN-11', accepts: ['PLASTIC'] });
    if (!point.ok) throw new Error('point refused');
    pointId = point.value._id.toHexString();
  });
  after(() => harness.dispose());

  async function chooseReusable(consumerRef: string, orderRef: string): Promise<void> {
    const quote = await harness.services.checkout.quote(platformId, crateParcel, consumerRef);
    if (!quote.ok) throw new Error('quote refused');
    const option = quote.value.options.find((o) => o.packagingClass === 'REUSABLE');
    if (!option || option.depositMinor <= 0) throw new Error('no reusable option with a deposit');
    const choice = await harness.services.checkout.choosePackaging(platformId, { quoteId: quote.value._id.toHexString(), optionId: option.id, orderRef });
    if (!choice.ok) throw new Error('choice refused');
  }

  const ship = (orderRef: string, serial: string) => harness.services.units.ship(platformId, { orderRef, serial });
  const codes = (outcome: Awaited<ReturnType<typeof ship>>) => (outcome.ok ? [] : outcome.errors.map((e) => e.code));

  async function returnAndSettle(serial: string, key: string): Promise<string> {
    const recorded = await harness.services.returns.record(collectorId, { collectionPointId: pointId, idempotencyKey: key, serial });
    if (!recorded.ok) throw new Error(`return refused: ${JSON.stringify(recorded.errors)}`);
    return harness.services.returns.settle(recorded.value._id.toHexString());
  }

  const refundsOf = (orderRef: string) => harness.store.models.DepositRefund.countDocuments({ platformId, orderRef });
  const earned = async (consumerRef: string) => (await harness.services.credits.account(platformId, consumerRef)).state.lifetimeEarned;

  it('refuses a second unit, and the same unit after it came back, with ALREADY_SHIPPED; the same unit while out is a replay', async () => {
    await chooseReusable('ada', 'ada-1');
    expect((await ship('ada-1', 'ONE-0001')).ok).to.equal(true);
    expect((await ship('ada-1', 'ONE-0001')).ok, 'the same shipment again').to.equal(true);
    const second = await ship('ada-1', 'TWO-0001');
    expect(codes(second)).to.deep.equal(['ALREADY_SHIPPED']);
    expect(second.ok ? '' : second.errors[0]?.message).to.contain('ONE-0001');
    expect(await returnAndSettle('ONE-0001', 'ada-r1')).to.equal('credited');
    expect(codes(await ship('ada-1', 'ONE-0001')), 'the same unit on a second trip').to.deep.equal(['ALREADY_SHIPPED']);
    expect(await refundsOf('ada-1')).to.equal(1);
    // The refused unit was never shipped: it is still in stock for another order.
    await chooseReusable('ada', 'ada-2');
    expect((await ship('ada-2', 'TWO-0001')).ok).to.equal(true);
  });

  it('lets exactly one of many concurrent shipments of different units into one order through', async () => {
    await chooseReusable('bo', 'bo-1');
    const serials = SERIALS.filter((s) => s.startsWith('RACE-'));
    const outcomes = await Promise.all(serials.map((serial) => ship('bo-1', serial)));
    expect(outcomes.filter((o) => o.ok)).to.have.length(1);
    expect(outcomes.flatMap(codes)).to.deep.equal(Array(serials.length - 1).fill('ALREADY_SHIPPED'));
    expect(await harness.store.models.UnitEvent.countDocuments({ type: 'SHIPPED', orderRef: 'bo-1' })).to.equal(1);
    const winner = serials[outcomes.findIndex((o) => o.ok)] ?? '';
    expect(await returnAndSettle(winner, 'bo-r1')).to.equal('credited');
    expect(await refundsOf('bo-1')).to.equal(1);
  });

  it('refunds and credits one trip of an order that shipped two units before shipments were claimed per order', async () => {
    await chooseReusable('cy', 'cy-1');
    const choice = await harness.store.models.PackagingChoice.findOne({ platformId, orderRef: 'cy-1' }).lean();
    if (!choice) throw new Error('no choice');
    // What the code before the order claim let a platform record: two units shipped into one order.
    const legacyShipment = (serial: string): UnitEventDoc => ({
      _id: unitFactId(serial, 1, 'SHIPPED'), serial, type: 'SHIPPED', cycle: 1, at: harness.services.clock(),
      platformId, orderRef: 'cy-1', consumerRef: 'cy', depositMinor: choice.option.depositMinor, currency: choice.option.currency,
      region: null, returnId: null, returnKey: null,
    });
    await harness.store.models.UnitEvent.create([legacyShipment('LEG-0001'), legacyShipment('LEG-0002')]);
    const settled = [await returnAndSettle('LEG-0001', 'cy-r1'), await returnAndSettle('LEG-0002', 'cy-r2')];
    expect(settled).to.deep.equal(['credited', 'nothing-to-credit']);
    expect(await refundsOf('cy-1')).to.equal(1);
    const once = await earned('cy');
    expect(once).to.be.greaterThan(0);
    // Settling both again changes nothing.
    for (const serial of ['LEG-0001', 'LEG-0002']) {
      const returned = await harness.store.models.ReturnEvent.findOne({ serial }).lean();
      await harness.services.returns.settle(returned?._id.toHexString() ?? '');
    }
    expect(await refundsOf('cy-1')).to.equal(1);
    expect(await earned('cy')).to.equal(once);
  });
});
