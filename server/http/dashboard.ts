import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import express, { type NextFunction, type Request, type Response } from 'express';

// The dashboard at /dashboard: the files Vite built from web/ into dist/web (`npm run build:web`; `npm start` builds
// them when missing or stale). A page that reads only the public GraphQL API on this same origin, with the caller's
// API key; the files themselves hold no data and need no key.

export const DASHBOARD_PATH = '/dashboard';

/**
 * Its own Content-Security-Policy in place of the API's `default-src 'none'`: scripts, styles and data from this
 * origin only, no inline script. Style attributes stay allowed because ECharts positions its canvas and tooltips
 * with them; they cannot run code.
 */
export const DASHBOARD_CSP = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "style-src-attr 'unsafe-inline'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

/** dist/web under the package root, from server/http (tsx) or dist/server/http (compiled) alike. */
export function defaultDashboardDir(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  while (!existsSync(join(dir, 'package.json')) && dirname(dir) !== dir) dir = dirname(dir);
  return join(dir, 'dist', 'web');
}

export function dashboardRouter(dir: string = defaultDashboardDir()): express.Router {
  const router = express.Router();
  const index = join(dir, 'index.html');
  router.use((req: Request, res: Response, next: NextFunction) => {
    res.setHeader('Content-Security-Policy', DASHBOARD_CSP);
    // /dashboard -> /dashboard/, so the page has one address.
    if (req.path === '/' && !req.originalUrl.split('?')[0]?.endsWith('/')) {
      res.redirect(301, `${DASHBOARD_PATH}/`);
      return;
    }
    next();
  });
  // Built file names carry a content hash: cache them for good; index.html is checked on every load.
  router.use('/assets', express.static(join(dir, 'assets'), { immutable: true, maxAge: '365d', index: false }), (_req: Request, res: Response) => {
    res.status(404).type('text/plain').send('Not found\n');
  });
  router.get('/{*path}', (_req: Request, res: Response, next: NextFunction) => {
    if (!existsSync(index)) {
      res.status(404).type('text/plain').send('The dashboard is not built: run `npm run build:web` (npm start builds it when missing).\n');
      return;
    }
    res.setHeader('Cache-Control', 'no-cache');
    res.sendFile(index, (error?: Error) => { if (error) next(error); });
  });
  return router;
}
