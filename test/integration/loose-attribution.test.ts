// Loose returns credited to their producer (issue #17, item 2): a collector who can tell whose packaging came back
// (by packaging type, or the producer alone) makes its mass count toward that producer's recovery; what it cannot
// attribute is reported as unattributed, never lost and never counted for anyone.
import { expect } from 'chai';
import { Types } from 'mongoose';
import { parsePeriod } from '../../server/domain/period.js';
import { startHarness, type Harness } from '../support/harness.js';
import { greenBox, reusableCrate } from '../support/packaging-fixtures.js';
import { pinnedClock } from '../support/test-clock.js';

describe('loose returns attributed to producers', () => {
  let harness: Harness;
  const clock = pinnedClock('2027-03-10T09:00:00Z');
  const platformId = new Types.ObjectId();
  const producerId = new Types.ObjectId();
  const collectorId = new Types.ObjectId();
  let boxId = '';
  let crateId = '';
  let pointId = '';

  before(async () => {
    harness = await startHarness('loose_attribution', { smtpUrl: null }, { clock: clock.now });
    for (const [_id, name, kind] of [[platformId, 'Shop', 'PLATFORM'], [producerId, 'Box Co', 'PRODUCER'], [collectorId, 'Depot Co', 'COLLECTOR']] as const) {
      await harness.store.models.Organization.create({ _id, name, kind, registrationNumber: null, contactEmail: null, createdAt: clock.now() });
    }
    const box = await harness.services.catalog.registerPackagingType(producerId, greenBox('LOOSE-BOX'));
    const crate = await harness.services.catalog.registerPackagingType(producerId, reusableCrate('LOOSE-CRATE'));
    if (!box.ok || !crate.ok) throw new Error('types refused');
    boxId = box.value._id.toHexString();
    crateId = crate.value._id.toHexString();
    const point = await harness.services.collectionPoints.register(collectorId, { name: 'Depot', region: 'CN-31', accepts: ['PAPER_CARD', 'PLASTIC'] });
    if (!point.ok) throw new Error('point refused');
    pointId = point.value._id.toHexString();
    // One order shipped in the 150 g paper box: 150 g of Box Co's paper placed on the market.
    const quote = await harness.services.checkout.quote(platformId, { lengthMm: 280, widthMm: 180, heightMm: 90, weightGrams: 900, shipsInOwnPackaging: false }, 'c-1');
    if (!quote.ok) throw new Error('quote refused');
    const green = quote.value.options.find((o) => o.packagingClass === 'GREEN');
    expect((await harness.services.checkout.choosePackaging(platformId, { quoteId: quote.value._id.toHexString(), optionId: green?.id ?? '', orderRef: 'o-1' })).ok).to.equal(true);
  });
  after(() => harness.dispose());

  const giveBack = (idempotencyKey: string, extra: Record<string, unknown>) =>
    harness.services.returns.record(collectorId, { collectionPointId: pointId, idempotencyKey, material: 'PAPER_CARD', quantity: 1, ...extra });
  const codes = (outcome: Awaited<ReturnType<typeof giveBack>>) => (outcome.ok ? [] : outcome.errors.map((e) => [e.code, e.field?.join('.')]));

  it('refuses an attribution that cannot be right, each with its field', async () => {
    expect(codes(await giveBack('bad-1', { massGrams: 10, packagingTypeId: crateId }))).to.deep.equal([['VALIDATION', 'input.packagingTypeId']]);
    expect(codes(await giveBack('bad-2', { massGrams: 10, packagingTypeId: new Types.ObjectId().toHexString() }))).to.deep.equal([['NOT_FOUND', 'input.packagingTypeId']]);
    expect(codes(await giveBack('bad-3', { massGrams: 10, producerId: platformId.toHexString() }))).to.deep.equal([['NOT_FOUND', 'input.producerId']]);
    expect(codes(await giveBack('bad-4', { massGrams: 10, packagingTypeId: boxId, producerId: producerId.toHexString() }))).to.deep.equal([['VALIDATION', 'input.producerId']]);
    expect(codes(await giveBack('bad-5', { massGrams: 10, packagingTypeId: 'box' }))).to.deep.equal([['VALIDATION', 'input.packagingTypeId']]);
    const unit = await harness.services.returns.record(collectorId, { collectionPointId: pointId, idempotencyKey: 'bad-6', serial: 'UNIT-0001', producerId: producerId.toHexString() });
    expect(codes(unit)).to.deep.equal([['VALIDATION', 'input.producerId']]);
  });

  it('counts attributed loose mass toward its producer’s recovery and reports the rest as unattributed', async () => {
    const byType = await giveBack('by-type', { massGrams: 90, packagingTypeId: boxId });
    const byProducer = await giveBack('by-producer', { massGrams: 30, producerId: producerId.toHexString() });
    const unknown = await giveBack('unknown', { massGrams: 70 });
    expect([byType.ok, byProducer.ok, unknown.ok]).to.deep.equal([true, true, true]);
    // The attribution as stored (the service's view of a return does not show it).
    const stored = (outcome: typeof byType) => (outcome.ok ? harness.store.models.ReturnEvent.findById(outcome.value._id).lean() : null);
    const [typed, unattributed] = [await stored(byType), await stored(unknown)];
    expect([typed?.packagingTypeId?.toHexString(), typed?.producerId?.toHexString()]).to.deep.equal([boxId, producerId.toHexString()]);
    expect(unattributed?.producerId).to.equal(null);

    const period = parsePeriod('2027-03');
    if (!period) throw new Error('no period');
    await harness.services.compliance.recompute(period, clock.nowMs());
    const report = await harness.services.compliance.report(producerId, period);
    // Worked by hand: 150 g of paper placed; 90 g back by type + 30 g by producer = 120 g recovered = 80.00 % against
    // the 75 % target: compliant. The 70 g nobody could attribute count for no one.
    const paper = report?.lines.find((l) => l.material === 'PAPER_CARD');
    expect(paper && [paper.placedOnMarketGrams, paper.recoveredGrams, paper.recoveryRatePct, paper.targetPct]).to.deep.equal([150, 120, 80, 75]);
    expect(report?.status).to.equal('COMPLIANT');
    expect(paper?.explanation).to.contain('recycled 0.120 kg (0.120 kg loose at collection points + 0.000 kg reported and accepted) = 80.00 % against a 75 % recycling target');

    const everyone = await harness.services.impact.greenImpact({ kind: 'ALL' }, period);
    expect(everyone && [everyone.looseReturnedGrams, everyone.unattributedLooseGrams]).to.deep.equal([190, 70]);
    const producer = await harness.services.impact.greenImpact({ kind: 'PRODUCER', organizationId: producerId }, period);
    expect(producer && [producer.looseReturnedGrams, producer.unattributedLooseGrams]).to.deep.equal([120, 0]);
    const collector = await harness.services.impact.greenImpact({ kind: 'COLLECTOR', organizationId: collectorId }, period);
    expect(collector && [collector.looseReturnedGrams, collector.unattributedLooseGrams]).to.deep.equal([190, 70]);
  });
});
