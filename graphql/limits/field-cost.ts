import { Kind, type ConstValueNode, type FieldNode, type GraphQLField, type GraphQLNamedType, type OperationDefinitionNode, type ValueNode } from 'graphql';
import { PAGE_SIZE_DEFAULT, PAGE_SIZE_MAX } from '../pagination.js';

// What one field adds to a query's cost (graphql/limits.ts): its weight, and the number of rows its list (or the
// lists directly inside its connection) multiplies what is below it by.

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

/** Lists without a size argument are short by construction: quote options, report lines, rule levels, reasons. */
export const LIST_SIZE_UNSIZED = 10;

const SIZE_ARGUMENT = 'first';

/** What a field costs each time it resolves: its FIELD_WEIGHTS entry, else TOTAL_COUNT_WEIGHT for a `totalCount`, else 1. */
export const weightOf = (parent: GraphQLNamedType, field: string): number =>
  FIELD_WEIGHTS[`${parent.name}.${field}`] ?? (field === 'totalCount' ? TOTAL_COUNT_WEIGHT : 1);

/** What a variable `first` can resolve to: the request's variables when known, and the operation's defaults. */
export interface VariableSizes {
  readonly given: Readonly<Record<string, unknown>> | undefined;
  readonly defaults: ReadonlyMap<string, ConstValueNode | undefined>;
}

/** Pairs the request's variables (when known) with the defaults the operation declares for them. */
export function variableSizes(operation: OperationDefinitionNode, variables?: Readonly<Record<string, unknown>>): VariableSizes {
  return { given: variables, defaults: new Map((operation.variableDefinitions ?? []).map((d) => [d.variable.name.value, d.defaultValue])) };
}

/** How many rows a field's `first` asks for (the default page when omitted), clamped to 0..the cap; null when it takes no `first`. */
export function requestedSize(field: FieldNode, definition: GraphQLField<unknown, unknown>, variables: VariableSizes): number | null {
  if (!definition.args.some((arg) => arg.name === SIZE_ARGUMENT)) return null;
  const argument = field.arguments?.find((arg) => arg.name.value === SIZE_ARGUMENT);
  const asked = argument ? sizeOfValue(argument.value, variables) : PAGE_SIZE_DEFAULT;
  return Math.max(0, Math.min(asked, PAGE_SIZE_MAX));
}

/** How many rows a list multiplies what is below it by: its own size, else its connection's, else LIST_SIZE_UNSIZED; 1 if not a list. */
export function rowsOf(isList: boolean, size: number | null, connectionSize: number | null): number {
  return isList ? (size ?? connectionSize ?? LIST_SIZE_UNSIZED) : 1;
}

/** The rows a `first` value asks for: an integer as written, null as the default page, a variable as it resolves, else the cap. */
function sizeOfValue(value: ValueNode, variables: VariableSizes): number {
  if (value.kind === Kind.INT) return Number.parseInt(value.value, 10);
  if (value.kind === Kind.NULL) return PAGE_SIZE_DEFAULT;
  if (value.kind !== Kind.VARIABLE) return PAGE_SIZE_MAX;
  return sizeOfVariable(value.name.value, variables);
}

/** The rows a variable asks for: its value when the request gives one, else its declared default, else the cap. */
function sizeOfVariable(name: string, variables: VariableSizes): number {
  const { given, defaults } = variables;
  if (given && name in given) return sizeOfGiven(given[name]);
  const fallback = defaults.get(name);
  return fallback ? sizeOfValue(fallback, variables) : PAGE_SIZE_MAX;
}

/** The rows a variable's given value asks for: null (or absent) as the default page, a finite number as is, else the cap. */
function sizeOfGiven(given: unknown): number {
  if (given === null || given === undefined) return PAGE_SIZE_DEFAULT;
  return typeof given === 'number' && Number.isFinite(given) ? given : PAGE_SIZE_MAX;
}
