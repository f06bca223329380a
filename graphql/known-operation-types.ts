import { GraphQLError, type ValidationRule } from 'graphql';

/**
 * An operation the schema has no root type for (this API has no subscriptions) is a validation error, as graphql-js
 * 17 reports it. graphql-js 16 lets it through to execution, which fails with an error that has no code: clients saw
 * INTERNAL_SERVER_ERROR for their own mistake.
 */
export const knownOperationTypesRule: ValidationRule = (context) => ({
  OperationDefinition(node) {
    if (!context.getSchema().getRootType(node.operation)) {
      context.reportError(new GraphQLError(`This API has no ${node.operation} operations.`, { nodes: node }));
    }
  },
});
