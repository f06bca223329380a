// The dashboard's only data source: the public GraphQL API of the service that serves it, called with the
// signed-in organization's key. Its documents are in operations.graphql; `npm run codegen` types them (generated/).
import { TypedDocumentString, type ViewerQuery } from './generated/graphql';

/** A request that failed: the network, or an error the API answered with (its code, e.g. UNAUTHENTICATED). */
export class ApiError extends Error {
  constructor(
    message: string,
    /** The GraphQL error code; NETWORK when the service could not be reached. */
    readonly code: string,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

export const NETWORK = 'NETWORK';
/** A period whose figures the jobs have not computed yet (a read never computes them). */
export const NOT_COMPUTED_YET = 'NOT_COMPUTED_YET';

interface GraphQLBody<T> {
  readonly data?: T | null;
  readonly errors?: readonly { readonly message?: string; readonly extensions?: { readonly code?: string } }[];
}

/** A document's variables as arguments: none for a document without any, optional when all of them are. */
export type VariablesOf<TVariables> = Record<string, never> extends TVariables ? [variables?: TVariables] : [variables: TVariables];

/** Sends a typed document (generated/graphql.ts) with its variables; resolves to its typed result. */
export type Api = <TResult, TVariables>(document: TypedDocumentString<TResult, TVariables>, ...variables: VariablesOf<TVariables>) => Promise<TResult>;

/** A client for one API key. Any error in a reply fails the call: the dashboard never shows half an answer. */
export function apiFor(key: string, endpoint = '/graphql'): Api {
  return async <TResult, TVariables>(document: TypedDocumentString<TResult, TVariables>, ...[variables]: VariablesOf<TVariables>): Promise<TResult> => {
    let response: Response;
    try {
      response = await fetch(endpoint, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${key}` },
        body: JSON.stringify({ query: document.toString(), variables: variables ?? {} }),
        credentials: 'omit',
        cache: 'no-store',
      });
    } catch (error) {
      throw new ApiError(error instanceof Error ? error.message : String(error), NETWORK);
    }
    let body: GraphQLBody<TResult>;
    try {
      body = (await response.json()) as GraphQLBody<TResult>;
    } catch {
      throw new ApiError(`HTTP ${String(response.status)} ${response.statusText}`, `HTTP_${String(response.status)}`);
    }
    const first = body.errors?.[0];
    if (first) throw new ApiError(first.message ?? 'Unknown error', first.extensions?.code ?? `HTTP_${String(response.status)}`);
    if (body.data == null) throw new ApiError(`HTTP ${String(response.status)}: no data`, `HTTP_${String(response.status)}`);
    return body.data;
  };
}

/** A reply whose fields are all present. */
export type Complete<T> = { readonly [K in keyof T]: NonNullable<T[K]> };

/**
 * The reply with each of its fields present. The schema lets a query's fields be null, but a field is null only
 * beside an error, and any error already fails the call: a null here is a reply the dashboard cannot read.
 */
export function complete<T extends object>(data: T): Complete<T> {
  for (const [field, value] of Object.entries(data)) {
    if (value === null || value === undefined) throw new ApiError(`no ${field} in the reply`, 'BAD_REPLY');
  }
  return data as Complete<T>;
}

/** The signed-in organization, as the Viewer query answers it. */
export type Viewer = ViewerQuery['viewer'];

/** The name a generated fragment document defines (its text starts with its own definition, then those it spreads). */
function fragmentName(fragment: TypedDocumentString<unknown, unknown>): string {
  const name = /\bfragment\s+([_A-Za-z][_0-9A-Za-z]*)\s+on\b/.exec(fragment.toString())?.[1];
  if (name === undefined) throw new Error('not a fragment document');
  return name;
}

/**
 * One document asking for a field under several aliases (`a0: producerCompliance(producerId: "…", period: "2026-01")
 * { ...ComplianceFields }`): one request for a whole series, each answer selected by a generated fragment and typed
 * by it. Values (the varying argument's, and those of `fixedArgs`, the same in every alias) are written as GraphQL
 * string literals, so they are JSON-encoded.
 */
export function aliasedDocument<T>(spec: {
  readonly operationName: string;
  readonly field: string;
  readonly argument: string;
  readonly values: readonly string[];
  readonly fixedArgs?: Readonly<Record<string, string>>;
  readonly fragment: TypedDocumentString<T, unknown>;
}): TypedDocumentString<Readonly<Record<string, T | null>>, Record<string, never>> {
  const spread = `...${fragmentName(spec.fragment)}`;
  const fixed = Object.entries(spec.fixedArgs ?? {}).map(([name, value]) => `, ${name}: ${JSON.stringify(value)}`).join('');
  const fields = spec.values.map((value, i) => `a${String(i)}: ${spec.field}(${spec.argument}: ${JSON.stringify(value)}${fixed}) { ${spread} }`);
  return new TypedDocumentString(`query ${spec.operationName} {\n${fields.join('\n')}\n}\n${spec.fragment.toString()}`);
}

/** The aliased answers back in the order asked. */
export function unaliased<T>(data: Readonly<Record<string, T | null>>, count: number): T[] {
  return Array.from({ length: count }, (_, i) => {
    const value = data[`a${String(i)}`];
    if (value === undefined || value === null) throw new ApiError(`missing a${String(i)} in the reply`, 'BAD_REPLY');
    return value;
  });
}
