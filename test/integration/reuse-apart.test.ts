// Reuse is not recycling (issue #17, item 1): one reusable unit, issued once and sent out and back ten times, adds its
// mass to what its producer placed on the market once, never to what was recovered or recycled; the producer's
// recycling rate stays exactly what its accepted report and its loose returns say, and the trips show as reuse.
import { expect } from 'chai';
import { Types } from 'mongoose';
import { parsePeriod } from '../../server/domain/period.js';
import { startHarness, type Harness } from '../support/harness.js';
import { reusableCrate } from '../support/packaging-fixtures.js';
import { pinnedClock } from '../support/test-clock.js';

describe('reuse measured apart from recycling', () => {
  let harness: Harness;
  const clock = pinnedClock('2027-05-02T09:00:00Z');
  const platformId = new Types.ObjectId();
  const producerId = new Types.ObjectId();
  const collectorId = new Types.ObjectId();
  const regulatorId = new Types.ObjectId();

  before(async () => {
    harness = await startHarness('reuse_apart', { smtpUrl: null }, { clock: clock.now });
    for (const [_id, name, kind] of [[platformId, 'Shop', 'PLATFORM'], [producerId, 'Crate Co', 'PRODUCER'], [collectorId, 'Depot Co', 'COLLECTOR'], [regulatorId, 'Agency', 'REGULATOR']] as const) {
      await harness.store.models.Organization.create({ _id, name, kind, registrationNumber: null, contactEmail: null, createdAt: clock.now() });
    }
  });
  after(() => harness.dispose());

  it('counts ten trips of one unit as reuse, and the recycling rate from the accepted report alone', async () => {
    const { services } = harness;
    const crate = await services.catalog.registerPackagingType(producerId, reusableCrate('REUSE-CRATE'));
    if (!crate.ok) throw new Error('crate refused');
    const point = await services.collectionPoints.register(collectorId, { name: 'Depot', region: 'CN-31', accepts: ['PLASTIC'] });
    if (!point.ok) throw new Error('point refused');
    const issued = await services.units.issue(producerId, { packagingTypeId: crate.value._id.toHexString(), serials: ['CRATE-0001'] });
    expect(issued.ok).to.equal(true);

    for (let trip = 1; trip <= 10; trip += 1) {
      const quote = await services.checkout.quote(platformId, { lengthMm: 280, widthMm: 180, heightMm: 90, weightGrams: 900, shipsInOwnPackaging: false }, 'c-1');
      if (!quote.ok) throw new Error('quote refused');
      const reusable = quote.value.options.find((o) => o.packagingClass === 'REUSABLE');
      const orderRef = `order-${String(trip)}`;
      expect((await services.checkout.choosePackaging(platformId, { quoteId: quote.value._id.toHexString(), optionId: reusable?.id ?? '', orderRef })).ok, `choice ${String(trip)}`).to.equal(true);
      expect((await services.units.ship(platformId, { orderRef, serial: 'CRATE-0001' })).ok, `shipment ${String(trip)}`).to.equal(true);
      clock.advance(24 * 3_600_000);
      const back = await services.returns.record(collectorId, { collectionPointId: point.value._id.toHexString(), idempotencyKey: `back-${String(trip)}`, serial: 'CRATE-0001' });
      expect(back.ok && back.value.flagged, `return ${String(trip)}`).to.equal(false);
    }

    // The producer's own report: 300 g of plastic recovered elsewhere, 270 g of it recycled, accepted.
    const report = await services.reports.submit(producerId, {
      period: '2027-05', idempotencyKey: 'report-1', lines: [{ material: 'PLASTIC', recoveredGrams: 300, recycledGrams: 270, evidence: ['PRN-1'] }],
    });
    if (!report.ok) throw new Error('report refused');
    const decided = await services.reports.decide(regulatorId, { reportId: report.value.report._id.toHexString(), decision: 'ACCEPTED', reason: 'PRN verified', idempotencyKey: 'accept-1' });
    expect(decided.ok).to.equal(true);

    const period = parsePeriod('2027-05');
    if (!period) throw new Error('no period');
    await services.compliance.recompute(period, clock.nowMs());
    const compliance = await services.compliance.report(producerId, period);
    const plastic = compliance?.lines.find((l) => l.material === 'PLASTIC');
    // Worked by hand: the crate's 900 g placed on the market once, when issued (the ten REUSABLE choices place
    // nothing more); recovered 300 g and recycled 270 g, both from the report: 270 / 900 = 30.00 % recycled against
    // the 50 % plastic target, more than 10 points short: NON_COMPLIANT. Under GL-EPR-2026.1 the ten trips counted
    // 9,000 g recovered: 1,033 %.
    expect(plastic && [plastic.placedOnMarketGrams, plastic.recoveredGrams, plastic.recycledGrams, plastic.recoveryRatePct, plastic.recyclingRatePct, plastic.targetPct])
      .to.deep.equal([900, 300, 270, 33.33, 30, 50]);
    expect(compliance?.status).to.equal('NON_COMPLIANT');
    // Every trip that went out came back: return rate 100 %, so the expected uses are unbounded (null).
    expect(compliance?.reuse).to.deep.equal({ unitsIssued: 1, tripsShipped: 10, tripsReturned: 10, returnRatePct: 100, expectedUses: null });

    // The platform's side of reuse: all 10 of its parcels went out in reusable packaging (the PPWR share applies
    // from 2030, so 2027 has no target yet); the scheme's units in service against China's 10 million.
    const platform = await services.impact.greenImpact({ kind: 'PLATFORM', organizationId: platformId }, period);
    expect(platform && [platform.parcels, platform.reusableParcelSharePct, platform.reusableParcelShareTargetPct]).to.deep.equal([10, 100, null]);
    const everyone = await services.impact.greenImpact({ kind: 'ALL' }, period);
    expect(everyone && [everyone.reusableUnitsInService, everyone.reusableUnitsInServiceTarget, everyone.reuseCycles]).to.deep.equal([1, 10_000_000, 10]);
  });
});
