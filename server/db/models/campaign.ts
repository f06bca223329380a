import { Schema, type Connection, type Model, type Types } from 'mongoose';
import type { CampaignKind } from '../../domain/campaigns.js';
import type { PackagingClass } from '../../domain/packaging.js';

/**
 * One version of a platform's campaign (server/domain/campaigns.ts): insert-only, `_id` `<platformId>:<ref>:<version>`;
 * the highest version of a ref is the campaign. Quotes read them from the reference snapshot.
 */
export interface CampaignDoc {
  _id: string;
  platformId: Types.ObjectId;
  ref: string;
  version: number;
  name: string;
  kind: CampaignKind;
  startsAt: Date;
  endsAt: Date;
  multiplierPct: number | null;
  bonusCredits: number | null;
  classes: PackagingClass[];
  createdAt: Date;
}

/**
 * A first-green-choice bonus, claimed once per consumer and campaign: `_id` `<platformId>:<ref>:<consumerRef>`,
 * naming the choice that got it, so crediting that choice again gives the same answer and no other choice gets it.
 */
export interface CampaignClaimDoc {
  _id: string;
  choiceId: Types.ObjectId;
  createdAt: Date;
}

const campaignSchema = new Schema<CampaignDoc>(
  {
    _id: { type: String, required: true },
    platformId: { type: Schema.Types.ObjectId, required: true },
    ref: { type: String, required: true },
    version: { type: Number, required: true },
    name: { type: String, required: true },
    kind: { type: String, required: true },
    startsAt: { type: Date, required: true },
    endsAt: { type: Date, required: true },
    multiplierPct: { type: Number, default: null },
    bonusCredits: { type: Number, default: null },
    classes: { type: [String], default: [] },
    createdAt: { type: Date, required: true },
  },
  { collection: 'campaigns', versionKey: false },
);

const claimSchema = new Schema<CampaignClaimDoc>(
  {
    _id: { type: String, required: true },
    choiceId: { type: Schema.Types.ObjectId, required: true },
    createdAt: { type: Date, required: true },
  },
  { collection: 'campaign_claims', versionKey: false },
);

export type CampaignModel = Model<CampaignDoc>;
export type CampaignClaimModel = Model<CampaignClaimDoc>;
export const campaignModel = (c: Connection): CampaignModel => c.model<CampaignDoc>('Campaign', campaignSchema);
export const campaignClaimModel = (c: Connection): CampaignClaimModel => c.model<CampaignClaimDoc>('CampaignClaim', claimSchema);
