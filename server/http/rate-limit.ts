import { createHash } from 'node:crypto';
import type { NextFunction, Request, Response } from 'express';
import { Redis } from 'ioredis';
import type { Logger } from 'pino';
import { RateLimiterMemory, RateLimiterRedis, RateLimiterRes } from 'rate-limiter-flexible';
import type { Principal } from '../services/identity.js';
import { callerOf } from './authentication.js';

// Requests per minute, counted in Redis so every API process shares one count: per organization (all its keys
// together, at the limit the operator set for it, else the default), per key for the operator's key, and per client
// IP for a request without a valid key, so random keys cannot buy fresh allowances.

export type RateVerdict = { readonly allowed: true } | { readonly allowed: false; readonly retryAfterSeconds: number };

export interface RateLimit {
  /** The default: what a subject without a limit of its own may use. */
  readonly perMinute: number;
  /** Counts one request of `subject` against `perMinute` requests a minute (default: the default). */
  consume(subject: string, perMinute?: number): Promise<RateVerdict>;
  close(): Promise<void>;
}

export interface RateLimitOptions {
  readonly redisUrl: string;
  /** Keys live under `<prefix>:rate:`; the queue prefix, so a deployment's (or a test's) keys stay together. */
  readonly prefix: string;
  readonly perMinute: number;
  readonly commandTimeoutMs: number;
  readonly logger: Logger;
}

const WINDOW_SECONDS = 60;

/**
 * The limiter. While Redis is away it counts in this process instead (logged once per outage): each process then
 * allows the full rate, so the fleet allows more than the limit, but no client is unlimited and no request fails
 * because the limiter could not count it. Failing closed would turn a Redis outage into a full API outage, though
 * reads need only the store.
 */
export function createRateLimit(options: RateLimitOptions): RateLimit {
  const redis = new Redis(options.redisUrl, {
    // Never queue or retry a count while disconnected: the in-process count answers at once instead.
    enableOfflineQueue: false,
    maxRetriesPerRequest: 0,
    commandTimeout: options.commandTimeoutMs,
  });
  redis.on('error', (err) => { options.logger.debug({ err }, 'rate limit redis connection error'); });
  // One limiter per distinct limit, all counting under the same Redis keys: a subject's count survives a change of its
  // limit (the in-process fallback starts a new count at the new limit).
  const shared = new Map<number, RateLimiterRedis>();
  const local = new Map<number, RateLimiterMemory>();
  const limiters = (points: number) => {
    let redisLimiter = shared.get(points);
    if (!redisLimiter) {
      redisLimiter = new RateLimiterRedis({ storeClient: redis, keyPrefix: `${options.prefix}:rate`, points, duration: WINDOW_SECONDS, rejectIfRedisNotReady: true });
      shared.set(points, redisLimiter);
    }
    let memoryLimiter = local.get(points);
    if (!memoryLimiter) {
      memoryLimiter = new RateLimiterMemory({ keyPrefix: 'rate', points, duration: WINDOW_SECONDS });
      local.set(points, memoryLimiter);
    }
    return { redisLimiter, memoryLimiter };
  };
  let degraded = false;

  const verdict = (result: unknown): RateVerdict => {
    if (result instanceof RateLimiterRes) return { allowed: false, retryAfterSeconds: Math.max(1, Math.ceil(result.msBeforeNext / 1000)) };
    throw result;
  };

  return {
    perMinute: options.perMinute,
    async consume(subject, perMinute = options.perMinute) {
      const { redisLimiter, memoryLimiter } = limiters(perMinute);
      try {
        await redisLimiter.consume(subject);
        if (degraded) {
          degraded = false;
          options.logger.info('rate limiting counts in Redis again');
        }
        return { allowed: true };
      } catch (result) {
        if (result instanceof RateLimiterRes) return verdict(result);
        if (!degraded) {
          degraded = true;
          options.logger.warn({ err: result }, 'rate limiting cannot reach Redis; counting in this process until it is back');
        }
      }
      try {
        await memoryLimiter.consume(subject);
        return { allowed: true };
      } catch (result) {
        return verdict(result);
      }
    },
    async close() {
      await redis.quit().catch(() => { redis.disconnect(); });
    },
  };
}

/** Whom a request counts against, and at what limit (null: the default). */
export interface RateSubject {
  readonly subject: string;
  readonly perMinute: number | null;
  /** Named in the 429's message. */
  readonly scope: 'organization' | 'API key' | 'client address';
}

/**
 * Whom a request counts against: its organization (all of its keys share the organization's limit), a hash of any
 * other valid key (the operator's), else its client IP. Clear keys never reach Redis.
 */
export function rateSubject(token: string | null, principal: Principal | null, clientIp: string | undefined): RateSubject {
  if (principal?.kind === 'ORGANIZATION') {
    return { subject: `org:${principal.organization._id.toHexString()}`, perMinute: principal.organization.requestsPerMinute ?? null, scope: 'organization' };
  }
  if (principal && token !== null) {
    return { subject: `key:${createHash('sha256').update(token).digest('hex').slice(0, 32)}`, perMinute: null, scope: 'API key' };
  }
  return { subject: `ip:${clientNetwork(clientIp ?? 'unknown')}`, perMinute: null, scope: 'client address' };
}

/** An IPv4 address as is; an IPv6 one by its /64, the block one subscriber usually holds. */
export function clientNetwork(ip: string): string {
  if (ip.startsWith('::ffff:') && ip.includes('.')) return ip.slice('::ffff:'.length);
  if (!ip.includes(':')) return ip;
  const [head = '', tail] = ip.split('::');
  const left = head === '' ? [] : head.split(':');
  const right = tail === undefined || tail === '' ? [] : tail.split(':');
  const groups = tail === undefined ? left : [...left, ...Array<string>(Math.max(0, 8 - left.length - right.length)).fill('0'), ...right];
  return `${groups.slice(0, 4).map((g) => g.toLowerCase().replace(/^0+(?=.)/, '')).join(':')}::/64`;
}

/** Express middleware: 429 with Retry-After and a GraphQL-shaped body, naming the limit, once the minute is used up. */
export function rateLimited(limit: RateLimit) {
  return async (req: Request, res: Response, next: NextFunction): Promise<void> => {
    const caller = callerOf(res);
    const { subject, perMinute, scope } = rateSubject(caller.token, caller.principal, req.ip);
    const limitPerMinute = perMinute ?? limit.perMinute;
    const result = await limit.consume(subject, limitPerMinute);
    if (result.allowed) {
      next();
      return;
    }
    res.status(429).set('retry-after', String(result.retryAfterSeconds)).json({
      errors: [{
        message: `Too many requests: at most ${limitPerMinute.toLocaleString('en')} a minute per ${scope}. Retry in ${result.retryAfterSeconds} s.`,
        extensions: { code: 'RATE_LIMITED', retryAfterSeconds: result.retryAfterSeconds, limitPerMinute, scope: scope.toUpperCase().replace(' ', '_') },
      }],
    });
  };
}
