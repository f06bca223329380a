import { Schema, type Connection, type Model, type Types } from 'mongoose';
import type { OpeningHours } from '../../domain/geo.js';
import type { Material, PackagingFormat } from '../../domain/packaging.js';
import type { ReviewDecision } from '../../domain/return-input.js';
import type { UnitEventType } from '../../domain/reusable-unit.js';
import { periodRevisionSchema, type PeriodRevisionFields } from './period-revision.js';

// The recycling loop's facts, all insert-only: collection points, reusable units and the events of their trips,
// returns at collection points, and the deposit refunds those returns owe.

export interface CollectionPointDoc {
  _id: Types.ObjectId;
  /** The collector that runs it. */
  operatorId: Types.ObjectId;
  name: string;
  region: string;
  accepts: Material[];
  /** Absent on points registered before locations were kept. */
  location?: { lat: number; lng: number } | null;
  address?: string | null;
  /** Written as parsed (domain/collection-point.ts), so each day is a Weekday. */
  openingHours?: OpeningHours[];
  timeZone?: string;
  /** The formats of reusable units it takes back; null or absent: every format (as points always did). */
  reusableFormats?: PackagingFormat[] | null;
  createdAt: Date;
}

const pointSchema = new Schema<CollectionPointDoc>(
  {
    operatorId: { type: Schema.Types.ObjectId, required: true },
    name: { type: String, required: true },
    region: { type: String, required: true },
    accepts: { type: [String], required: true },
    location: { type: Schema.Types.Mixed, default: null },
    address: { type: String, default: null },
    openingHours: { type: Schema.Types.Mixed, default: [] },
    timeZone: { type: String, default: 'UTC' },
    reusableFormats: { type: [String], default: null },
    createdAt: { type: Date, required: true },
  },
  { collection: 'collection_points', versionKey: false },
);
pointSchema.index({ operatorId: 1, name: 1 }, { unique: true });

/** A serial, issued once and forever: the serial is the primary key. */
export interface ReusableUnitDoc {
  _id: string;
  producerId: Types.ObjectId;
  packagingTypeId: Types.ObjectId;
  issuedAt: Date;
}

const unitSchema = new Schema<ReusableUnitDoc>(
  {
    _id: { type: String, required: true },
    producerId: { type: Schema.Types.ObjectId, required: true },
    packagingTypeId: { type: Schema.Types.ObjectId, required: true },
    issuedAt: { type: Date, required: true },
  },
  { collection: 'reusable_units', versionKey: false },
);

/** One fact of a unit's life; the `_id` `<serial>:<cycle>:<type>` lets each trip ship once and come back once. */
export interface UnitEventDoc {
  _id: string;
  serial: string;
  type: UnitEventType;
  cycle: number;
  at: Date;
  // SHIPPED: the order it went out in, and the deposit the consumer paid for it
  platformId: Types.ObjectId | null;
  orderRef: string | null;
  consumerRef: string | null;
  depositMinor: number | null;
  currency: string | null;
  /** The region the order was delivered to, when the platform said. */
  region: string | null;
  // RETURNED: the return that closed the trip, and `<collectorId>:<idempotencyKey>` of the request that recorded it
  returnId: Types.ObjectId | null;
  returnKey: string | null;
  /** The return record itself, so a crash between this fact and the record loses nothing: the sweep adopts it. */
  returned?: ReturnEventDoc | null;
}

const unitEventSchema = new Schema<UnitEventDoc>(
  {
    _id: { type: String, required: true },
    serial: { type: String, required: true },
    type: { type: String, required: true },
    cycle: { type: Number, required: true },
    at: { type: Date, required: true },
    platformId: { type: Schema.Types.ObjectId, default: null },
    orderRef: { type: String, default: null },
    consumerRef: { type: String, default: null },
    depositMinor: { type: Number, default: null },
    currency: { type: String, default: null },
    region: { type: String, default: null },
    returnId: { type: Schema.Types.ObjectId, default: null },
    returnKey: { type: String, default: null },
    returned: { type: Schema.Types.Mixed, default: null },
  },
  { collection: 'unit_events', versionKey: false },
);
unitEventSchema.index({ serial: 1 });
unitEventSchema.index({ type: 1, at: 1 });

