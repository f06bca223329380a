import type { Request, Response } from 'express';

export type ReadinessCheck = () => Promise<boolean>;

/** Liveness: answers while the process lives. */
export function healthz(_req: Request, res: Response): void {
  res.json({ status: 'ok' });
}

/** Readiness: 200 only while every dependency answers, else 503 naming the ones that do not. */
export function readyz(checks: Readonly<Record<string, ReadinessCheck>>) {
  return async (_req: Request, res: Response): Promise<void> => {
    const names = Object.keys(checks);
    const results = await Promise.all(names.map((name) => (checks[name] ?? (() => Promise.resolve(false)))()));
    const status = Object.fromEntries(names.map((name, i) => [name, results[i] ? 'up' : 'down']));
    const ready = results.every(Boolean);
    res.status(ready ? 200 : 503).json({ status: ready ? 'ready' : 'unready', checks: status });
  };
}
