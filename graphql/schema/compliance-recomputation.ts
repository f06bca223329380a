export const complianceRecomputationTypeDefs = /* GraphQL */ `
  "Where a background job stands."
  enum JobState {
    "Waiting to run, or waiting to try again after a failure."
    QUEUED
    "A worker is running it now."
    RUNNING
    "Finished successfully."
    COMPLETED
    "Failed for good, every retry used."
    FAILED
  }

  "How a period's compliance snapshots stand now: producers per status and the fees they owe, under the current EPR rules."
  type CompliancePeriodSummary {
    "The period: 2026, 2026-H1, 2026-Q3 or 2026-11 (UTC)."
    period: String!
    "The EPR rules the snapshots were computed under, e.g. GL-EPR-2026.2; snapshots under older rules are not counted."
    ruleVersion: String!
    "Producers with a snapshot for the period (every producer gets one, an empty one too)."
    producers: Int!
    "Producers meeting every recovery target (COMPLIANT)."
    compliant: Int!
    "Producers below a target by no more than the rules' margin (AT_RISK)."
    atRisk: Int!
    "Producers below a target by more than the margin (NON_COMPLIANT)."
    nonCompliant: Int!
    "The sum of the producers' fees, in integer minor units of currency (pence for GBP)."
    feeMinor: Int!
    "The ISO 4217 code of the fees, e.g. GBP."
    currency: String!
    "When the newest snapshot was computed; null when the period has none."
    lastComputedAt: DateTime
  }

  "The recomputation of every producer's compliance and fees for one period, run by a job (asked for by the operator or a regulator)."
  type ComplianceRecomputation {
    "Ask complianceRecomputation(id) for its progress."
    id: ID!
    "The period recomputed: 2026, 2026-H1, 2026-Q3 or 2026-11 (UTC)."
    period: String!
    "Where the job stands."
    state: JobState!
    "0 to 100, as the job counts the period's facts and writes the snapshots."
    progressPct: Int!
    "When the recomputation was asked for."
    requestedAt: DateTime!
    "When the job completed or failed for good; null while it is queued or running."
    finishedAt: DateTime
    "Why the job failed, when it failed for good."
    failure: String
    "Producers whose snapshots the job wrote; null until it completes."
    producers: Int
    "The period's snapshots as they stand now (before the job completes: the previous computation's)."
    summary: CompliancePeriodSummary!
  }

  "The period to recompute."
  input RecomputeComplianceInput {
    "A period that has started (UTC), years 2000 to 2999: 2026, 2026-H1, 2026-Q3 or 2026-11."
    period: String!
  }
  "The outcome of recomputeCompliance."
  type RecomputeCompliancePayload {
    "The job just queued; null when refused."
    recomputation: ComplianceRecomputation
    "Why the request was refused; empty on success."
    userErrors: [UserError!]!
  }

  extend type Query {
    """
    A recomputation asked for with recomputeCompliance, by id; null when there is none or the queue no longer keeps
    it (it keeps the last 1000 completed and 5000 failed compliance jobs). The operator (ADMIN_API_KEY) or a REGULATOR.
    """
    complianceRecomputation(
      "The id recomputeCompliance returned, 24 hexadecimal digits; anything else reads as null."
      id: ID!
    ): ComplianceRecomputation
  }

  extend type Mutation {
    """
    Recomputes every producer's compliance and fees for a period from its facts, in a job (a past period not computed
    yet, after a correction, or to refresh figures without waiting for the hourly run). The operator (ADMIN_API_KEY)
    or a REGULATOR: a read never computes. Safe to repeat. VALIDATION for a malformed period or one not started yet.
    """
    recomputeCompliance(
      "The period to recompute."
      input: RecomputeComplianceInput!
    ): RecomputeCompliancePayload!
  }
`;
