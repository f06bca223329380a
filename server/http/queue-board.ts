import { createBullBoard } from '@bull-board/api';
import { BullAdapter } from '@bull-board/api/bullAdapter';
import { ExpressAdapter } from '@bull-board/express';
import type Bull from 'bull';
import express, { type NextFunction, type Request, type Response } from 'express';

// The operator's queue board (bull-board) at /admin/queues: every queue's jobs, their data (ids only), failures and
// schedules, with retry, promote and clean. bull-board serves its page, scripts and styles itself, from the package.

export const QUEUE_BOARD_PATH = '/admin/queues';

/**
 * In place of the API's `default-src 'none'`: bull-board's scripts, styles, images and API from this origin only,
 * no inline or remote script. Its page holds an inline <style> and style attributes, and sets <base href> to the
 * board's path. The Google Fonts stylesheet it links is refused, so the page asks no other host (it falls back to
 * local fonts and works offline).
 */
export const QUEUE_BOARD_CSP = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "font-src 'self' data:",
  "connect-src 'self'",
  "base-uri 'self'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * The board's router, to mount at QUEUE_BOARD_PATH behind the operator key. A browser sends HTTP Basic credentials
 * with every request to this path, from any page: so a change (retry, clean, pause...) must come from this origin.
 */
export function queueBoardRouter(queues: readonly Bull.Queue[]): express.Router {
  const serverAdapter = new ExpressAdapter().setBasePath(QUEUE_BOARD_PATH);
  createBullBoard({
    queues: queues.map((queue) => new BullAdapter(queue)),
    serverAdapter,
    options: { uiConfig: { boardTitle: 'GreenLoop queues' } },
  });
  const router = express.Router();
  router.use((req: Request, res: Response, next: NextFunction) => {
    res.setHeader('Content-Security-Policy', QUEUE_BOARD_CSP);
    res.setHeader('Cache-Control', 'no-store');
    if (!SAFE_METHODS.has(req.method) && !fromThisOrigin(req)) {
      res.status(403).json({ errors: [{ message: 'Changes to the queues are accepted only from the queue board itself (same origin).', extensions: { code: 'FORBIDDEN' } }] });
      return;
    }
    next();
  });
  router.use(serverAdapter.getRouter() as express.Router);
  return router;
}

/** Fetch metadata or the Origin header say the request comes from this origin; a client sending neither is not a browser. */
function fromThisOrigin(req: Request): boolean {
  const site = req.headers['sec-fetch-site'];
  if (site !== undefined) return site === 'same-origin' || site === 'none';
  const origin = req.headers.origin;
  if (origin === undefined) return true;
  try {
    return new URL(origin).host === req.headers.host;
  } catch {
    return false;
  }
}
