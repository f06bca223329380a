import { reusableFormatsOf, type CollectionPointInput } from '../../server/domain/collection-point.js';
import { isGeoPoint, type GeoPoint } from '../../server/domain/geo.js';
import type { Material, PackagingFormat } from '../../server/domain/packaging.js';
import type { ReturnInput } from '../../server/domain/return-input.js';
import type { CollectionPointView } from '../../server/services/collection-points.js';
import type { DepositRefundView, ReturnEventView, ReturnReviewView, ReviewReturnInput } from '../../server/services/returns.js';
import type { IssueUnitsInput, ShipmentInput, UnitView } from '../../server/services/reusable-units.js';
import { requireCaller, requireOrganization } from '../authorization.js';
import type { GraphQLContext } from '../context.js';
import { badInput, connection, connectionOf, pageRequest } from '../pagination.js';
import { referenceArgument } from '../query-input.js';

type PageArgs = { first?: number | null; after?: string | null };
const cursorOf = (refund: DepositRefundView) => Buffer.from(refund.returnId.toHexString()).toString('base64url');

export const recyclingResolvers = {
  Query: {
    collectionPoints: async (_: unknown, args: PageArgs, context: GraphQLContext) => {
      requireCaller(context);
      return connection(await context.services.collectionPoints.list(pageRequest(args)), args.after);
    },
    nearestCollectionPoints: async (
      _: unknown,
      args: { near: GeoPoint; material?: Material | null; reusableFormat?: PackagingFormat | null; openNow?: boolean | null; first?: number | null },
      context: GraphQLContext,
    ) => {
      requireCaller(context);
      if (!isGeoPoint(args.near)) throw badInput('near must be a latitude from -90 to 90 and a longitude from -180 to 180', 'near');
      const first = args.first ?? 10;
      if (!Number.isInteger(first) || first < 1 || first > 100) throw badInput('first must be between 1 and 100', 'first');
      const found = await context.services.collectionPoints.nearest({
        near: args.near, material: args.material ?? null, reusableFormat: args.reusableFormat ?? null, openOnly: args.openNow ?? false, first, atMs: context.services.clock().getTime(),
      });
      return found.map((p) => ({ collectionPoint: p.point, distanceMeters: p.distanceMeters, openNow: p.openNow }));
    },
    reusableUnit: (_: unknown, args: { serial: string }, context: GraphQLContext) => {
      const principal = requireCaller(context);
      const producerId = principal.kind === 'ORGANIZATION' && principal.organization.kind === 'PRODUCER' ? principal.organization._id : null;
      return context.services.units.unit({ producerId }, referenceArgument('serial', args.serial, 'serial'));
    },
    flaggedReturns: async (_: unknown, args: PageArgs & { unreviewedOnly?: boolean | null }, context: GraphQLContext) => {
      const caller = requireOrganization(context, 'REGULATOR', 'COLLECTOR');
      const scope = { collectorId: caller.kind === 'REGULATOR' ? null : caller._id };
      return connection(await context.services.returns.flagged(scope, args.unreviewedOnly ?? true, pageRequest(args)), args.after);
    },
    depositRefunds: async (_: unknown, args: PageArgs, context: GraphQLContext) => {
      const platform = requireOrganization(context, 'PLATFORM');
      return connectionOf(await context.services.returns.refunds(platform._id, pageRequest(args)), cursorOf, args.after);
    },
  },
  Mutation: {
    registerCollectionPoint: async (_: unknown, args: { input: CollectionPointInput }, context: GraphQLContext) => {
      const outcome = await context.services.collectionPoints.register(requireOrganization(context, 'COLLECTOR')._id, args.input);
      return outcome.ok ? { collectionPoint: outcome.value, userErrors: [] } : { collectionPoint: null, userErrors: outcome.errors };
    },
    issueReusableUnits: async (_: unknown, args: { input: IssueUnitsInput }, context: GraphQLContext) => {
      const outcome = await context.services.units.issue(requireOrganization(context, 'PRODUCER')._id, args.input);
      return outcome.ok ? { units: outcome.value, userErrors: [] } : { units: [], userErrors: outcome.errors };
    },
    recordShipment: async (_: unknown, args: { input: ShipmentInput }, context: GraphQLContext) => {
      const outcome = await context.services.units.ship(requireOrganization(context, 'PLATFORM')._id, args.input);
      return outcome.ok ? { unit: outcome.value, userErrors: [] } : { unit: null, userErrors: outcome.errors };
    },
    recordReturn: async (_: unknown, args: { input: ReturnInput }, context: GraphQLContext) => {
      const outcome = await context.services.returns.record(requireOrganization(context, 'COLLECTOR')._id, args.input);
      return outcome.ok ? { returnEvent: outcome.value, userErrors: [] } : { returnEvent: null, userErrors: outcome.errors };
    },
    reviewReturn: async (_: unknown, args: { input: ReviewReturnInput }, context: GraphQLContext) => {
      const outcome = await context.services.returns.review(requireOrganization(context, 'REGULATOR', 'COLLECTOR'), args.input);
      return outcome.ok ? { returnEvent: outcome.value, userErrors: [] } : { returnEvent: null, userErrors: outcome.errors };
    },
  },
  CollectionPoint: {
    openingHours: (point: CollectionPointView) => point.openingHours ?? [],
    timeZone: (point: CollectionPointView) => point.timeZone ?? 'UTC',
    reusableFormats: (point: CollectionPointView) => reusableFormatsOf(point),
    id: (point: CollectionPointView) => point._id.toHexString(),
    operator: (point: CollectionPointView, _: unknown, context: GraphQLContext) => context.loaders.organization.load(point.operatorId.toHexString()),
  },
  ReusableUnit: {
    id: (unit: UnitView) => unit.serial,
    packagingType: (unit: UnitView, _: unknown, context: GraphQLContext) => context.loaders.packagingType.load(unit.packagingTypeId.toHexString()),
    status: (unit: UnitView) => unit.state.status,
    cycles: (unit: UnitView) => unit.state.cycles,
  },
  ReturnEvent: {
    id: (returned: ReturnEventView) => returned._id.toHexString(),
    collectionPoint: (returned: ReturnEventView, _: unknown, context: GraphQLContext) => context.loaders.collectionPoint.load(returned.collectionPointId.toHexString()),
    review: (returned: ReturnEventView, _: unknown, context: GraphQLContext) => (returned.flagged ? context.loaders.returnReview.load(returned._id.toHexString()) : null),
  },
  DepositRefund: {
    id: (refund: DepositRefundView) => refund._id,
  },
  ReturnReview: {
    id: (review: ReturnReviewView) => review._id.toHexString(),
    reviewer: (review: ReturnReviewView, _: unknown, context: GraphQLContext) => context.loaders.organization.load(review.reviewerId.toHexString()),
    reviewedAt: (review: ReturnReviewView) => review.createdAt,
  },
};
