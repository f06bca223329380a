import type { ApolloServerPlugin, GraphQLRequestListener } from '@apollo/server';
import { GraphQLError, Kind, type OperationDefinitionNode, type ValidationContext, type ValidationRule } from 'graphql';
import { fragmentsOf, measureOperation, type OperationMeasure } from './limits/measure.js';

export { FIELD_WEIGHTS, LIST_SIZE_UNSIZED, TOTAL_COUNT_WEIGHT } from './limits/field-cost.js';
export { fragmentsOf, measureOperation, type OperationMeasure } from './limits/measure.js';

// How much one GraphQL document may ask for. Pages are capped at 100 rows (pagination.ts), but a document can nest
// and alias lists, so a request is also measured as a whole before it runs:
// - depth: how many fields deep it goes, fields unknown to the schema included (the schema has no cycle today and
//   its longest path is 9 deep; the limit guards against garbage nesting and against cycles the schema may gain);
// - cost: how many fields it may resolve. Every field costs 1 (a heavy one its FIELD_WEIGHTS, a `totalCount`
//   TOTAL_COUNT_WEIGHT) for each time it can be resolved, so it is multiplied
//   by the sizes of the lists above it. A list's size is its `first` argument (clamped to the page cap); a variable
//   counts as its value when known, else its default, else the cap; an omitted `first` counts as the default page.
//   On a connection (a field with `first` that returns an object) the size applies to the lists directly inside it
//   (`edges`, `nodes`). Any other list (a quote's options, a report's lines) counts LIST_SIZE_UNSIZED;
// - aliases: each alias runs its field again, the classic way to fit a thousand attempts into one request;
// - introspection is exempt from depth and cost (the schema is public and the standard introspection query is
//   15 deep), but may follow a type to its fields, input fields, interfaces, possible types or enum values only once
//   on any path: every further step would multiply the answer by the size of the schema.
// limits/measure.ts measures an operation; limits/field-cost.ts says what one field costs and how many rows it counts.

export const QUERY_LIMITS = {
  maxDepth: 12,
  /** About a full page of 100 rows with 50 fields each, or several narrower pages. */
  maxCost: 10_000,
  maxAliases: 30,
  /** Lists of a `__Type` (fields, inputFields, interfaces, possibleTypes, enumValues) on one introspection path. */
  maxIntrospectionNesting: 1,
} as const;

export type QueryLimits = { readonly [K in keyof typeof QUERY_LIMITS]: number };

/** Parsing stops after this many tokens: a bound on the work any document costs before it is measured. */
export const MAX_TOKENS = 10_000;

export const LIMIT_CODES = ['QUERY_TOO_DEEP', 'QUERY_TOO_COMPLEX', 'TOO_MANY_ALIASES', 'INTROSPECTION_TOO_NESTED'] as const;

/** The limits one measured operation breaks, as typed errors naming what was measured and the limit. */
export function limitErrors(measure: OperationMeasure, limits: QueryLimits, node?: OperationDefinitionNode): GraphQLError[] {
  const errors: GraphQLError[] = [];
  const refuse = (message: string, extensions: Record<string, unknown>) => {
    errors.push(new GraphQLError(message, { ...(node ? { nodes: [node] } : {}), extensions }));
  };
  if (measure.depth > limits.maxDepth) {
    refuse(`The query is ${measure.depth} fields deep; at most ${limits.maxDepth} are allowed.`,
      { code: 'QUERY_TOO_DEEP', depth: measure.depth, maxDepth: limits.maxDepth });
  }
  if (measure.cost > limits.maxCost) {
    refuse(`The query may resolve ${measure.cost} fields; at most ${limits.maxCost} are allowed. Ask for smaller pages or fewer fields.`,
      { code: 'QUERY_TOO_COMPLEX', cost: measure.cost, maxCost: limits.maxCost });
  }
  if (measure.aliases > limits.maxAliases) {
    refuse(`The query uses ${measure.aliases} aliases; at most ${limits.maxAliases} are allowed.`,
      { code: 'TOO_MANY_ALIASES', aliases: measure.aliases, maxAliases: limits.maxAliases });
  }
  if (measure.introspectionNesting > limits.maxIntrospectionNesting) {
    refuse(`The introspection query follows types to their fields ${measure.introspectionNesting} times on one path; at most ${limits.maxIntrospectionNesting} is allowed.`,
      { code: 'INTROSPECTION_TOO_NESTED', nesting: measure.introspectionNesting, maxNesting: limits.maxIntrospectionNesting });
  }
  return errors;
}

/**
 * The validation rule. Apollo validates a document once and caches it whatever the variables, so the rule measures
 * variables at their defaults or the page cap: the most the document can ever ask for.
 */
export function queryLimitsRule(limits: QueryLimits = QUERY_LIMITS): ValidationRule {
  return (context: ValidationContext) => ({
    Document(document) {
      const fragments = fragmentsOf(document);
      for (const definition of document.definitions) {
        if (definition.kind !== Kind.OPERATION_DEFINITION) continue;
        const measure = measureOperation(context.getSchema(), definition, fragments);
        for (const error of limitErrors(measure, limits, definition)) context.reportError(error);
      }
      return false;
    },
  });
}

/** Reports what the executed operation may cost, with the request's variables, in the response's `extensions.cost`. */
export function costReportPlugin<TContext extends object>(limits: QueryLimits = QUERY_LIMITS): ApolloServerPlugin<TContext> {
  const report = {
    willSendResponse({ schema, document, operation, request, response }) {
      if (!document || !operation || response.body.kind !== 'single') return Promise.resolve();
      const measure = measureOperation(schema, operation, fragmentsOf(document), request.variables ?? {});
      response.body.singleResult.extensions = {
        ...response.body.singleResult.extensions,
        cost: { requested: measure.cost, maxCost: limits.maxCost, depth: measure.depth, maxDepth: limits.maxDepth },
      };
      return Promise.resolve();
    },
  } satisfies GraphQLRequestListener<TContext>;
  return { requestDidStart: () => Promise.resolve(report) };
}
