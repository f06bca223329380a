// Sending the benchmarks' typed operations (bench/operations.graphql, typed by `npm run codegen` into
// bench/generated/graphql.ts): the request body of an operation and the typed `data` of its answer, for both load
// clients (fetch here, node:http in bench/suite/graphql-client.ts) and the quote benchmark's pre-serialised bodies.
// Everything about a document is worked out once, on its first use; a request then costs what it did when the
// documents were written by hand (one JSON.stringify of its variables). No GraphQL library is loaded: the drivers'
// CPU time, start-up included, is part of what the benchmarks report.
import type { TypedDocumentString } from './generated/graphql.js';

export type { TypedDocumentString } from './generated/graphql.js';

export const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null;

/** What a request body says of its operation, worked out once per document. */
interface Operation {
  /** The operation's name, as the body's `operationName` (the service's metrics and the profiles label by it). */
  readonly operationName: string;
  /** The body up to its variables: `{"operationName":…,"query":…,"variables":`. */
  readonly head: string;
}

const operations = new WeakMap<object, Operation>();

/**
 * The generated text is printed one field a line; with each run of white space as one space (indentation and line
 * breaks are ignored characters), a body stays about the size of the hand-written documents the benchmarks sent
 * before. A document with a string value, whose white space counts, is sent as printed.
 */
const compact = (text: string): string => (text.includes('"') ? text.trim() : text.replace(/\s+/g, ' ').trim());

/** The generated text starts with its operation (fragments follow it). */
const OPERATION_NAME = /^(?:query|mutation|subscription)\s+([_A-Za-z][_0-9A-Za-z]*)/;

function operationOf<TResult, TVariables>(document: TypedDocumentString<TResult, TVariables>): Operation {
  const known = operations.get(document);
  if (known) return known;
  const query = compact(document.toString());
  const operationName = OPERATION_NAME.exec(query)?.[1];
  if (operationName === undefined) throw new Error(`not a named operation: ${query.slice(0, 200)}`);
  const operation = { operationName, head: `{"operationName":${JSON.stringify(operationName)},"query":${JSON.stringify(query)},"variables":` };
  operations.set(document, operation);
  return operation;
}

/** The request body: the same bytes as `JSON.stringify({ operationName, query, variables })`. */
export const requestBody = <TResult, TVariables>(document: TypedDocumentString<TResult, TVariables>, variables: TVariables): string =>
  `${operationOf(document).head}${JSON.stringify(variables)}}`;

/** The answer's `data`; throws on a non-200 answer or any GraphQL error. `what` names the request in the error. */
export function readData(what: string, status: number, text: string): Record<string, unknown> {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new Error(`${what}: ${String(status)} with a body that is not JSON: ${text.slice(0, 300)}`);
  }
  if (status !== 200 || !isRecord(json) || json.errors !== undefined || !isRecord(json.data)) {
    // 429: the service's rate limit, which a benchmark turns off (bench/quote/stack.ts); anything else is a failure.
    throw new Error(`${what} failed (${String(status)}): ${text.slice(0, 500)}`);
  }
  return json.data;
}

/** The answer's `data`, typed by the document; throws on a non-200 answer or any GraphQL error. */
export const dataOf = <TResult, TVariables>(document: TypedDocumentString<TResult, TVariables>, status: number, text: string): TResult =>
  // A 200 answer without errors holds what the document selects, as the schema types it.
  readData(operationOf(document).operationName, status, text) as TResult;

/** POSTs one operation with fetch; returns its typed `data`, or throws on a non-200 answer or any GraphQL error. */
export async function postGraphql<TResult, TVariables>(
  url: string,
  apiKey: string,
  document: TypedDocumentString<TResult, TVariables>,
  variables: TVariables,
): Promise<TResult> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${apiKey}` },
    body: requestBody(document, variables),
  });
  return dataOf(document, response.status, await response.text());
}

/** A mutation payload's userErrors, as text; empty when there are none. */
export function userErrorsOf(payload: { readonly userErrors: readonly unknown[] }): string {
  return payload.userErrors.length === 0 ? '' : JSON.stringify(payload.userErrors).slice(0, 300);
}
