// Tenant-scoped finders (server/services/tenant-finders.ts) on the real store: each finds what its organization owns
// and nothing of another organization's, and a malformed id finds nothing (never a store error).
import { expect } from 'chai';
import { Types } from 'mongoose';
import { accountOf, entryIdOf } from '../../server/db/keys.js';
import { ownedApiKey, ownedCollectionPoint, ownedCreditEntry, ownedCreditHold, ownedPackagingType, ownedReturn, ownedReusableUnit } from '../../server/services/tenant-finders.js';
import { startHarness, type Harness } from '../support/harness.js';

describe('tenant-scoped finders', () => {
  let harness: Harness;
  const mine = new Types.ObjectId();
  const theirs = new Types.ObjectId();

  before(async () => {
    harness = await startHarness('tenant_finders', { smtpUrl: null });
  });
  after(() => harness.dispose());

  /** Stores a bare document as its owner left it (the finders read only the id and the owner). */
  async function stored(model: keyof Harness['store']['models'], doc: Record<string, unknown>): Promise<void> {
    await harness.store.models[model].collection.insertOne(doc);
  }

  it('finds a producer’s packaging types and reusable units, and no other producer’s', async () => {
    const typeId = new Types.ObjectId();
    await stored('PackagingType', { _id: typeId, producerId: mine });
    await stored('ReusableUnit', { _id: 'CR-0001', producerId: mine });
    expect((await ownedPackagingType(harness.store.models, mine, typeId.toHexString()))?._id.toHexString()).to.equal(typeId.toHexString());
    expect((await ownedPackagingType(harness.store.models, mine, typeId))?._id.toHexString()).to.equal(typeId.toHexString());
    expect(await ownedPackagingType(harness.store.models, theirs, typeId.toHexString())).to.equal(null);
    expect(await ownedPackagingType(harness.store.models, mine, 'not-an-id')).to.equal(null);
    expect((await ownedReusableUnit(harness.store.models, mine, 'CR-0001'))?._id).to.equal('CR-0001');
    expect(await ownedReusableUnit(harness.store.models, theirs, 'CR-0001')).to.equal(null);
    expect(await ownedReusableUnit(harness.store.models, mine, 'no such serial!')).to.equal(null);
  });

  it('finds a collector’s points and returns, and no other collector’s', async () => {
    const pointId = new Types.ObjectId();
    const returnId = new Types.ObjectId();
    await stored('CollectionPoint', { _id: pointId, operatorId: mine });
    await stored('ReturnEvent', { _id: returnId, collectorId: mine });
    expect((await ownedCollectionPoint(harness.store.models, mine, pointId.toHexString()))?._id.toHexString()).to.equal(pointId.toHexString());
    expect(await ownedCollectionPoint(harness.store.models, theirs, pointId.toHexString())).to.equal(null);
    expect((await ownedReturn(harness.store.models, mine, returnId.toHexString()))?._id.toHexString()).to.equal(returnId.toHexString());
    expect(await ownedReturn(harness.store.models, theirs, returnId.toHexString())).to.equal(null);
    expect(await ownedReturn(harness.store.models, mine, '')).to.equal(null);
  });

  it('finds a platform’s holds and ledger entries, and no other platform’s', async () => {
    const holdId = new Types.ObjectId();
    const entryId = entryIdOf(accountOf(mine, 'c-1'), 1);
    await stored('CreditHold', { _id: holdId, platformId: mine });
    await stored('CreditEntry', { _id: entryId, platformId: mine });
    expect((await ownedCreditHold(harness.store.models, mine, holdId.toHexString()))?._id.toHexString()).to.equal(holdId.toHexString());
    expect(await ownedCreditHold(harness.store.models, theirs, holdId.toHexString())).to.equal(null);
    expect((await ownedCreditEntry(harness.store.models, mine, entryId))?._id).to.equal(entryId);
    expect(await ownedCreditEntry(harness.store.models, theirs, entryId)).to.equal(null);
    // An entry stored under another platform's id prefix is not this platform's, whatever the document says.
    const forged = entryIdOf(accountOf(theirs, 'c-1'), 1);
    await stored('CreditEntry', { _id: forged, platformId: mine });
    expect(await ownedCreditEntry(harness.store.models, mine, forged)).to.equal(null);
  });

  it('finds an organization’s API keys, and no other organization’s', async () => {
    const keyId = 'a1b2c3d4e5f60718';
    await stored('ApiKey', { _id: keyId, organizationId: mine });
    expect((await ownedApiKey(harness.store.models, mine, keyId))?._id).to.equal(keyId);
    expect(await ownedApiKey(harness.store.models, theirs, keyId)).to.equal(null);
    expect(await ownedApiKey(harness.store.models, mine, 'not a key id')).to.equal(null);
  });
});
