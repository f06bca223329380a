import type { ApolloServerPlugin, GraphQLRequestListener } from '@apollo/server';
import {
  GraphQLError,
  Kind,
  SchemaMetaFieldDef,
  TypeMetaFieldDef,
  getNamedType,
  getNullableType,
  isListType,
  isObjectType,
  isInterfaceType,
  type DocumentNode,
  type FieldNode,
  type FragmentDefinitionNode,
  type GraphQLField,
  type GraphQLNamedType,
  type GraphQLSchema,
  type OperationDefinitionNode,
  type SelectionSetNode,
  type ValidationContext,
  type ValidationRule,
  type ValueNode,
  type VariableDefinitionNode,
} from 'graphql';
import { PAGE_SIZE_DEFAULT, PAGE_SIZE_MAX } from './pagination.js';

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

export const QUERY_LIMITS = {
  maxDepth: 12,
  /** About a full page of 100 rows with 50 fields each, or several narrower pages. */
  maxCost: 10_000,
  maxAliases: 30,
  /** Lists of a `__Type` (fields, inputFields, interfaces, possibleTypes, enumValues) on one introspection path. */
  maxIntrospectionNesting: 1,
} as const;

export type QueryLimits = { readonly [K in keyof typeof QUERY_LIMITS]: number };

/**
 * Fields that cost more than one resolution, because what they read grows with the data, not with the page: a
 * ranking or an impact figure sums a whole period, a `totalCount` counts a whole list.
 */
export const FIELD_WEIGHTS: Readonly<Record<string, number>> = {
  'Query.rankings': 100,
  'Query.greenImpact': 100,
  // Reads every entry of the platform's accounts.
  'Query.creditLiability': 100,
};
export const TOTAL_COUNT_WEIGHT = 10;

const weightOf = (parent: GraphQLNamedType, field: string): number =>
  FIELD_WEIGHTS[`${parent.name}.${field}`] ?? (field === 'totalCount' ? TOTAL_COUNT_WEIGHT : 1);

/** Lists without a size argument are short by construction: quote options, report lines, rule levels, reasons. */
export const LIST_SIZE_UNSIZED = 10;

/** Parsing stops after this many tokens: a bound on the work any document costs before it is measured. */
export const MAX_TOKENS = 10_000;

export const LIMIT_CODES = ['QUERY_TOO_DEEP', 'QUERY_TOO_COMPLEX', 'TOO_MANY_ALIASES', 'INTROSPECTION_TOO_NESTED'] as const;

export interface OperationMeasure {
  readonly depth: number;
  readonly cost: number;
  readonly aliases: number;
  readonly introspectionNesting: number;
}

const SIZE_ARGUMENT = 'first';
const INTROSPECTION_ROOTS = new Set(['__schema', '__type']);
const TYPE_LISTS = new Set(['fields', 'inputFields', 'interfaces', 'possibleTypes', 'enumValues']);

/**
 * Measures one operation against the schema. Fields the schema does not know are skipped (the standard rules report
 * them); fragment cycles are cut (likewise). `variables` are the request's, when known.
 */
