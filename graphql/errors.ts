import type { ApolloServerPlugin } from '@apollo/server';
import { GraphQLError, type GraphQLFormattedError } from 'graphql';
import { SERVICE_UNAVAILABLE, SERVICE_UNAVAILABLE_MESSAGE, isOutageError } from '../server/outage.js';
import { LIMIT_CODES } from './limits.js';

/** Request-level failures: thrown, reported in `errors` with a code. Domain failures are `userErrors` instead. */
export const UNAUTHENTICATED_MESSAGE = 'A valid API key is required: send "Authorization: Bearer <key>".';

export const unauthenticated = (): GraphQLError =>
  new GraphQLError(UNAUTHENTICATED_MESSAGE, { extensions: { code: 'UNAUTHENTICATED' } });

export const forbidden = (message: string): GraphQLError =>
  new GraphQLError(message, { extensions: { code: 'FORBIDDEN' } });

/** A figure served from stored snapshots whose period has none yet: a read never computes it. */
export const notComputedYet = (what: string, period: string): GraphQLError =>
  new GraphQLError(`${what} for ${period} is not computed yet: the hourly job computes open periods; for another, a regulator or the operator asks for it with recomputeCompliance.`, {
    extensions: { code: 'NOT_COMPUTED_YET', period },
  });

const CLIENT_CODES = new Set([
  'UNAUTHENTICATED',
  'FORBIDDEN',
  'NOT_COMPUTED_YET',
  'GRAPHQL_PARSE_FAILED',
  'GRAPHQL_VALIDATION_FAILED',
  'BAD_USER_INPUT',
  'PERSISTED_QUERY_NOT_FOUND',
  'PERSISTED_QUERY_NOT_SUPPORTED',
  'OPERATION_RESOLUTION_FAILURE',
  'BAD_REQUEST',
  ...LIMIT_CODES,
  'RATE_LIMITED',
  SERVICE_UNAVAILABLE,
]);

/**
 * The one place errors are shaped for clients. In production an unexpected error says only that it happened
 * (the log has the detail); client errors keep their message so callers can fix their request. A dependency that is
 * away (store, Redis) is SERVICE_UNAVAILABLE, not an internal error: the same request succeeds once it is back.
 */
export function formatError(production: boolean) {
  return (formatted: GraphQLFormattedError, error?: unknown): GraphQLFormattedError => {
    if (isOutageError(error)) {
      return {
        message: SERVICE_UNAVAILABLE_MESSAGE,
        ...(formatted.path ? { path: formatted.path } : {}),
        ...(formatted.locations ? { locations: formatted.locations } : {}),
        extensions: { code: SERVICE_UNAVAILABLE, ...(production ? {} : { stacktrace: formatted.extensions?.stacktrace }) },
      };
    }
    const shaped = withClientCode(withLimitCode(formatted, error), error);
    const code = typeof shaped.extensions?.code === 'string' ? shaped.extensions.code : 'INTERNAL_SERVER_ERROR';
    if (!production || CLIENT_CODES.has(code)) return shaped;
    return {
      message: 'Internal server error',
      ...(formatted.path ? { path: formatted.path } : {}),
      ...(formatted.locations ? { locations: formatted.locations } : {}),
      extensions: { code: 'INTERNAL_SERVER_ERROR' },
    };
  };
}

/** Apollo files every validation error under GRAPHQL_VALIDATION_FAILED; a query limit keeps its own code. */
function withLimitCode(formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError {
  const original = error instanceof GraphQLError ? error.originalError : undefined;
  const code = original instanceof GraphQLError ? original.extensions.code : undefined;
  const isLimit = (LIMIT_CODES as readonly unknown[]).includes(code);
  return isLimit ? { ...formatted, extensions: { ...formatted.extensions, code } } : formatted;
}

/** HTTP 503 for a response that carries SERVICE_UNAVAILABLE, so load balancers and clients see it without parsing. */
export function serviceUnavailableStatusPlugin<TContext extends object>(): ApolloServerPlugin<TContext> {
  return {
    requestDidStart: () => Promise.resolve({
      willSendResponse({ response }) {
        const errors = response.body.kind === 'single' ? response.body.singleResult.errors : undefined;
        if (errors?.some((e) => e.extensions?.code === SERVICE_UNAVAILABLE)) response.http.status = 503;
        return Promise.resolve();
      },
    }),
  };
}

const TOO_MANY_VARIABLE_ERRORS = 'Too many errors processing variables';

/**
 * Client mistakes that would otherwise read as INTERNAL_SERVER_ERROR because nobody gave them a code: Apollo's HTTP
 * 400s about persisted queries (a hash that does not match, an unknown version) are BAD_REQUEST; graphql-js giving
 * up on variables after 50 invalid values ("Too many errors processing variables") is BAD_USER_INPUT, like the 50.
 */
function withClientCode(formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError {
  if (!(error instanceof GraphQLError) || error.extensions.code !== undefined) return formatted;
  const http = error.extensions.http as { status?: unknown } | undefined;
  const status = typeof http?.status === 'number' ? http.status : 0;
  const code = status >= 400 && status < 500 ? 'BAD_REQUEST' : error.message.startsWith(TOO_MANY_VARIABLE_ERRORS) ? 'BAD_USER_INPUT' : null;
  return code ? { ...formatted, extensions: { ...formatted.extensions, code } } : formatted;
}
