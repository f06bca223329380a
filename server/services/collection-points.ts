import type { Types } from 'mongoose';
import { isDuplicateKeyError } from '../db/connection.js';
import type { Models } from '../db/models/index.js';
import type { CollectionPointDoc } from '../db/models/recycling.js';
import { parseCollectionPoint, type CollectionPointInput } from '../domain/collection-point.js';
import { fail, succeed, validationError, type Outcome } from '../domain/user-error.js';
import type { Page, PageRequest } from './page.js';

/** Where packaging comes back: collection points run by collectors, listed for everyone. */
export interface CollectionPointsService {
  /** Registering the same point (name, region, materials) again returns it; another point of that name is refused. */
  register(operatorId: Types.ObjectId, input: CollectionPointInput): Promise<Outcome<CollectionPointDoc>>;
  list(page: PageRequest): Promise<Page<CollectionPointDoc>>;
  byIds(ids: readonly Types.ObjectId[]): Promise<CollectionPointDoc[]>;
}

export function createCollectionPointsService(models: Models, now: () => Date = () => new Date()): CollectionPointsService {
  const { CollectionPoint } = models;
  return {
    async register(operatorId, input) {
      const parsed = parseCollectionPoint(input);
      if (!parsed.point) return fail(...parsed.errors);
      const { point } = parsed;
      try {
        return succeed((await CollectionPoint.create({ operatorId, name: point.name, region: point.region, accepts: [...point.accepts], createdAt: now() })).toObject());
      } catch (error) {
        if (!isDuplicateKeyError(error)) throw error;
      }
      const existing = await CollectionPoint.findOne({ operatorId, name: point.name }).lean();
      if (existing && existing.region === point.region && existing.accepts.join() === point.accepts.join()) return succeed(existing);
      return fail(validationError(['input', 'name'], 'another of your collection points already has this name'));
    },

    async list(page) {
      const [rows, totalCount] = await Promise.all([
        CollectionPoint.find(page.afterId ? { _id: { $gt: page.afterId } } : {}).sort({ _id: 1 }).limit(page.first + 1).lean(),
        CollectionPoint.countDocuments(),
      ]);
      return { nodes: rows.slice(0, page.first), totalCount, hasNextPage: rows.length > page.first };
    },

    byIds: (ids) => CollectionPoint.find({ _id: { $in: ids } }).lean(),
  };
}
