import { USER_ERROR_CODES, USER_ERROR_MEANINGS } from '../../server/domain/user-error.js';

/** Every code a userError can carry, with its meaning, from the one list the services use. */
const userErrorCodes = USER_ERROR_CODES.map((code) => `    ${JSON.stringify(USER_ERROR_MEANINGS[code])}\n    ${code}`).join('\n');

export const commonTypeDefs = /* GraphQL */ `
  "An instant in time, ISO 8601 in UTC (e.g. 2026-11-29T16:00:00Z)."
  scalar DateTime

  "The codes a userError carries, each with what it means. Over the wire a code is its name, as before."
  enum UserErrorCode {
${userErrorCodes}
  }

  "A problem with a mutation's input or with what it asks, reported as data (HTTP 200), never thrown."
  type UserError {
    "A stable code a client can branch on."
    code: UserErrorCode!
    "Path to the input field at fault, e.g. [\\"input\\", \\"name\\"]; null when no single field is."
    field: [String!]
    "A sentence for a human."
    message: String!
  }
`;
