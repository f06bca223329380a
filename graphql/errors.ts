import { GraphQLError, type GraphQLFormattedError } from 'graphql';

/** Request-level failures: thrown, reported in `errors` with a code. Domain failures are `userErrors` instead. */
export const unauthenticated = (): GraphQLError =>
  new GraphQLError('A valid API key is required: send "Authorization: Bearer <key>".', {
    extensions: { code: 'UNAUTHENTICATED' },
  });

export const forbidden = (message: string): GraphQLError =>
  new GraphQLError(message, { extensions: { code: 'FORBIDDEN' } });

const CLIENT_CODES = new Set([
  'UNAUTHENTICATED',
  'FORBIDDEN',
  'GRAPHQL_PARSE_FAILED',
  'GRAPHQL_VALIDATION_FAILED',
  'BAD_USER_INPUT',
  'PERSISTED_QUERY_NOT_FOUND',
  'PERSISTED_QUERY_NOT_SUPPORTED',
  'OPERATION_RESOLUTION_FAILURE',
  'BAD_REQUEST',
]);

/**
 * The one place errors are shaped for clients. In production an unexpected error says only that it happened
 * (the log has the detail); client errors keep their message so callers can fix their request.
 */
export function formatError(production: boolean) {
  return (formatted: GraphQLFormattedError): GraphQLFormattedError => {
    const code = typeof formatted.extensions?.code === 'string' ? formatted.extensions.code : 'INTERNAL_SERVER_ERROR';
    if (!production || CLIENT_CODES.has(code)) return formatted;
    return {
      message: 'Internal server error',
      ...(formatted.path ? { path: formatted.path } : {}),
      ...(formatted.locations ? { locations: formatted.locations } : {}),
      extensions: { code: 'INTERNAL_SERVER_ERROR' },
    };
  };
}
