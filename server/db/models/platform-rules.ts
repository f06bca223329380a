import { Schema, type Connection, type Model, type Types } from 'mongoose';
import type { EarningRules } from '../../domain/earning-rules.js';
import type { PricingRules } from '../../domain/pricing-rules.js';

/** One version of a platform's rule set (pricing or earning), insert-only; the highest version is in force. */
export interface PlatformRulesDoc<R> {
  _id: Types.ObjectId;
  platformId: Types.ObjectId;
  version: number;
  rules: R;
  createdAt: Date;
}

function rulesSchema<R>(collection: string) {
  const schema = new Schema<PlatformRulesDoc<R>>(
    {
      platformId: { type: Schema.Types.ObjectId, required: true },
      version: { type: Number, required: true },
      rules: { type: Schema.Types.Mixed, required: true },
      createdAt: { type: Date, required: true },
    },
    { collection, versionKey: false },
  );
  // Two writers of one version: the second insert fails and re-reads the new head.
  schema.index({ platformId: 1, version: 1 }, { unique: true });
  return schema;
}

export type PlatformRulesModel<R> = Model<PlatformRulesDoc<R>>;
export const pricingRulesModel = (c: Connection): PlatformRulesModel<PricingRules> =>
  c.model<PlatformRulesDoc<PricingRules>>('PricingRulesVersion', rulesSchema<PricingRules>('pricing_rules'));
export const earningRulesModel = (c: Connection): PlatformRulesModel<EarningRules> =>
  c.model<PlatformRulesDoc<EarningRules>>('EarningRulesVersion', rulesSchema<EarningRules>('earning_rules'));
