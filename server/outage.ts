// The one place that tells "a dependency is away" from any other failure. While the store or Redis cannot be
// reached (stopped, restarting, unreachable, too slow to answer within its timeout) a request cannot succeed however
// it is asked; callers should retry later. The HTTP edge answers 503 and GraphQL `SERVICE_UNAVAILABLE` for these,
// and 500 / INTERNAL_SERVER_ERROR for everything else.

export const SERVICE_UNAVAILABLE = 'SERVICE_UNAVAILABLE';
export const SERVICE_UNAVAILABLE_MESSAGE = 'The service is temporarily unavailable (its store or queue does not answer); retry shortly.';

/** MongoDB driver and mongoose errors raised when the store cannot be reached or stops answering. */
const STORE_ERROR_NAMES = new Set([
  'MongoNetworkError',
  'MongoNetworkTimeoutError',
  'MongoServerSelectionError',
  'MongooseServerSelectionError',
  'MongoNotConnectedError',
  'MongoTopologyClosedError',
  'MongoServerClosedError',
  'MongoPoolClosedError',
  'MongoPoolClearedError',
  'PoolClearedOnNetworkError',
  'MongoWaitQueueTimeoutError',
  'MongoOperationTimeoutError',
]);

/**
 * Server replies meaning "not now": a time limit hit (maxTimeMS), a node shutting down or stepping down. Numbers from
 * the server's error codes (MaxTimeMSExpired 50, ExceededTimeLimit 262, ShutdownInProgress 91, InterruptedAtShutdown
 * 11600, InterruptedDueToReplStateChange 11602, PrimarySteppedDown 189, NotWritablePrimary 10107,
 * NotPrimaryNoSecondaryOk 13435, NotPrimaryOrSecondary 13436).
 */
const STORE_UNAVAILABLE_CODES = new Set([50, 262, 91, 11600, 11602, 189, 10107, 13435, 13436]);

/**
 * FerretDB's reply for a query it cancelled part-way (it shuts down, or the time limit ran out): InternalError (code 1)
 * "... context canceled". Real MongoDB says InterruptedAtShutdown or MaxTimeMSExpired, listed above. Found by the
 * chaos suite (test/chaos): requests in flight while the store stopped got INTERNAL_SERVER_ERROR.
 */
const STORE_CANCELLED = /\bcontext canceled\b/;

/** ioredis: retries used up while disconnected, a command past `commandTimeout`, a closed or offline connection. */
const REDIS_ERROR_NAMES = new Set(['MaxRetriesPerRequestError']);
const REDIS_MESSAGES = [
  /^Command timed out$/,
  /^Connection is closed\.?$/,
  /^Stream isn't writeable and enableOfflineQueue options is false/,
  /^Reached the max retries per request limit/,
  // Replies of a Redis that is starting, busy or failing over.
  /^(LOADING|BUSY|MASTERDOWN|CLUSTERDOWN|TRYAGAIN) /,
];

/** Socket errors from any client: the peer is gone or unreachable. */
const NETWORK_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'EHOSTUNREACH', 'ENETUNREACH', 'ENOTFOUND', 'EAI_AGAIN', 'ECONNABORTED']);

/**
 * True when `error`, or an error it wraps (GraphQL's `originalError`, a `cause`), says a dependency is unavailable.
 * Errors arrive wrapped: GraphQL wraps what a resolver threw, mongoose and Bull sometimes wrap the driver's error.
 */
export function isOutageError(error: unknown): boolean {
  let current: unknown = error;
  for (let hops = 0; hops < 8 && typeof current === 'object' && current !== null; hops += 1) {
    if (describesOutage(current)) return true;
    const wrapper = current as { originalError?: unknown; cause?: unknown };
    current = wrapper.originalError ?? wrapper.cause;
  }
  return false;
}

function describesOutage(error: object): boolean {
  const { name, code, message } = error as { name?: unknown; code?: unknown; message?: unknown };
  if (typeof name === 'string' && (STORE_ERROR_NAMES.has(name) || REDIS_ERROR_NAMES.has(name))) return true;
  if (typeof code === 'number' && STORE_UNAVAILABLE_CODES.has(code) && typeof name === 'string' && name.startsWith('Mongo')) return true;
  if (code === 1 && typeof name === 'string' && name.startsWith('Mongo') && typeof message === 'string' && STORE_CANCELLED.test(message)) return true;
  if (typeof code === 'string' && NETWORK_CODES.has(code)) return true;
  return typeof message === 'string' && REDIS_MESSAGES.some((pattern) => pattern.test(message));
}
