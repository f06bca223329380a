export const commonTypeDefs = /* GraphQL */ `
  "An instant in time, ISO 8601 in UTC (e.g. 2026-11-29T16:00:00Z)."
  scalar DateTime

  "A problem with a mutation's input or with what it asks, reported as data (HTTP 200), never thrown."
  type UserError {
    "A stable code a client can branch on: VALIDATION, NOT_FOUND, IDEMPOTENCY_KEY_REUSED, ..."
    code: String!
    "Path to the input field at fault, e.g. [\\"input\\", \\"name\\"]; null when no single field is."
    field: [String!]
    "A sentence for a human."
    message: String!
  }
`;
