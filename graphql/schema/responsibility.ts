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

  extend type Query {
    "A producer's compliance for a period: a PRODUCER its own, a REGULATOR anyone's. Periods: 2026, 2026-H1, 2026-Q3, 2026-11."
    producerCompliance(producerId: ID!, period: String!): ComplianceReport!
  }

  extend type Mutation {
    "Reports recovery and recycling for a period (PRODUCER)."
    submitRecyclingReport(input: RecyclingReportInput!): RecyclingReportPayload!
  }
`;
