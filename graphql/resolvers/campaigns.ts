import type { Types } from 'mongoose';
import { campaignIdOf } from '../../server/db/keys.js';
import { isActiveAt, type Campaign, type CampaignCredit, type CampaignInput } from '../../server/domain/campaigns.js';
import { requireOrganization } from '../authorization.js';
import type { GraphQLContext } from '../context.js';

/** A campaign version as the schema shows it (Campaign). */
function campaignView(platformId: Types.ObjectId, campaign: Campaign, nowMs: number) {
  return {
    id: campaignIdOf(platformId, campaign.ref, campaign.version),
    ref: campaign.ref,
    version: campaign.version,
    name: campaign.name,
    kind: campaign.kind,
    startsAt: new Date(campaign.startsAtMs),
    endsAt: new Date(campaign.endsAtMs),
    multiplierPct: campaign.multiplierPct,
    bonusCredits: campaign.bonusCredits,
    classes: campaign.classes,
    running: isActiveAt(campaign, nowMs),
  };
}

/** A campaign's line on an option (CampaignCredit). */
export const campaignCreditView = (line: CampaignCredit) => ({ campaignRef: line.ref, version: line.version, name: line.name, kind: line.kind, credits: line.credits });

export const campaignsResolvers = {
  Query: {
    campaigns: async (_: unknown, __: unknown, context: GraphQLContext) => {
      const platform = requireOrganization(context, 'PLATFORM');
      const nowMs = context.services.clock().getTime();
      return (await context.services.campaigns.list(platform._id)).map((c) => campaignView(platform._id, c, nowMs));
    },
  },
  Mutation: {
    setCampaign: async (_: unknown, args: { input: CampaignInput }, context: GraphQLContext) => {
      const platform = requireOrganization(context, 'PLATFORM');
      const outcome = await context.services.campaigns.set(platform._id, args.input);
      if (!outcome.ok) return { campaign: null, userErrors: outcome.errors };
      return { campaign: campaignView(platform._id, outcome.value, context.services.clock().getTime()), userErrors: [] };
    },
  },
};
