// Anomaly rules, reviews and lost units on the real store: a flagged return is held until a review clears it, then
// credited once; a unit out too long is presumed lost and keeps its deposit with the platform.
import { expect } from 'chai';
import { Types } from 'mongoose';
import { startHarness, type Harness } from '../support/harness.js';
import { reusableCrate } from '../support/packaging-fixtures.js';
import { pinnedClock } from '../support/test-clock.js';

const crateParcel = { lengthMm: 300, widthMm: 200, heightMm: 100, weightGrams: 900, shipsInOwnPackaging: false };
const DAY = 86_400_000;
const RACING_UNITS = Array.from({ length: 8 }, (_, i) => `RR-000${String(i + 1)}`);

describe('return anomalies, reviews and lost units', () => {
  let harness: Harness;
  const platformId = new Types.ObjectId();
  const producerId = new Types.ObjectId();
  const collectorId = new Types.ObjectId();
  const regulator = { _id: new Types.ObjectId(), kind: 'REGULATOR' };
  const points: Record<string, string> = {};
  // The last day of a quarter, 16:30 UTC: already the next day (and quarter) in Beijing.
  const clock = pinnedClock('2027-09-30T16:30:00Z');
  before(async () => {
    harness = await startHarness('return_anomalies', { smtpUrl: null }, { clock: clock.now });
    await harness.store.models.Organization.create({ _id: platformId, name: 'Shop', kind: 'PLATFORM', registrationNumber: null, contactEmail: null, createdAt: clock.now() });
    const crate = await harness.services.catalog.registerPackagingType(producerId, reusableCrate('CRATE-A'));
    if (!crate.ok) throw new Error('crate refused');
    const issued = await harness.services.units.issue(producerId, { packagingTypeId: crate.value._id.toHexString(), serials: ['TRV-0001', 'REG-0001', 'REG-0002', 'LOST-0001', ...RACING_UNITS] });
    expect(issued.ok).to.equal(true);
    for (const region of ['CN-11', 'CN-44', 'CN-31']) {
      const point = await harness.services.collectionPoints.register(collectorId, { name: `Depot ${region}`, region, accepts: ['PLASTIC'] });
      if (!point.ok) throw new Error('point refused');
      points[region] = point.value._id.toHexString();
    }
  });
  after(() => harness.dispose());

  async function ship(consumerRef: string, orderRef: string, serial: string, region: string | null = null): Promise<void> {
    const quote = await harness.services.checkout.quote(platformId, crateParcel, consumerRef);
    if (!quote.ok) throw new Error('quote refused');
    const option = quote.value.options.find((o) => o.packagingClass === 'REUSABLE');
    const choice = await harness.services.checkout.choosePackaging(platformId, { quoteId: quote.value._id.toHexString(), optionId: option?.id ?? '', orderRef });
    if (!choice.ok) throw new Error('choice refused');
    const shipped = await harness.services.units.ship(platformId, { orderRef, serial, region });
    if (!shipped.ok) throw new Error(`shipment refused: ${JSON.stringify(shipped.errors)}`);
  }
  const giveBack = async (region: string, idempotencyKey: string, extra: Record<string, unknown>) => {
    const outcome = await harness.services.returns.record(collectorId, { collectionPointId: points[region] ?? '', idempotencyKey, ...extra });
    if (!outcome.ok) throw new Error(`return refused: ${JSON.stringify(outcome.errors)}`);
    return outcome.value;
  };
  const available = async (consumerRef: string) => (await harness.services.credits.account(platformId, consumerRef)).state.available;

  it('holds a consumer’s implausibly many items until a review clears them, then credits them once', async () => {
    const loose = { material: 'PLASTIC', massGrams: 100, platformId: platformId.toHexString(), consumerRef: 'lou' };
    const plausible = await giveBack('CN-11', 'lou-1', { ...loose, quantity: 40 });
    const tooMany = await giveBack('CN-11', 'lou-2', { ...loose, quantity: 20 });
    expect([plausible.flagged, tooMany.flagged]).to.deep.equal([false, true]);
    expect(tooMany.reasons).to.deep.equal(['60 items from one consumer today, more than the plausible 50']);
    expect(tooMany.ruleVersion).to.equal('GL-LOOP-2026.1');

    expect(await harness.services.returns.settle(plausible._id.toHexString())).to.equal('credited');
    expect(await harness.services.returns.settle(tooMany._id.toHexString())).to.equal('held');
    expect(await available('lou')).to.equal(100); // capped at the default daily cap of 100: 40 items x 5 = 200

    const open = await harness.services.returns.flagged({ collectorId }, true, { first: 10, afterId: null });
    expect(open.nodes.map((r) => r._id.toHexString())).to.deep.equal([tooMany._id.toHexString()]);
    expect(open.totalCount).to.equal(1);

    const stranger = await harness.services.returns.review({ _id: new Types.ObjectId(), kind: 'COLLECTOR' }, { returnId: tooMany._id.toHexString(), decision: 'CLEARED' });
    expect(!stranger.ok && stranger.errors.map((e) => e.code)).to.deep.equal(['NOT_FOUND']);
    const notFlagged = await harness.services.returns.review(regulator, { returnId: plausible._id.toHexString(), decision: 'CLEARED' });
    expect(!notFlagged.ok && notFlagged.errors.map((e) => e.field?.join('.'))).to.deep.equal(['input.returnId']);

    const byCollector = await harness.services.returns.review({ _id: collectorId, kind: 'COLLECTOR' }, { returnId: tooMany._id.toHexString(), decision: 'CLEARED' });
    expect(!byCollector.ok && byCollector.errors.map((e) => e.field?.join('.')), 'the checked party cannot clear itself').to.deep.equal(['input.decision']);
    expect((await harness.services.returns.review(regulator, { returnId: tooMany._id.toHexString(), decision: 'CLEARED', note: 'a school collection drive' })).ok).to.equal(true);
    expect((await harness.services.returns.review(regulator, { returnId: tooMany._id.toHexString(), decision: 'CLEARED' })).ok, 'the same review again').to.equal(true);
    const flip = await harness.services.returns.review(regulator, { returnId: tooMany._id.toHexString(), decision: 'REJECTED' });
    expect(!flip.ok && flip.errors.map((e) => e.field?.join('.'))).to.deep.equal(['input.decision']);
    expect((await harness.services.returns.flagged({ collectorId: null }, true, { first: 10, afterId: null })).totalCount).to.equal(0);

    const entryCount = await harness.store.models.CreditEntry.countDocuments({ consumerRef: 'lou' });
    expect(await harness.services.returns.settle(tooMany._id.toHexString())).to.equal('credited');
    expect(await harness.services.returns.settle(tooMany._id.toHexString())).to.equal('credited');
    expect(await harness.store.models.CreditEntry.countDocuments({ consumerRef: 'lou' }), 'one earn and one post, once').to.equal(entryCount + 2);
  });

  it('flags exactly the loose returns past a consumer’s daily limit when they arrive at once, and counts a retry once', async () => {
    const loose = { material: 'PLASTIC', massGrams: 100, platformId: platformId.toHexString(), consumerRef: 'rita', quantity: 10 };
    const outcomes = await Promise.all(Array.from({ length: 8 }, (_, i) =>
      harness.services.returns.record(collectorId, { collectionPointId: points['CN-11'] ?? '', idempotencyKey: `rita-${String(i)}`, ...loose })));
    const recorded = outcomes.map((o) => (o.ok ? o.value : null));
    expect(recorded.every((r) => r !== null)).to.equal(true);
    // 8 x 10 items against a limit of 50: whatever the interleaving, the returns that made the total 60, 70 and 80.
    const flagged = recorded.filter((r) => r?.flagged);
    expect(flagged).to.have.length(3);
    expect(flagged.map((r) => r?.reasons[0]?.split(' ')[0]).sort()).to.deep.equal(['60', '70', '80']);
    const again = await harness.services.returns.record(collectorId, { collectionPointId: points['CN-11'] ?? '', idempotencyKey: 'rita-0', ...loose });
    expect(again.ok && again.value._id.toHexString(), 'a retry replays its return').to.equal(recorded[0]?._id.toHexString());
    const ninth = await giveBack('CN-11', 'rita-8', loose);
    expect(ninth.reasons, 'the retry added nothing').to.deep.equal(['90 items from one consumer today, more than the plausible 50']);
  });

  it('flags exactly the unit returns past what was shipped into a region when they arrive at once', async () => {
    // Five units shipped into CN-31, three elsewhere; all eight come back at a CN-31 point at the same moment.
    for (const [i, serial] of RACING_UNITS.entries()) await ship(`rr-${String(i)}`, `rr-order-${String(i)}`, serial, i < 5 ? 'CN-31' : 'CN-50');
    const outcomes = await Promise.all(RACING_UNITS.map((serial) => giveBack('CN-31', `rr-back-${serial}`, { serial })));
    const flagged = outcomes.filter((r) => r.flagged);
    expect(flagged).to.have.length(3);
    expect(flagged.map((r) => r.reasons[0]?.split(' ')[0]).sort()).to.deep.equal(['6', '7', '8']);
  });

  it('refuses loose packaging credited to an organization that is not a platform', async () => {
    const outcome = await harness.services.returns.record(collectorId, {
      collectionPointId: points['CN-11'] ?? '', idempotencyKey: 'ghost-1', material: 'PLASTIC', quantity: 1, massGrams: 10, platformId: new Types.ObjectId().toHexString(), consumerRef: 'ghost',
    });
    expect(!outcome.ok && outcome.errors.map((e) => [e.code, e.field?.join('.')])).to.deep.equal([['NOT_FOUND', 'input.platformId']]);
  });

  it('flags a unit back in another region an hour after its last return, and a region returning more units than were shipped there', async () => {
    await ship('tia', 'tia-1', 'TRV-0001');
    expect((await giveBack('CN-11', 'trv-1', { serial: 'TRV-0001' })).flagged).to.equal(false);
    await ship('tia', 'tia-2', 'TRV-0001');
    const tooFast = await giveBack('CN-44', 'trv-2', { serial: 'TRV-0001' });
    expect(tooFast.flagged).to.equal(true);
    expect(tooFast.reasons[0]).to.match(/^returned in CN-44 0\.0 h after a return in CN-11/);

    await ship('reg', 'reg-1', 'REG-0001', 'cn-44');
    await ship('reg', 'reg-2', 'REG-0002', 'CN-44');
    // CN-44 has seen 1 unit return (tooFast) and 2 shipped in: one more is fine, a third is one too many
    expect((await giveBack('CN-44', 'reg-a', { serial: 'REG-0001' })).reasons).to.deep.equal([]);
    expect((await giveBack('CN-44', 'reg-b', { serial: 'REG-0002' })).reasons).to.deep.equal(['3 units returned in CN-44 within 30 days, only 2 shipped there']);
  });

  it('presumes a unit lost after 90 days; a late return puts it back in service without credits or refund', async () => {
    await ship('lee', 'lee-1', 'LOST-0001');
    await harness.services.checkout.recordOrderEvent(platformId, { orderRef: 'lee-1', type: 'DELIVERED' });
    clock.advance(89 * DAY);
    expect(await harness.services.units.presumeLost(clock.nowMs())).to.equal(0);
    // the trip left 91 days ago: the job presumes it lost now, before the late return arrives
    clock.advance(2 * DAY);
    expect(await harness.services.units.presumeLost(clock.nowMs())).to.equal(1);
    expect(await harness.services.units.presumeLost(clock.nowMs() + 1000), 'once').to.equal(0);
    await new Promise((resolve) => setTimeout(resolve, 5));
    expect((await harness.services.units.unit({ producerId: null }, 'LOST-0001'))?.state).to.deep.equal({ status: 'LOST', cycles: 0, cycle: 1 });

    const late = await giveBack('CN-11', 'lost-1', { serial: 'LOST-0001' });
    expect(await harness.services.returns.settle(late._id.toHexString())).to.equal('nothing-to-credit');
    expect(await available('lee')).to.equal(0);
    expect(await harness.store.models.DepositRefund.countDocuments({ serial: 'LOST-0001' })).to.equal(0);
    expect((await harness.services.units.unit({ producerId: null }, 'LOST-0001'))?.state.status).to.equal('RETURNED');
  });
});