export function measureOperation(
  schema: GraphQLSchema,
  operation: OperationDefinitionNode,
  fragments: ReadonlyMap<string, FragmentDefinitionNode>,
  variables?: Readonly<Record<string, unknown>>,
): OperationMeasure {
  const root = schema.getRootType(operation.operation);
  const variableDefaults = new Map((operation.variableDefinitions ?? []).map((d: VariableDefinitionNode) => [d.variable.name.value, d.defaultValue]));
  let aliases = 0;
  let introspectionNesting = 0;

  const sizeOf = (field: FieldNode, definition: GraphQLField<unknown, unknown>): number | null => {
    if (!definition.args.some((arg) => arg.name === SIZE_ARGUMENT)) return null;
    const argument = field.arguments?.find((arg) => arg.name.value === SIZE_ARGUMENT);
    const asked = argument ? sizeValue(argument.value) : PAGE_SIZE_DEFAULT;
    return Math.max(0, Math.min(asked, PAGE_SIZE_MAX));
  };
  const sizeValue = (value: ValueNode): number => {
    if (value.kind === Kind.INT) return Number.parseInt(value.value, 10);
    if (value.kind === Kind.NULL) return PAGE_SIZE_DEFAULT;
    if (value.kind !== Kind.VARIABLE) return PAGE_SIZE_MAX;
    const name = value.name.value;
    if (variables && name in variables) {
      const given = variables[name];
      if (given === null || given === undefined) return PAGE_SIZE_DEFAULT;
      return typeof given === 'number' && Number.isFinite(given) ? given : PAGE_SIZE_MAX;
    }
    const fallback = variableDefaults.get(name);
    return fallback ? sizeValue(fallback) : PAGE_SIZE_MAX;
  };

  /** Walks a selection set; returns its depth and cost. `pendingSize` sizes the lists directly inside a connection. */
  const walk = (
    selectionSet: SelectionSetNode,
    parent: GraphQLNamedType,
    multiplier: number,
    pendingSize: number | null,
    visiting: ReadonlySet<string>,
  ): { depth: number; cost: number } => {
    let depth = 0;
    let cost = 0;
    for (const selection of selectionSet.selections) {
      if (selection.kind === Kind.FIELD) {
        if (selection.alias) aliases += 1;
        const name = selection.name.value;
        if (name === '__typename') {
          depth = Math.max(depth, 1);
          cost += multiplier;
          continue;
        }
        if (parent === root && INTROSPECTION_ROOTS.has(name)) {
          const meta = name === '__schema' ? SchemaMetaFieldDef : TypeMetaFieldDef;
          if (selection.selectionSet) introspect(selection.selectionSet, getNamedType(meta.type), 0, visiting);
          continue;
        }
        const definition = fieldOf(parent, name);
        if (!definition) {
          // Unknown to the schema (the standard rules refuse it): no cost, but its nesting still counts.
          depth = Math.max(depth, 1 + (selection.selectionSet ? untypedDepth(selection.selectionSet, visiting) : 0));
          continue;
        }
        const type = getNullableType(definition.type);
        const size = sizeOf(selection, definition);
        const listSize = isListType(type) ? (size ?? pendingSize ?? LIST_SIZE_UNSIZED) : 1;
        cost += multiplier * weightOf(parent, name);
        let childDepth = 0;
        if (selection.selectionSet) {
          const child = walk(selection.selectionSet, getNamedType(type), multiplier * listSize, isListType(type) ? null : size, visiting);
          childDepth = child.depth;
          cost += child.cost;
        }
        depth = Math.max(depth, 1 + childDepth);
      } else {
        const inner = spreadTarget(selection, parent, visiting);
        if (!inner) continue;
        const child = walk(inner.selectionSet, inner.type, multiplier, pendingSize, inner.visiting);
        depth = Math.max(depth, child.depth);
        cost += child.cost;
      }
    }
    return { depth, cost };
  };

  const untypedDepth = (selectionSet: SelectionSetNode, visiting: ReadonlySet<string>): number => {
    let depth = 0;
    for (const selection of selectionSet.selections) {
      if (selection.kind === Kind.FIELD) {
        depth = Math.max(depth, 1 + (selection.selectionSet ? untypedDepth(selection.selectionSet, visiting) : 0));
      } else if (selection.kind === Kind.INLINE_FRAGMENT) {
        depth = Math.max(depth, untypedDepth(selection.selectionSet, visiting));
      } else {
        const fragment = fragments.get(selection.name.value);
        if (fragment && !visiting.has(fragment.name.value)) {
          depth = Math.max(depth, untypedDepth(fragment.selectionSet, new Set([...visiting, fragment.name.value])));
        }
      }
    }
    return depth;
  };

  const introspect = (selectionSet: SelectionSetNode, parent: GraphQLNamedType, nesting: number, visiting: ReadonlySet<string>): void => {
    introspectionNesting = Math.max(introspectionNesting, nesting);
    for (const selection of selectionSet.selections) {
      if (selection.kind === Kind.FIELD) {
        if (selection.alias) aliases += 1;
        const definition = fieldOf(parent, selection.name.value);
        if (!definition || !selection.selectionSet) continue;
        const deeper = parent.name === '__Type' && TYPE_LISTS.has(selection.name.value) ? nesting + 1 : nesting;
        introspect(selection.selectionSet, getNamedType(definition.type), deeper, visiting);
      } else {
        const inner = spreadTarget(selection, parent, visiting);
        if (inner) introspect(inner.selectionSet, inner.type, nesting, inner.visiting);
      }
    }
  };

  const spreadTarget = (
    selection: SelectionSetNode['selections'][number],
    parent: GraphQLNamedType,
    visiting: ReadonlySet<string>,
  ): { selectionSet: SelectionSetNode; type: GraphQLNamedType; visiting: ReadonlySet<string> } | null => {
    if (selection.kind === Kind.INLINE_FRAGMENT) {
      const type = selection.typeCondition ? schema.getType(selection.typeCondition.name.value) : parent;
      return type ? { selectionSet: selection.selectionSet, type, visiting } : null;
    }
    if (selection.kind !== Kind.FRAGMENT_SPREAD) return null;
    const name = selection.name.value;
    const fragment = fragments.get(name);
    if (!fragment || visiting.has(name)) return null;
    const type = schema.getType(fragment.typeCondition.name.value);
    return type ? { selectionSet: fragment.selectionSet, type, visiting: new Set([...visiting, name]) } : null;
  };

  const measured = root ? walk(operation.selectionSet, root, 1, null, new Set()) : { depth: 0, cost: 0 };
  return { depth: measured.depth, cost: measured.cost, aliases, introspectionNesting };
}

function fieldOf(parent: GraphQLNamedType, name: string): GraphQLField<unknown, unknown> | undefined {
  return isObjectType(parent) || isInterfaceType(parent) ? parent.getFields()[name] : undefined;
}

export function fragmentsOf(document: DocumentNode): Map<string, FragmentDefinitionNode> {
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const definition of document.definitions) {
    if (definition.kind === Kind.FRAGMENT_DEFINITION) fragments.set(definition.name.value, definition);
  }
  return fragments;
}

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
