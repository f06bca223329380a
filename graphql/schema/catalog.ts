export const catalogTypeDefs = /* GraphQL */ `
  "Where a page of a Relay connection lies in its list (every list reads forward, oldest first)."
  type PageInfo {
    "True when more items follow this page; pass endCursor as \`after\` to read them."
    hasNextPage: Boolean!
    "True when the page was asked for after a cursor, so items lie before it."
    hasPreviousPage: Boolean!
    "The first edge's cursor; null on an empty page."
    startCursor: String
    "Pass as \`after\` to get the next page."
    endCursor: String
  }

  "The main material of a packaging type (UK EPR material list)."
  enum Material {
    "Aluminium, e.g. foil, trays and cans."
    ALUMINIUM
    "Fibre-based composite: paper or board combined with another material, e.g. a plastic-lined carton."
    FIBRE_COMPOSITE
    "Glass."
    GLASS
    "Paper and cardboard, including corrugated board."
    PAPER_CARD
    "Plastic, rigid or flexible."
    PLASTIC
    "Steel, including tinplate."
    STEEL
    "Wood, e.g. crates."
    WOOD
    "Any other material."
    OTHER
  }
  "The physical form of a packaging type. Quotes offer only BOX, ENVELOPE, BAG and MAILER as the container a parcel ships in."
  enum PackagingFormat {
    "A box, e.g. a corrugated carton."
    BOX
    "A flat envelope."
    ENVELOPE
    "A bag or pouch."
    BAG
    "A mailer: a padded or stiffened envelope or a folding mailer box."
    MAILER
    "Void fill put around the contents; never offered as the container."
    FILLER
    "Sealing tape; never offered as the container."
    TAPE
    "Any other form; never offered as the container."
    OTHER
  }
  "The class a standard gives a packaging type; it drives price and credits. NON_COMPLIANT is never offered."
  enum PackagingClass {
    "Compliant, but none of the better classes applies."
    STANDARD
    "Light for its size: at most the standard's percentage of its size class's reference mass. Shipping in the product's own packaging is also REDUCED."
    REDUCED
    "One of the standard's green grades, proven substance compliance, and enough recycled content or a recognised green certification."
    GREEN
    "Designed for at least the standard's minimum reuse cycles, with proven substance compliance and at least its minimum grade. Quotes add the platform's refundable deposit."
    REUSABLE
    "Exceeds a substance limit, or lacks a test the standard requires (see notOfferableReason); never offered or priced."
    NON_COMPLIANT
  }
  "Recyclability grade by the recyclable share of mass (EU PPWR bands). The thresholds are the active standard's gradeBands."
  enum RecyclabilityGrade {
    "Recyclable share at or above the A band (95% in the reference standard)."
    A
    "Recyclable share at or above the B band (80% in the reference standard)."
    B
    "Recyclable share at or above the C band (70% in the reference standard)."
    C
    "Recyclable share below the lowest band: not recyclable at scale."
    NOT_RECYCLABLE
  }

  "Millimetres, whole numbers."
  input DimensionsInput {
    "Length in millimetres, 1-3000."
    lengthMm: Int!
    "Width in millimetres, 1-3000."
    widthMm: Int!
    "Height in millimetres, 1-3000."
    heightMm: Int!
  }
  "A box's inner size in whole millimetres; the sides may be given in any order."
  type Dimensions {
    "Length in millimetres."
    lengthMm: Int!
    "Width in millimetres."
    widthMm: Int!
    "Height in millimetres."
    heightMm: Int!
  }

  "Laboratory results in mg/kg (China GB 43352-2023). Paper and fibre need the metals; plastics need phthalates."
  input SubstanceTestInput {
    "Lead in mg/kg, 0-1000000."
    leadMgKg: Float!
    "Mercury in mg/kg, 0-1000000."
    mercuryMgKg: Float!
    "Cadmium in mg/kg, 0-1000000."
    cadmiumMgKg: Float!
    "Chromium in mg/kg, 0-1000000."
    chromiumMgKg: Float!
    "Phthalates in mg/kg, 0-1000000; null when not measured. Materials under the phthalate limits (plastics) need it."
    phthalatesMgKg: Float
  }

  "A packaging type as a producer registers or revises it; every bad field is reported at once as a VALIDATION userError."
  input PackagingTypeInput {
    "Your own article number, unique among your packaging types: 1-64 letters, digits, . _ -"
    sku: String!
    "A name for people, 1-200 characters of plain text (no line breaks or control characters)."
    name: String!
    "The main material; it decides which substance limits apply."
    material: Material!
    "The physical form; only BOX, ENVELOPE, BAG and MAILER are offered in quotes."
    format: PackagingFormat!
    "Usable inside size, 1-3000 mm each."
    innerDimensions: DimensionsInput!
    "Mass of one unit in grams, 1-100000."
    massGrams: Int!
    "Share of recycled material by mass, 0-100."
    recycledContentPct: Int!
    "Share of the mass that is recyclable at scale, 0-100."
    recyclableSharePct: Int!
    "Designed reuse cycles of a reusable unit, 1-100000; null for single use."
    designedCycles: Int
    "Laboratory results; null when there are none. A material the standard's substance limits cover cannot be GREEN or REUSABLE without it, and is NON_COMPLIANT when the standard requires a test."
    substanceTest: SubstanceTestInput
    "Green-product certifications, e.g. CN-GREEN-PRODUCT, EU-ECOLABEL, FSC: at most 20, each 1-100 characters; repeats (ignoring case) are dropped."
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
    "The class the standard gives the type."
    packagingClass: PackagingClass!
    "Why the type is never offered; null when its class is offerable."
    notOfferableReason: NotOfferableReason
    "The recyclability grade from the type's recyclable share."
    grade: RecyclabilityGrade!
    "The standard version that made this classification. After a new standard is activated it may name the previous version until the background re-classification reaches the type."
    standardVersion: String!
    "Every decision the standard took, in order, e.g. 'recyclable share 96% >= 95%: grade A'."
    reasons: [String!]!
  }

  "A kind of packaging a producer makes, as currently registered and classified by the active standard."
  type PackagingType {
    "The packaging type's id; it stays the same across revisions."
    id: ID!
    "The PRODUCER organization that registered it."
    producer: Organization!
    "The producer's article number, unique per producer (ignoring case)."
    sku: String!
    "A name for people."
    name: String!
    "The main material."
    material: Material!
    "The physical form."
    format: PackagingFormat!
    "Usable inside size in millimetres."
    innerDimensions: Dimensions!
    "Mass of one unit in grams."
    massGrams: Int!
    "Share of recycled material by mass, percent (0-100)."
    recycledContentPct: Int!
    "Share of the mass that is recyclable at scale, percent (0-100); decides the grade."
    recyclableSharePct: Int!
    "Designed reuse cycles; null for single use."
    designedCycles: Int
    "Green-product certifications as registered; empty when none."
    certifications: [String!]!
    "The heaviest contents the type is made to carry, in grams; null: no limit declared."
    maxLoadGrams: Int
    "Registrations are kept as revisions, numbered from 1; this is the current one."
    revision: Int!
    "The current revision's class and grade, with the reasons, under the standard its standardVersion names."
    classification: Classification!
  }

  "One packaging type in a page, with its cursor."
  type PackagingTypeEdge {
    "Opaque; pass as \`after\` to read the items after this one."
    cursor: String!
    "The packaging type."
    node: PackagingType!
  }
  "A page of packaging types, oldest first."
  type PackagingTypeConnection {
    "The page's items with their cursors."
    edges: [PackagingTypeEdge!]!
    "The page's items, without cursors."
    nodes: [PackagingType!]!
    "Where this page lies in the list."
    pageInfo: PageInfo!
    "How many packaging types match, over all pages."
    totalCount: Int!
  }

  "The lowest recyclable share that earns a grade."
  type GradeBand {
    "The grade this band awards."
    grade: RecyclabilityGrade!
    "Recyclable share of mass, percent (0-100), a type needs at least for this grade."
    minRecyclableSharePct: Int!
  }
  "Heavy-metal limits, in mg/kg, and the materials they apply to. A type above any limit is NON_COMPLIANT."
  type HeavyMetalLimits {
    "The materials whose types must meet these limits."
    materials: [Material!]!
    "Highest lead content allowed, mg/kg."
    leadMgKg: Float!
    "Highest mercury content allowed, mg/kg."
    mercuryMgKg: Float!
    "Highest cadmium content allowed, mg/kg."
    cadmiumMgKg: Float!
    "Highest chromium content allowed, mg/kg."
    chromiumMgKg: Float!
    "Highest sum of lead, mercury, cadmium and chromium allowed, mg/kg."
    sumMgKg: Float!
  }
  "The phthalate limit, in mg/kg, and the materials it applies to. A type above it is NON_COMPLIANT."
  type PhthalateLimits {
    "The materials whose types must meet this limit."
    materials: [Material!]!
    "Highest phthalate content allowed, mg/kg."
    maxMgKg: Float!
  }
  "Limits on harmful substances (China GB 43352-2023), checked against a type's substance test."
  type SubstanceLimits {
    "Limits on lead, mercury, cadmium and chromium."
    heavyMetals: HeavyMetalLimits!
    "Limit on phthalates."
    phthalates: PhthalateLimits!
    "True: a type of a material these limits apply to is offered only with a complete test within them (GB 43352 covers all express packaging); false: without one it can still be REDUCED or STANDARD."
    testRequired: Boolean!
  }
  "What a type needs to be GREEN, besides proven substance compliance."
  type GreenRule {
    "The recyclability grades a GREEN type may have."
    grades: [RecyclabilityGrade!]!
    "Recycled content, percent (0-100), that qualifies a type; a recognised certification qualifies it instead."
    minRecycledContentPct: Int!
    "The green-product certifications recognised, matched ignoring case."
    certifications: [String!]!
  }
  "A size class by inner volume and the reference mass a REDUCED packaging must undercut."
  type SizeClass {
    "The class's name, e.g. XS or M."
    name: String!
    "Largest inner volume in the class, in cm3 (inclusive); null: no upper bound (only the last class)."
    maxInnerVolumeCm3: Int
    "The typical mass of packaging this size, in grams."
    referenceMassGrams: Int!
  }
  "What a type needs to be REDUCED: a mass well under the usual one for its size."
  type ReducedRule {
    "A type is REDUCED when its mass is at most this percent (1-100) of its size class's reference mass."
    maxMassPctOfReference: Int!
    "Size classes, ascending by volume; a type belongs to the first that holds its inner volume."
    sizeClasses: [SizeClass!]!
  }

  "A versioned packaging standard: every threshold the classification uses."
  type Standard {
    "The version's name again, as the stable identity a client cache keys the standard by."
    id: ID!
    "The version's name, e.g. GL-STD-2026.2; every classification names it."
    version: String!
    "YYYY-MM-DD, UTC."
    effectiveFrom: String!
    "Grade bands, best grade first, strictly descending by share; a share below the last band is NOT_RECYCLABLE."
    gradeBands: [GradeBand!]!
    "A packed parcel above this empty-space ratio is not offered (EU PPWR art. 24: 0.5)."
    maxEmptySpaceRatio: Float!
    "Limits on harmful substances and whether a test is required."
    substanceLimits: SubstanceLimits!
    "Design life a REUSABLE packaging type needs."
    reusableMinDesignedCycles: Int!
    "The lowest recyclability grade a REUSABLE type may have (recyclable at the end of its life); null: any grade."
    reusableMinGrade: RecyclabilityGrade
    "The rule for GREEN."
    green: GreenRule!
    "The rule for REDUCED."
    reduced: ReducedRule!
  }

  "The result of registering or revising a packaging type."
  type PackagingTypePayload {
    "The packaging type as now stored and classified; null when userErrors is not empty."
    packagingType: PackagingType
    "Why nothing was stored; empty on success."
    userErrors: [UserError!]!
  }

  "A new revision of one of your packaging types."
  input RevisePackagingTypeInput {
    "The packaging type to revise; one of yours, else NOT_FOUND."
    packagingTypeId: ID!
    "The whole packaging type as it is now; the SKU stays the same."
    packagingType: PackagingTypeInput!
  }

  "A grade band of a new standard."
  input GradeBandInput {
    "The grade this band awards, each grade once (A, B or C; NOT_RECYCLABLE is what lies below the last band)."
    grade: RecyclabilityGrade!
    "Recyclable share of mass, percent (0-100), needed for this grade."
    minRecyclableSharePct: Int!
  }
  "Heavy-metal limits of a new standard, in mg/kg; each a finite number >= 0."
  input HeavyMetalLimitsInput {
    "The materials whose types must meet these limits."
    materials: [Material!]!
    "Highest lead content allowed, mg/kg."
    leadMgKg: Float!
    "Highest mercury content allowed, mg/kg."
    mercuryMgKg: Float!
    "Highest cadmium content allowed, mg/kg."
    cadmiumMgKg: Float!
    "Highest chromium content allowed, mg/kg."
    chromiumMgKg: Float!
    "Highest sum of the four metals allowed, mg/kg."
    sumMgKg: Float!
  }
  "The phthalate limit of a new standard."
  input PhthalateLimitsInput {
    "The materials whose types must meet this limit."
    materials: [Material!]!
    "Highest phthalate content allowed, mg/kg; a finite number >= 0."
    maxMgKg: Float!
  }
  "The substance limits of a new standard."
  input SubstanceLimitsInput {
    "Limits on lead, mercury, cadmium and chromium."
    heavyMetals: HeavyMetalLimitsInput!
    "Limit on phthalates."
    phthalates: PhthalateLimitsInput!
    "See SubstanceLimits.testRequired; default false."
    testRequired: Boolean
  }
  "The GREEN rule of a new standard."
  input GreenRuleInput {
    "The grades a GREEN type may have: at least one, each with a band in gradeBands."
    grades: [RecyclabilityGrade!]!
    "Recycled content, percent (0-100), that qualifies a type; a recognised certification qualifies it instead."
    minRecycledContentPct: Int!
    "Recognised green-product certifications, matched ignoring case; no empty names."
    certifications: [String!]!
  }
  "A size class of a new standard."
  input SizeClassInput {
    "The class's name, not empty."
    name: String!
    "Largest inner volume in the class, in cm3 (inclusive), a positive integer; null on the last class, and only there."
    maxInnerVolumeCm3: Int
    "The typical mass of packaging this size, in grams; a positive integer."
    referenceMassGrams: Int!
  }
  "The REDUCED rule of a new standard."
  input ReducedRuleInput {
    "Highest mass, as a percent (1-100) of the size class's reference mass, a REDUCED type may have."
    maxMassPctOfReference: Int!
    "At least one size class, strictly ascending by maxInnerVolumeCm3, the last with no upper bound."
    sizeClasses: [SizeClassInput!]!
  }
  "A new standard version: every threshold, in the shape of Standard."
  input StandardInput {
    "The version's name, not empty. Activating a stored version again re-runs it; the same name with other thresholds is a VALIDATION error."
    version: String!
    "The date it applies from, YYYY-MM-DD (UTC); not later than today."
    effectiveFrom: String!
    "At least one band, each grade once, strictly descending by minRecyclableSharePct."
    gradeBands: [GradeBandInput!]!
    "A packed parcel above this empty-space ratio is not offered; greater than 0 and less than 1."
    maxEmptySpaceRatio: Float!
    "Limits on harmful substances."
    substanceLimits: SubstanceLimitsInput!
    "Design life, in reuse cycles, a REUSABLE type needs; a positive integer."
    reusableMinDesignedCycles: Int!
    "See Standard.reusableMinGrade: a grade with a band in gradeBands; null: any grade."
    reusableMinGrade: RecyclabilityGrade
    "The rule for GREEN."
    green: GreenRuleInput!
    "The rule for REDUCED."
    reduced: ReducedRuleInput!
  }
  "The result of activating a standard."
  type StandardPayload {
    "The standard now active; null when userErrors is not empty."
    standard: Standard
    "Why nothing was activated; empty on success."
    userErrors: [UserError!]!
  }

  extend type Query {
    "The active standard. Readable by every key."
    standard: Standard!
    "A packaging type by id, or null when there is none (any key, the operator's included); producers see only their own (null otherwise)."
    packagingType("The packaging type's id." id: ID!): PackagingType
    "Packaging types, oldest first (any key, the operator's included). Producers see only their own. first: 1-100, default 20."
    packagingTypes(
      "Only this producer's types; an unknown id, or another producer's when you are a producer, gives an empty list."
      producerId: ID
      "Only types currently in this class."
      packagingClass: PackagingClass
      "Page size, 1-100, default 20; outside that range a BAD_USER_INPUT error."
      first: Int
      "The endCursor of the previous page; a cursor this list did not give out is a BAD_USER_INPUT error."
      after: String
    ): PackagingTypeConnection
  }

  extend type Mutation {
    "Registers a packaging type and classifies it (PRODUCER). The same SKU with the same data returns the first result. userErrors: VALIDATION, also for a SKU you registered with other data."
    registerPackagingType("The packaging type." input: PackagingTypeInput!): PackagingTypePayload!
    "Records a change to one of your packaging types as its next revision (PRODUCER); quotes already given keep theirs. The same data again adds no revision. userErrors: VALIDATION (also for a changed SKU), NOT_FOUND."
    revisePackagingType("The packaging type and its new data." input: RevisePackagingTypeInput!): PackagingTypePayload!
    "Stores a standard version and makes it active from now on; a job re-classifies every packaging type under it (REGULATOR). effectiveFrom may not lie in the future: activate a version once it applies. userErrors: VALIDATION."
    activateStandard("Every threshold of the version." input: StandardInput!): StandardPayload!
  }
`;
