// A small GraphQL-over-HTTP client for the command-line tools (the demo, the operator CLI): one key, one endpoint,
// and every failure turned into an ApiError that carries the code the API gave (or one naming what went wrong on
// the way: the service not answering, a reply that is not GraphQL).

export interface UserErrorReply {
  readonly code: string;
  readonly field: readonly string[] | null;
  readonly message: string;
}

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
  /** The `data` of a successful reply; throws ApiError otherwise. */
  request<T>(query: string, variables?: Record<string, unknown>): Promise<T>;
}

interface Reply<T> {
  data?: T | null;
  errors?: { message: string; extensions?: { code?: string } }[];
}

export function createGraphQLClient(url: string, key: string, timeoutMs = 30_000): GraphQLClient {
  return {
    url,
    async request<T>(query: string, variables: Record<string, unknown> = {}): Promise<T> {
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
      let body: Reply<T>;
      try {
        body = JSON.parse(text) as Reply<T>;
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
export function requireNoUserErrors(payload: { readonly userErrors: readonly UserErrorReply[] }, what: string): void {
  const [first, ...rest] = payload.userErrors;
  if (!first) return;
  const others = rest.map((e) => `; ${e.code}: ${e.message}`).join('');
  throw new ApiError(first.code, `${what}: ${first.message}${others}`, first.field);
}
