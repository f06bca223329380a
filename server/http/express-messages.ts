import { IncomingMessage, ServerResponse } from 'node:http';
import type { Express } from 'express';

// Express gives every request and response the app's prototypes as it takes them (`Object.setPrototypeOf` in
// `app.handle`). On this V8 (Node 20) that one call per request keeps the request's objects through the young
// generation's collections until a mark-compact frees them. Measured with a bare node:http server answering a
// fixed JSON body at 700 req/s: 0.07 MB promoted per scavenge and 1.0 ms per scavenge without the call, 2.53 MB and
// 8.5 ms with it (BENCHMARKS.md, "Eighth session"). V8 returns at once when an object's prototype already is the
// one asked for, so requests and responses born with the app's prototypes make Express's call a no-op.
//
// How they are born matters as much. The messages are instances of two subclasses of Node's own, and the app's
// prototypes become those subclasses' prototypes: each class's prototype inherits from what Express made
// (`app.request`, with its `app` property), and is then named the app's `request` (`response`). An earlier version
// built each message with `Reflect.construct(IncomingMessage, args, F)` for a function `F` whose `prototype` was the
// app's: V8 gave every message so built a map of its own, 44 µs to build a request and its response against 1.2 µs
// (BENCHMARKS.md, "Thirteenth session"), and every property access on them met a new shape.

/** The classes a node:http server builds its requests and responses with (its `IncomingMessage` and `ServerResponse` options). */
export interface ExpressMessages {
  readonly IncomingMessage: typeof IncomingMessage;
  readonly ServerResponse: typeof ServerResponse;
  /**
   * Requests and responses built from now on are born with `app`'s prototypes: `app.request` and `app.response`
   * become these classes' prototypes, which inherit everything Express put on the ones it made.
   */
  bornWith(app: Express): void;
}

export function expressMessages(): ExpressMessages {
  // Until an app is given, their prototypes inherit straight from Node's: plain Node messages.
  class Request extends IncomingMessage {}
  class Response extends ServerResponse {}
  return {
    IncomingMessage: Request,
    // Node's type is generic in the request class; a response built by this server has its request.
    ServerResponse: Response as typeof ServerResponse,
    bornWith(app) {
      Object.setPrototypeOf(Request.prototype, app.request);
      Object.setPrototypeOf(Response.prototype, app.response);
      // They now inherit everything Express's own had, and are what Express sets on each message.
      app.request = Request.prototype as Express['request'];
      app.response = Response.prototype as Express['response'];
    },
  };
}
