import type { Types } from 'mongoose';
import { DUPLICATE, insertOnce } from '../db/claim.js';
import type { CampaignDoc } from '../db/models/campaign.js';
import type { Models } from '../db/models/index.js';
import { campaignClaimIdOf, campaignIdOf } from '../db/keys.js';
import { CAMPAIGNS_PER_PLATFORM_MAX, parseCampaign, type Campaign, type CampaignInput } from '../domain/campaigns.js';
import { fail, succeed, validationError, type Outcome } from '../domain/user-error.js';
import type { ReferenceData } from './reference-data.js';

// A platform's campaigns as insert-only versions per ref, served to quotes and to the ledger's jobs from the reference
// snapshot (reference-data.ts), so a quote pays nothing to look at them. First-green-choice bonuses are claimed once
// per consumer and campaign here, when the ledger credits the choice.

export interface CampaignsService {
  /** Stores the campaign's next version (the first for a new ref); the same campaign as now adds none. */
  set(platformId: Types.ObjectId, input: CampaignInput): Promise<Outcome<Campaign>>;
  /** The platform's campaigns at their newest versions, in ref order (from the snapshot: the caller's own change included). */
  list(platformId: Types.ObjectId): Promise<readonly Campaign[]>;
  /**
   * Whether `choiceId` gets the campaign's first-green-choice bonus for its consumer: the first choice to claim it does,
   * and asking again for that choice answers the same.
   */
  claimFirstGreenChoice(platformId: Types.ObjectId, ref: string, consumerRef: string, choiceId: Types.ObjectId): Promise<boolean>;
}

const sameCampaign = (a: Omit<Campaign, 'version'>, b: Campaign) =>
  a.name === b.name && a.kind === b.kind && a.startsAtMs === b.startsAtMs && a.endsAtMs === b.endsAtMs &&
  a.multiplierPct === b.multiplierPct && a.bonusCredits === b.bonusCredits && a.classes.join() === b.classes.join();

export function createCampaignsService(models: Pick<Models, 'Campaign' | 'CampaignClaim'>, reference: ReferenceData, now: () => Date = () => new Date()): CampaignsService {
  const { Campaign, CampaignClaim } = models;
  const list = async (platformId: Types.ObjectId) => (await reference.current()).campaigns(platformId.toHexString());

  return {
    list,

    async set(platformId, input) {
      const parsed = parseCampaign(input);
      if (!parsed.campaign) return fail(...parsed.errors);
      const campaign = parsed.campaign;
      for (;;) {
        const campaigns = await list(platformId);
        const head = campaigns.find((c) => c.ref === campaign.ref);
        if (head && sameCampaign(campaign, head)) return succeed(head);
        if (!head && campaigns.length >= CAMPAIGNS_PER_PLATFORM_MAX) {
          return fail(validationError(['input', 'campaignRef'], `a platform keeps at most ${String(CAMPAIGNS_PER_PLATFORM_MAX)} campaigns; change an ended one instead`));
        }
        const version = (head?.version ?? 0) + 1;
        const doc: CampaignDoc = {
          _id: campaignIdOf(platformId, campaign.ref, version),
          platformId,
          ref: campaign.ref,
          version,
          name: campaign.name,
          kind: campaign.kind,
          startsAt: new Date(campaign.startsAtMs),
          endsAt: new Date(campaign.endsAtMs),
          multiplierPct: campaign.multiplierPct,
          bonusCredits: campaign.bonusCredits,
          classes: [...campaign.classes],
          createdAt: now(),
        };
        const inserted = await insertOnce(Campaign.create(doc));
        await reference.changed();
        if (inserted !== DUPLICATE) return succeed({ ...campaign, version });
        // Another request took this version first: its change is announced; read the new head and try again.
      }
    },

    async claimFirstGreenChoice(platformId, ref, consumerRef, choiceId) {
      const _id = campaignClaimIdOf(platformId, ref, consumerRef);
      if ((await insertOnce(CampaignClaim.create({ _id, choiceId, createdAt: now() }))) !== DUPLICATE) return true;
      const claim = await CampaignClaim.findById(_id).lean();
      return claim?.choiceId.equals(choiceId) ?? false;
    },
  };
}
