import { performance } from 'node:perf_hooks';
import type { NextFunction, Request, Response } from 'express';

// HTTP request latency by route template, never the raw URL (ids, periods and file names would each make a series).

/** What no route answered (the 404 handler). */
export const UNMATCHED_ROUTE = '(unmatched)';

export type ObserveHttpRequest = (method: string, route: string, status: number, seconds: number) => void;

/**
 * Times every request and reports it when the response is done, or abandoned by the client (status 499, as nginx
 * logs it). Put it first, so refusals by later middleware are timed too.
 */
export function httpMetrics(observe: ObserveHttpRequest) {
  return (req: Request, res: Response, next: NextFunction): void => {
    const started = performance.now();
    res.once('close', () => {
      observe(req.method, routeOf(req, res), res.writableFinished ? res.statusCode : 499, (performance.now() - started) / 1000);
    });
    next();
  };
}

/**
 * Names the route of a mounted handler (`app.use(path, ...)`), which Express leaves no `req.route` for, and whose
 * `req.baseUrl` is gone again by the time an error reaches the error handler.
 */
export function routeLabel(template: string) {
  return (_req: Request, res: Response, next: NextFunction): void => {
    res.locals.metricsRoute = template;
    next();
  };
}

function routeOf(req: Request, res: Response): string {
  const labelled: unknown = res.locals.metricsRoute;
  if (typeof labelled === 'string') return labelled;
  // A route declared with app.get(path): its template, e.g. /exports/producer-data/:period.csv.
  const route = req.route as { path?: unknown } | undefined;
  return typeof route?.path === 'string' ? `${req.baseUrl}${route.path}` : UNMATCHED_ROUTE;
}
