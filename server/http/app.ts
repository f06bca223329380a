import type { ApolloServer } from '@apollo/server';
import { expressMiddleware } from '@as-integrations/express5';
import express, { type NextFunction, type Request, type Response } from 'express';
import type { Logger } from 'pino';
import { buildContext, type GraphQLContext } from '../../graphql/context.js';
import type { Services } from '../services/index.js';
import { producerDataExport } from './exports.js';
import { healthz, readyz, type ReadinessCheck } from './health.js';
import { requestLog } from './request-log.js';

export const MAX_BODY_BYTES = 1024 * 1024;

export interface HttpAppDeps {
  /** null in a worker-only process, which serves the health endpoints alone. */
  readonly apollo: ApolloServer<GraphQLContext> | null;
  readonly services: Services;
  readonly logger: Logger;
  readonly readiness: Readonly<Record<string, ReadinessCheck>>;
}

export function createHttpApp(deps: HttpAppDeps): express.Express {
  const app = express();
  app.disable('x-powered-by');
  app.use(requestLog(deps.logger));
  app.get('/healthz', healthz);
  app.get('/readyz', readyz(deps.readiness));
  if (deps.apollo) {
    app.get('/exports/producer-data/:period.csv', (req: Request<{ period: string }>, res: Response, next: NextFunction) => {
      producerDataExport(deps.services)(req, res).catch(next);
    });
    app.use(
      '/graphql',
      refuseLargeBodies,
      express.json({ limit: MAX_BODY_BYTES }),
      expressMiddleware(deps.apollo, {
        context: ({ req }) => buildContext(deps.services, req.headers.authorization, req.log),
      }),
    );
  }
  app.use((_req: Request, res: Response) => {
    res.status(404).json({ errors: [{ message: 'Not found: the API is at POST /graphql', extensions: { code: 'NOT_FOUND' } }] });
  });
  app.use(errorHandler(deps.logger));
  return app;
}

/** Refuses a declared oversized body before reading it; `express.json`'s limit catches undeclared (chunked) ones. */
function refuseLargeBodies(req: Request, res: Response, next: NextFunction): void {
  const length = Number(req.headers['content-length'] ?? 0);
  if (length > MAX_BODY_BYTES) {
    res.status(413).set('connection', 'close').json(payloadTooLarge());
    return;
  }
  next();
}

const payloadTooLarge = () => ({
  errors: [{ message: `Request body exceeds ${MAX_BODY_BYTES} bytes`, extensions: { code: 'PAYLOAD_TOO_LARGE' } }],
});

function errorHandler(logger: Logger) {
  return (error: unknown, _req: Request, res: Response, next: NextFunction): void => {
    if (res.headersSent) {
      next(error);
      return;
    }
    const status = typeof error === 'object' && error !== null && 'status' in error ? Number(error.status) : 500;
    if (status === 413) {
      res.status(413).json(payloadTooLarge());
    } else if (status >= 400 && status < 500) {
      res.status(status).json({ errors: [{ message: 'Malformed request body', extensions: { code: 'BAD_REQUEST' } }] });
    } else {
      logger.error({ err: error }, 'unhandled HTTP error');
      res.status(500).json({ errors: [{ message: 'Internal server error', extensions: { code: 'INTERNAL_SERVER_ERROR' } }] });
    }
  };
}
