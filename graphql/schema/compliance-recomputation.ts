export const complianceRecomputationTypeDefs = /* GraphQL */ `
  "Where a background job stands."
  enum JobState {
    "Waiting to run, or waiting to try again after a failure."
    QUEUED
    RUNNING
    COMPLETED
    "Failed for good, every retry used."
    FAILED
  }

  "How a period's compliance snapshots stand now: producers per status and the fees they owe, under the current EPR rules."
  type CompliancePeriodSummary {
    period: String!
    ruleVersion: String!
    "Producers with a snapshot for the period (every producer gets one, an empty one too)."
    producers: Int!
    compliant: Int!
    atRisk: Int!
    nonCompliant: Int!
    "The sum of the producers' fees, minor units."
    feeMinor: Int!
    currency: String!
    "When the newest snapshot was computed; null when the period has none."
    lastComputedAt: DateTime
  }

  "The recomputation of every producer's compliance and fees for one period, run by a job (asked for by the operator or a regulator)."
  type ComplianceRecomputation {
    "Ask complianceRecomputation(id) for its progress."
    id: ID!
    period: String!
    state: JobState!
    "0 to 100, as the job counts the period's facts and writes the snapshots."
    progressPct: Int!
    requestedAt: DateTime!
    finishedAt: DateTime
    "Why the job failed, when it failed for good."
    failure: String
    "Producers whose snapshots the job wrote; null until it completes."
    producers: Int
    "The period's snapshots as they stand now (before the job completes: the previous computation's)."
    summary: CompliancePeriodSummary!
  }

  input RecomputeComplianceInput {
    "A period that has started: 2026, 2026-H1, 2026-Q3 or 2026-11."
    period: String!
  }
  type RecomputeCompliancePayload { recomputation: ComplianceRecomputation userErrors: [UserError!]! }

  extend type Query {
    """
    A recomputation the operator asked for, by id; null when there is none or the queue no longer keeps it (it keeps
    the last 1000 finished compliance jobs). The operator (ADMIN_API_KEY) or a REGULATOR.
    """
    complianceRecomputation(id: ID!): ComplianceRecomputation
  }

  extend type Mutation {
    """
    Recomputes every producer's compliance and fees for a period from its facts, in a job (a past period not computed
    yet, after a correction, or to refresh figures without waiting for the hourly run). The operator (ADMIN_API_KEY)
    or a REGULATOR: a read never computes. Safe to repeat.
    """
    recomputeCompliance(input: RecomputeComplianceInput!): RecomputeCompliancePayload!
  }
`;
