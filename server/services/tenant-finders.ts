// What a tenant owns is found through the tenant. Each finder takes the caller's organization, and a document of
// another organization is as missing as one that never existed, so the check cannot be forgotten after a fetch by id.
// Services read owned documents here; a read by id alone is left for callers who may see every tenant's (the
// operator, a regulator, a job working on facts).
import { Types } from 'mongoose';
import { platformPrefixOf } from '../db/keys.js';
import type { ApiKeyDoc } from '../db/models/api-key.js';
import type { CreditEntryDoc } from '../db/models/credit-entry.js';
import type { CreditHoldDoc } from '../db/models/credit-hold.js';
import type { Models } from '../db/models/index.js';
import type { PackagingTypeDoc } from '../db/models/packaging-type.js';
import type { CollectionPointDoc, ReturnEventDoc, ReusableUnitDoc } from '../db/models/recycling.js';
import { isKeyId } from '../domain/api-key.js';
import { isReference } from '../domain/references.js';

export interface TenantFinders {
  /** A packaging type its producer registered. */
  packagingType(producerId: Types.ObjectId, id: string | Types.ObjectId): Promise<PackagingTypeDoc | null>;
  /** A reusable unit its producer issued. */
  reusableUnit(producerId: Types.ObjectId, serial: string): Promise<ReusableUnitDoc | null>;
  /** A collection point its collector runs. */
  collectionPoint(operatorId: Types.ObjectId, id: string): Promise<CollectionPointDoc | null>;
  /** A return its collector recorded. */
  collectedReturn(collectorId: Types.ObjectId, id: string): Promise<ReturnEventDoc | null>;
  /** A credit hold its platform placed. */
  creditHold(platformId: Types.ObjectId, id: string): Promise<CreditHoldDoc | null>;
  /** A ledger entry of one of its platform's accounts. */
  creditEntry(platformId: Types.ObjectId, entryId: string): Promise<CreditEntryDoc | null>;
  /** An API key of its organization. */
  apiKey(organizationId: Types.ObjectId, keyId: string): Promise<ApiKeyDoc | null>;
}

type OwnedModels = Pick<Models, 'PackagingType' | 'ReusableUnit' | 'CollectionPoint' | 'ReturnEvent' | 'CreditHold' | 'CreditEntry' | 'ApiKey'>;

/** An id as the API gives it: an ObjectId's hex, or nothing (a malformed id finds nothing). */
const objectIdOf = (id: string | Types.ObjectId): Types.ObjectId | null => {
  if (typeof id !== 'string') return id;
  return Types.ObjectId.isValid(id) ? new Types.ObjectId(id) : null;
};

/** The document, if it is the owner's: read by primary key (the store's fast path), then held against its owner. */
async function owned<T>(find: Promise<T | null>, owner: Types.ObjectId, ownerOf: (doc: T) => Types.ObjectId | null | undefined): Promise<T | null> {
  const doc = await find;
  return doc !== null && ownerOf(doc)?.equals(owner) === true ? doc : null;
}

export function createTenantFinders(models: OwnedModels): TenantFinders {
  const { PackagingType, ReusableUnit, CollectionPoint, ReturnEvent, CreditHold, CreditEntry, ApiKey } = models;
  const byObjectId = <T>(id: string | Types.ObjectId, find: (id: Types.ObjectId) => Promise<T | null>): Promise<T | null> => {
    const objectId = objectIdOf(id);
    return objectId ? find(objectId) : Promise.resolve(null);
  };
  return {
    packagingType: (producerId, id) =>
      byObjectId(id, (oid) => owned(PackagingType.findById(oid).lean<PackagingTypeDoc>().exec(), producerId, (t) => t.producerId)),
    reusableUnit: (producerId, serial) =>
      isReference('serial', serial) ? owned(ReusableUnit.findById(serial).lean<ReusableUnitDoc>().exec(), producerId, (u) => u.producerId) : Promise.resolve(null),
    collectionPoint: (operatorId, id) =>
      byObjectId(id, (oid) => owned(CollectionPoint.findById(oid).lean<CollectionPointDoc>().exec(), operatorId, (p) => p.operatorId)),
    collectedReturn: (collectorId, id) =>
      byObjectId(id, (oid) => owned(ReturnEvent.findById(oid).lean<ReturnEventDoc>().exec(), collectorId, (r) => r.collectorId)),
    creditHold: (platformId, id) =>
      byObjectId(id, (oid) => owned(CreditHold.findById(oid).lean<CreditHoldDoc>().exec(), platformId, (h) => h.platformId)),
    // An entry's id starts with its platform's: another platform's id is not even looked up.
    creditEntry: (platformId, entryId) =>
      entryId.startsWith(platformPrefixOf(platformId)) ? owned(CreditEntry.findById(entryId).lean<CreditEntryDoc>().exec(), platformId, (e) => e.platformId) : Promise.resolve(null),
    apiKey: (organizationId, keyId) =>
      isKeyId(keyId) ? owned(ApiKey.findById(keyId).lean<ApiKeyDoc>().exec(), organizationId, (k) => k.organizationId) : Promise.resolve(null),
  };
}
