import type { Types } from 'mongoose';
import { claimOrReplay, insertOnce } from '../db/claim.js';
import type { Models } from '../db/models/index.js';
import type { CollectionPointDoc } from '../db/models/recycling.js';
import { parseCollectionPoint, reusableFormatsOf, type CollectionPointInput, type NewCollectionPoint } from '../domain/collection-point.js';
import { nearestFirst, type GeoPoint, type OpeningHours } from '../domain/geo.js';
import type { Material, PackagingFormat } from '../domain/packaging.js';
import { fail, succeed, validationError, type Outcome } from '../domain/user-error.js';
import type { Page, PageRequest } from './page.js';

/** A collection point as the API shows it. Points registered before locations, hours or formats were kept lack them. */
export interface CollectionPointView {
  readonly _id: Types.ObjectId;
  /** The collector that runs it. */
  readonly operatorId: Types.ObjectId;
  readonly name: string;
  readonly region: string;
  readonly accepts: readonly Material[];
  readonly location?: GeoPoint | null;
  readonly address?: string | null;
  readonly openingHours?: readonly OpeningHours[];
  readonly timeZone?: string;
  /** null or absent: every format. */
  readonly reusableFormats?: readonly PackagingFormat[] | null;
}

/** Where packaging comes back: collection points run by collectors, listed for everyone. */
export interface CollectionPointsService {
  /** Registering the same point (name, region, materials) again returns it; another point of that name is refused. */
  register(operatorId: Types.ObjectId, input: CollectionPointInput): Promise<Outcome<CollectionPointView>>;
  list(page: PageRequest): Promise<Page<CollectionPointView>>;
  byIds(ids: readonly Types.ObjectId[]): Promise<CollectionPointView[]>;
  /**
   * The points on the map nearest to a place, nearest first (ties by id): only those taking `material` when one is
   * given, only those taking reusable units of `reusableFormat` back when one is given, only those open at `atMs` when
   * `openOnly`. Points without a location are never listed.
   */
  nearest(query: { near: GeoPoint; material: Material | null; reusableFormat?: PackagingFormat | null; openOnly: boolean; first: number; atMs: number }): Promise<NearbyPoint[]>;
}

/** A collection point, how far it is, and whether it is open at the time asked (null: its hours are not known). */
export interface NearbyPoint {
  readonly point: CollectionPointView;
  readonly distanceMeters: number;
  readonly openNow: boolean | null;
}

/** The stored form of a point's details, to compare a repeated registration with. */
const detailsOf = (p: Pick<NewCollectionPoint, 'region' | 'accepts' | 'location' | 'address' | 'openingHours' | 'timeZone' | 'reusableFormats'>) => JSON.stringify([
  p.region, p.accepts, p.location ?? null, p.address ?? null, p.openingHours, p.timeZone, p.reusableFormats,
]);
const hoursOf = (point: CollectionPointDoc): readonly OpeningHours[] => point.openingHours ?? [];

export function createCollectionPointsService(models: Pick<Models, 'CollectionPoint'>, now: () => Date = () => new Date()): CollectionPointsService {
  const { CollectionPoint } = models;
  return {
    async register(operatorId, input) {
      const parsed = parseCollectionPoint(input);
      if (!parsed.point) return fail(...parsed.errors);
      const { point } = parsed;
      // A name is the point's key for its operator: the same point again is a replay, other details are refused.
      const claim = await claimOrReplay(insertOnce(CollectionPoint.create({
        operatorId, name: point.name, region: point.region, accepts: [...point.accepts], location: point.location, address: point.address,
        openingHours: point.openingHours.map((h) => ({ ...h })), timeZone: point.timeZone,
        reusableFormats: point.reusableFormats === null ? null : [...point.reusableFormats], createdAt: now(),
      })), {
        first: () => CollectionPoint.findOne({ operatorId, name: point.name }).lean(),
        sameRequest: (existing) => detailsOf({
          region: existing.region, accepts: existing.accepts, location: existing.location ?? null, address: existing.address ?? null,
          openingHours: hoursOf(existing), timeZone: existing.timeZone ?? 'UTC', reusableFormats: existing.reusableFormats ?? null,
        }) === detailsOf(point),
      });
      if (claim.kind === 'claimed') return succeed(claim.inserted.toObject());
      if (claim.kind === 'replay') return succeed(claim.first);
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

    async nearest({ near, material, reusableFormat = null, openOnly, first, atMs }) {
      // In memory: the store has no geospatial query (FerretDB); one read of the points on the map, O(points) per
      // call, which is fine for thousands of points (a grid index is the next step past that).
      // Sorted by id first, so equally distant points keep a stable order.
      const onMap = await CollectionPoint.find({ location: { $ne: null } }).sort({ _id: 1 }).lean();
      const takesFormat = (point: CollectionPointDoc) => reusableFormat === null || reusableFormatsOf(point).includes(reusableFormat);
      const places = onMap.flatMap((point) => (point.location && takesFormat(point)
        ? [{ place: point, location: point.location, hours: hoursOf(point), timeZone: point.timeZone ?? 'UTC', accepts: point.accepts }]
        : []));
      return nearestFirst(places, { near, accepts: material, openOnly, first, atMs })
        .map((p) => ({ point: p.place, distanceMeters: p.distanceMeters, openNow: p.openNow }));
    },
  };
}
