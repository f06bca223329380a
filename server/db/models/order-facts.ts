import { Schema, type Connection, type Model, type Types } from 'mongoose';
import type { QuoteOption } from './quote.js';

// An order's facts, all insert-only: the consumer's packaging choice (one per order) and how the order ended (one
// per order: DELIVERED or CANCELLED, whichever was recorded first). Each fact is enqueued for crediting after it is
// recorded; a fact's receipt records that a job picked it up, so the sweep can re-enqueue facts a crash left behind.
// Orders recorded before an order ended once may hold a delivery followed by a cancellation (a refund then); the
// ledger still settles those.

export interface PackagingChoiceDoc {
  _id: Types.ObjectId;
  platformId: Types.ObjectId;
  orderRef: string;
  consumerRef: string;
  quoteId: Types.ObjectId;
  option: QuoteOption;
  createdAt: Date;
}

export type OrderEventType = 'DELIVERED' | 'CANCELLED';

export interface OrderEventDoc {
  _id: Types.ObjectId;
  platformId: Types.ObjectId;
  orderRef: string;
  type: OrderEventType;
  /** The order's packaging choice (absent on events recorded before it was kept). */
  choiceId?: Types.ObjectId | null;
  occurredAt: Date;
  createdAt: Date;
}

/**
 * `<kind>:<fact id>`, inserted by the job that processed the fact; `<kind>:<fact id>:held` when the job found the
 * fact held (a flagged return awaiting review): the sweep then leaves it be until a review clears it.
 */
export interface FactReceiptDoc {
  _id: string;
  receivedAt: Date;
}

/** Binds a platform's idempotency key to the request it first came with. */
export interface IdempotencyKeyDoc {
  /** `<platformId>:<operation>:<key>` */
  _id: string;
  requestHash: string;
  createdAt: Date;
}

const choiceSchema = new Schema<PackagingChoiceDoc>(
  {
    platformId: { type: Schema.Types.ObjectId, required: true },
    orderRef: { type: String, required: true },
    consumerRef: { type: String, required: true },
    quoteId: { type: Schema.Types.ObjectId, required: true },
    option: { type: Schema.Types.Mixed, required: true },
    createdAt: { type: Date, required: true },
  },
  { collection: 'packaging_choices', versionKey: false },
);
choiceSchema.index({ platformId: 1, orderRef: 1 }, { unique: true });

const eventSchema = new Schema<OrderEventDoc>(
  {
    platformId: { type: Schema.Types.ObjectId, required: true },
    orderRef: { type: String, required: true },
    type: { type: String, required: true, enum: ['DELIVERED', 'CANCELLED'] },
    choiceId: { type: Schema.Types.ObjectId, default: null },
    occurredAt: { type: Date, required: true },
    createdAt: { type: Date, required: true },
  },
  { collection: 'order_events', versionKey: false },
);
eventSchema.index({ platformId: 1, orderRef: 1, type: 1 }, { unique: true });

/**
 * `<platformId>:<orderRef>` -> the order's choice: the order lookup as a primary-key read. Written after the choice,
 * best effort; the unique (platformId, orderRef) index on choices stays the guarantee and the fallback.
 */
export interface OrderKeyDoc {
  _id: string;
  choiceId: Types.ObjectId;
}

const orderKeySchema = new Schema<OrderKeyDoc>(
  { _id: { type: String, required: true }, choiceId: { type: Schema.Types.ObjectId, required: true } },
  { collection: 'order_keys', versionKey: false },
);

/**
 * `<platformId>:<orderRef>:END` -> how the order ended: the reservation of its one ending event, inserted before the
 * event. Its insert decides between a delivery and a cancellation sent at once; it carries the whole fact, so a
 * reservation whose event is missing (a crash between the two inserts) is completed by the next request for the
 * order, whatever that request asks. Keys of the older form `<platformId>:<orderRef>:<type>` (one per event type)
 * are no longer written or read; the retention job removes them.
 */
export interface OrderEventKeyDoc {
  _id: string;
  eventId: Types.ObjectId;
  type: OrderEventType;
  occurredAt: Date;
  choiceId: Types.ObjectId | null;
}

const orderEventKeySchema = new Schema<OrderEventKeyDoc>(
  {
    _id: { type: String, required: true },
    eventId: { type: Schema.Types.ObjectId, required: true },
    type: { type: String, required: true, enum: ['DELIVERED', 'CANCELLED'] },
    occurredAt: { type: Date, required: true },
    choiceId: { type: Schema.Types.ObjectId, default: null },
  },
  { collection: 'order_event_keys', versionKey: false },
);

/**
 * How far the fact sweep has got, per kind of fact: every fact stamped before `afterMs` has a receipt (or is held).
 * A hint the sweep moves forward only; a lost or stale write only makes the next sweep look at more.
 */
export interface SweepMarkDoc {
  _id: string;
  afterMs: number;
}

const sweepMarkSchema = new Schema<SweepMarkDoc>(
  { _id: { type: String, required: true }, afterMs: { type: Number, required: true } },
  { collection: 'sweep_marks', versionKey: false },
);
export type SweepMarkModel = Model<SweepMarkDoc>;
export const sweepMarkModel = (c: Connection): SweepMarkModel => c.model<SweepMarkDoc>('SweepMark', sweepMarkSchema);

const receiptSchema = new Schema<FactReceiptDoc>(
  { _id: { type: String, required: true }, receivedAt: { type: Date, required: true } },
  { collection: 'fact_receipts', versionKey: false },
);

const keySchema = new Schema<IdempotencyKeyDoc>(
  {
    _id: { type: String, required: true },
    requestHash: { type: String, required: true },
    createdAt: { type: Date, required: true },
  },
  { collection: 'idempotency_keys', versionKey: false },
);

export type PackagingChoiceModel = Model<PackagingChoiceDoc>;
export type OrderEventModel = Model<OrderEventDoc>;
export type FactReceiptModel = Model<FactReceiptDoc>;
export type OrderKeyModel = Model<OrderKeyDoc>;
export const orderKeyModel = (c: Connection): OrderKeyModel => c.model<OrderKeyDoc>('OrderKey', orderKeySchema);
export type OrderEventKeyModel = Model<OrderEventKeyDoc>;
export const orderEventKeyModel = (c: Connection): OrderEventKeyModel => c.model<OrderEventKeyDoc>('OrderEventKey', orderEventKeySchema);
export type IdempotencyKeyModel = Model<IdempotencyKeyDoc>;
export const packagingChoiceModel = (c: Connection): PackagingChoiceModel => c.model<PackagingChoiceDoc>('PackagingChoice', choiceSchema);
export const orderEventModel = (c: Connection): OrderEventModel => c.model<OrderEventDoc>('OrderEvent', eventSchema);
export const factReceiptModel = (c: Connection): FactReceiptModel => c.model<FactReceiptDoc>('FactReceipt', receiptSchema);
export const idempotencyKeyModel = (c: Connection): IdempotencyKeyModel => c.model<IdempotencyKeyDoc>('IdempotencyKey', keySchema);
