/** A GraphQL call over HTTP, as a client would make it. */
export interface GraphQLResponse<T> {
  readonly status: number;
  readonly data: T | null;
  readonly errors: { message: string; path?: readonly (string | number)[]; extensions?: { code?: string; stacktrace?: unknown; userErrors?: unknown } }[] | undefined;
}

export async function graphql<T = Record<string, unknown>>(
  url: string,
  query: string,
  options: { key?: string; variables?: Record<string, unknown>; accept?: string } = {},
): Promise<GraphQLResponse<T>> {
  const response = await fetch(url, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      ...(options.key === undefined ? {} : { authorization: `Bearer ${options.key}` }),
      ...(options.accept === undefined ? {} : { accept: options.accept }),
    },
    body: JSON.stringify({ query, variables: options.variables ?? {} }),
  });
  const body = (await response.json()) as { data?: T | null; errors?: GraphQLResponse<T>['errors'] };
  return { status: response.status, data: body.data ?? null, errors: body.errors };
}
