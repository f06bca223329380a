import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Logger } from 'pino';

declare module 'node:http' {
  interface IncomingMessage {
    /** The request's id (requestLog): the caller's `x-request-id` when sane, else a new UUID; also answered. */
    id?: string;
    /** Set by Express: the URL as it arrived, before a mounted router shortened `url`. */
    originalUrl?: string;
  }
}

const INCOMING_ID = /^[A-Za-z0-9._-]{1,128}$/;
/** Probes, not traffic: no line of their own. */
const UNLOGGED_PATHS = new Set(['/healthz', '/readyz']);
const bound = Symbol('request logger');

type Logged = IncomingMessage & { [bound]?: Logger };

/** What a line says of a request: the path only, since a GET GraphQL request carries its query and variables
 *  (consumer refs, addresses) in the query string; never its headers. */
function requestFields(id: string | undefined, method: string | undefined, url: string) {
  const query = url.indexOf('?');
  return { id, method, url: query === -1 ? url : url.slice(0, query) };
}

export interface RequestLog {
  /** Middleware: ids the request, answers the id in `x-request-id`, and logs one line when the answer is sent. */
  readonly middleware: (req: IncomingMessage, res: ServerResponse, next: () => void) => void;
  /** The service's logger bound to this request (its id, method and path), made the first time it is asked for. */
  loggerOf(req: IncomingMessage): Logger;
}

/**
 * One JSON line per request ('request completed', or 'request errored' at error level for a 5xx, 'request aborted'
 * when the client left first) with its id, method, path, status and time in ms. Costs one header and one listener per
 * request, and one log call at its end: nothing is serialised unless the line's level is enabled, and a request's
 * own logger (its id bound) is made only for a request that logs.
 */
export function requestLog(logger: Logger): RequestLog {
  return {
    middleware(req, res, next) {
      const given = req.headers['x-request-id'];
      const id = typeof given === 'string' && INCOMING_ID.test(given) ? given : randomUUID();
      req.id = id;
      res.setHeader('x-request-id', id);
      // As it arrived: a router mounted on a path shortens req.url while it handles the request.
      const url = req.url ?? '';
      if (UNLOGGED_PATHS.has(url)) {
        next();
        return;
      }
      const startedAt = Date.now();
      const fields = () => requestFields(id, req.method, url);
      const ended = () => {
        res.removeListener('close', ended);
        res.removeListener('finish', ended);
        const responseTime = Date.now() - startedAt;
        if (!res.writableFinished) {
          if (logger.isLevelEnabled('warn')) logger.warn({ req: fields(), responseTime }, 'request aborted');
        } else if (res.statusCode >= 500) {
          if (logger.isLevelEnabled('error')) logger.error({ req: fields(), res: { statusCode: res.statusCode }, responseTime }, 'request errored');
        } else if (logger.isLevelEnabled('info')) {
          logger.info({ req: fields(), res: { statusCode: res.statusCode }, responseTime }, 'request completed');
        }
      };
      res.on('finish', ended);
      res.on('close', ended);
      next();
    },
    loggerOf(req) {
      const logged = req as Logged;
      return (logged[bound] ??= logger.child({ req: requestFields(req.id, req.method, req.originalUrl ?? req.url ?? '') }));
    },
  };
}
