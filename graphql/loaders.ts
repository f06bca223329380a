import DataLoader from 'dataloader';
import { Types } from 'mongoose';
import type { Services } from '../server/services/index.js';

/** A loader of documents by ObjectId: one store query per batch, results in the order asked, null for missing. */
function byId<T extends { _id: Types.ObjectId }>(fetch: (ids: Types.ObjectId[]) => Promise<T[]>): DataLoader<string, T | null> {
  return new DataLoader<string, T | null>(async (ids) => {
    const found = await fetch(ids.map((id) => new Types.ObjectId(id)));
    const byHex = new Map(found.map((doc) => [doc._id.toHexString(), doc]));
    return ids.map((id) => byHex.get(id) ?? null);
  });
}

/** Per-request batching: every list resolves its references in one query per kind, not one per row. */
export function createLoaders(services: Services) {
  return {
    organization: byId((ids) => services.identity.organizationsByIds(ids)),
    /** Packaging types named by quotes and choices; every platform may see any offered packaging. */
    packagingType: byId((ids) => services.catalog.packagingTypesByIds(ids)),
    collectionPoint: byId((ids) => services.collectionPoints.byIds(ids)),
    returnReview: byId((ids) => services.returns.reviewsOf(ids)),
  };
}

export type Loaders = ReturnType<typeof createLoaders>;
