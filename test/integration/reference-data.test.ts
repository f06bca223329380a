// The reference snapshot quotes are computed from, with service instances on one store (several API processes): the
// writer's own next quote has its change (read-your-writes); another process has it soon after, told by Redis pub/sub
// (a reader that never polls), or by its own polling of the version document when no notice reaches it (a reader
// whose notices stay in its own process).
import { expect } from 'chai';
import { Types } from 'mongoose';
import type { PricingRulesInput } from '../../server/domain/pricing-rules.js';
import { createLocalChangeFeed } from '../../server/change-feed.js';
import { createServices, type Services } from '../../server/services/index.js';
import { createReferenceData } from '../../server/services/reference-data.js';
import { startHarness, testContactCipher, type Harness } from '../support/harness.js';
import { greenBox, plainBox } from '../support/packaging-fixtures.js';
import { TEST_ADMIN_KEY, eventually, testLogger, testQueuePrefix, testStoreUri } from '../support/services.js';

const parcel = { lengthMm: 280, widthMm: 180, heightMm: 90, weightGrams: 800, shipsInOwnPackaging: false };
/** How long a test waits for another process to follow a change (the poll's interval is 500 ms). */
const WITHIN_MS = 3000;

describe('reference data shared by several processes', () => {
  let writer: Harness;
  /** A process that never polls (once an hour): only pub/sub tells it of a change. */
  let reader: Harness;
  /** A process whose change notices never arrive (its feed is its own): it has only the version poll. */
  let deaf: Services;
  const platformId = new Types.ObjectId();
  const producerId = new Types.ObjectId();
  before(async () => {
    const where = { uri: testStoreUri('reference_data'), prefix: testQueuePrefix('reference_data') };
    writer = await startHarness('reference_data', { smtpUrl: null }, where);
    reader = await startHarness('reference_data', { smtpUrl: null }, { ...where, memoryLimits: { referencePollMs: 3_600_000 } });
    deaf = createServices({
      models: reader.store.models, queues: reader.queues, transport: reader.transport, adminApiKey: TEST_ADMIN_KEY,
      mailFrom: 'x@greenloop.test', operatorEmail: null, logger: testLogger(), contactCipher: testContactCipher(),
    });
  });
  after(async () => {
    deaf.close();
    await reader.close();
    await writer.dispose();
  });

  const classesQuoted = async (services: Services) => {
    const quote = await services.checkout.quote(platformId, parcel, 'ada');
    if (!quote.ok) throw new Error('quote refused');
    return quote.value.options.map((o) => [o.packagingClass, o.priceMinor]);
  };

  /** The writer's next quote shows `expected` at once; each other process's does within `WITHIN_MS`. */
  async function seenEverywhere(expected: unknown[][]): Promise<void> {
    expect(await classesQuoted(writer.services), 'the writer’s own next quote').to.deep.equal(expected);
    for (const [name, services] of [['reader (pub/sub)', reader.services], ['deaf (poll)', deaf]] as const) {
      await eventually(async () => {
        const classes = await classesQuoted(services);
        return JSON.stringify(classes) === JSON.stringify(expected) ? classes : undefined;
      }, WITHIN_MS, `${name} to quote ${JSON.stringify(expected)}`);
    }
  }

  it('offers a packaging type registered through another process, and prices by rules set there', async () => {
    for (const services of [writer.services, reader.services, deaf]) expect(await classesQuoted(services), 'an empty catalogue').to.deep.equal([]);

    const green = await writer.services.catalog.registerPackagingType(producerId, greenBox('REF-GREEN'));
    expect(green.ok && green.value.classification.packagingClass).to.equal('GREEN');
    await seenEverywhere([['GREEN', 0]]);

    const plain = await writer.services.catalog.registerPackagingType(producerId, plainBox('REF-PLAIN'));
    expect(plain.ok).to.equal(true);
    await seenEverywhere([['STANDARD', 100], ['GREEN', 0]]);

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
    await seenEverywhere([['STANDARD', 250], ['GREEN', 20]]);
    expect((await reader.services.pricing.pricingRules(platformId)).version).to.equal(1);
  });

  it('follows a revision that makes a type non-compliant: it is no longer offered anywhere', async () => {
    const listed = await reader.services.catalog.listPackagingTypes({ producerId }, { producerId: null, packagingClass: 'GREEN' }, { first: 10, afterId: null });
    const greenId = listed.nodes[0]?._id.toHexString() ?? '';
    const revised = await writer.services.catalog.revisePackagingType(producerId, greenId, { ...greenBox('REF-GREEN'), substanceTest: { leadMgKg: 500, mercuryMgKg: 0.1, cadmiumMgKg: 0.1, chromiumMgKg: 5 } });
    expect(revised.ok && revised.value.classification.packagingClass).to.equal('NON_COMPLIANT');
    await seenEverywhere([['STANDARD', 250]]);
    const [type] = await reader.services.catalog.packagingTypesByIds([new Types.ObjectId(greenId)]);
    expect(type?.revision, 'the reader’s loader sees the new revision too').to.equal(2);
  });

  it('patches the writer’s own snapshot with the types it names, without waiting for the whole catalogue to be read again', async () => {
    const reference = createReferenceData(writer.store.models, { changes: createLocalChangeFeed(), now: () => new Date(0), onError: (err) => { throw err; } });
    try {
      const before = await reference.current();
      const registered = await writer.services.catalog.registerPackagingType(producerId, greenBox('REF-PATCHED'));
      if (!registered.ok) throw new Error('refused');
      const id = registered.value._id.toHexString();
      expect(before.packagingType(id)).to.equal(undefined);

      await reference.changed([id]);
      const patched = await reference.current();
      expect(patched.token, 'served by the patch, still labelled with the version it was built under').to.equal(before.token);
      expect(patched.packagingType(id)?.sku).to.equal('REF-PATCHED');
      expect(patched.catalogue.size, 'the index holds it too').to.equal(before.catalogue.size + 1);

      const rebuilt = await eventually(async () => {
        const now = await reference.current();
        return now.token === before.token ? undefined : now;
      }, WITHIN_MS, 'the background rebuild under the new version');
      expect(rebuilt.packagingType(id)?.sku).to.equal('REF-PATCHED');
    } finally {
      reference.close();
    }
  });
});
