import { Schema, type Connection, type Model, type Types } from 'mongoose';

/**
 * One version of what a platform stocks, for all its warehouses (`warehouseRef` '') or for one: insert-only; the
 * highest version of a scope is in force. Quotes for the scope offer only these packaging types, plus own packaging.
 */
export interface AssortmentDoc {
  _id: Types.ObjectId;
  platformId: Types.ObjectId;
  /** '' for the platform as a whole; else the warehouse's reference. */
  warehouseRef: string;
  version: number;
  packagingTypeIds: Types.ObjectId[];
  createdAt: Date;
}

const schema = new Schema<AssortmentDoc>(
  {
    platformId: { type: Schema.Types.ObjectId, required: true },
    warehouseRef: { type: String, default: '' },
    version: { type: Number, required: true },
    packagingTypeIds: { type: [Schema.Types.ObjectId], default: [] },
    createdAt: { type: Date, required: true },
  },
  { collection: 'assortments', versionKey: false },
);
// Two writers of one version of a scope: the second insert fails and re-reads the head.
schema.index({ platformId: 1, warehouseRef: 1, version: 1 }, { unique: true });

export type AssortmentModel = Model<AssortmentDoc>;
export const assortmentModel = (c: Connection): AssortmentModel => c.model<AssortmentDoc>('Assortment', schema);
