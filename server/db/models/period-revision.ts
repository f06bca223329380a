import type { Types } from 'mongoose';

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
