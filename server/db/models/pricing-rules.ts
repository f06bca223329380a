import { Schema, type Connection, type Model, type Types } from 'mongoose';
import type { PricingRules } from '../../domain/pricing-rules.js';

/** A platform's pricing rules, one insert-only document per version; the highest version is in force. */
export interface PricingRulesVersionDoc {
  _id: Types.ObjectId;
  platformId: Types.ObjectId;
  version: number;
  rules: PricingRules;
  createdAt: Date;
}

const schema = new Schema<PricingRulesVersionDoc>(
  {
    platformId: { type: Schema.Types.ObjectId, required: true },
    version: { type: Number, required: true },
    rules: { type: Schema.Types.Mixed, required: true },
    createdAt: { type: Date, required: true },
  },
  { collection: 'pricing_rules', versionKey: false },
);
schema.index({ platformId: 1, version: 1 }, { unique: true });

export type PricingRulesVersionModel = Model<PricingRulesVersionDoc>;
export const pricingRulesVersionModel = (c: Connection): PricingRulesVersionModel =>
  c.model<PricingRulesVersionDoc>('PricingRulesVersion', schema);