/** Packaging brought back to a collection point: a reusable unit, or loose packaging by material. */
export interface ReturnEventDoc {
  _id: Types.ObjectId;
  collectorId: Types.ObjectId;
  collectionPointId: Types.ObjectId;
  region: string;
  /** Unique per collector: the same request recorded twice is one return. */
  idempotencyKey: string;
  requestHash: string;
  kind: 'UNIT' | 'LOOSE';
  serial: string | null;
  cycle: number | null;
  packagingTypeId: Types.ObjectId | null;
  /**
   * The producer whose packaging came back: a unit's type's; for loose packaging, the producer the collector named
   * (by packaging type or directly), else null: unattributed. Absent on returns recorded before it was kept.
   */
  producerId?: Types.ObjectId | null;
  material: Material;
  quantity: number;
  massGrams: number;
  /** Who is credited: for a unit, the consumer its order shipped to; for loose packaging, as the collector said. */
  platformId: Types.ObjectId | null;
  consumerRef: string | null;
  orderRef: string | null;
  /** Flagged by the anomaly rules: earns and refunds nothing until a review clears it. */
  flagged: boolean;
  reasons: string[];
  /** The anomaly rules version that judged it. */
  ruleVersion: string;
  createdAt: Date;
}

const returnSchema = new Schema<ReturnEventDoc>(
  {
    collectorId: { type: Schema.Types.ObjectId, required: true },
    collectionPointId: { type: Schema.Types.ObjectId, required: true },
    region: { type: String, required: true },
    idempotencyKey: { type: String, required: true },
    requestHash: { type: String, required: true },
    kind: { type: String, required: true },
    serial: { type: String, default: null },
    cycle: { type: Number, default: null },
    packagingTypeId: { type: Schema.Types.ObjectId, default: null },
    producerId: { type: Schema.Types.ObjectId, default: null },
    material: { type: String, required: true },
    quantity: { type: Number, required: true },
    massGrams: { type: Number, required: true },
    platformId: { type: Schema.Types.ObjectId, default: null },
    consumerRef: { type: String, default: null },
    orderRef: { type: String, default: null },
    flagged: { type: Boolean, required: true },
    reasons: { type: [String], default: [] },
    ruleVersion: { type: String, required: true },
    createdAt: { type: Date, required: true },
  },
  { collection: 'returns', versionKey: false },
);
returnSchema.index({ collectorId: 1, idempotencyKey: 1 }, { unique: true });
returnSchema.index({ region: 1, createdAt: 1 });
returnSchema.index({ platformId: 1, consumerRef: 1, createdAt: 1 });
returnSchema.index({ flagged: 1, _id: 1 });

/** The one review of a flagged return (its `_id` is the return's): cleared, it earns; rejected, it never does. */
export interface ReturnReviewDoc {
  _id: Types.ObjectId;
  decision: ReviewDecision;
  /** The collector that recorded the return, so each collector's open reviews can be counted. */
  collectorId: Types.ObjectId;
  reviewerId: Types.ObjectId;
  note: string | null;
  createdAt: Date;
}

const reviewSchema = new Schema<ReturnReviewDoc>(
  {
    _id: { type: Schema.Types.ObjectId, required: true },
    decision: { type: String, required: true },
    collectorId: { type: Schema.Types.ObjectId, required: true },
    reviewerId: { type: Schema.Types.ObjectId, required: true },
    note: { type: String, default: null },
    createdAt: { type: Date, required: true },
  },
  { collection: 'return_reviews', versionKey: false },
);
reviewSchema.index({ collectorId: 1 });
reviewSchema.index({ decision: 1, createdAt: 1 });

/** The deposit a returned unit's trip owes its consumer, once per trip (`<serial>:<cycle>`). */
export interface DepositRefundDoc {
  _id: string;
  platformId: Types.ObjectId;
  orderRef: string;
  consumerRef: string;
  serial: string;
  cycle: number;
  amountMinor: number;
  currency: string;
  returnId: Types.ObjectId;
  createdAt: Date;
}

const refundSchema = new Schema<DepositRefundDoc>(
  {
    _id: { type: String, required: true },
    platformId: { type: Schema.Types.ObjectId, required: true },
    orderRef: { type: String, required: true },
    consumerRef: { type: String, required: true },
    serial: { type: String, required: true },
    cycle: { type: Number, required: true },
    amountMinor: { type: Number, required: true },
    currency: { type: String, required: true },
    returnId: { type: Schema.Types.ObjectId, required: true },
    createdAt: { type: Date, required: true },
  },
  { collection: 'deposit_refunds', versionKey: false },
);
refundSchema.index({ platformId: 1, returnId: 1 });

