import type { NextFunction, Request, Response } from 'express';

// A bound on the API requests one process works on at once; the rest wait their turn, first come first served, and
// past a bound on those waiting the next is refused at once (503, retry).
//
// Without it a burst of thousands of requests is started all at once: each holds its parsed body, context, resolvers'
// objects and reply until it ends, so the process's memory and its garbage collections grow with the burst, and every
// request of the burst answers late. A request that waits here holds only its message objects. The bound must stay
// well above the requests a process keeps busy: writes wait on the store, and concurrent inserts share one group
// commit, so a bound of 16 cost throughput at 64 concurrent clients (BENCHMARKS.md, eleventh session).

export interface InFlightLimit {
  /** Requests worked on at once; further ones wait. */
  readonly maxInFlight: number;
  /** Requests allowed to wait; one more is answered 503 at once, to be retried, rather than wait behind them all. */
  readonly maxQueued: number;
}

/** Seconds a request refused for capacity is told to wait (Retry-After). */
const AT_CAPACITY_RETRY_SECONDS = 1;

const atCapacityBody = (limit: InFlightLimit) => ({
  errors: [{
    message: `The service is at capacity (at most ${String(limit.maxInFlight)} requests worked on at once, ${String(limit.maxQueued)} waiting). Retry in ${String(AT_CAPACITY_RETRY_SECONDS)} s.`,
    extensions: { code: 'SERVICE_UNAVAILABLE', retryAfterSeconds: AT_CAPACITY_RETRY_SECONDS },
  }],
});

/** What the limiter holds now, for metrics and tests. */
export interface InFlightState {
  readonly inFlight: number;
  readonly queued: number;
}

interface Waiting {
  readonly next: NextFunction;
  /** The client went away before its turn: skipped, and never counted in flight. */
  gone: boolean;
}

export function limitInFlight(limit: InFlightLimit): { readonly middleware: (req: Request, res: Response, next: NextFunction) => void; readonly state: () => InFlightState } {
  let inFlight = 0;
  const queue: Waiting[] = [];
  let queued = 0;

  const startNext = (): void => {
    while (inFlight < limit.maxInFlight && queue.length > 0) {
      const waiting = queue.shift();
      if (!waiting || waiting.gone) continue;
      queued -= 1;
      inFlight += 1;
      waiting.next();
    }
  };

  const middleware = (_req: Request, res: Response, next: NextFunction): void => {
    if (inFlight < limit.maxInFlight && queued === 0) {
      inFlight += 1;
      // 'close' follows every response: sent in full, or its connection lost.
      res.once('close', () => {
        inFlight -= 1;
        startNext();
      });
      next();
      return;
    }
    if (queued >= limit.maxQueued) {
      res.status(503).set('retry-after', String(AT_CAPACITY_RETRY_SECONDS)).json(atCapacityBody(limit));
      return;
    }
    let started = false;
    const waiting: Waiting = {
      next: () => {
        started = true;
        next();
      },
      gone: false,
    };
    res.once('close', () => {
      if (started) {
        inFlight -= 1;
        startNext();
      } else if (!waiting.gone) {
        waiting.gone = true;
        queued -= 1;
      }
    });
    queue.push(waiting);
    queued += 1;
  };

  return { middleware, state: () => ({ inFlight, queued }) };
}
