// The reference snapshot quotes are computed from, with two service instances on one store (two API processes):
// a change written through either is in the other's very next quote, and nothing is served from a stale snapshot.
import { expect } from 'chai';
import { Types } from 'mongoose';
import type { PricingRulesInput } from '../../server/domain/pricing-rules.js';
import { startHarness, type Harness } from '../support/harness.js';
import { greenBox, plainBox } from '../support/packaging-fixtures.js';
import { testQueuePrefix, testStoreUri } from '../support/services.js';

const parcel = { lengthMm: 280, widthMm: 180, heightMm: 90, weightGrams: 800, shipsInOwnPackaging: false };

describe('reference data shared by several processes', () => {
  let writer: Harness;
  let reader: Harness;
  const platformId = new Types.ObjectId();
  const producerId = new Types.ObjectId();
  before(async () => {
    const where = { uri: testStoreUri('reference_data'), prefix: testQueuePrefix('reference_data') };
    writer = await startHarness('reference_data', { smtpUrl: null }, where);
    reader = await startHarness('reference_data', { smtpUrl: null }, where);
  });
  after(async () => {
    await reader.store.close();
    await reader.queues.close(2000);
    reader.transport.close();
    await writer.dispose();
  });

  const classesQuoted = async () => {
    const quote = await reader.services.checkout.quote(platformId, parcel, 'ada');
    if (!quote.ok) throw new Error('quote refused');
    return quote.value.options.map((o) => [o.packagingClass, o.priceMinor]);
  };

  it('offers a packaging type registered through another process in the next quote, and prices by rules set there', async () => {
    expect(await classesQuoted(), 'an empty catalogue').to.deep.equal([]);

    const green = await writer.services.catalog.registerPackagingType(producerId, greenBox('REF-GREEN'));
    expect(green.ok && green.value.classification.packagingClass).to.equal('GREEN');
    expect(await classesQuoted()).to.deep.equal([['GREEN', 0]]);

    const plain = await writer.services.catalog.registerPackagingType(producerId, plainBox('REF-PLAIN'));
    expect(plain.ok).to.equal(true);
    expect(await classesQuoted()).to.deep.equal([['STANDARD', 100], ['GREEN', 0]]);

    const rules: PricingRulesInput = {
      currency: 'CNY',
      classes: [
        { packagingClass: 'STANDARD', feeMinor: 250 },
        { packagingClass: 'REDUCED', feeMinor: -10 },
        { packagingClass: 'GREEN', feeMinor: 20 },
        { packagingClass: 'REUSABLE', feeMinor: 0 },
      ],
      reusableDepositMinor: 700,
    };
    expect((await writer.services.pricing.setPricingRules(platformId, rules)).ok).to.equal(true);
    expect(await classesQuoted()).to.deep.equal([['STANDARD', 250], ['GREEN', 20]]);
    expect((await reader.services.pricing.pricingRules(platformId)).version).to.equal(1);
  });

  it('follows a revision that makes a type non-compliant: it is no longer offered anywhere', async () => {
    const listed = await reader.services.catalog.listPackagingTypes({ producerId }, { producerId: null, packagingClass: 'GREEN' }, { first: 10, afterId: null });
    const greenId = listed.nodes[0]?._id.toHexString() ?? '';
    const revised = await writer.services.catalog.revisePackagingType(producerId, greenId, { ...greenBox('REF-GREEN'), substanceTest: { leadMgKg: 500, mercuryMgKg: 0.1, cadmiumMgKg: 0.1, chromiumMgKg: 5 } });
    expect(revised.ok && revised.value.classification.packagingClass).to.equal('NON_COMPLIANT');
    expect(await classesQuoted()).to.deep.equal([['STANDARD', 250]]);
    const [type] = await reader.services.catalog.packagingTypesByIds([new Types.ObjectId(greenId)]);
    expect(type?.revision, 'the reader’s loader sees the new revision too').to.equal(2);
  });
});
