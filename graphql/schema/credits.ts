export const creditsTypeDefs = /* GraphQL */ `
  "A consumer's green level: it multiplies future earnings and may waive reusable deposits."
  type GreenLevel {
    "The level's name, as the platform's earning rules call it (SEEDLING, SPROUT, TREE, FOREST by default)."
    name: String!
    "Percent applied to the credits the consumer earns, rounded down: 100 = unchanged, 150 = half as much again."
    multiplierPct: Int!
    "True: the consumer may take reusable packaging without paying its deposit."
    depositFree: Boolean!
  }

  "Credits for a packaging choice, per class."
  type ChoiceCredits {
    "Credits for choosing STANDARD packaging."
    standard: Int!
    "Credits for choosing REDUCED packaging."
    reduced: Int!
    "Credits for choosing GREEN packaging."
    green: Int!
    "Credits for choosing REUSABLE packaging; the unit also earns reusableReturnCredits when it comes back in time."
    reusable: Int!
  }
  "Credits for a packaging choice, per class: whole credits, 0 to 10000 each. NON_COMPLIANT packaging never earns."
  input ChoiceCreditsInput {
    "Credits for choosing STANDARD packaging, 0 to 10000."
    standard: Int!
    "Credits for choosing REDUCED packaging, 0 to 10000."
    reduced: Int!
    "Credits for choosing GREEN packaging, 0 to 10000."
    green: Int!
    "Credits for choosing REUSABLE packaging, 0 to 10000 (default 0: a reusable unit earns when it comes back)."
    reusable: Int!
  }

  "A level and what it takes: green choices and own return rate over the last 12 months."
  type GreenLevelRule {
    "The level's name."
    name: String!
    "The fewest green choices needed: delivered, uncancelled orders in the last 12 months in the product's own packaging or REDUCED, GREEN or REUSABLE packaging."
    minGreenChoices: Int!
    "The lowest return rate needed: percent of the packaging received over the last 12 months brought back (none received counts as 100)."
    minReturnRatePct: Int!
    "Percent applied to earned credits, rounded down: 100 = unchanged."
    multiplierPct: Int!
    "True: consumers at this level may take reusable packaging without paying the deposit."
    depositFree: Boolean!
  }
  "One green level. A consumer holds the last level whose two minimums they both meet."
  input GreenLevelRuleInput {
    "1 to 40 characters of plain text; surrounding spaces are trimmed."
    name: String!
    "Green choices needed (delivered orders in own, REDUCED, GREEN or REUSABLE packaging over 12 months), 0 to 100000."
    minGreenChoices: Int!
    "Return rate needed, 0 to 100 percent of the packaging received over 12 months."
    minReturnRatePct: Int!
    "Percent applied to earned credits, rounded down: 100 = unchanged, up to 1000."
    multiplierPct: Int!
    "True: consumers at this level take reusable packaging without a deposit."
    depositFree: Boolean!
  }

  "A platform's credit rules, versioned: every credit entry names the version that priced it. Version 0 is the default set."
  type EarningRules {
    "1, 2, 3, ... per platform, one more at each change; 0 is the default set, in force until the platform sets its own."
    version: Int!
    "For shipping in the product's own packaging (no secondary packaging); replaces the class credits."
    ownPackagingCredits: Int!
    "For choosing packaging of each class."
    choiceCredits: ChoiceCredits!
    "For a reusable unit returned within reusableReturnWindowDays."
    reusableReturnCredits: Int!
    "Days, counted from the order's delivery (or its shipment when no delivery was reported), within which a returned reusable unit earns."
    reusableReturnWindowDays: Int!
    "Per item of packaging returned at a collection point."
    collectionReturnCreditsPerItem: Int!
    "The most credits one consumer can earn on one UTC day; an earning past it is cut to what is left, and its entry says so."
    dailyCapPerConsumer: Int!
    "Always true: credits wait for delivery."
    pendingUntilDelivered: Boolean!
    "Posted credits expire this many calendar months after they were posted (the delivery, or the return)."
    expiryMonths: Int!
    "A warning mail goes out this many days before credits expire."
    expiryWarningDays: Int!
    "Ascending; the first level (minimums 0) is everyone's."
    levels: [GreenLevelRule!]!
  }
  "Replaces the rule set whole; any problem refuses all of it."
  input EarningRulesInput {
    "Credits for shipping in the product's own packaging, 0 to 10000."
    ownPackagingCredits: Int!
    "Credits for choosing packaging of each class."
    choiceCredits: ChoiceCreditsInput!
    "Credits for a reusable unit returned within the window, 0 to 10000."
    reusableReturnCredits: Int!
    "Days after delivery (or shipment) within which a returned reusable unit earns, 1 to 365."
    reusableReturnWindowDays: Int!
    "Credits per item of packaging returned at a collection point, 0 to 10000."
    collectionReturnCreditsPerItem: Int!
    "The most credits one consumer can earn on one UTC day, 1 to 1000000."
    dailyCapPerConsumer: Int!
    "Calendar months after posting at which credits expire, 1 to 120."
    expiryMonths: Int!
    "Days before expiry at which the consumer is warned by mail, 1 to 365."
    expiryWarningDays: Int!
    "1 to 10 levels, ascending (each at least as demanding as the one before); the first one's minimums must be 0."
    levels: [GreenLevelRuleInput!]!
  }
  "The outcome of setEarningRules."
  type EarningRulesPayload {
    "The rules now in force (the current version unchanged when the input equals it); null when refused."
    earningRules: EarningRules
    "Why the rules were refused; empty on success."
    userErrors: [UserError!]!
  }

  "The next posted credits to expire (the soonest lot)."
  type CreditExpiry {
    "Credits left in that lot."
    amount: Int!
    "When they expire."
    at: DateTime!
  }

  "What moved a consumer's credits."
  enum CreditEntryKind {
    "Credits earned by a packaging choice or a return, added to pending: a choice's wait for delivery, a return's are posted at once."
    EARN_PENDING
    "Pending credits made available (the order was delivered, or packaging came back); they expire at expiresAt."
    EARN_POSTED
    "Credits taken back because the order was cancelled: from pending, or from what is left of the order's posted credits."
    REVERSAL
    "Credits the platform spent for the consumer with redeemCredits."
    REDEMPTION
    "Posted credits that reached their expiry date unspent."
    EXPIRY
    "A correction by a person (adjustCredits), with its reason and actor: credits added form a lot of their own (expiring at expiresAt), credits taken come from the soonest-expiring lots."
    ADJUSTMENT
    "Credits set aside for a checkout (holdCredits): no longer available, not spent yet."
    HOLD
    "Held credits spent: the hold was captured (captureHold)."
    HOLD_CAPTURE
    "Held credits given back to their lots: the hold was voided (voidHold) or timed out."
    HOLD_VOID
    "A redemption's credits given back to their lots, with their original expiry (reverseRedemption)."
    REDEMPTION_REVERSAL
  }

  "One movement of a consumer's credits, never changed afterwards; available and pending are the balances after it."
  type CreditEntry {
    "The entry's id: <platformId>:<consumerRef>:<seq>."
    id: ID!
    "1, 2, 3, ... within the account, without gaps."
    seq: Int!
    "What moved the credits."
    kind: CreditEntryKind!
    "Credits moved (>= 0); the kind gives the direction."
    amount: Int!
    "Credits spendable after this entry."
    available: Int!
    "Credits waiting for delivery after this entry."
    pending: Int!
    "Why, in words a consumer can follow."
    reason: String!
    "When the entry was written."
    createdAt: DateTime!
    "For EARN_POSTED and an ADJUSTMENT that added credits: when these credits expire."
    expiresAt: DateTime
    "For an ADJUSTMENT, who made it: OPERATOR, or PLATFORM:<platformId>; null for every other kind."
    actor: String
    "The signed change of available + pending this entry made for the consumer (an ADJUSTMENT that took credits back is negative)."
    consumerDelta: Int!
  }
  "One entry of a credit account's list, with its cursor."
  type CreditEntryEdge {
    "Pass as after to read the entries following this one."
    cursor: String!
    "The entry."
    node: CreditEntry!
  }
  "A page of a credit account's entries, in seq order."
  type CreditEntryConnection {
    "The page's entries with their cursors."
    edges: [CreditEntryEdge!]!
    "The page's entries."
    nodes: [CreditEntry!]!
    "Where the page lies in the whole list."
    pageInfo: PageInfo!
    "All entries of the account, on every page."
    totalCount: Int!
  }

  "A consumer's credits with one platform. An unknown consumerRef reads as an empty account."
  type CreditAccount {
    "Stable and unique: <platformId>:<consumerRef>. Client caches key the account by it, so a redemption's account updates the one shown."
    id: ID!
    "The platform's own reference for the consumer."
    consumerRef: String!
    "Spendable now."
    available: Int!
    "Earned, waiting for delivery."
    pending: Int!
    "Set aside by open holds: not available, not spent yet."
    held: Int!
    "Every credit ever earned, pending included, less reversals; redemptions and expiries do not lower it."
    lifetimeEarned: Int!
    "The level the consumer's last 12 months reach under the platform's current earning rules."
    level: GreenLevel!
    "Grams of CO2e the packaging of the consumer's orders delivered in the last 12 months avoided against single-use boxes (each option's co2eAvoidedGrams), as the daily level count last added them up."
    co2eAvoidedGrams: Int!
    "The soonest posted credits to expire; null when nothing is available."
    nextExpiry: CreditExpiry
    "The account's entries in seq order, oldest first on every page. Page forward with first/after, or backward from the newest with last/before (a statement's latest entries: last: 10); mixing the two is a BAD_USER_INPUT error."
    entries(
      "Entries per page reading forward, 1 to 100; default 20."
      first: Int
      "The cursor of the entry to read after; left out: from the first entry."
      after: String
      "Entries per page reading backward, 1 to 100; default 20: the newest ones, or those just before before."
      last: Int
      "The cursor of the entry to read before; left out: up to the newest entry."
      before: String
    ): CreditEntryConnection
  }

  "A platform's credit liability as of a moment, from every account's last entry by then. Credits are counted in credits (GreenLoop gives them no money value)."
  type CreditLiability {
    "The moment the figures are for."
    asOf: DateTime!
    "The currency credits are valued in, for booking them as money: null, because GreenLoop gives credits no money value (every figure here is in credits)."
    currency: String
    "Consumers with at least one entry by asOf."
    accounts: Int!
    "Posted credits not spent, taken back or past their expiry date by asOf: what the platform owes."
    outstanding: Int!
    "Credits earned by orders not delivered yet by asOf (owed once delivered, none if cancelled)."
    pending: Int!
    "Credits set aside by open holds at asOf (checkouts in progress): spent if captured, back in outstanding if voided."
    held: Int!
    "Of the outstanding credits, those expiring within 30 days after asOf."
    expiring30d: Int!
    "Of the outstanding credits, those expiring within 90 days after asOf (the 30 days included)."
    expiring90d: Int!
    "Of the outstanding credits, those expiring within 365 days after asOf."
    expiring365d: Int!
    "The net of every ADJUSTMENT by asOf: credits added less credits taken back."
    adjustmentsNet: Int!
    "How many ADJUSTMENT entries there were by asOf."
    adjustments: Int!
  }

  "Credits a checkout sets aside when the consumer applies them (the first phase of a redemption)."
  input HoldCreditsInput {
    "The platform's reference for the consumer: 1 to 128 letters, digits and . _ : @ # / -"
    consumerRef: String!
    "Whole credits, 1 to 1000000, at most what is available."
    amount: Int!
    "1 to 200 printable ASCII characters. Same key and input returns the first hold; same key, other input: IDEMPOTENCY_KEY_REUSED."
    idempotencyKey: String!
    "Seconds until the hold voids itself if nobody captures or voids it: 1 to 86400, default 900."
    timeoutSeconds: Int
    "The order the credits are applied to, shown on the entries."
    orderRef: String
  }
  "A capture or void of a hold."
  input HoldActionInput {
    "The hold, as holdCredits returned it."
    holdId: ID!
    "1 to 200 printable ASCII characters; a hold is settled once, so repeating either action answers how it was settled."
    idempotencyKey: String!
  }
  "Where a hold stands."
  enum HoldStatus {
    "Set aside, until captured, voided or its timeout."
    HELD
    "Spent: the order completed."
    CAPTURED
    "Given back: the checkout failed."
    VOIDED
    "Past its timeout without a capture: given back (by the job that voids timed-out holds, within a minute)."
    EXPIRED
  }
  "Credits held for a checkout."
  type CreditHold {
    "The hold's id: pass it to captureHold or voidHold."
    id: ID!
    "The platform's reference for the consumer."
    consumerRef: String!
    "The credits held."
    amount: Int!
    "Where it stands."
    status: HoldStatus!
    "When it voids itself unless captured."
    expiresAt: DateTime!
    "The order the credits were applied to, if given."
    orderRef: String
  }
  "The outcome of holdCredits, captureHold or voidHold."
  type HoldPayload {
    "The hold; null when refused."
    hold: CreditHold
    "The consumer's account after it; null when refused."
    account: CreditAccount
    "Why it was refused; empty on success."
    userErrors: [UserError!]!
  }
  "A redemption to give back, because its order was cancelled."
  input ReverseRedemptionInput {
    "The REDEMPTION (or HOLD_CAPTURE) entry's id."
    entryId: ID!
    "1 to 200 printable ASCII characters. A redemption is reversed once: another key afterwards is ALREADY_REVERSED."
    idempotencyKey: String!
    "Why, 1 to 200 characters, shown on the entry."
    reason: String!
  }

  "Credits a platform spends for one of its consumers."
  input RedeemCreditsInput {
    "The platform's reference for the consumer: 1 to 128 letters, digits and . _ : @ # / -"
    consumerRef: String!
    "Whole credits, 1 to 1000000."
    amount: Int!
    "1 to 200 printable ASCII characters. Same key and input returns the first result; same key, other input: IDEMPOTENCY_KEY_REUSED."
    idempotencyKey: String!
    "What the credits paid for, shown to the consumer (up to 200 characters)."
    purpose: String
  }
  "A correction of a consumer's credits, with why. The operator names the platform; a platform adjusts its own consumers."
  input AdjustCreditsInput {
    "The platform's reference for the consumer: 1 to 128 letters, digits and . _ : @ # / -"
    consumerRef: String!
    "Whole credits to add (1 to 1000000) or take back (-1 to -1000000); taking back more than is available is INSUFFICIENT_CREDITS."
    amount: Int!
    "Why, 1 to 200 characters: shown on the entry to the consumer and in the platform's liability."
    reason: String!
    "1 to 200 printable ASCII characters. Same key and input returns the first result; same key, other input: IDEMPOTENCY_KEY_REUSED."
    idempotencyKey: String!
    "The platform whose consumer it is: required with the operator key; a platform may leave it out or name itself (another: FORBIDDEN)."
    platformId: ID
  }
  "The outcome of redeemCredits or adjustCredits."
  type RedeemCreditsPayload {
    "The REDEMPTION or ADJUSTMENT entry; null when refused."
    entry: CreditEntry
    "The account after the redemption (on a repeated request: as it stands now); null when refused."
    account: CreditAccount
    "Why the redemption was refused; empty on success."
    userErrors: [UserError!]!
  }

  "A consumer's mail address, given by their platform with the consumer's consent. Used only to warn of expiring credits; only that platform can read it."
  type ConsumerContact {
    "The platform's reference for the consumer."
    consumerRef: String!
    "The consumer's e-mail address."
    email: String!
    "When the platform gave this address with consent; setting the same address again keeps the first time."
    consentedAt: DateTime!
    "The language of the consumer's mail; null: the platform's own (Organization.locale)."
    locale: MailLocale
  }
  "A consumer's mail address, given with their consent."
  input ConsumerContactInput {
    "The platform's reference for the consumer: 1 to 128 letters, digits and . _ : @ # / -"
    consumerRef: String!
    "An e-mail address, up to 254 characters; surrounding spaces are trimmed."
    email: String!
    "Must be true: the consumer agreed to be mailed about their credits. Nothing is stored without it."
    consent: Boolean!
    "The language of the consumer's mail. Left out: the platform's own (Organization.locale)."
    locale: MailLocale
  }
  "The outcome of setConsumerContact."
  type ConsumerContactPayload {
    "The address as stored; null when refused."
    contact: ConsumerContact
    "Why the address was refused; empty on success."
    userErrors: [UserError!]!
  }
  "The outcome of removeConsumerContact."
  type RemoveConsumerContactPayload {
    "False when there was no address to remove."
    removed: Boolean!
    "Why the removal was refused; empty on success."
    userErrors: [UserError!]!
  }

  extend type Query {
    "The mail address the calling platform gave for one of its consumers, if any (PLATFORM)."
    consumerContact(
      "The platform's reference for the consumer: 1 to 128 letters, digits and . _ : @ # / - (else BAD_USER_INPUT)."
      consumerRef: String!
    ): ConsumerContact
    "What the calling platform owes its consumers in credits as of a moment (PLATFORM, its own): outstanding and pending credits, what expires soon, the adjustments made. Reads every entry of the platform's accounts once: a finance report, not a checkout call."
    creditLiability(
      "The moment, not in the future; left out: now."
      asOf: DateTime
    ): CreditLiability
    "One of the calling platform's holds, as it stands now (PLATFORM); null when it has no such hold."
    creditHold("The hold's id." id: ID!): CreditHold
    "A consumer's credit account with the calling platform (PLATFORM)."
    creditAccount(
      "The platform's reference for the consumer: 1 to 128 letters, digits and . _ : @ # / - (else BAD_USER_INPUT)."
      consumerRef: String!
    ): CreditAccount
    "The calling platform's earning rules in force (PLATFORM)."
    earningRules: EarningRules
  }

  extend type Mutation {
    """
    Spends a consumer's available credits, soonest-expiring first (PLATFORM). INSUFFICIENT_CREDITS when short;
    IDEMPOTENCY_KEY_REUSED when the key came with another redemption; VALIDATION for a bad field.
    """
    redeemCredits(
      "The consumer, the amount and the idempotency key."
      input: RedeemCreditsInput!
    ): RedeemCreditsPayload!
    "Holds credits for a checkout (PLATFORM): taken from the soonest-expiring lots, no longer available, never spendable twice; capture or void it when the order completes or fails, or it voids itself after timeoutSeconds. userErrors: VALIDATION, INSUFFICIENT_CREDITS, IDEMPOTENCY_KEY_REUSED."
    holdCredits("The consumer, the amount, the timeout and the idempotency key." input: HoldCreditsInput!): HoldPayload!
    "Spends a hold's credits (PLATFORM): the order completed. A hold is settled once: capturing it again answers it; one voided or timed out is HOLD_NOT_OPEN; past its timeout, HOLD_EXPIRED. NOT_FOUND: not this platform's hold."
    captureHold("The hold and the idempotency key." input: HoldActionInput!): HoldPayload!
    "Gives a hold's credits back to their lots, with their expiry (PLATFORM): the checkout failed. Voiding it again answers it; a captured hold is HOLD_NOT_OPEN. NOT_FOUND: not this platform's hold."
    voidHold("The hold and the idempotency key." input: HoldActionInput!): HoldPayload!
    "Gives a redemption's credits back (PLATFORM): its order was cancelled. Each credit returns to the lot it came from with that lot's expiry (an expired one expires again at once). Once per redemption: ALREADY_REVERSED after. userErrors: VALIDATION, NOT_FOUND."
    reverseRedemption("The redemption, the reason and the idempotency key." input: ReverseRedemptionInput!): RedeemCreditsPayload!
    "Posts an ADJUSTMENT (the operator, or a PLATFORM for its own consumers): never edits history, records who and why. userErrors: VALIDATION, INSUFFICIENT_CREDITS, IDEMPOTENCY_KEY_REUSED, NOT_FOUND (the operator naming no platform)."
    adjustCredits(
      "The consumer, the signed amount, the reason and the idempotency key."
      input: AdjustCreditsInput!
    ): RedeemCreditsPayload!
    """
    Replaces the calling platform's earning rules with a new version (PLATFORM); later quotes and credits use it.
    VALIDATION for any value out of range, and then nothing changes.
    """
    setEarningRules(
      "The complete new rule set."
      input: EarningRulesInput!
    ): EarningRulesPayload!
    """
    Sets, with consent, the address a consumer's expiry warnings go to (PLATFORM); replaces an earlier one.
    VALIDATION for a bad reference or address, or when consent is false.
    """
    setConsumerContact(
      "The consumer, the address and the consent."
      input: ConsumerContactInput!
    ): ConsumerContactPayload!
    "Forgets a consumer's address (PLATFORM): no more mail goes to it. VALIDATION for a malformed consumerRef."
    removeConsumerContact(
      "The platform's reference for the consumer: 1 to 128 letters, digits and . _ : @ # / -"
      consumerRef: String!
    ): RemoveConsumerContactPayload!
  }
`;
