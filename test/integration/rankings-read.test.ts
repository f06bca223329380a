// Query cost is real cost (issue #16, item 6): reading producer rankings serves the stored compliance snapshots and
// never computes every producer's compliance on the caller's behalf; a period not computed yet ranks nobody.
import { expect } from 'chai';
import { Types } from 'mongoose';
import { parsePeriod } from '../../server/domain/period.js';
import { startHarness, type Harness } from '../support/harness.js';
import { greenBox } from '../support/packaging-fixtures.js';
import { pinnedClock } from '../support/test-clock.js';

describe('producer rankings from stored snapshots', () => {
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
    expect(ranked.map((r) => [r.organizationId, r.metric])).to.deep.equal([[producerId.toHexString(), 'recoveryRatePct']]);
  });
});
