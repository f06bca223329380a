// Query cost is real cost (issue #16, item 6): rankings and green impact are read from the snapshots the compliance
// job stores, never computed from the period's facts on the caller's behalf; a period not computed yet ranks nobody
// and has no green impact (null: the API's NOT_COMPUTED_YET).
import { expect } from 'chai';
import { Types } from 'mongoose';
import { parsePeriod } from '../../server/domain/period.js';
import { startHarness, type Harness } from '../support/harness.js';
import { greenBox } from '../support/packaging-fixtures.js';
import { pinnedClock } from '../support/test-clock.js';

describe('rankings and green impact from stored snapshots', () => {
  let harness: Harness;
  const clock = pinnedClock('2027-06-15T08:00:00Z');
  before(async () => { harness = await startHarness('rankings_read', { smtpUrl: null }, { clock: clock.now }); });
  after(() => harness.dispose());

  it('ranks nobody before the period is computed, and writes nothing; ranks from the snapshots once it is', async () => {
    const producerId = new Types.ObjectId();
    const platformId = new Types.ObjectId();
    await harness.store.models.Organization.create({ _id: producerId, name: 'Crate Co', kind: 'PRODUCER', registrationNumber: null, contactEmail: null, createdAt: clock.now() });
    const box = await harness.services.catalog.registerPackagingType(producerId, greenBox('BOX-RANK'));
    if (!box.ok) throw new Error('box refused');
    const quote = await harness.services.checkout.quote(platformId, { lengthMm: 280, widthMm: 180, heightMm: 90, weightGrams: 900, shipsInOwnPackaging: false }, 'c-1');
    if (!quote.ok) throw new Error('quote refused');
    const option = quote.value.options.find((o) => o.packagingClass === 'GREEN');
    expect((await harness.services.checkout.choosePackaging(platformId, { quoteId: quote.value._id.toHexString(), optionId: option?.id ?? '', orderRef: 'o-1' })).ok).to.equal(true);

    const period = parsePeriod('2027-06');
    if (!period) throw new Error('no period');
    expect(await harness.services.impact.rankings('PRODUCER', period, 10)).to.deep.equal([]);
    expect(await harness.store.models.ComplianceSnapshot.countDocuments({}), 'no computation on read').to.equal(0);

    await harness.services.compliance.recompute(period, clock.nowMs());
    const ranked = await harness.services.impact.rankings('PRODUCER', period, 10);
    expect(ranked.map((r) => [r.organizationId, r.metric])).to.deep.equal([[producerId.toHexString(), 'recyclingRatePct']]);
  });

  it('serves green impact and platform and collector rankings from the snapshots: facts recorded since count at the next computation', async () => {
    const platformId = new Types.ObjectId();
    const otherPlatform = new Types.ObjectId();
    for (const [id, name] of [[platformId, 'Shop'], [otherPlatform, 'Other shop']] as const) {
      await harness.store.models.Organization.create({ _id: id, name, kind: 'PLATFORM', registrationNumber: null, contactEmail: null, createdAt: clock.now() });
    }
    const order = async (platform: Types.ObjectId, orderRef: string, ownPackaging: boolean) => {
      const quote = await harness.services.checkout.quote(platform, { lengthMm: 280, widthMm: 180, heightMm: 90, weightGrams: 900, shipsInOwnPackaging: ownPackaging }, `c-${orderRef}`);
      if (!quote.ok) throw new Error('quote refused');
      const option = ownPackaging ? quote.value.options.find((o) => o.packagingTypeId === null) : quote.value.options.find((o) => o.packagingClass === 'GREEN');
      expect((await harness.services.checkout.choosePackaging(platform, { quoteId: quote.value._id.toHexString(), optionId: option?.id ?? '', orderRef })).ok).to.equal(true);
    };
    // A month of its own, after the first test's.
    clock.advance(31 * 86_400_000);
    const period = parsePeriod('2027-07');
    if (!period) throw new Error('no period');
    await order(platformId, 'shop-1', true);
    await order(platformId, 'shop-2', false);
    await order(otherPlatform, 'other-1', false);

    const shop = { kind: 'PLATFORM', organizationId: platformId } as const;
    expect(await harness.services.impact.greenImpact(shop, period), 'not computed yet').to.equal(null);
    expect(await harness.services.impact.greenImpact({ kind: 'ALL' }, period)).to.equal(null);
    expect(await harness.services.impact.rankings('PLATFORM', period, 10)).to.deep.equal([]);

    await harness.services.compliance.recompute(period, clock.nowMs());
    // Worked by hand: Shop shipped 2 parcels, 1 in the product's own packaging (50 %), both green choices; Other shop
    // 1 parcel, in a green box (0 % not re-boxed); everyone 3 parcels, 1 own (33.33 %).
    expect(await harness.services.impact.greenImpact(shop, period)).to.deep.include({ parcels: 2, notReboxedRatePct: 50, greenChoiceSharePct: 100 });
    expect(await harness.services.impact.greenImpact({ kind: 'ALL' }, period)).to.deep.include({ parcels: 3, notReboxedRatePct: 33.33 });
    const ranked = await harness.services.impact.rankings('PLATFORM', period, 10);
    expect(ranked.map((r) => [r.rank, r.name, r.score, r.metric])).to.deep.equal([[1, 'Shop', 50, 'notReboxedRatePct'], [2, 'Other shop', 0, 'notReboxedRatePct']]);

    // A later order counts only once the period is computed again: reads never touch the facts.
    await order(otherPlatform, 'other-2', true);
    expect(await harness.services.impact.greenImpact({ kind: 'ALL' }, period)).to.deep.include({ parcels: 3 });
    await harness.services.compliance.recompute(period, clock.nowMs());
    expect(await harness.services.impact.greenImpact({ kind: 'ALL' }, period)).to.deep.include({ parcels: 4, notReboxedRatePct: 50 });
    expect((await harness.services.impact.rankings('PLATFORM', period, 10)).map((r) => [r.rank, r.name, r.score])).to.deep.equal([[1, 'Other shop', 50], [1, 'Shop', 50]]);
  });
});
