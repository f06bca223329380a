// What any GraphQL response must look like, however hostile the request: no server error, nothing about the
// server's insides (stack traces, source paths), and every error and userError carrying a code a client knows.
import { request as httpRequest } from 'node:http';
import { LIMIT_CODES } from '../../graphql/limits.js';
import { USER_ERROR_CODES } from '../../server/domain/user-error.js';

/**
 * Codes a request-level error may carry when the store and Redis are up: Apollo's own for documents and variables,
 * ours for keys, roles and figures not computed yet, the HTTP layer's for bodies, and the query limits'. Not INTERNAL_SERVER_ERROR, ever (nor
 * RATE_LIMITED or SERVICE_UNAVAILABLE: suites using this turn the limiter off and keep the store and Redis up).
 */
export const REQUEST_ERROR_CODES: ReadonlySet<string> = new Set([
  'UNAUTHENTICATED',
  'FORBIDDEN',
  'BAD_USER_INPUT',
  'BAD_REQUEST',
  'PAYLOAD_TOO_LARGE',
  'GRAPHQL_PARSE_FAILED',
  'GRAPHQL_VALIDATION_FAILED',
  'OPERATION_RESOLUTION_FAILURE',
  'PERSISTED_QUERY_NOT_FOUND',
  'PERSISTED_QUERY_NOT_SUPPORTED',
  // A period whose figures the jobs have not computed yet (reads serve stored snapshots only).
  'NOT_COMPUTED_YET',
  ...LIMIT_CODES,
]);

const USER_CODES: ReadonlySet<string> = new Set(USER_ERROR_CODES);

/** A response as received: status and the raw body (parsed when it is JSON). */
export interface RawResponse {
  readonly status: number;
  readonly text: string;
  readonly json: unknown;
}

export interface GraphQLErrorShape {
  readonly message?: unknown;
  readonly path?: readonly (string | number)[];
  readonly extensions?: { readonly code?: unknown } & Record<string, unknown>;
}

export interface GraphQLBody {
  readonly data?: Record<string, unknown> | null;
  readonly errors?: readonly GraphQLErrorShape[];
}

/** Stack frames, source locations and the server's file system: none of it may reach a client. */
const INSIDES: readonly [string, RegExp][] = [
  ['a stacktrace extension', /"stacktrace"/i],
  // Frames as they print: "    at fn (file:1:2)", in raw text or JSON-escaped after a newline.
  ['a stack frame', /(?:\\n|\n)\s+at |\bat [^\s"]+ \([^)"]*:\d+:\d+\)/],
  // Linear patterns only: responses echo inputs tens of thousands of characters long.
  ['a source file path', /\/work\/|\/home\/|\/tmp\/|node_modules|file:\/\/|\.(?:ts|js|mjs|cjs):\d+/],
  ['an internal error class', /\b(?:TypeError|RangeError|ReferenceError|SyntaxError|MongoServerError|MongooseError|CastError|ValidationError|BSONError)\b/],
];

/** The problems with one response, as sentences (empty: it is clean). `echo` is the request body (what the caller
 *  sent may come back in a message without being the server's insides). */
export function responseProblems(response: RawResponse, echo = ''): string[] {
  const problems: string[] = [];
  if (response.status >= 500) problems.push(`HTTP ${String(response.status)}`);
  if (response.status === 0) problems.push(`no answer: ${response.text}`);
  for (const [what, pattern] of INSIDES) {
    const found = pattern.exec(response.text);
    if (found && !echo.includes(found[0])) problems.push(`${what} in the response (${JSON.stringify(found[0])})`);
  }
  if (response.json === undefined) {
    problems.push(`a body that is not JSON: ${response.text.slice(0, 200)}`);
    return problems;
  }
  const body = response.json as GraphQLBody;
  for (const error of body.errors ?? []) {
    const code = error.extensions?.code;
    if (typeof code !== 'string' || !REQUEST_ERROR_CODES.has(code)) problems.push(`an error without a known code: ${JSON.stringify(error).slice(0, 300)}`);
  }
  for (const userError of userErrorsIn(body.data)) {
    if (!USER_CODES.has(userError.code)) problems.push(`a userError with an unknown code: ${JSON.stringify(userError)}`);
  }
  if (response.status >= 400 && (body.errors ?? []).length === 0) problems.push(`HTTP ${String(response.status)} without errors`);
  return problems;
}

/** Every `userErrors` entry anywhere in the data. */
export function userErrorsIn(data: unknown): { code: string; field: unknown; message: unknown }[] {
  const found: { code: string; field: unknown; message: unknown }[] = [];
  const walk = (value: unknown): void => {
    if (Array.isArray(value)) {
      value.forEach(walk);
    } else if (value !== null && typeof value === 'object') {
      for (const [key, inner] of Object.entries(value)) {
        if (key === 'userErrors' && Array.isArray(inner)) {
          for (const e of inner as { code?: unknown; field?: unknown; message?: unknown }[]) found.push({ code: String(e.code), field: e.field, message: e.message });
        } else {
          walk(inner);
        }
      }
    }
  };
  walk(data);
  return found;
}

/**
 * Posts a body as is (it need not be valid JSON), with an optional bearer key, on a connection of its own: a reused
 * keep-alive socket that the server closes as idle would fail requests for reasons that are not theirs. A connection
 * the server dropped answers status 0, the error as text.
 */
export function postRaw(url: string, body: string, key: string | null, contentType = 'application/json', accept?: string): Promise<RawResponse> {
  return new Promise((resolve) => {
    const request = httpRequest(url, {
      method: 'POST',
      agent: false,
      headers: {
        'content-type': contentType,
        'content-length': Buffer.byteLength(body),
        ...(key === null ? {} : { authorization: `Bearer ${key}` }),
        ...(accept === undefined ? {} : { accept }),
      },
    }, (response) => {
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => { chunks.push(chunk); });
      response.on('error', (error) => { resolve({ status: 0, text: error.message, json: undefined }); });
      response.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        let json: unknown;
        try {
          json = JSON.parse(text) as unknown;
        } catch {
          json = undefined;
        }
        resolve({ status: response.statusCode ?? 0, text, json });
      });
    });
    request.on('error', (error) => { resolve({ status: 0, text: error.message, json: undefined }); });
    request.end(body);
  });
}