/**
 * An order's claim on the one reusable unit trip its choice paid a deposit for: `<platformId>:<orderRef>:<n>`, n = 1,
 * 2, ... A claim counts once the trip's SHIPPED fact names the order; a claim whose trip went to another order (a
 * lost race), or that never got its SHIPPED fact within a minute (a request that died), is void, and the next
 * shipment tries n + 1. So an order ships at most one unit trip, and only that trip refunds a deposit and earns.
 */
export interface OrderShipmentDoc {
  _id: string;
  serial: string;
  cycle: number;
  createdAt: Date;
}

const orderShipmentSchema = new Schema<OrderShipmentDoc>(
  {
    _id: { type: String, required: true },
    serial: { type: String, required: true },
    cycle: { type: Number, required: true },
    createdAt: { type: Date, required: true },
  },
  { collection: 'order_shipments', versionKey: false },
);

export type OrderShipmentModel = Model<OrderShipmentDoc>;
export const orderShipmentModel = (c: Connection): OrderShipmentModel => c.model<OrderShipmentDoc>('OrderShipment', orderShipmentSchema);

export type CollectionPointModel = Model<CollectionPointDoc>;
export type ReusableUnitModel = Model<ReusableUnitDoc>;
export type UnitEventModel = Model<UnitEventDoc>;
export type ReturnEventModel = Model<ReturnEventDoc>;
export type DepositRefundModel = Model<DepositRefundDoc>;
export type ReturnReviewModel = Model<ReturnReviewDoc>;
export const returnReviewModel = (c: Connection): ReturnReviewModel => c.model<ReturnReviewDoc>('ReturnReview', reviewSchema);
export const collectionPointModel = (c: Connection): CollectionPointModel => c.model<CollectionPointDoc>('CollectionPoint', pointSchema);
export const reusableUnitModel = (c: Connection): ReusableUnitModel => c.model<ReusableUnitDoc>('ReusableUnit', unitSchema);
export const unitEventModel = (c: Connection): UnitEventModel => c.model<UnitEventDoc>('UnitEvent', unitEventSchema);
export const returnEventModel = (c: Connection): ReturnEventModel => c.model<ReturnEventDoc>('ReturnEvent', returnSchema);
export const depositRefundModel = (c: Connection): DepositRefundModel => c.model<DepositRefundDoc>('DepositRefund', refundSchema);

/** One revision of a producer's recycling report for a period: a correction is the next revision; the latest counts. */
export interface RecyclingReportDoc extends PeriodRevisionFields {
  lines: { material: Material; recoveredGrams: number; recycledGrams: number; evidence: string[] }[];
}

const reportSchema = periodRevisionSchema<RecyclingReportDoc>('recycling_reports');

export type RecyclingReportModel = Model<RecyclingReportDoc>;
export const recyclingReportModel = (c: Connection): RecyclingReportModel => c.model<RecyclingReportDoc>('RecyclingReport', reportSchema);

/**
 * The regulator's decision on one revision of a recycling report, never changed afterwards: its `_id` is the
 * revision's, so a revision is decided once (a second decision is refused), and compliance counts accepted revisions.
 */
export interface RecyclingReportDecisionDoc {
  _id: Types.ObjectId;
  deciderId: Types.ObjectId;
  decision: ReportDecision;
  reason: string;
  idempotencyKey: string;
  requestHash: string;
  createdAt: Date;
}

export type ReportDecision = 'ACCEPTED' | 'REJECTED';

const reportDecisionSchema = new Schema<RecyclingReportDecisionDoc>(
  {
    _id: { type: Schema.Types.ObjectId, required: true },
    deciderId: { type: Schema.Types.ObjectId, required: true },
    decision: { type: String, required: true },
    reason: { type: String, required: true },
    idempotencyKey: { type: String, required: true },
    requestHash: { type: String, required: true },
    createdAt: { type: Date, required: true },
  },
  { collection: 'recycling_report_decisions', versionKey: false },
);
reportDecisionSchema.index({ deciderId: 1, idempotencyKey: 1 }, { unique: true });

export type RecyclingReportDecisionModel = Model<RecyclingReportDecisionDoc>;
export const recyclingReportDecisionModel = (c: Connection): RecyclingReportDecisionModel =>
  c.model<RecyclingReportDecisionDoc>('RecyclingReportDecision', reportDecisionSchema);
