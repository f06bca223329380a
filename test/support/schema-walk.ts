// The running schema as a test sees it: every root field, and a document that calls one with a variable per
// argument and selects what it returns (every field a few levels deep), so generated suites cover fields nobody
// listed by hand.
import {
  buildClientSchema,
  getIntrospectionQuery,
  getNamedType,
  isLeafType,
  isNonNullType,
  isObjectType,
  type GraphQLField,
  type GraphQLInputType,
  type GraphQLOutputType,
  type GraphQLSchema,
  type IntrospectionQuery,
} from 'graphql';

export type RootOperation = 'query' | 'mutation';

export interface RootField {
  readonly operation: RootOperation;
  readonly name: string;
  readonly args: readonly { readonly name: string; readonly type: GraphQLInputType; readonly required: boolean }[];
  readonly type: GraphQLOutputType;
}

/** The schema the server serves, read by the standard introspection query (no key needed: the schema is public). */
export async function introspectSchema(url: string): Promise<GraphQLSchema> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ query: getIntrospectionQuery() }),
  });
  const body = (await response.json()) as { data?: IntrospectionQuery; errors?: unknown };
  if (!body.data) throw new Error(`introspection failed: ${JSON.stringify(body.errors)}`);
  return buildClientSchema(body.data);
}

/** Every Query and Mutation field, in schema order. */
export function rootFields(schema: GraphQLSchema): RootField[] {
  const roots: [RootOperation, ReturnType<GraphQLSchema['getQueryType']>][] = [['query', schema.getQueryType()], ['mutation', schema.getMutationType()]];
  return roots.flatMap(([operation, type]) =>
    type
      ? Object.values(type.getFields()).map((field) => ({
        operation,
        name: field.name,
        args: field.args.map((arg) => ({ name: arg.name, type: arg.type, required: isNonNullType(arg.type) && arg.defaultValue === undefined })),
        type: field.type,
      }))
      : [],
  );
}

/** How far a generated selection descends into object fields, and the page size it asks of nested lists. */
export interface SelectionOptions {
  readonly depth: number;
  readonly pageSize: number;
}

/**
 * Every field of `type` that can be selected without arguments we would have to invent (a `first` argument gets
 * `pageSize`), object fields down to `depth` levels. Empty for a leaf type.
 */
export function selectionOf(type: GraphQLOutputType, options: SelectionOptions): string {
  const named = getNamedType(type);
  if (isLeafType(named)) return '';
  if (!isObjectType(named) || options.depth <= 0) return '{ __typename }';
  const parts: string[] = ['__typename'];
  for (const field of Object.values(named.getFields()) as GraphQLField<unknown, unknown>[]) {
    if (field.args.some((arg) => isNonNullType(arg.type) && arg.defaultValue === undefined && arg.name !== 'first')) continue;
    const args = field.args.some((arg) => arg.name === 'first') ? `(first: ${String(options.pageSize)})` : '';
    const fieldType = getNamedType(field.type);
    if (isLeafType(fieldType)) {
      parts.push(`${field.name}${args}`);
    } else if (options.depth > 1) {
      parts.push(`${field.name}${args} ${selectionOf(field.type, { ...options, depth: options.depth - 1 })}`);
    }
  }
  return `{ ${parts.join(' ')} }`;
}

/** A document calling one root field with a variable per argument (named as the argument), selecting its result. */
export function documentFor(field: RootField, options: SelectionOptions): string {
  const variables = field.args.map((arg) => `$${arg.name}: ${String(arg.type)}`).join(', ');
  const args = field.args.map((arg) => `${arg.name}: $${arg.name}`).join(', ');
  return `${field.operation} Call${variables ? `(${variables})` : ''} { ${field.name}${args ? `(${args})` : ''} ${selectionOf(field.type, options)} }`;
}
