export const checkoutTypeDefs = /* GraphQL */ `
  "A price for packaging whose inner volume is at most maxInnerVolumeCm3."
  type SizeBand { maxInnerVolumeCm3: Int! feeMinor: Int! }
  input SizeBandInput { maxInnerVolumeCm3: Int! feeMinor: Int! }

  "What a packaging class costs the consumer. A negative fee is a discount."
  type ClassPrice { packagingClass: PackagingClass! feeMinor: Int! "Ascending; the first band holding the volume applies, else feeMinor." sizeBands: [SizeBand!]! }
  input ClassPriceInput { packagingClass: PackagingClass! feeMinor: Int! sizeBands: [SizeBandInput!] }

  "A platform's packaging prices, versioned: every quote names the version it used. Version 0 is the default set."
  type PricingRules {
    version: Int!
    "ISO 4217, e.g. CNY."
    currency: String!
    "One entry for each of STANDARD, REDUCED, GREEN, REUSABLE."
    classes: [ClassPrice!]!
    "Refundable deposit charged with REUSABLE packaging, minor units."
    reusableDepositMinor: Int!
  }
  "Replaces the rule set whole; any problem refuses all of it. STANDARD, REDUCED, GREEN and REUSABLE each once."
  input PricingRulesInput { currency: String! classes: [ClassPriceInput!]! reusableDepositMinor: Int! }
  type PricingRulesPayload { pricingRules: PricingRules userErrors: [UserError!]! }

  "The item to ship, in millimetres and grams."
  input ParcelInput {
    lengthMm: Int!
    widthMm: Int!
    heightMm: Int!
    weightGrams: Int!
    "The product's own packaging can ship as is (no secondary box)."
    shipsInOwnPackaging: Boolean
  }

  "One way to ship an order, priced by its class."
  type PackagingOption {
    "Unique within its quote."
    id: ID!
    packagingClass: PackagingClass!
    "null: ships in the product's own packaging."
    packagingType: PackagingType
    "Fee (negative: discount) in minor units of currency."
    priceMinor: Int!
    "Refundable deposit, minor units (REUSABLE only)."
    depositMinor: Int!
    currency: String!
    "Green credits this choice earns (pending until delivery)."
    credits: Int!
    "1 - parcel volume / inner volume, 3 decimals; 0 for own packaging."
    emptySpaceRatio: Float!
    "Exactly one option per quote: the greenest, then the cheapest."
    recommended: Boolean!
  }

  "Packaging options for one parcel; choose one before expiresAt."
  type Quote {
    id: ID!
    expiresAt: DateTime!
    options: [PackagingOption!]!
    "The versions that produced this quote, so it can be explained."
    standardVersion: String!
    pricingVersion: Int!
  }

  input ChoosePackagingInput {
    quoteId: ID!
    optionId: ID!
    "The platform's order reference: one choice per order."
    orderRef: String!
    "Same key and input returns the first result; same key, other input: IDEMPOTENCY_KEY_REUSED."
    idempotencyKey: String
  }

  "A consumer's packaging choice for an order. Recorded once; crediting follows in the background."
  type PackagingChoice { id: ID! orderRef: String! consumerRef: String! option: PackagingOption! createdAt: DateTime! }
  type ChoosePackagingPayload { choice: PackagingChoice userErrors: [UserError!]! }

  enum OrderEventType { DELIVERED CANCELLED }
  input OrderEventInput {
    orderRef: String!
    type: OrderEventType!
    "When it happened; now when omitted."
    occurredAt: DateTime
  }
  type OrderEventPayload { accepted: Boolean! userErrors: [UserError!]! }

  input RequestQuoteInput {
    parcel: ParcelInput!
    "The platform's reference for the consumer: 1 to 128 characters of letters, digits and . _ : @ # / -"
    consumerRef: String!
    "The platform's warehouse the order ships from (1 to 64 letters, digits and . _ -). For assortments per warehouse, not built yet: today every warehouse is offered the whole compliant catalogue."
    warehouseRef: String
  }
  type RequestQuotePayload { quote: Quote userErrors: [UserError!]! }

  extend type Query {
    "Packaging options for a parcel (PLATFORM), as requestQuote gives them. Kept for existing clients: every call creates a new quote, so it must not be cached (Apollo Client: fetchPolicy network-only); prefer requestQuote. Bad input is a BAD_USER_INPUT error listing each field."
    packagingOptions(parcel: ParcelInput!, consumerRef: String!): Quote!
    "The calling platform's pricing rules in force (PLATFORM)."
    pricingRules: PricingRules!
  }

  extend type Mutation {
    "Asks for the packaging options of a parcel (PLATFORM): a new quote, an offer kept 30 minutes, each option priced and with the credits it earns. A write, so clients never cache it. Option ids are <quoteId>:o<n> (choosePackaging also takes the short form o<n>). Bad input: VALIDATION userErrors, each naming its field."
    requestQuote(input: RequestQuoteInput!): RequestQuotePayload!
    "Replaces the calling platform's pricing rules with a new version (PLATFORM)."
    setPricingRules(input: PricingRulesInput!): PricingRulesPayload!
    "Records the consumer's choice for an order, once (PLATFORM)."
    choosePackaging(input: ChoosePackagingInput!): ChoosePackagingPayload!
    "Records how an order ended, DELIVERED or CANCELLED (PLATFORM). An order ends once: the same event again is a replay (accepted), the other one is ORDER_CLOSED, also when both are sent at once. A delivered order keeps its credits (its packaging was used). UNKNOWN_ORDER for an order with no choice."
    recordOrderEvent(input: OrderEventInput!): OrderEventPayload!
  }
`;
