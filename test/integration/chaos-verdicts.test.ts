// The chaos suite's daily-item-limit verdict, shown to fail on a store that breaks the rule (a check that cannot fail
// would prove nothing about the chaos runs it passes).
import { expect } from 'chai';
import { Types } from 'mongoose';
import { startHarness, type Harness } from '../support/harness.js';
import { checkDailyItemLimit } from '../chaos/support/invariants.js';
import { pinnedClock } from '../support/test-clock.js';

describe('the chaos verdict on the daily item limit', () => {
  let harness: Harness;
  const platformId = new Types.ObjectId();
  const collectorId = new Types.ObjectId();
  before(async () => {
    harness = await startHarness('chaos_verdicts', { smtpUrl: null }, { clock: pinnedClock('2027-02-03T04:05:06Z').now });
    await harness.store.models.Organization.create({ _id: platformId, name: 'Shop', kind: 'PLATFORM', registrationNumber: null, contactEmail: null, createdAt: harness.services.clock() });
  });
  after(() => harness.dispose());

  it('counts a return once when copies of its request and other returns of the consumer arrive at once', async () => {
    const point = await harness.services.collectionPoints.register(collectorId, { name: 'Busy depot', region: 'CN-12', accepts: ['PLASTIC'] });
    if (!point.ok) throw new Error('point refused');
    const give = (key: string) => harness.services.returns.record(collectorId, { collectionPointId: point.value._id.toHexString(), idempotencyKey: key, material: 'PLASTIC', massGrams: 100, quantity: 10, platformId: platformId.toHexString(), consumerRef: 'quinn' });
    const keys = [...Array.from({ length: 8 }, () => 'q-copied'), 'q-1', 'q-2', 'q-3', 'q-4', ...Array.from({ length: 4 }, () => 'q-copied-too')];
    const outcomes = await Promise.all(keys.map(give));
    expect(outcomes.every((o) => o.ok)).to.equal(true);
    expect(await harness.store.models.TallySlot.countDocuments({ _id: { $regex: '^items:.*:quinn:' } }), 'one slot per return').to.equal(6);
    expect((await checkDailyItemLimit(harness.store.models)).problems).to.deep.equal([]);
  });

  it('passes the returns the service recorded, and names a return whose flag or count does not follow its tally', async () => {
    const point = await harness.services.collectionPoints.register(collectorId, { name: 'Depot', region: 'CN-11', accepts: ['PLASTIC'] });
    if (!point.ok) throw new Error('point refused');
    const give = (key: string, quantity: number) => harness.services.returns.record(collectorId, { collectionPointId: point.value._id.toHexString(), idempotencyKey: key, material: 'PLASTIC', massGrams: 10 * quantity, quantity, platformId: platformId.toHexString(), consumerRef: 'pat' });
    const outcomes = await Promise.all([give('p-1', 30), give('p-2', 30)]);
    expect(outcomes.every((o) => o.ok)).to.equal(true);
    expect((await checkDailyItemLimit(harness.store.models)).problems).to.deep.equal([]);

    // A flag taken off the return that passed the limit, and the other one's slot lost.
    // The returns as stored (with their idempotency keys, which the service's view leaves out).
    const recorded = await harness.store.models.ReturnEvent.find({ _id: { $in: outcomes.map((o) => (o.ok ? o.value._id : null)) } }).lean();
    const flagged = recorded.find((r) => r.flagged);
    const passed = recorded.find((r) => !r.flagged);
    await harness.store.models.ReturnEvent.updateOne({ _id: flagged?._id }, { $set: { reasons: [], flagged: false } });
    await harness.store.models.TallySlot.deleteMany({ contributor: `${collectorId.toHexString()}:${passed?.idempotencyKey ?? ''}` });
    const problems = (await checkDailyItemLimit(harness.store.models)).problems;
    expect(problems).to.include.members([
      `items:${platformId.toHexString()}:pat:2027-02-03: slot 1 missing`,
      `${collectorId.toHexString()}:${flagged?.idempotencyKey ?? ''}: not flagged at 60 items that day (limit 50)`,
      `${collectorId.toHexString()}:${passed?.idempotencyKey ?? ''}: a loose return credited to a consumer that no tally counted`,
    ]);
  });
});
