export const campaignsTypeDefs = /* GraphQL */ `
  "What a campaign does while it runs."
  enum CampaignKind {
    "Multiplies the credits of choices of its classes quoted while it runs (e.g. 200: Double 11 doubles them). Multipliers do not stack: the highest running one applies."
    MULTIPLIER
    "Adds bonusCredits to a consumer's first green choice quoted while it runs: once per consumer and campaign, to the first such choice the ledger credits (if that order is cancelled, the bonus is reversed with its credits and not given again)."
    FIRST_GREEN_CHOICE_BONUS
    "Adds bonusCredits to every return recorded while it runs that earns credits (a reusable unit back in time, loose packaging credited to a consumer)."
    RETURN_BONUS
  }

  "A platform's time-boxed campaign, at one version: a change is a new version of the same ref, never an edit; quotes and ledger entries name the version that applied."
  type Campaign {
    "<platformId>:<ref>:<version>: a version never changes."
    id: ID!
    "The platform's name for the campaign (CampaignInput.campaignRef), e.g. double-11-2026."
    ref: String!
    "1 for the first version, then one more for each change."
    version: Int!
    "What consumers are told, e.g. Double 11."
    name: String!
    "What it does."
    kind: CampaignKind!
    "It applies to facts from this moment on."
    startsAt: DateTime!
    "...and before this one."
    endsAt: DateTime!
    "MULTIPLIER: the credits times multiplierPct / 100; null for the bonuses."
    multiplierPct: Int
    "The bonuses: the credits added; null for a MULTIPLIER."
    bonusCredits: Int
    "MULTIPLIER: the packaging classes it multiplies (own packaging counts as REDUCED); empty for the bonuses."
    classes: [PackagingClass!]!
    "Whether it runs now."
    running: Boolean!
  }

  "What one campaign added to an option's credits (included in PackagingOption.credits), or to a return's."
  type CampaignCredit {
    "The campaign."
    campaignRef: String!
    "The campaign's version that applied."
    version: Int!
    "The campaign's name."
    name: String!
    "What it does."
    kind: CampaignKind!
    "The credits it adds."
    credits: Int!
  }

  "A campaign version to store. The same campaign as the newest version of its campaignRef adds no version."
  input CampaignInput {
    "1 to 64 letters, digits and . _ -; a new ref starts a campaign (at most 50 per platform), an existing one gets a new version."
    campaignRef: String!
    "1 to 100 characters of plain text."
    name: String!
    "What it does."
    kind: CampaignKind!
    "From this moment."
    startsAt: DateTime!
    "Until this moment: after startsAt, at most 366 days later. End a campaign early with a new version ending now."
    endsAt: DateTime!
    "MULTIPLIER only, and required: 101 to 1000 (200 doubles)."
    multiplierPct: Int
    "FIRST_GREEN_CHOICE_BONUS and RETURN_BONUS only, and required: 1 to 10000 credits."
    bonusCredits: Int
    "MULTIPLIER only: the classes it multiplies (not NON_COMPLIANT); left out: REDUCED, GREEN and REUSABLE."
    classes: [PackagingClass!]
  }
  "The result of setCampaign."
  type CampaignPayload {
    "The campaign's newest version; null when userErrors is not empty."
    campaign: Campaign
    "Why nothing was stored; empty on success."
    userErrors: [UserError!]!
  }

  extend type Query {
    "The calling platform's campaigns (PLATFORM), each at its newest version, running or not, by campaignRef."
    campaigns: [Campaign!]!
  }

  extend type Mutation {
    "Starts a campaign or stores its next version (PLATFORM). Quotes from now on preview its credits; credits already quoted or earned keep the version they were quoted under. Bad input: VALIDATION at each field."
    setCampaign("The whole campaign." input: CampaignInput!): CampaignPayload!
  }
`;
