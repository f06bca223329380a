import type { ApolloServer } from '@apollo/server';
import { expressMiddleware } from '@as-integrations/express5';
import type Bull from 'bull';
import cors from 'cors';
import express, { type NextFunction, type Request, type Response } from 'express';
import helmet from 'helmet';
import type { Logger } from 'pino';
import type { Registry } from 'prom-client';
import { buildContext, type GraphQLContext } from '../graphql/context.js';
import { SERVICE_UNAVAILABLE, SERVICE_UNAVAILABLE_MESSAGE, isOutageError } from '../server/outage.js';
import type { Services } from '../server/services/index.js';
import { authenticateCaller, callerOf } from '../server/http/authentication.js';
import { DASHBOARD_PATH, dashboardRouter } from '../server/http/dashboard.js';
import { producerDataExport, ukPackagingDataExport } from '../server/http/exports.js';
import { healthz, readyz, type ReadinessCheck } from '../server/http/health.js';
import { httpMetrics, routeLabel, type ObserveHttpRequest } from '../server/http/http-metrics.js';
import { METRICS_PATH, metricsEndpoint } from '../server/http/metrics-endpoint.js';
import { requireOperatorKey } from '../server/http/operator-auth.js';
import { QUEUE_BOARD_PATH, queueBoardRouter } from '../server/http/queue-board.js';
import { limitInFlight, type InFlightLimit, type InFlightState } from '../server/http/in-flight-limit.js';
import { rateLimited, type RateLimit } from '../server/http/rate-limit.js';
import { requestLog } from '../server/http/request-log.js';

export const MAX_BODY_BYTES = 1024 * 1024;

export interface HttpAppDeps {
  /** null in a worker-only process, which serves the health endpoints alone. */
  readonly apollo: ApolloServer<GraphQLContext> | null;
  readonly services: Services;
  readonly logger: Logger;
  readonly readiness: Readonly<Record<string, ReadinessCheck>>;
  /** Browser origins allowed by CORS; empty: no CORS headers, browsers on other origins cannot read replies. */
  readonly corsOrigins: readonly string[];
  /** null: no rate limit. */
  readonly rateLimit: RateLimit | null;
  /** How many GraphQL requests are worked on at once, and how many may wait; null: no bound. */
  readonly inFlightLimit: InFlightLimit | null;
  /** Reverse proxies in front whose `X-Forwarded-For` names the client (for per-IP limits); 0: none. */
  readonly trustProxyHops: number;
  /** The process's metrics, served at GET /metrics in every role; absent: no metrics. */
  readonly metrics?: {
    readonly registry: Registry;
    readonly observeHttpRequest: ObserveHttpRequest;
    readonly watchRequestsInFlight?: (state: () => InFlightState) => void;
  };
  /** GET /metrics without a key (METRICS_PUBLIC); otherwise it takes the operator key. */
  readonly metricsPublic?: boolean;
  /** The queues the operator's board at /admin/queues shows (processes that serve the API). */
  readonly boardQueues?: readonly Bull.Queue[];
}

/** Headers a browser client may send and read (CORS). */
const CORS_REQUEST_HEADERS = ['authorization', 'content-type', 'apollo-require-preflight', 'x-apollo-operation-name', 'x-request-id'];
const CORS_EXPOSED_HEADERS = ['retry-after', 'x-request-id', 'content-disposition'];

export function createHttpApp(deps: HttpAppDeps): express.Express {
  const app = express();
  app.disable('x-powered-by');
  if (deps.trustProxyHops > 0) app.set('trust proxy', deps.trustProxyHops);
  if (deps.metrics) app.use(httpMetrics(deps.metrics.observeHttpRequest));
  const requests = requestLog(deps.logger);
  app.use(requests.middleware);
  // The API serves JSON and CSV, never pages: nothing may load, frame or script from its responses.
  app.use(helmet({ contentSecurityPolicy: { useDefaults: false, directives: { defaultSrc: ["'none'"], frameAncestors: ["'none'"] } } }));
  if (deps.corsOrigins.length > 0) {
    app.use(cors({
      origin: [...deps.corsOrigins],
      methods: ['GET', 'POST'],
      allowedHeaders: CORS_REQUEST_HEADERS,
      exposedHeaders: CORS_EXPOSED_HEADERS,
      maxAge: 600,
    }));
  }
  app.get('/healthz', healthz);
  app.get('/readyz', readyz(deps.readiness));
  const operatorOnly = requireOperatorKey(deps.services);
  if (deps.metrics) app.get(METRICS_PATH, ...(deps.metricsPublic ? [] : [operatorOnly]), metricsEndpoint(deps.metrics.registry));
  if (deps.apollo) {
    // Authenticated once, then counted against the key (or the client IP), before any body is read.
    const caller = [authenticateCaller(deps.services), ...(deps.rateLimit ? [rateLimited(deps.rateLimit)] : [])];
    app.get('/exports/producer-data/:period.csv', ...caller, (req: Request<{ period: string }>, res: Response, next: NextFunction) => {
      producerDataExport(deps.services)(req, res).catch(next);
    });
    app.get('/exports/uk-packaging-data/:period.csv', ...caller, (req: Request<{ period: string }>, res: Response, next: NextFunction) => {
      ukPackagingDataExport(deps.services)(req, res).catch(next);
    });
    // Waiting for a place comes first, so that a waiting request holds nothing but its message objects.
    const limit = deps.inFlightLimit ? limitInFlight(deps.inFlightLimit) : null;
    if (limit) deps.metrics?.watchRequestsInFlight?.(limit.state);
    const inFlight = limit ? [limit.middleware] : [];
    app.use(
      '/graphql',
      routeLabel('/graphql'),
      ...inFlight,
      refuseLargeBodies,
      ...caller,
      express.json({ limit: MAX_BODY_BYTES }),
      expressMiddleware(deps.apollo, {
        context: ({ req, res }) => Promise.resolve(buildContext(deps.services, callerOf(res).principal, () => requests.loggerOf(req))),
      }),
    );
    // The dashboard's static files; it calls /graphql above with the key a person signs in with.
    app.use(DASHBOARD_PATH, routeLabel(DASHBOARD_PATH), dashboardRouter());
    // The operator's queue board; rate limited like the API, so the key cannot be guessed at speed.
    if (deps.boardQueues) app.use(QUEUE_BOARD_PATH, routeLabel(QUEUE_BOARD_PATH), ...caller, operatorOnly, queueBoardRouter(deps.boardQueues));
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
    if (isOutageError(error)) {
      logger.warn({ err: error }, 'dependency unavailable; answered 503');
      res.status(503).json({ errors: [{ message: SERVICE_UNAVAILABLE_MESSAGE, extensions: { code: SERVICE_UNAVAILABLE } }] });
    } else if (status === 413) {
      res.status(413).json(payloadTooLarge());
    } else if (status >= 400 && status < 500) {
      res.status(status).json({ errors: [{ message: 'Malformed request body', extensions: { code: 'BAD_REQUEST' } }] });
    } else {
      logger.error({ err: error }, 'unhandled HTTP error');
      res.status(500).json({ errors: [{ message: 'Internal server error', extensions: { code: 'INTERNAL_SERVER_ERROR' } }] });
    }
  };
}
