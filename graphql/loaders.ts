import DataLoader from 'dataloader';
import { Types } from 'mongoose';
import type { OrganizationDoc } from '../server/db/models/organization.js';
import type { Services } from '../server/services/index.js';

/** Per-request batching: every list resolves its references in one query per kind, not one per row. */
export function createLoaders(services: Services) {
  return {
    organization: new DataLoader<string, OrganizationDoc | null>(async (ids) => {
      const found = await services.identity.organizationsByIds(ids.map((id) => new Types.ObjectId(id)));
      const byId = new Map(found.map((o) => [o._id.toHexString(), o]));
      return ids.map((id) => byId.get(id) ?? null);
    }),
  };
}

export type Loaders = ReturnType<typeof createLoaders>;
