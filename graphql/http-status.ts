import { HeaderMap, type ApolloServerPlugin, type HTTPGraphQLRequest } from '@apollo/server';
import { GraphQLError, Kind, type FragmentDefinitionNode, type OperationDefinitionNode, type SelectionSetNode } from 'graphql';
import Negotiator from 'negotiator';
import type { GraphQLContext } from './context.js';
import { UNAUTHENTICATED_MESSAGE } from './errors.js';

/**
 * HTTP status codes, per the GraphQL-over-HTTP specification (docs/api.md, "What a client can rely on"):
 * - `Accept: application/graphql-response+json`: a request error (nothing executed, no `data`) carries a 4xx: 400 for
 *   a document that does not parse or validate or variables that do not coerce, 401 for a missing or wrong key.
 * - `application/json` (the default): every well-formed request answers 200, request errors included, as the
 *   specification asks of that media type; the errors say what went wrong.
 * - Either way: 413 for an oversized body, 429 past the rate limit, 503 while the store is away (transport matters a
 *   proxy or a load balancer acts on), and 200 whenever `data` is present, field errors included.
 */

export const GRAPHQL_RESPONSE_JSON = 'application/graphql-response+json';
const APPLICATION_JSON = 'application/json';

/** The media type Apollo answers in: the client's preferred of the two, application/json on a tie or no Accept. */
export function responseMediaType(accept: string | undefined): string {
  if (!accept) return APPLICATION_JSON;
  const preferred = new Negotiator({ headers: { accept } }).mediaType([APPLICATION_JSON, GRAPHQL_RESPONSE_JSON]);
  return preferred === GRAPHQL_RESPONSE_JSON ? GRAPHQL_RESPONSE_JSON : APPLICATION_JSON;
}

/** Root fields any caller may ask for without a key: the type name and introspection. */
const OPEN_ROOT_FIELDS: ReadonlySet<string> = new Set(['__typename', '__schema', '__type']);

/** Whether the operation asks for anything but the open root fields (through fragments too). */
export function needsCaller(operation: OperationDefinitionNode, fragments: ReadonlyMap<string, FragmentDefinitionNode>): boolean {
  const seen = new Set<string>();
  const visit = (selections: SelectionSetNode): boolean => selections.selections.some((selection) => {
    if (selection.kind === Kind.FIELD) return !OPEN_ROOT_FIELDS.has(selection.name.value);
    if (selection.kind === Kind.INLINE_FRAGMENT) return visit(selection.selectionSet);
    if (seen.has(selection.name.value)) return false;
    seen.add(selection.name.value);
    const fragment = fragments.get(selection.name.value);
    return fragment ? visit(fragment.selectionSet) : false;
  });
  return visit(operation.selectionSet);
}

const unauthenticatedRequest = (keySent: boolean): GraphQLError => new GraphQLError(
  keySent
    ? 'The API key is malformed, unknown, wrong or revoked: send a working key as "Authorization: Bearer <key>".'
    : UNAUTHENTICATED_MESSAGE,
  { extensions: { code: 'UNAUTHENTICATED', http: { status: 401, headers: new HeaderMap([['www-authenticate', 'Bearer']]) } } },
);

const keySent = (request: HTTPGraphQLRequest | undefined): boolean => Boolean(request?.headers.get('authorization'));

/**
 * A request without a working key is refused whole, before anything executes, unless it asks only for `__typename`
 * or introspection; a key that is sent but does not work is refused whatever it asks. Resolvers still check the
 * caller's kind (FORBIDDEN is a field error: the rest of the operation answers).
 */
export function authenticationPlugin(): ApolloServerPlugin<GraphQLContext> {
  return {
    requestDidStart: () => Promise.resolve({
      didResolveOperation({ operation, document, contextValue, request }) {
        if (contextValue.principal || !operation) return Promise.resolve();
        const sent = keySent(request.http);
        const fragments = new Map(document.definitions
          .filter((d): d is FragmentDefinitionNode => d.kind === Kind.FRAGMENT_DEFINITION)
          .map((d) => [d.name.value, d]));
        // Rejected, not thrown: Apollo calls every plugin's hook in one map, and a throw would skip the ones after.
        if (sent || needsCaller(operation, fragments)) return Promise.reject(unauthenticatedRequest(sent));
        return Promise.resolve();
      },
    }),
  };
}

/**
 * Sets the status of a request error by the response's media type (see the top of this file): application/json
 * answers 200; application/graphql-response+json keeps the 4xx the error carries.
 */
export function requestErrorStatusPlugin<TContext extends object>(): ApolloServerPlugin<TContext> {
  return {
    requestDidStart: () => Promise.resolve({
      willSendResponse({ request, response }) {
        const single = response.body.kind === 'single' ? response.body.singleResult : undefined;
        const requestError = single !== undefined && !('data' in single && single.data !== undefined);
        const status = response.http.status ?? 200;
        const clientError = status === 400 || status === 401;
        if (requestError && clientError && responseMediaType(request.http?.headers.get('accept')) === APPLICATION_JSON) {
          response.http.status = 200;
          response.http.headers.delete('www-authenticate');
        }
        return Promise.resolve();
      },
    }),
  };
}
