import { performance } from 'node:perf_hooks';
import type { ApolloServerPlugin } from '@apollo/server';
import type { GraphQLOperationSample } from '../server/metrics/metrics.js';

/**
 * Times every GraphQL operation from the request's arrival at Apollo to its response, with the operation's name and
 * type once the document resolves, and the first error's code (after formatError, so the code clients see).
 */
export function operationMetricsPlugin<TContext extends object>(observe: (sample: GraphQLOperationSample) => void): ApolloServerPlugin<TContext> {
  return {
    requestDidStart() {
      const started = performance.now();
      let name: string | null = null;
      let type: string | null = null;
      return Promise.resolve({
        didResolveOperation({ operation }) {
          if (operation) {
            type = operation.operation;
            name = operation.name?.value ?? null;
          }
          return Promise.resolve();
        },
        willSendResponse({ response }) {
          const errors = response.body.kind === 'single' ? response.body.singleResult.errors : response.body.initialResult.errors;
          const code = errors?.[0]?.extensions?.code;
          const errorCode = errors?.length ? (typeof code === 'string' ? code : 'INTERNAL_SERVER_ERROR') : null;
          observe({ name, type, errorCode, seconds: (performance.now() - started) / 1000 });
          return Promise.resolve();
        },
      });
    },
  };
}
