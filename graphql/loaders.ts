import DataLoader from 'dataloader';
import { Types } from 'mongoose';
import type { OrganizationDoc } from '../server/db/models/organization.js';
import type { PackagingTypeDoc } from '../server/db/models/packaging-type.js';
import type { CollectionPointDoc, ReturnReviewDoc } from '../server/db/models/recycling.js';
import type { Services } from '../server/services/index.js';

/** Per-request batching: every list resolves its references in one query per kind, not one per row. */
export function createLoaders(services: Services) {
  return {
    organization: new DataLoader<string, OrganizationDoc | null>(async (ids) => {
      const found = await services.identity.organizationsByIds(ids.map((id) => new Types.ObjectId(id)));
      const byId = new Map(found.map((o) => [o._id.toHexString(), o]));
      return ids.map((id) => byId.get(id) ?? null);
    }),
    /** Packaging types named by quotes and choices; every platform may see any offered packaging. */
    packagingType: new DataLoader<string, PackagingTypeDoc | null>(async (ids) => {
      const found = await services.catalog.packagingTypesByIds(ids.map((id) => new Types.ObjectId(id)));
      const byId = new Map(found.map((t) => [t._id.toHexString(), t]));
      return ids.map((id) => byId.get(id) ?? null);
    }),
    collectionPoint: new DataLoader<string, CollectionPointDoc | null>(async (ids) => {
      const found = await services.collectionPoints.byIds(ids.map((id) => new Types.ObjectId(id)));
      const byId = new Map(found.map((p) => [p._id.toHexString(), p]));
      return ids.map((id) => byId.get(id) ?? null);
    }),
    returnReview: new DataLoader<string, ReturnReviewDoc | null>(async (ids) => {
      const found = await services.returns.reviewsOf(ids.map((id) => new Types.ObjectId(id)));
      const byId = new Map(found.map((r) => [r._id.toHexString(), r]));
      return ids.map((id) => byId.get(id) ?? null);
    }),
  };
}

export type Loaders = ReturnType<typeof createLoaders>;
