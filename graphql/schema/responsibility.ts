export const responsibilityTypeDefs = /* GraphQL */ `
  "What a producer recovered and recycled outside GreenLoop's collection points, by material."
  input RecyclingLineInput {
    "The material, listed once per report."
    material: Material!
    "Grams of the producer's packaging of this material recovered in the period, a whole number from 0."
    recoveredGrams: Int!
    "Grams of it recycled, from 0 and at most recoveredGrams."
    recycledGrams: Int!
    "1 to 20 references: certificate numbers, invoices, URLs; each 1 to 500 characters of plain text."
    evidence: [String!]!
  }
  "A report for a period that has started; each material once. A second report for the period is its next revision."
  input RecyclingReportInput {
    "A period that has started, UTC: a year (2026), half (2026-H1), quarter (2026-Q3) or month (2026-11)."
    period: String!
    "1 to 200 printable ASCII characters, no spaces. Same key and input returns the first result; same key, other input: IDEMPOTENCY_KEY_REUSED."
    idempotencyKey: String!
    "1 to 8 lines, one per material."
    lines: [RecyclingLineInput!]!
  }
  "A stored revision of a producer's recycling report for a period, and where it stands with the regulator."
  type RecyclingReport {
    "The revision's id."
    id: ID!
    "The PRODUCER organization that reported."
    producer: Organization!
    "The period reported on, as given (e.g. 2026-Q3)."
    period: String!
    "1, 2, ...: each submission for the period is its next revision; every one is kept."
    revision: Int!
    "PENDING until the regulator decides; compliance counts the latest ACCEPTED revision of the period only."
    status: RecyclingReportStatus!
    "What the revision reports, one line per material, with its evidence."
    lines: [RecyclingLine!]!
    "When the producer submitted the revision."
    submittedAt: DateTime!
    "The regulator's decision; null while PENDING."
    decision: RecyclingReportDecision
  }
  "Where a revision of a recycling report stands."
  enum RecyclingReportStatus {
    "Awaiting the regulator: shown beside the compliance figures, not counted in them."
    PENDING
    "Accepted by the regulator: counts, until a newer revision of the period is accepted."
    ACCEPTED
    "Rejected by the regulator, with a reason: never counts."
    REJECTED
  }
  "One material of a recycling report, as the producer reported it."
  type RecyclingLine {
    "The material."
    material: Material!
    "Grams recovered in the period."
    recoveredGrams: Int!
    "Grams of it recycled."
    recycledGrams: Int!
    "The references the producer gave (certificate numbers, invoices, URLs)."
    evidence: [String!]!
  }
  "A regulator's decision on one revision, never changed afterwards."
  type RecyclingReportDecision {
    "The decided revision's id: a revision is decided once."
    id: ID!
    "ACCEPTED or REJECTED."
    decision: ReportDecision!
    "Why, in the regulator's words."
    reason: String!
    "The REGULATOR organization that decided."
    decidedBy: Organization!
    "When."
    decidedAt: DateTime!
  }
  "A regulator's answer to a revision of a recycling report."
  enum ReportDecision {
    "The figures are evidenced: they count toward the producer's recovery."
    ACCEPTED
    "The figures are not accepted: they never count; the producer may submit a new revision."
    REJECTED
  }
  "The result of submitRecyclingReport."
  type RecyclingReportPayload {
    "The revision stored (or the first result under the same idempotency key), PENDING until decided; null when userErrors is not empty."
    report: RecyclingReport
    "Why the report was not stored; empty on success."
    userErrors: [UserError!]!
  }
  "A regulator's decision on one revision of a recycling report."
  input ReportDecisionInput {
    "The revision's id (RecyclingReport.id)."
    reportId: ID!
    "ACCEPTED or REJECTED."
    decision: ReportDecision!
    "Why, 1 to 500 characters of plain text; the producer reads it."
    reason: String!
    "1 to 200 printable ASCII characters. Same key and input returns the first result; same key, other input: IDEMPOTENCY_KEY_REUSED."
    idempotencyKey: String!
  }
  "The result of decideRecyclingReport."
  type ReportDecisionPayload {
    "The revision with its decision; null when userErrors is not empty."
    report: RecyclingReport
    "VALIDATION, NOT_FOUND (no revision has this id), ALREADY_DECIDED (decided before: decisions never change), IDEMPOTENCY_KEY_REUSED; empty on success."
    userErrors: [UserError!]!
  }
  "An edge of a page of recycling reports."
  type RecyclingReportEdge {
    "Pass as after to read the revisions following this one."
    cursor: String!
    "The revision."
    node: RecyclingReport!
  }
  "A page of recycling report revisions, in the order they were submitted."
  type RecyclingReportConnection {
    "The page's revisions with their cursors."
    edges: [RecyclingReportEdge!]!
    "The page's revisions."
    nodes: [RecyclingReport!]!
    "Where the page lies in the list."
    pageInfo: PageInfo!
    "Revisions matching the filter, on every page."
    totalCount: Int!
  }

  "One material placed on the market outside GreenLoop, as a producer declares it."
  input PlacedOnMarketLineInput {
    "The material."
    material: Material!
    "Grams placed on the market in the period, a whole number from 0."
    grams: Int!
    "How it reached the market, up to 100 characters (e.g. own web shop, sold to retailers); each material once per activity."
    activity: String
    "The fee band of the producer's recyclability assessment; left out: RED, as the UK scheme rates packaging not assessed."
    ramRating: RamRating
    "Up to 20 references: invoices, sales records, audit reports; each 1 to 500 characters of plain text."
    evidence: [String!]
  }
  "A declaration for a period that has started; a second one for the period is its next revision, and the latest counts."
  input PlacedOnMarketInput {
    "A period that has started, UTC: a year (2026), half (2026-H1), quarter (2026-Q3) or month (2026-11)."
    period: String!
    "1 to 200 printable ASCII characters. Same key and input returns the first result; same key, other input: IDEMPOTENCY_KEY_REUSED."
    idempotencyKey: String!
    "1 to 50 lines."
    lines: [PlacedOnMarketLineInput!]!
  }
  "One material of a declaration, as stored."
  type PlacedOnMarketLine {
    "The material."
    material: Material!
    "Grams placed on the market."
    grams: Int!
    "How it reached the market; null when not given."
    activity: String
    "The fee band it pays in: the producer's assessment, RED when not assessed."
    ramRating: RamRating!
    "The references the producer gave."
    evidence: [String!]!
  }
  "A stored revision of a producer's declaration of packaging placed on the market outside GreenLoop."
  type PlacedOnMarketDeclaration {
    "The revision's id."
    id: ID!
    "The PRODUCER organization that declared."
    producer: Organization!
    "The period declared, as given (e.g. 2026-Q3)."
    period: String!
    "1, 2, ...: the latest counts in compliance; earlier ones are kept."
    revision: Int!
    "What the revision declares."
    lines: [PlacedOnMarketLine!]!
    "When the producer declared it."
    declaredAt: DateTime!
  }
  "The result of declarePlacedOnMarket."
  type PlacedOnMarketPayload {
    "The revision stored (or the first result under the same idempotency key); null when userErrors is not empty."
    declaration: PlacedOnMarketDeclaration
    "VALIDATION or IDEMPOTENCY_KEY_REUSED; empty on success."
    userErrors: [UserError!]!
  }
  "An edge of a page of declarations."
  type PlacedOnMarketDeclarationEdge {
    "Pass as after to read the revisions following this one."
    cursor: String!
    "The revision."
    node: PlacedOnMarketDeclaration!
  }
  "A page of declaration revisions, in the order they were made."
  type PlacedOnMarketDeclarationConnection {
    "The page's revisions with their cursors."
    edges: [PlacedOnMarketDeclarationEdge!]!
    "The page's revisions."
    nodes: [PlacedOnMarketDeclaration!]!
    "Where the page lies in the list."
    pageInfo: PageInfo!
    "Revisions matching the filter, on every page."
    totalCount: Int!
  }

  "How a producer stands against its recovery targets in a period."
  enum ComplianceStatus {
    "Every material's recovery rate meets its target."
    COMPLIANT
    "Some material is below its target, but by at most 10 percentage points."
    AT_RISK
    "Some material is more than 10 percentage points below its target."
    NON_COMPLIANT
  }
  "A fee band (the UK RAM rating) set by recyclability grade: A is GREEN, B and C AMBER, not recyclable RED."
  enum RamRating {
    "Recyclability grade A: pays the base fee times the period's green factor (at most 1)."
    GREEN
    "Recyclability grade B or C: pays the base fee."
    AMBER
    "Not recyclable: pays 1.2 times the base fee."
    RED
  }
  "The part of a material's packaging in one fee band, and the fee it pays: how the fee is modulated."
  type ComplianceFeeBand {
    "The fee band."
    ramRating: RamRating!
    "Grams of the material placed on the market in this band."
    placedOnMarketGrams: Int!
    "The material's base fee per tonne (1000000 g), in integer minor units of the report's currency."
    baseFeeMinorPerTonne: Int!
    "The multiple of the base fee this band pays: RED 1.2, AMBER 1, GREEN the period's green factor."
    factor: Float!
    "The band's fee in whole minor units of currency; a line's bands add up to its fee."
    feeMinor: Int!
    "ISO 4217 code of the fees: the report's currency (its fee scheme's)."
    currency: String!
  }
  "One material: what the producer placed on the market, what came back, the target, and the fee, with its workings."
  type ComplianceLine {
    "The packaging material this line is about."
    material: Material!
    "Grams of the producer's packaging placed on the market in the period: the packaging of GreenLoop orders not cancelled, reusable units issued, and what the producer declared (declaredPlacedOnMarketGrams)."
    placedOnMarketGrams: Int!
    "The part of placedOnMarketGrams the producer declared placing on the market outside GreenLoop (the latest revision of its declarations); the rest is GreenLoop's checkouts and reusable units issued."
    declaredPlacedOnMarketGrams: Int!
    "Loose packaging back at GreenLoop collection points plus what the producer's accepted reports recovered (the latest accepted revision of each). A reusable unit coming back is a reuse trip (ComplianceReport.reuse), never recovered mass."
    recoveredGrams: Int!
    "Loose packaging back at GreenLoop collection points, which goes to recycling, plus what the producer's accepted reports recycled."
    recycledGrams: Int!
    "Grams recovered in report revisions awaiting the regulator's decision: shown, not counted in recoveredGrams."
    pendingRecoveredGrams: Int!
    "Grams recycled in report revisions awaiting the regulator's decision: shown, not counted in recycledGrams."
    pendingRecycledGrams: Int!
    "recoveredGrams as a percent of placedOnMarketGrams, two decimals; 100 when nothing was placed. Shown for information: the status judges recyclingRatePct."
    recoveryRatePct: Float!
    "recycledGrams as a percent of placedOnMarketGrams, two decimals; 100 when nothing was placed: the rate the target and the status judge."
    recyclingRatePct: Float!
    "The recycling target for this material and the period's year, in percent (EU Directive 2018/852)."
    targetPct: Float!
    "The line's fee in whole minor units of currency: the sum of its bands' fees."
    feeMinor: Int!
    "ISO 4217 code of the line's fees: the report's currency (its fee scheme's)."
    currency: String!
    "The fee's modulation: the mass placed on the market per fee band (GREEN, AMBER, RED, those present). Empty for snapshots computed before bands were recorded."
    feeBands: [ComplianceFeeBand!]!
    "The inputs and arithmetic of this line, in words."
    explanation: String!
  }
  "A producer's compliance for a period, computed by a job from facts under a versioned rule set."
  type ComplianceReport {
    "The snapshot's id: stable for this computation; a recomputation of the period is a new report with a new id."
    id: ID!
    "The PRODUCER organization the report is about."
    producer: Organization!
    "The period, as asked (e.g. 2026-Q3)."
    period: String!
    "Compliant when every material meets its target; at risk within 10 points below; else non-compliant."
    status: ComplianceStatus!
    "The EPR rule set that computed it, e.g. GL-EPR-2026.2."
    ruleVersion: String!
    "When the job computed this snapshot."
    computedAt: DateTime!
    "One line per material the producer placed on the market, had returned, or reported."
    lines: [ComplianceLine!]!
    "The sum of the lines' fees, in whole minor units of currency."
    feeMinor: Int!
    "ISO 4217 code of every fee in the report: the currency of the fee scheme it was computed under (GBP under GL-EPR-2026.2)."
    currency: String!
    "The period's green fee factor, chosen so the modulated fees of all producers total their base fees."
    greenFactor: Float!
    "False when no GREEN tonnage could balance the RED surcharge; greenFactor is then 1, or 0 at its floor."
    revenueNeutral: Boolean!
    "The producer's reusable units in the period, apart from recycling. Units in service are in greenImpact."
    reuse: ReuseFigures!
  }

  "Reuse, measured apart from recycling: a reusable unit is placed on the market once, when issued, and each trip back is a reuse, not recycled mass."
  type ReuseFigures {
    "Units the producer issued in the period (their mass is in placedOnMarketGrams, once)."
    unitsIssued: Int!
    "Trips that went out in the period: the producer's units shipped in orders."
    tripsShipped: Int!
    "Trips that came back in the period: units returned at collection points (a flagged return once cleared)."
    tripsReturned: Int!
    "tripsReturned / tripsShipped in percent, two decimals, at most 100; null without trips out."
    returnRatePct: Float
    "The uses a unit can expect at that return rate, 1 / (1 - rate), two decimals; null without trips out or when every trip came back."
    expectedUses: Float
  }

  "What a ranking ranks, and by what score."
  enum RankingKind {
    "Producers that placed packaging on the market, by recycling rate in percent."
    PRODUCER
    "Platforms with parcels in the period, by the percent shipped in the product's own packaging."
    PLATFORM
    "Collectors, for their collection points, by the items returned there that count (not flagged, or cleared)."
    COLLECTION_POINT
  }
  "One place in a ranking. Equal scores share a rank."
  type RankingRow {
    "1 for the highest score; equal scores share a rank (1, 2, 2, 4)."
    rank: Int!
    "The producer, the platform, or the collector running the collection points."
    organization: Organization!
    "The value of metric: a percent for producers and platforms, an item count for collectors."
    score: Float!
    "What the score measures: recyclingRatePct (producers), notReboxedRatePct (platforms), verifiedReturns (collectors)."
    metric: String!
  }
  "The loop's effect in a period, for the caller's part of it (a REGULATOR: everyone's)."
  type GreenImpact {
    "Orders placed in the period and not cancelled."
    parcels: Int!
    "Share of those parcels that shipped in the product's own packaging."
    notReboxedRatePct: Float!
    "Share of those parcels that shipped green: in the product's own packaging, or in REDUCED, GREEN or REUSABLE packaging (as green levels count them)."
    greenChoiceSharePct: Float!
    "Share of those parcels that shipped in REUSABLE packaging, percent: the measure of the EU PPWR art. 29 target for e-commerce transport packaging."
    reusableParcelSharePct: Float!
    "The reusable-share target of the period's year under the EPR rules (40 from 2030, EU PPWR art. 29); null before one applies."
    reusableParcelShareTargetPct: Float
    "Reusable units issued by the period's end and neither lost nor retired."
    reusableUnitsInService: Int!
    "The scheme-wide target for reusable units in service (10,000,000 from 2025, China's express packaging target), to compare with a regulator's (everyone's) reusableUnitsInService; null before one applies."
    reusableUnitsInServiceTarget: Int
    "Reusable trips that came back in the period."
    reuseCycles: Int!
    "Cartons not made because a reusable unit made the trip."
    cartonsReused: Int!
    "Grams of CO2e the packaging of the period's parcels (cancelled orders left out) avoided against single-use boxes: the sum of the chosen options' co2eAvoidedGrams, by the carbon factors each quote named, as the consumers' accounts count them. Figures computed before carbon factors existed counted 37 g per carton reused (EprRuleSet.co2eGramsPerCartonReused)."
    co2eAvoidedGrams: Int!
    "Credits posted to consumers' accounts in the period (a platform's own; 0 for producers and collectors)."
    creditsIssued: Int!
    "Credits consumers spent in the period (a platform's own; 0 for producers and collectors)."
    creditsRedeemed: Int!
    "Loose packaging returned at collection points in the period (not flagged, or cleared), grams."
    looseReturnedGrams: Int!
    "Of it, what the collector could name no producer for (no packaging type or producer given): recovered, but counted toward no producer's recovery."
    unattributedLooseGrams: Int!
  }

  "A producer's what-if: its fee for a period had one of its packaging types had another recyclable share or recycled content, every other producer's packaging as it was. Computed with the scheme's own fee function from the period's compliance figures, so the revenue-neutral green factor moves too."
  type FeeSimulation {
    "The packaging type simulated."
    packagingType: PackagingType!
    "The period, as given."
    period: String!
    "The fee scheme version the fees are computed under (the one in force)."
    ruleVersion: String!
    "ISO 4217 code of every fee here."
    currency: String!
    "The type's mass placed on the market in the period (all its revisions), in grams: what moves band."
    placedOnMarketGrams: Int!
    "The type's recyclability grade now."
    currentGrade: RecyclabilityGrade!
    "Its grade under the active standard with the changed figures."
    simulatedGrade: RecyclabilityGrade!
    "Its packaging class with the changed figures (recycled content decides GREEN; fees follow the grade only)."
    simulatedPackagingClass: PackagingClass!
    "The producer's fee for the period as its packaging was placed, in minor units of currency."
    currentFeeMinor: Int!
    "The producer's fee had the type been as simulated, in minor units of currency."
    simulatedFeeMinor: Int!
    "simulatedFeeMinor - currentFeeMinor: negative is a saving."
    differenceMinor: Int!
    "The period's green factor as placed."
    currentGreenFactor: Float!
    "The period's green factor had the type been as simulated."
    simulatedGreenFactor: Float!
  }

  "A parcel size asked for at checkout that no offerable packaging type fitted within the empty-space limit: sides shortest first, each rounded up to 10 mm."
  type UnmetParcelSize {
    "The shortest side, mm."
    shortMm: Int!
    "The middle side, mm."
    middleMm: Int!
    "The longest side, mm."
    longMm: Int!
    "Quotes in the period that asked for it and found no packaging type."
    quotes: Int!
  }

  extend type Query {
    "The right-sizing report (PRODUCER, REGULATOR): parcel sizes asked for at checkout in a period that no offerable packaging type fitted, most asked first, across every platform; what boxes to make. Counted in Redis per month: a Redis that restarts without its data starts counting again."
    rightSizing(
      "A period that has started: 2026, 2026-H1, 2026-Q3 or 2026-11."
      period: String!
      "How many sizes, 1 to 100; default 20."
      first: Int
    ): [UnmetParcelSize!]!
    "A what-if fee for one of your packaging types in a period (PRODUCER): change its recyclable share and/or recycled content (0-100; left out: as it is). Null when you have no such type; a period not computed yet is an error."
    feeSimulation(
      "One of your packaging types."
      packagingTypeId: ID!
      "A period that has started: 2026, 2026-H1, 2026-Q3 or 2026-11."
      period: String!
      "The recyclable share to try, 0-100."
      recyclableSharePct: Int
      "The recycled content to try, 0-100."
      recycledContentPct: Int
    ): FeeSimulation
    "Declaration revisions of packaging placed on the market outside GreenLoop, in the order made: a PRODUCER reads its own (producerId left out or its own), a REGULATOR everyone's."
    placedOnMarketDeclarations(
      "Only this producer's declarations; a producer may give only its own id."
      producerId: ID
      "Only declarations of exactly this period (2026, 2026-H1, 2026-Q3 or 2026-11)."
      period: String
      "Revisions per page, 1 to 100; default 20."
      first: Int
      "The cursor of the revision to read after; left out: from the first."
      after: String
    ): PlacedOnMarketDeclarationConnection
    "Recycling report revisions with their status, in the order submitted: a PRODUCER reads its own (producerId left out or its own), a REGULATOR everyone's. Each revision is PENDING until a regulator decides."
    recyclingReports(
      "Only this producer's reports; a producer may give only its own id."
      producerId: ID
      "Only reports of exactly this period (2026, 2026-H1, 2026-Q3 or 2026-11)."
      period: String
      "Revisions per page, 1 to 100; default 20."
      first: Int
      "The cursor of the revision to read after; left out: from the first."
      after: String
    ): RecyclingReportConnection
    "The best performers of a period (any organization): first 1-100, default 10. Rankings are read from the snapshots the compliance job stores (producers from their compliance, platforms and collectors from the period's green impact): a period not computed yet (by the compliance jobs, or recomputeCompliance) ranks nobody."
    rankings(
      "Whom to rank, and by what."
      kind: RankingKind!
      "A period that has started: 2026, 2026-H1, 2026-Q3 or 2026-11 (UTC)."
      period: String!
      "How many rows, 1 to 100; default 10."
      first: Int
    ): [RankingRow!]
    "Green impact in a period, as last computed with the period's compliance: a REGULATOR sees everyone's; a platform, producer or collector its own part. A period not computed yet is a NOT_COMPUTED_YET error (see producerCompliance)."
    greenImpact("A period that has started: 2026, 2026-H1, 2026-Q3 or 2026-11 (UTC)." period: String!): GreenImpact
    "A producer's compliance for a period, as last computed: a PRODUCER its own, a REGULATOR anyone's. Periods: 2026, 2026-H1, 2026-Q3, 2026-11. Served from stored snapshots only: a period not computed yet is a NOT_COMPUTED_YET error (the hourly job computes the periods open now and those that closed within a day; a regulator or the operator asks for any other with recomputeCompliance)."
    producerCompliance(
      "The PRODUCER organization's id; a producer may give only its own."
      producerId: ID!
      "A period that has started: 2026, 2026-H1, 2026-Q3 or 2026-11 (UTC)."
      period: String!
    ): ComplianceReport
  }

  extend type Mutation {
    "Reports recovery and recycling outside GreenLoop for a period (PRODUCER); it counts in that period's compliance and the longer ones containing it. VALIDATION, IDEMPOTENCY_KEY_REUSED."
    submitRecyclingReport("The period and its lines." input: RecyclingReportInput!): RecyclingReportPayload!
    "A PRODUCER declares packaging it placed on the market outside GreenLoop for a period, per material and activity, with evidence; compliance counts the latest revision with GreenLoop's checkouts."
    declarePlacedOnMarket("The period and its lines." input: PlacedOnMarketInput!): PlacedOnMarketPayload!
    "A REGULATOR accepts or rejects one revision of a producer's recycling report, with a reason, once. The compliance of the periods it counts in is computed again."
    decideRecyclingReport("The revision, the decision and its reason." input: ReportDecisionInput!): ReportDecisionPayload!
  }
`;
