import type { NextFunction, Request, Response } from 'express';
import type { Registry } from 'prom-client';

export const METRICS_PATH = '/metrics';

/** GET /metrics: the process's registry in Prometheus' text exposition format. */
export function metricsEndpoint(registry: Registry) {
  return async (_req: Request, res: Response, next: NextFunction): Promise<void> => {
    try {
      const body = await registry.metrics();
      res.setHeader('Cache-Control', 'no-store');
      res.type(registry.contentType).send(body);
    } catch (err) {
      next(err);
    }
  };
}
