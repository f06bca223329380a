export const catalogTypeDefs = /* GraphQL */ `
  "Where a page of a Relay connection lies in its list (every list reads forward, oldest first)."
  type PageInfo {
    hasNextPage: Boolean!
    "True when the page was asked for after a cursor, so items lie before it."
    hasPreviousPage: Boolean!
    "The first edge's cursor; null on an empty page."
    startCursor: String
    "Pass as \`after\` to get the next page."
    endCursor: String
  }

  "The main material of a packaging type (UK EPR material list)."
  enum Material { ALUMINIUM FIBRE_COMPOSITE GLASS PAPER_CARD PLASTIC STEEL WOOD OTHER }
  enum PackagingFormat { BOX ENVELOPE BAG MAILER FILLER TAPE OTHER }
  "The class a standard gives a packaging type; it drives price and credits. NON_COMPLIANT is never offered."
  enum PackagingClass { STANDARD REDUCED GREEN REUSABLE NON_COMPLIANT }
  "Recyclability grade by the recyclable share of mass (EU PPWR bands)."
  enum RecyclabilityGrade { A B C NOT_RECYCLABLE }

  "Millimetres, whole numbers."
  input DimensionsInput { lengthMm: Int! widthMm: Int! heightMm: Int! }
  type Dimensions { lengthMm: Int! widthMm: Int! heightMm: Int! }

  "Laboratory results in mg/kg (China GB 43352-2023). Paper and fibre need the metals; plastics need phthalates."
  input SubstanceTestInput { leadMgKg: Float! mercuryMgKg: Float! cadmiumMgKg: Float! chromiumMgKg: Float! phthalatesMgKg: Float }

  input PackagingTypeInput {
    "Your own article number, unique among your packaging types: 1-64 letters, digits, . _ -"
    sku: String!
    name: String!
    material: Material!
    format: PackagingFormat!
    "Usable inside size, 1-3000 mm each."
    innerDimensions: DimensionsInput!
    "Mass of one unit in grams, 1-100000."
    massGrams: Int!
    "Share of recycled material by mass, 0-100."
    recycledContentPct: Int!
    "Share of the mass that is recyclable at scale, 0-100."
    recyclableSharePct: Int!
    "Designed reuse cycles of a reusable unit; null for single use."
    designedCycles: Int
    substanceTest: SubstanceTestInput
    "Green-product certifications, e.g. CN-GREEN-PRODUCT, EU-ECOLABEL, FSC."
    certifications: [String!]
    "The heaviest contents the type is made to carry, in grams (1-1000000); null: no limit. A quote never offers it for a heavier parcel."
    maxLoadGrams: Int
  }

  "Why a NON_COMPLIANT packaging type is never offered."
  enum NotOfferableReason {
    "A substance test result is above its limit."
    SUBSTANCE_LIMIT_EXCEEDED
    "The standard requires a complete substance test within the limits for this material, and there is none."
    SUBSTANCE_TEST_MISSING
  }

  "Why a packaging type is in its class, under which standard version."
  type Classification {
    packagingClass: PackagingClass!
    "Why the type is never offered; null when its class is offerable."
    notOfferableReason: NotOfferableReason
    grade: RecyclabilityGrade!
    standardVersion: String!
    "Every decision the standard took, in order, e.g. 'recyclable share 96% >= 95%: grade A'."
    reasons: [String!]!
  }

  "A kind of packaging a producer makes, as currently registered and classified by the active standard."
  type PackagingType {
    id: ID!
    producer: Organization!
    sku: String!
    name: String!
    material: Material!
    format: PackagingFormat!
    innerDimensions: Dimensions!
    massGrams: Int!
    recycledContentPct: Int!
    recyclableSharePct: Int!
    designedCycles: Int
    certifications: [String!]!
    "The heaviest contents the type is made to carry, in grams; null: no limit declared."
    maxLoadGrams: Int
    "Registrations are kept as revisions; this is the current one."
    revision: Int!
    classification: Classification!
  }

  type PackagingTypeEdge { cursor: String! node: PackagingType! }
  type PackagingTypeConnection {
    edges: [PackagingTypeEdge!]!
    nodes: [PackagingType!]!
    pageInfo: PageInfo!
    "How many packaging types match, over all pages."
    totalCount: Int!
  }

  type GradeBand { grade: RecyclabilityGrade! minRecyclableSharePct: Int! }
  type HeavyMetalLimits { materials: [Material!]! leadMgKg: Float! mercuryMgKg: Float! cadmiumMgKg: Float! chromiumMgKg: Float! sumMgKg: Float! }
  type PhthalateLimits { materials: [Material!]! maxMgKg: Float! }
  type SubstanceLimits {
    heavyMetals: HeavyMetalLimits!
    phthalates: PhthalateLimits!
    "True: a type of a material these limits apply to is offered only with a complete test within them (GB 43352 covers all express packaging); false: without one it can still be REDUCED or STANDARD."
    testRequired: Boolean!
  }
  type GreenRule { grades: [RecyclabilityGrade!]! minRecycledContentPct: Int! certifications: [String!]! }
  "A size class by inner volume and the reference mass a REDUCED packaging must undercut."
  type SizeClass { name: String! "null: no upper bound" maxInnerVolumeCm3: Int referenceMassGrams: Int! }
  type ReducedRule { maxMassPctOfReference: Int! sizeClasses: [SizeClass!]! }

  "A versioned packaging standard: every threshold the classification uses."
  type Standard {
    version: String!
    "YYYY-MM-DD, UTC."
    effectiveFrom: String!
    gradeBands: [GradeBand!]!
    "A packed parcel above this empty-space ratio is not offered (EU PPWR art. 24: 0.5)."
    maxEmptySpaceRatio: Float!
    substanceLimits: SubstanceLimits!
    "Design life a REUSABLE packaging type needs."
    reusableMinDesignedCycles: Int!
    "The lowest recyclability grade a REUSABLE type may have (recyclable at the end of its life); null: any grade."
    reusableMinGrade: RecyclabilityGrade
    green: GreenRule!
    reduced: ReducedRule!
  }

  type PackagingTypePayload { packagingType: PackagingType userErrors: [UserError!]! }

  input RevisePackagingTypeInput {
    packagingTypeId: ID!
    "The whole packaging type as it is now; the SKU stays the same."
    packagingType: PackagingTypeInput!
  }

  input GradeBandInput { grade: RecyclabilityGrade! minRecyclableSharePct: Int! }
  input HeavyMetalLimitsInput { materials: [Material!]! leadMgKg: Float! mercuryMgKg: Float! cadmiumMgKg: Float! chromiumMgKg: Float! sumMgKg: Float! }
  input PhthalateLimitsInput { materials: [Material!]! maxMgKg: Float! }
  input SubstanceLimitsInput {
    heavyMetals: HeavyMetalLimitsInput!
    phthalates: PhthalateLimitsInput!
    "See SubstanceLimits.testRequired; default false."
    testRequired: Boolean
  }
  input GreenRuleInput { grades: [RecyclabilityGrade!]! minRecycledContentPct: Int! certifications: [String!]! }
  input SizeClassInput { name: String! maxInnerVolumeCm3: Int referenceMassGrams: Int! }
  input ReducedRuleInput { maxMassPctOfReference: Int! sizeClasses: [SizeClassInput!]! }
  "A new standard version: every threshold, in the shape of Standard."
  input StandardInput {
    version: String!
    effectiveFrom: String!
    gradeBands: [GradeBandInput!]!
    maxEmptySpaceRatio: Float!
    substanceLimits: SubstanceLimitsInput!
    reusableMinDesignedCycles: Int!
    "See Standard.reusableMinGrade; null: any grade."
    reusableMinGrade: RecyclabilityGrade
    green: GreenRuleInput!
    reduced: ReducedRuleInput!
  }
  type StandardPayload { standard: Standard userErrors: [UserError!]! }

  extend type Query {
    "The active standard. Readable by every key."
    standard: Standard!
    "A packaging type; producers see only their own (null otherwise)."
    packagingType(id: ID!): PackagingType
    "Packaging types, oldest first. Producers see only their own. first: 1-100, default 20."
    packagingTypes(producerId: ID, packagingClass: PackagingClass, first: Int, after: String): PackagingTypeConnection!
  }

  extend type Mutation {
    "Registers a packaging type and classifies it (PRODUCER). The same SKU with the same data returns the first result."
    registerPackagingType(input: PackagingTypeInput!): PackagingTypePayload!
    "Records a change to one of your packaging types as its next revision (PRODUCER); quotes already given keep theirs."
    revisePackagingType(input: RevisePackagingTypeInput!): PackagingTypePayload!
    "Stores a standard version and makes it active from now on; a job re-classifies every packaging type under it (REGULATOR). effectiveFrom may not lie in the future: activate a version once it applies."
    activateStandard(input: StandardInput!): StandardPayload!
  }
`;
