import { Schema, type Connection, type Model } from 'mongoose';

/**
 * The version of the reference data quotes are computed from (the active standard, the offerable catalogue, the
 * platforms' pricing and earning rules): a fresh token written after every change to any of them. Processes hold a
 * snapshot per token (server/services/reference-data.ts) and rebuild it when the token they read by `_id` moved.
 * Last writer wins, which is all an invalidation needs: any change leaves a token no snapshot was built under.
 */
export interface ReferenceVersionDoc {
  _id: string;
  token: string;
  changedAt: Date;
}

const schema = new Schema<ReferenceVersionDoc>(
  {
    _id: { type: String, required: true },
    token: { type: String, required: true },
    changedAt: { type: Date, required: true },
  },
  { collection: 'reference_versions', versionKey: false },
);

export type ReferenceVersionModel = Model<ReferenceVersionDoc>;
export const referenceVersionModel = (c: Connection): ReferenceVersionModel => c.model<ReferenceVersionDoc>('ReferenceVersion', schema);
