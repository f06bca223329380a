import type { Server } from 'node:http';
import { ApolloServer } from '@apollo/server';
import { ApolloServerPluginDrainHttpServer } from '@apollo/server/plugin/drainHttpServer';
import { ApolloServerPluginCacheControlDisabled, ApolloServerPluginLandingPageDisabled } from '@apollo/server/plugin/disabled';
import type { GraphQLContext } from './context.js';
import { formatError, serviceUnavailableStatusPlugin } from './errors.js';
import { authenticationPlugin, requestErrorStatusPlugin } from './http-status.js';
import { knownOperationTypesRule } from './known-operation-types.js';
import { MAX_TOKENS, costReportPlugin, queryLimitsRule } from './limits.js';
import { resolvers } from './resolvers/index.js';
import { typeDefs } from './schema/index.js';

export const HTTP_DRAIN_GRACE_MS = 5000;

export function createApolloServer(httpServer: Server, production: boolean): ApolloServer<GraphQLContext> {
  return new ApolloServer<GraphQLContext>({
    typeDefs,
    resolvers,
    // The schema is the public, documented contract: introspection stays on everywhere.
    introspection: true,
    // The process owns SIGTERM/SIGINT (app/lifecycle.ts): Apollo's own handlers would race ours and hang the drain.
    stopOnTerminationSignals: false,
    includeStacktraceInErrorResponses: !production,
    formatError: formatError(production),
    // Depth, cost and alias limits (limits.ts); a token cap bounds the parse itself. No subscriptions: asking is a
    // validation error, not an internal one.
    validationRules: [knownOperationTypesRule, queryLimitsRule()],
    parseOptions: { maxLexicalTokens: MAX_TOKENS },
    plugins: [
      // In-flight requests get this long to finish on shutdown; idle connections close at once.
      ApolloServerPluginDrainHttpServer({ httpServer, stopGracePeriodMillis: HTTP_DRAIN_GRACE_MS }),
      // The default landing page loads from a CDN these machines cannot reach.
      ApolloServerPluginLandingPageDisabled(),
      // No cache hints are used; the built-in plugin would still wrap every field resolver (measured in bench/quote).
      ApolloServerPluginCacheControlDisabled(),
      costReportPlugin(),
      serviceUnavailableStatusPlugin(),
      authenticationPlugin(),
      requestErrorStatusPlugin(),
    ],
  });
}
