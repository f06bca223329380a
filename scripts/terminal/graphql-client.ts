// A small GraphQL-over-HTTP client for the command-line tools (the demo, the operator CLI): one key, one endpoint,
// and every failure turned into an ApiError that carries the code the API gave (or one naming what went wrong on
// the way: the service not answering, a reply that is not GraphQL). It runs the tools' operations, written in
// scripts/operations.graphql and typed by `npm run codegen` (scripts/generated/graphql.ts): each document carries the
// type of its variables and of its result.
import type { TypedDocumentString, UserErrorFieldsFragment } from '../generated/graphql.js';

/** The variables argument of an operation: left out when it takes none (or only optional ones), required otherwise. */
export type VariablesArgument<TVariables> = Record<string, never> extends TVariables ? [variables?: TVariables] : [variables: TVariables];

/** A request the API refused (its `errors[0].extensions.code` or a userError's code), or one that never got an answer. */
export class ApiError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly field: readonly string[] | null = null,
  ) {
    super(message);
    this.name = 'ApiError';
  }

  /** `CODE (input.field): message`, as the tools print it. */
  describe(): string {
    return `${this.code}${this.field && this.field.length > 0 ? ` (${this.field.join('.')})` : ''}: ${this.message}`;
  }
}

export interface GraphQLClient {
  readonly url: string;
  /** Runs one of the generated operations: the `data` of a successful reply, typed by the document; throws ApiError otherwise. */
  request<TResult, TVariables>(document: TypedDocumentString<TResult, TVariables>, ...[variables]: VariablesArgument<NoInfer<TVariables>>): Promise<TResult>;
  /** A document written inline (a test's ad-hoc read): the caller names the result type, and nothing checks it. */
  request<TResult>(query: string, variables?: Record<string, unknown>): Promise<TResult>;
}

interface Reply<T> {
  data?: T | null;
  errors?: { message: string; extensions?: { code?: string } }[];
}

export function createGraphQLClient(url: string, key: string, timeoutMs = 30_000): GraphQLClient {
  return {
    url,
    // One body for both: a generated document and an inline one are both sent as their text.
    async request<TResult>(document: { toString(): string }, variables: unknown = {}): Promise<TResult> {
      const query = document.toString();
      let response: Response;
      try {
        response = await fetch(url, {
          method: 'POST',
          headers: { 'content-type': 'application/json', authorization: `Bearer ${key}` },
          body: JSON.stringify({ query, variables }),
          signal: AbortSignal.timeout(timeoutMs),
        });
      } catch (error) {
        const cause = error instanceof Error && error.cause instanceof Error ? error.cause.message : error instanceof Error ? error.message : String(error);
        throw new ApiError('UNREACHABLE', `no answer from ${url} (${cause})`);
      }
      const text = await response.text();
      let body: Reply<TResult>;
      try {
        body = JSON.parse(text) as Reply<TResult>;
      } catch {
        throw new ApiError(`HTTP_${String(response.status)}`, `${url} did not answer with GraphQL: ${text.slice(0, 200)}`);
      }
      const first = body.errors?.[0];
      if (first) throw new ApiError(first.extensions?.code ?? `HTTP_${String(response.status)}`, first.message);
      if (body.data === undefined || body.data === null) throw new ApiError(`HTTP_${String(response.status)}`, 'the reply holds no data');
      return body.data;
    },
  };
}

/** Throws the first of a mutation payload's userErrors (all of them in the message), so a caller handles one failure path. */
export function requireNoUserErrors(payload: { readonly userErrors: readonly UserErrorFieldsFragment[] }, what: string): void {
  const [first, ...rest] = payload.userErrors;
  if (!first) return;
  const others = rest.map((e) => `; ${e.code}: ${e.message}`).join('');
  throw new ApiError(first.code, `${what}: ${first.message}${others}`, first.field);
}

/** A field the API answers whenever it answers without an error (a request that got one threw ApiError already). */
export function answered<T>(value: T | null, what: string): T {
  if (value === null) throw new Error(`${what} answered null`);
  return value;
}
