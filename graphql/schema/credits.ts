export const creditsTypeDefs = /* GraphQL */ `
  "A consumer's green level: it multiplies future earnings and may waive reusable deposits."
  type GreenLevel { name: String! multiplierPct: Int! depositFree: Boolean! }

  "Credits for a packaging choice, per class."
  type ChoiceCredits { standard: Int! reduced: Int! green: Int! reusable: Int! }
  input ChoiceCreditsInput { standard: Int! reduced: Int! green: Int! reusable: Int! }

  "A level and what it takes: green choices and own return rate over the last 12 months."
  type GreenLevelRule { name: String! minGreenChoices: Int! minReturnRatePct: Int! multiplierPct: Int! depositFree: Boolean! }
  input GreenLevelRuleInput { name: String! minGreenChoices: Int! minReturnRatePct: Int! "100 = unchanged, up to 1000" multiplierPct: Int! depositFree: Boolean! }

  "A platform's credit rules, versioned: every credit entry names the version that priced it. Version 0 is the default set."
  type EarningRules {
    version: Int!
    "For shipping in the product's own packaging."
    ownPackagingCredits: Int!
    choiceCredits: ChoiceCredits!
    "For a reusable unit returned within reusableReturnWindowDays."
    reusableReturnCredits: Int!
    reusableReturnWindowDays: Int!
    "Per item of packaging returned at a collection point."
    collectionReturnCreditsPerItem: Int!
    dailyCapPerConsumer: Int!
    "Always true: credits wait for delivery."
    pendingUntilDelivered: Boolean!
    "Posted credits expire this many calendar months after delivery."
    expiryMonths: Int!
    "A warning mail goes out this many days before credits expire."
    expiryWarningDays: Int!
    "Ascending; the first level (minimums 0) is everyone's."
    levels: [GreenLevelRule!]!
  }
  "Replaces the rule set whole; any problem refuses all of it."
  input EarningRulesInput {
    ownPackagingCredits: Int!
    choiceCredits: ChoiceCreditsInput!
    reusableReturnCredits: Int!
    reusableReturnWindowDays: Int!
    collectionReturnCreditsPerItem: Int!
    dailyCapPerConsumer: Int!
    expiryMonths: Int!
    expiryWarningDays: Int!
    levels: [GreenLevelRuleInput!]!
  }
  type EarningRulesPayload { earningRules: EarningRules userErrors: [UserError!]! }

  "The next posted credits to expire (the soonest lot)."
  type CreditExpiry { amount: Int! at: DateTime! }

  enum CreditEntryKind { EARN_PENDING EARN_POSTED REVERSAL REDEMPTION EXPIRY ADJUSTMENT }

  "One movement of a consumer's credits, never changed afterwards; available and pending are the balances after it."
  type CreditEntry {
    id: ID!
    "1, 2, 3, ... within the account, without gaps."
    seq: Int!
    kind: CreditEntryKind!
    "Credits moved (>= 0); the kind gives the direction."
    amount: Int!
    available: Int!
    pending: Int!
    "Why, in words a consumer can follow."
    reason: String!
    createdAt: DateTime!
    "For EARN_POSTED: when these credits expire."
    expiresAt: DateTime
  }
  type CreditEntryEdge { cursor: String! node: CreditEntry! }
  type CreditEntryConnection { edges: [CreditEntryEdge!]! nodes: [CreditEntry!]! pageInfo: PageInfo! totalCount: Int! }

  "A consumer's credits with one platform. An unknown consumerRef reads as an empty account."
  type CreditAccount {
    "Stable and unique: <platformId>:<consumerRef>. Client caches key the account by it, so a redemption's account updates the one shown."
    id: ID!
    consumerRef: String!
    "Spendable now."
    available: Int!
    "Earned, waiting for delivery."
    pending: Int!
    lifetimeEarned: Int!
    level: GreenLevel!
    nextExpiry: CreditExpiry
    "In seq order. first: 1-100, default 20."
    entries(first: Int, after: String): CreditEntryConnection!
  }

  input RedeemCreditsInput {
    consumerRef: String!
    "Whole credits, 1 to 1000000."
    amount: Int!
    "Same key and input returns the first result; same key, other input: IDEMPOTENCY_KEY_REUSED."
    idempotencyKey: String!
    "What the credits paid for, shown to the consumer (up to 200 characters)."
    purpose: String
  }
  type RedeemCreditsPayload { entry: CreditEntry account: CreditAccount userErrors: [UserError!]! }

  "A consumer's mail address, given by their platform with the consumer's consent. Used only to warn of expiring credits; only that platform can read it."
  type ConsumerContact {
    consumerRef: String!
    email: String!
    consentedAt: DateTime!
    "The language of the consumer's mail; null: the platform's own (Organization.locale)."
    locale: MailLocale
  }
  input ConsumerContactInput {
    consumerRef: String!
    email: String!
    "Must be true: the consumer agreed to be mailed about their credits. Nothing is stored without it."
    consent: Boolean!
    "The language of the consumer's mail. Left out: the platform's own (Organization.locale)."
    locale: MailLocale
  }
  type ConsumerContactPayload { contact: ConsumerContact userErrors: [UserError!]! }
  type RemoveConsumerContactPayload { "False when there was no address to remove." removed: Boolean! userErrors: [UserError!]! }

  extend type Query {
    "The mail address the calling platform gave for one of its consumers, if any (PLATFORM)."
    consumerContact(consumerRef: String!): ConsumerContact
    "A consumer's credit account with the calling platform (PLATFORM)."
    creditAccount(consumerRef: String!): CreditAccount!
    "The calling platform's earning rules in force (PLATFORM)."
    earningRules: EarningRules!
  }

  extend type Mutation {
    "Spends a consumer's available credits, soonest-expiring first (PLATFORM). INSUFFICIENT_CREDITS when short."
    redeemCredits(input: RedeemCreditsInput!): RedeemCreditsPayload!
    "Replaces the calling platform's earning rules with a new version (PLATFORM); later quotes and credits use it."
    setEarningRules(input: EarningRulesInput!): EarningRulesPayload!
    "Sets, with consent, the address a consumer's expiry warnings go to (PLATFORM); replaces an earlier one."
    setConsumerContact(input: ConsumerContactInput!): ConsumerContactPayload!
    "Forgets a consumer's address (PLATFORM): no more mail goes to it."
    removeConsumerContact(consumerRef: String!): RemoveConsumerContactPayload!
  }
`;
