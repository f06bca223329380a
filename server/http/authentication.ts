import type { NextFunction, Request, Response } from 'express';
import { bearerToken } from './bearer-token.js';
import type { Principal } from '../services/identity.js';
import type { Services } from '../services/index.js';

/** Who is calling, found once per request before the rate limit and the handlers (GraphQL, exports) use it. */
export interface Caller {
  /** The bearer token as sent; null when none. */
  readonly token: string | null;
  /** null: no key, or one that is malformed, unknown, wrong or revoked. */
  readonly principal: Principal | null;
}

const ANONYMOUS: Caller = { token: null, principal: null };

/** Authenticates the request's `Authorization: Bearer <key>`; a store outage goes to the error handler (503). */
export function authenticateCaller(services: Services) {
  return async (req: Request, res: Response, next: NextFunction): Promise<void> => {
    const token = bearerToken(req.headers.authorization);
    const principal = await services.identity.authenticate(token);
    res.locals.caller = { token, principal } satisfies Caller;
    next();
  };
}

export function callerOf(res: Response): Caller {
  return (res.locals.caller as Caller | undefined) ?? ANONYMOUS;
}
