// Registrations and revisions racing on a store where only inserts are atomic.
import { expect } from 'chai';
import { Types } from 'mongoose';
import type { PackagingTypeInput } from '../../server/domain/packaging.js';
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
});
