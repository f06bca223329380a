export const responsibilityTypeDefs = /* GraphQL */ `
  "What a producer recovered and recycled outside GreenLoop's collection points, by material."
  input RecyclingLineInput {
    material: Material!
    recoveredGrams: Int!
    "At most recoveredGrams."
    recycledGrams: Int!
    "1 to 20 references: certificate numbers, invoices, URLs."
    evidence: [String!]!
  }
  "A report for a period that has started; each material once. A second report for the period is its next revision."
  input RecyclingReportInput { period: String! idempotencyKey: String! lines: [RecyclingLineInput!]! }
  type RecyclingReport { id: ID! period: String! "1, 2, ...: the latest counts; earlier ones are kept." revision: Int! }
  type RecyclingReportPayload { report: RecyclingReport userErrors: [UserError!]! }

  enum ComplianceStatus { COMPLIANT AT_RISK NON_COMPLIANT }
  "A fee band (the UK RAM rating) set by recyclability grade: A is GREEN, B and C AMBER, not recyclable RED."
  enum RamRating { GREEN AMBER RED }
  "The part of a material's packaging in one fee band, and the fee it pays: how the fee is modulated."
  type ComplianceFeeBand {
    ramRating: RamRating!
    placedOnMarketGrams: Int!
    "The material's base fee per tonne, minor units."
    baseFeeMinorPerTonne: Int!
    "The multiple of the base fee this band pays: RED 1.2, AMBER 1, GREEN the period's green factor."
    factor: Float!
    "Whole minor units; a line's bands add up to its fee."
    feeMinor: Int!
  }
  "One material: what the producer placed on the market, what came back, the target, and the fee, with its workings."
  type ComplianceLine {
    material: Material!
    placedOnMarketGrams: Int!
    "At GreenLoop collection points plus the producer's latest report."
    recoveredGrams: Int!
    recycledGrams: Int!
    recoveryRatePct: Float!
    targetPct: Float!
    feeMinor: Int!
    "The fee's modulation: the mass placed on the market per fee band (GREEN, AMBER, RED, those present). Empty for snapshots computed before bands were recorded."
    feeBands: [ComplianceFeeBand!]!
    "The inputs and arithmetic of this line, in words."
    explanation: String!
  }
  "A producer's compliance for a period, computed by a job from facts under a versioned rule set."
  type ComplianceReport {
    producer: Organization!
    period: String!
    "Compliant when every material meets its target; at risk within 10 points below; else non-compliant."
    status: ComplianceStatus!
    ruleVersion: String!
    computedAt: DateTime!
    lines: [ComplianceLine!]!
    "The sum of the lines' fees."
    feeMinor: Int!
    currency: String!
    "The period's green fee factor, chosen so the modulated fees of all producers total their base fees."
    greenFactor: Float!
    revenueNeutral: Boolean!
  }

  enum RankingKind { PRODUCER PLATFORM COLLECTION_POINT }
  "One place in a ranking. Equal scores share a rank."
  type RankingRow {
    rank: Int!
    "The producer, the platform, or the collector running the collection points."
    organization: Organization!
    score: Float!
    "What the score measures: recoveryRatePct (producers), notReboxedRatePct (platforms), verifiedReturns (collectors)."
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
    "Reusable units issued by the period's end and neither lost nor retired."
    reusableUnitsInService: Int!
    "Reusable trips that came back in the period."
    reuseCycles: Int!
    "Cartons not made because a reusable unit made the trip."
    cartonsReused: Int!
    "37 g CO2e per carton reused (EPR rules GL-EPR-2026.1)."
    co2eAvoidedGrams: Int!
    creditsIssued: Int!
    creditsRedeemed: Int!
    "Loose packaging returned at collection points in the period (not flagged, or cleared), grams."
    looseReturnedGrams: Int!
    "Of it, what the collector could name no producer for (no packaging type or producer given): recovered, but counted toward no producer's recovery."
    unattributedLooseGrams: Int!
  }

  extend type Query {
    "The best performers of a period (any organization): first 1-100, default 10. Rankings are read from the snapshots the compliance job stores (producers from their compliance, platforms and collectors from the period's green impact): a period not computed yet (by the compliance jobs, or recomputeCompliance) ranks nobody."
    rankings(kind: RankingKind!, period: String!, first: Int): [RankingRow!]!
    "Green impact in a period, as last computed with the period's compliance: a REGULATOR sees everyone's; a platform, producer or collector its own part. A period not computed yet is a NOT_COMPUTED_YET error (see producerCompliance)."
    greenImpact(period: String!): GreenImpact!
    "A producer's compliance for a period, as last computed: a PRODUCER its own, a REGULATOR anyone's. Periods: 2026, 2026-H1, 2026-Q3, 2026-11. Served from stored snapshots only: a period not computed yet is a NOT_COMPUTED_YET error (the hourly job computes the periods open now and those that closed within a day; a regulator or the operator asks for any other with recomputeCompliance)."
    producerCompliance(producerId: ID!, period: String!): ComplianceReport!
  }

  extend type Mutation {
    "Reports recovery and recycling for a period (PRODUCER)."
    submitRecyclingReport(input: RecyclingReportInput!): RecyclingReportPayload!
  }
`;
