import { Schema, type Connection, type Model, type Types } from 'mongoose';

/**
 * A hold asked for (two-phase redemption), written before its HOLD entry: the job that voids timed-out holds finds
 * them here, by `_id` (time-ordered) from its mark. Insert-only: what became of a hold is in the ledger (the HOLD
 * entry, then one HOLD_CAPTURE or HOLD_VOID under the hold's settle key).
 */
export interface CreditHoldDoc {
  _id: Types.ObjectId;
  platformId: Types.ObjectId;
  consumerRef: string;
  amount: number;
  orderRef: string | null;
  timeoutAt: Date;
  createdAt: Date;
}

const schema = new Schema<CreditHoldDoc>(
  {
    platformId: { type: Schema.Types.ObjectId, required: true },
    consumerRef: { type: String, required: true },
    amount: { type: Number, required: true },
    orderRef: { type: String, default: null },
    timeoutAt: { type: Date, required: true },
    createdAt: { type: Date, required: true },
  },
  { collection: 'credit_holds', versionKey: false },
);

export type CreditHoldModel = Model<CreditHoldDoc>;
export const creditHoldModel = (c: Connection): CreditHoldModel => c.model<CreditHoldDoc>('CreditHold', schema);
