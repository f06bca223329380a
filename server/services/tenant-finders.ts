// What a tenant owns is found through the tenant. Each finder takes the caller's organization, and a document of
// another organization is as missing as one that never existed, so the check cannot be forgotten after a fetch by id.
// Services read owned documents here; a read by id alone is left for callers who may see every tenant's (the
// operator, a regulator, a job working on facts). Each finder takes only the model it reads.
import { Types } from 'mongoose';
import { platformPrefixOf } from '../db/keys.js';
import type { ApiKeyDoc } from '../db/models/api-key.js';
import type { CreditEntryDoc } from '../db/models/credit-entry.js';
import { entryById } from '../db/credit-entry-text.js';
import type { CreditHoldDoc } from '../db/models/credit-hold.js';
import type { Models } from '../db/models/index.js';
import type { PackagingTypeDoc } from '../db/models/packaging-type.js';
import type { CollectionPointDoc, ReturnEventDoc, ReusableUnitDoc } from '../db/models/recycling.js';
import { isKeyId } from '../domain/api-key.js';
import { isReference } from '../domain/references.js';

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

/** A packaging type its producer registered. */
export function ownedPackagingType(models: Pick<Models, 'PackagingType'>, producerId: Types.ObjectId, id: string | Types.ObjectId): Promise<PackagingTypeDoc | null> {
  const oid = objectIdOf(id);
  return oid ? owned(models.PackagingType.findById(oid).lean<PackagingTypeDoc>().exec(), producerId, (t) => t.producerId) : Promise.resolve(null);
}

/** A reusable unit its producer issued. */
export function ownedReusableUnit(models: Pick<Models, 'ReusableUnit'>, producerId: Types.ObjectId, serial: string): Promise<ReusableUnitDoc | null> {
  if (!isReference('serial', serial)) return Promise.resolve(null);
  return owned(models.ReusableUnit.findById(serial).lean<ReusableUnitDoc>().exec(), producerId, (u) => u.producerId);
}

/** A collection point its collector runs. */
export function ownedCollectionPoint(models: Pick<Models, 'CollectionPoint'>, operatorId: Types.ObjectId, id: string): Promise<CollectionPointDoc | null> {
  const oid = objectIdOf(id);
  return oid ? owned(models.CollectionPoint.findById(oid).lean<CollectionPointDoc>().exec(), operatorId, (p) => p.operatorId) : Promise.resolve(null);
}

/** A return its collector recorded. */
export function ownedReturn(models: Pick<Models, 'ReturnEvent'>, collectorId: Types.ObjectId, id: string): Promise<ReturnEventDoc | null> {
  const oid = objectIdOf(id);
  return oid ? owned(models.ReturnEvent.findById(oid).lean<ReturnEventDoc>().exec(), collectorId, (r) => r.collectorId) : Promise.resolve(null);
}

/** A credit hold its platform placed. */
export function ownedCreditHold(models: Pick<Models, 'CreditHold'>, platformId: Types.ObjectId, id: string): Promise<CreditHoldDoc | null> {
  const oid = objectIdOf(id);
  return oid ? owned(models.CreditHold.findById(oid).lean<CreditHoldDoc>().exec(), platformId, (h) => h.platformId) : Promise.resolve(null);
}

/** A ledger entry of one of its platform's accounts: an id under another platform's prefix is not even looked up. */
export function ownedCreditEntry(models: Pick<Models, 'CreditEntry'>, platformId: Types.ObjectId, entryId: string): Promise<CreditEntryDoc | null> {
  if (!entryId.startsWith(platformPrefixOf(platformId))) return Promise.resolve(null);
  return owned(entryById(models.CreditEntry, entryId), platformId, (e) => e.platformId);
}

/** An API key of its organization. */
export function ownedApiKey(models: Pick<Models, 'ApiKey'>, organizationId: Types.ObjectId, keyId: string): Promise<ApiKeyDoc | null> {
  if (!isKeyId(keyId)) return Promise.resolve(null);
  return owned(models.ApiKey.findById(keyId).lean<ApiKeyDoc>().exec(), organizationId, (k) => k.organizationId);
}
