import { Schema, type Types } from 'mongoose';

/** What every insert-only, per-period revision of a producer's statement carries (recycling reports, declarations). */
export interface PeriodRevisionFields {
  _id: Types.ObjectId;
  producerId: Types.ObjectId;
  period: string;
  /** 1, 2, ... per producer and period; unique with them. */
  revision: number;
  idempotencyKey: string;
  requestHash: string;
  createdAt: Date;
}

/**
 * The schema of one kind of statement revision, its `lines` stored as given: the revision is unique per producer and
 * period (two writers of one revision: the second insert fails and takes the next), the idempotency key per producer.
 */
export function periodRevisionSchema<T extends PeriodRevisionFields>(collection: string): Schema<T> {
  const schema = new Schema<T>(
    {
      producerId: { type: Schema.Types.ObjectId, required: true },
      period: { type: String, required: true },
      revision: { type: Number, required: true },
      idempotencyKey: { type: String, required: true },
      requestHash: { type: String, required: true },
      lines: { type: Schema.Types.Mixed, required: true },
      createdAt: { type: Date, required: true },
    },
    { collection, versionKey: false },
  );
  schema.index({ producerId: 1, period: 1, revision: 1 }, { unique: true });
  schema.index({ producerId: 1, idempotencyKey: 1 }, { unique: true });
  schema.index({ period: 1 });
  return schema;
}
