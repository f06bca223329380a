import { IncomingMessage, ServerResponse } from 'node:http';
import type { Express } from 'express';

// Express gives every request and response the app's prototypes as it takes them (`Object.setPrototypeOf` in
// `app.handle`). On this V8 (Node 20) that one call per request keeps the request's objects through the young
// generation's collections until a mark-compact frees them. Measured with a bare node:http server answering a
// fixed JSON body at 700 req/s: 0.07 MB promoted per scavenge and 1.0 ms per scavenge without the call, 2.53 MB and
// 8.5 ms with it (BENCHMARKS.md, "Eighth session"). V8 returns at once when an object's prototype already is the
// one asked for, so requests and responses born with the app's prototypes make Express's call a no-op: Express
// sees exactly the objects it would have made.

/** The classes a node:http server builds its requests and responses with (its `IncomingMessage` and `ServerResponse` options). */
export interface ExpressMessages {
  readonly IncomingMessage: typeof IncomingMessage;
  readonly ServerResponse: typeof ServerResponse;
  /** Requests and responses built from now on are born with `app`'s prototypes. */
  bornWith(app: Express): void;
}

export function expressMessages(): ExpressMessages {
  // Called with `new` by node:http; returns the message Node's own class builds, with this function's `prototype`.
  function Request(...args: unknown[]): object {
    return Reflect.construct(IncomingMessage, args, Request) as object;
  }
  function Response(...args: unknown[]): object {
    return Reflect.construct(ServerResponse, args, Response) as object;
  }
  // Until an app is given, plain Node messages.
  Request.prototype = Object.create(IncomingMessage.prototype) as object;
  Response.prototype = Object.create(ServerResponse.prototype) as object;
  return {
    IncomingMessage: Request as unknown as typeof IncomingMessage,
    ServerResponse: Response as unknown as typeof ServerResponse,
    bornWith(app) {
      Request.prototype = app.request;
      Response.prototype = app.response;
    },
  };
}
