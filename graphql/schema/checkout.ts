export const checkoutTypeDefs = /* GraphQL */ `
  "A price for packaging whose inner volume is at most maxInnerVolumeCm3."
  type SizeBand {
    "Largest inner volume of the packaging this band prices, in cm3 (inclusive)."
    maxInnerVolumeCm3: Int!
    "Fee in integer minor units of currency (e.g. fen for CNY); negative: a discount."
    feeMinor: Int!
    "ISO 4217 code of the fee: the pricing rules' currency."
    currency: String!
  }
  "A price for packaging up to an inner volume."
  input SizeBandInput {
    "Largest inner volume the band prices, in cm3 (inclusive): 1-27000000, strictly ascending within a class."
    maxInnerVolumeCm3: Int!
    "Fee in integer minor units, -1000000 to 1000000; negative: a discount."
    feeMinor: Int!
  }

  "What a packaging class costs the consumer. A negative fee is a discount."
  type ClassPrice {
    "The class priced."
    packagingClass: PackagingClass!
    "Fee in integer minor units of currency when no size band holds the volume; negative: a discount."
    feeMinor: Int!
    "ISO 4217 code of the fees: the pricing rules' currency."
    currency: String!
    "Ascending; the first band holding the volume applies, else feeMinor."
    sizeBands: [SizeBand!]!
  }
  "The price of one packaging class."
  input ClassPriceInput {
    "STANDARD, REDUCED, GREEN or REUSABLE, each once; NON_COMPLIANT is a VALIDATION error."
    packagingClass: PackagingClass!
    "Fee in integer minor units, -1000000 to 1000000, when no size band holds the volume; negative: a discount."
    feeMinor: Int!
    "At most 20 bands, strictly ascending by volume; null or empty: feeMinor for every size."
    sizeBands: [SizeBandInput!]
  }

  "A platform's packaging prices, versioned: every quote names the version it used. Version 0 is the default set."
  type PricingRules {
    "0 for the default set; each change the platform makes adds 1."
    version: Int!
    "ISO 4217, e.g. CNY."
    currency: String!
    "One entry for each of STANDARD, REDUCED, GREEN, REUSABLE, in that order."
    classes: [ClassPrice!]!
    "Refundable deposit charged with REUSABLE packaging, minor units."
    reusableDepositMinor: Int!
  }
  "Replaces the rule set whole; any problem refuses all of it. STANDARD, REDUCED, GREEN and REUSABLE each once."
  input PricingRulesInput {
    "ISO 4217 code, three capital letters, e.g. CNY; every amount is in its minor units."
    currency: String!
    "One price for each of STANDARD, REDUCED, GREEN and REUSABLE."
    classes: [ClassPriceInput!]!
    "Refundable deposit charged with REUSABLE packaging, integer minor units, 0-1000000."
    reusableDepositMinor: Int!
  }
  "The result of setPricingRules."
  type PricingRulesPayload {
    "The rules now in force; null when userErrors is not empty."
    pricingRules: PricingRules
    "Why nothing changed; empty on success."
    userErrors: [UserError!]!
  }

  "The item to ship, in millimetres and grams."
  input ParcelInput {
    "Length in millimetres, 1-3000."
    lengthMm: Int!
    "Width in millimetres, 1-3000."
    widthMm: Int!
    "Height in millimetres, 1-3000."
    heightMm: Int!
    "Weight in grams, 1-100000; packaging types declaring a lower maxLoadGrams are not offered."
    weightGrams: Int!
    "The product's own packaging can ship as is (no secondary box). Default false; true adds a REDUCED option without packaging."
    shipsInOwnPackaging: Boolean
  }

  "One way to ship an order, priced by its class."
  type PackagingOption {
    "Unique within its quote; in the form <quoteId>:o<n>, so unique everywhere."
    id: ID!
    "The class it is priced and credited by; REDUCED when shipping in the product's own packaging."
    packagingClass: PackagingClass!
    "null: ships in the product's own packaging."
    packagingType: PackagingType
    "Fee (negative: discount) in minor units of currency, from the size band holding the packaging's inner volume (the parcel's for own packaging)."
    priceMinor: Int!
    "Refundable deposit, minor units (REUSABLE only); 0 otherwise, and when the consumer's green level waives it."
    depositMinor: Int!
    "ISO 4217 code of the amounts, from the platform's pricing rules."
    currency: String!
    "Green credits this choice earns, whole, after the consumer's green-level multiplier (pending until delivery)."
    credits: Int!
    "1 - parcel volume / inner volume, 3 decimals; 0 for own packaging."
    emptySpaceRatio: Float!
    "True for exactly one option of a quote that has any: the greenest (own packaging, REUSABLE, GREEN, REDUCED, STANDARD), then the cheapest."
    recommended: Boolean!
    "Estimated grams of CO2e of this packaging for the parcel, by the carbon factors in carbonVersion: a single-use type's making (its mass times its material's factor), a reusable type's making shared over its designed trips plus one trip; 0 for own packaging (and for options recorded before carbon was counted, whose carbonVersion is null)."
    co2eGrams: Int!
    "Grams of CO2e this option avoids against the single-use corrugated box the parcel would otherwise ship in (the factors' baseline); never negative. The consumer's account and the green-impact figures add these up."
    co2eAvoidedGrams: Int!
    "The carbon factors' version (carbonFactors(version:) explains it); null for options recorded before carbon was counted."
    carbonVersion: String
    "What the platform's running campaigns add to credits (already included in it), one line per campaign. A first-green-choice bonus is shown to a consumer with no green choice on record and given once: to the first of their green choices the ledger credits."
    campaignCredits: [CampaignCredit!]!
  }

  "Packaging options for one parcel; choose one before expiresAt."
  type Quote {
    "The quote's id, for choosePackaging."
    id: ID!
    "30 minutes after the quote was made; later, choosePackaging answers QUOTE_EXPIRED."
    expiresAt: DateTime!
    "Own packaging first when allowed, then at most one per class (the smallest packaging type that fits within the empty-space limit and carries the weight); empty when nothing fits."
    options: [PackagingOption!]!
    "The versions that produced this quote, so it can be explained."
    standardVersion: String!
    "The version of the platform's pricing rules used; 0: the default set."
    pricingVersion: Int!
    "The version of the carbon factors every option's CO2e was estimated with."
    carbonVersion: String
  }

  "A consumer's choice of one option of a quote, for an order."
  input ChoosePackagingInput {
    "A quote of yours from requestQuote; unknown or another platform's: NOT_FOUND; past expiresAt: QUOTE_EXPIRED."
    quoteId: ID!
    "The chosen option's id, <quoteId>:o<n> or just o<n>; not in the quote: NOT_FOUND."
    optionId: ID!
    "The platform's order reference (1 to 128 characters of letters, digits and . _ : @ # / -): one choice per order; another choice for it: ALREADY_CHOSEN."
    orderRef: String!
    "1 to 200 printable ASCII characters. Same key and input returns the first result; same key, other input: IDEMPOTENCY_KEY_REUSED."
    idempotencyKey: String
  }

  "A consumer's packaging choice for an order. Recorded once; crediting follows in the background."
  type PackagingChoice {
    "The choice's id."
    id: ID!
    "The platform's order reference."
    orderRef: String!
    "The consumer reference the quote was made for."
    consumerRef: String!
    "The chosen option, as quoted."
    option: PackagingOption!
    "When the choice was recorded."
    createdAt: DateTime!
  }
  "The result of choosePackaging."
  type ChoosePackagingPayload {
    "The recorded choice (also when the request repeats an earlier one); null when userErrors is not empty."
    choice: PackagingChoice
    "Why nothing was recorded; empty on success."
    userErrors: [UserError!]!
  }

  "How an order ended."
  enum OrderEventType {
    "The order reached the consumer: the credits its choice earned are posted."
    DELIVERED
    "The order was cancelled: the credits its choice would have earned are taken back."
    CANCELLED
  }
  "How and when an order ended."
  input OrderEventInput {
    "The order reference given to choosePackaging; with no choice: UNKNOWN_ORDER."
    orderRef: String!
    "DELIVERED or CANCELLED."
    type: OrderEventType!
    "When it happened; now when omitted. Not more than 5 minutes ahead of the server clock, nor before the choice (else VALIDATION)."
    occurredAt: DateTime
  }
  "The result of recordOrderEvent."
  type OrderEventPayload {
    "True when the event is recorded (or was already); false when userErrors is not empty."
    accepted: Boolean!
    "Why the event was refused; empty on success."
    userErrors: [UserError!]!
  }

  "A parcel to quote packaging for."
  input RequestQuoteInput {
    "The item to ship."
    parcel: ParcelInput!
    "The platform's reference for the consumer: 1 to 128 characters of letters, digits and . _ : @ # / -"
    consumerRef: String!
    "The platform's warehouse the order ships from (1 to 64 letters, digits and . _ -): its assortment (setAssortment) limits what is offered, else the platform's, else the whole compliant catalogue is."
    warehouseRef: String
  }
  "The result of requestQuote."
  type RequestQuotePayload {
    "The new quote; null when userErrors is not empty."
    quote: Quote
    "What is wrong with the input; empty on success."
    userErrors: [UserError!]!
  }

  "The packaging types a platform stocks, for all its warehouses or for one."
  input AssortmentInput {
    "The packaging types stocked, any producer's, at most 1000 (a repeated id counts once); empty: only own packaging is offered."
    packagingTypeIds: [ID!]!
    "The warehouse this assortment is for (1 to 64 letters, digits and . _ -, as requestQuote's); left out: the platform's, for every warehouse without its own."
    warehouseRef: String
  }
  "The outcome of setAssortment."
  type AssortmentPayload {
    "The packaging types now stocked in the scope, in id order; empty when userErrors is not empty."
    packagingTypeIds: [ID!]!
    "The warehouse the assortment is for; null: the platform's."
    warehouseRef: String
    "The scope's version now in force, 1, 2, ...; null when userErrors is not empty."
    version: Int
    "Why nothing changed; empty on success."
    userErrors: [UserError!]!
  }
  "A version of what a platform stocks, for all its warehouses or one: its quotes offer only these packaging types (plus own packaging)."
  type Assortment {
    "<platformId>/<warehouseRef>/<version> (warehouseRef empty for the platform's)."
    id: ID!
    "The warehouse it is for; null: the platform's, for every warehouse without its own."
    warehouseRef: String
    "1, 2, ...: each change of the scope adds one."
    version: Int!
    "The packaging types stocked, in id order."
    packagingTypeIds: [ID!]!
    "When this version was set."
    setAt: DateTime!
  }

  extend type Query {
    "The calling platform's assortment for a warehouse, or its own with warehouseRef left out (PLATFORM); null when that scope has none (a warehouse then uses the platform's; without either, quotes offer the whole compliant catalogue)."
    assortment("The warehouse; left out: the platform's." warehouseRef: String): Assortment
    "Packaging options for a parcel (PLATFORM), as requestQuote gives them. Kept for existing clients: every call creates a new quote, so it must not be cached (Apollo Client: fetchPolicy network-only); prefer requestQuote. Bad input is a BAD_USER_INPUT error listing each field."
    packagingOptions(
      "The item to ship."
      parcel: ParcelInput!
      "The platform's reference for the consumer: 1 to 128 characters of letters, digits and . _ : @ # / -"
      consumerRef: String!
    ): Quote
    "The calling platform's pricing rules in force (PLATFORM)."
    pricingRules: PricingRules
  }

  extend type Mutation {
    "Asks for the packaging options of a parcel (PLATFORM): a new quote, an offer kept 30 minutes, each option priced and with the credits it earns. A write, so clients never cache it. Option ids are <quoteId>:o<n> (choosePackaging also takes the short form o<n>). Bad input: VALIDATION userErrors, each naming its field."
    requestQuote("The parcel and who it is for." input: RequestQuoteInput!): RequestQuotePayload!
    "Replaces the calling platform's pricing rules with a new version (PLATFORM); sending the rules of your latest version again adds none. userErrors: VALIDATION."
    setPricingRules("The whole rule set." input: PricingRulesInput!): PricingRulesPayload!
    "Sets what the calling platform (or one of its warehouses) stocks (PLATFORM): its quotes then offer only these packaging types, plus own packaging; its next quote already does. The same list again adds no version. userErrors: VALIDATION, NOT_FOUND (an id no packaging type has)."
    setAssortment("The packaging types and the warehouse." input: AssortmentInput!): AssortmentPayload!
    "Records the consumer's choice for an order, once (PLATFORM); the same choice again returns the first. userErrors: VALIDATION, NOT_FOUND, QUOTE_EXPIRED, ALREADY_CHOSEN, IDEMPOTENCY_KEY_REUSED."
    choosePackaging("The quote, option and order." input: ChoosePackagingInput!): ChoosePackagingPayload!
    "Records how an order ended, DELIVERED or CANCELLED (PLATFORM). An order ends once: the same event again is a replay (accepted), the other one is ORDER_CLOSED, also when both are sent at once. A delivered order keeps its credits (its packaging was used). UNKNOWN_ORDER for an order with no choice; VALIDATION for a bad orderRef or occurredAt."
    recordOrderEvent("The order and how it ended." input: OrderEventInput!): OrderEventPayload!
  }
`;
