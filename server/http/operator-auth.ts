import type { NextFunction, Request, Response } from 'express';
import { bearerToken } from './bearer-token.js';
import type { Services } from '../services/index.js';

// The operator's pages and endpoints (the queue board, /metrics) take the operator key (ADMIN_API_KEY), compared
// in constant time by identity.authenticate. A program sends it as `Authorization: Bearer <key>`; a browser cannot
// add that header to a page load, so HTTP Basic with the key as the password works too: the 401 asks the browser
// for it, and the browser then sends it with every request under the same path (the board's scripts and API calls).

export const OPERATOR_REALM = 'GreenLoop operator';

/** The key in `Authorization: Bearer <key>` or `Authorization: Basic base64(<anything>:<key>)`; null when neither. */
export function operatorKeyOf(header: string | undefined): string | null {
  const bearer = bearerToken(header);
  if (bearer !== null) return bearer;
  const basic = /^Basic\s+([A-Za-z0-9+/=]+)\s*$/i.exec(header ?? '');
  if (!basic?.[1]) return null;
  const decoded = Buffer.from(basic[1], 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  // The key is the password; a key typed as the user name with no password is taken too.
  const key = colon < 0 ? decoded : decoded.slice(colon + 1) || decoded.slice(0, colon);
  return key === '' ? null : key;
}

const refusal = (code: 'UNAUTHENTICATED' | 'FORBIDDEN', message: string) => ({ errors: [{ message, extensions: { code } }] });

/**
 * Lets the operator key through. No key, or one that is not a key at all: 401 with a Basic challenge (a browser
 * asks for the key). An organization's key: 403, it is the wrong kind of key. A store outage while checking an
 * organization key goes to the error handler (503); the operator key needs no store.
 */
export function requireOperatorKey(services: Services) {
  return async (req: Request, res: Response, next: NextFunction): Promise<void> => {
    const key = operatorKeyOf(req.headers.authorization);
    const principal = key === null ? null : await services.identity.authenticate(key);
    if (principal?.kind === 'ADMIN') {
      next();
      return;
    }
    if (principal) {
      res.status(403).json(refusal('FORBIDDEN', 'Only the operator key (ADMIN_API_KEY) may open this; an organization key may not.'));
      return;
    }
    res.status(401)
      .set('WWW-Authenticate', `Basic realm="${OPERATOR_REALM}", charset="UTF-8"`)
      .json(refusal('UNAUTHENTICATED', 'The operator key is required: send "Authorization: Bearer <ADMIN_API_KEY>", or the key as the HTTP Basic password.'));
  };
}
