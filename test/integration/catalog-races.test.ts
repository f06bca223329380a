// Registrations and revisions racing on a store where only inserts are atomic.
import { expect } from 'chai';
import { Types } from 'mongoose';
import type { PackagingTypeInput } from '../../server/domain/packaging.js';
import { REFERENCE_STANDARD } from '../../server/domain/standard.js';
import { startHarness, type Harness } from '../support/harness.js';
import { greenBox } from '../support/packaging-fixtures.js';

describe('catalog under concurrent writers', () => {
  let harness: Harness;
  before(async () => { harness = await startHarness('catalog_races', { smtpUrl: null }); });
  after(() => harness.dispose());

  it('lets one of several racing registrations of an SKU win, and the view always shows the winner', async () => {
    const producerId = new Types.ObjectId();
    for (let round = 0; round < 10; round += 1) {
      const sku = `RACE-${round}`;
      const inputs: PackagingTypeInput[] = [150, 400, 500].map((massGrams) => ({ ...greenBox(sku), massGrams }));
      const outcomes = await Promise.all(inputs.map((input) => harness.services.catalog.registerPackagingType(producerId, input)));
      const winners = outcomes.flatMap((o) => (o.ok ? [o.value] : []));
      expect(winners, `round ${round}`).to.have.length(1);
      const losers = outcomes.flatMap((o) => (o.ok ? [] : o.errors.map((e) => e.field?.join('.'))));
      expect(losers, `round ${round}`).to.deep.equal(['input.sku', 'input.sku']);
      const winner = winners[0];
      const view = await harness.store.models.PackagingType.findById(winner?._id).lean();
      const revisions = await harness.store.models.PackagingTypeRevision.find({ packagingTypeId: winner?._id }).lean();
      expect(revisions.map((r) => r.spec.massGrams), `round ${round}`).to.deep.equal([winner?.massGrams]);
      expect(view?.massGrams, `round ${round}`).to.equal(winner?.massGrams);
    }
  });

  it('ends with the view on the newest revision when revisions race', async () => {
    const producerId = new Types.ObjectId();
    const registered = await harness.services.catalog.registerPackagingType(producerId, greenBox('REV-RACE'));
    if (!registered.ok) throw new Error('refused');
    const id = registered.value._id.toHexString();
    const outcomes = await Promise.all([160, 170, 180, 190].map((massGrams) => harness.services.catalog.revisePackagingType(producerId, id, { ...greenBox('REV-RACE'), massGrams })));
    expect(outcomes.every((o) => o.ok)).to.equal(true);
    const revisions = await harness.store.models.PackagingTypeRevision.find({ packagingTypeId: registered.value._id }).sort({ revision: 1 }).lean();
    expect(revisions.map((r) => r.revision)).to.deep.equal([1, 2, 3, 4, 5]);
    const view = await harness.store.models.PackagingType.findById(registered.value._id).lean();
    expect(view?.revision).to.equal(5);
    expect(view?.massGrams).to.equal(revisions.at(-1)?.spec.massGrams);
  });

  it('ends with the view on the newest revision under the newest standard when revisions race a re-classification', async () => {
    const producerId = new Types.ObjectId();
    const { catalog } = harness.services;
    const ids: string[] = [];
    for (let n = 0; n < 6; n += 1) {
      const registered = await catalog.registerPackagingType(producerId, greenBox(`RECLASS-${String(n)}`));
      if (!registered.ok) throw new Error('refused');
      ids.push(registered.value._id.toHexString());
    }
    for (let round = 0; round < 3; round += 1) {
      const version = `race-${String(round)}`;
      const activated = await catalog.activateStandard({ ...REFERENCE_STANDARD, version, effectiveFrom: '2020-01-01' });
      if (!activated.ok) throw new Error(`activation refused: ${JSON.stringify(activated.errors)}`);
      const activation = await harness.store.models.StandardActivation.findOne({ version }).lean();
      // The re-classification job and every type's next revision, all at once.
      await Promise.all([
        catalog.reclassifyAll(version, activation?._id.toHexString() ?? '', () => Promise.resolve()),
        ...ids.map((id, n) => catalog.revisePackagingType(producerId, id, { ...greenBox(`RECLASS-${String(n)}`), massGrams: 200 + round * 10 + n })),
      ]);
      for (const id of ids) {
        const view = await harness.store.models.PackagingType.findById(id).lean();
        const newest = await harness.store.models.PackagingTypeRevision.findOne({ packagingTypeId: id }).sort({ revision: -1 }).lean();
        expect([view?.revision, view?.massGrams, view?.classification.standardVersion], `round ${String(round)}`).to.deep.equal([newest?.revision, newest?.spec.massGrams, version]);
      }
    }
  });
});
