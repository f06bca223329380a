import { createHash } from 'node:crypto';
import type { NextFunction, Request, Response } from 'express';
import { Redis } from 'ioredis';
import type { Logger } from 'pino';
import { RateLimiterMemory, RateLimiterRedis, RateLimiterRes } from 'rate-limiter-flexible';
import { parseApiKey } from '../services/api-key-secret.js';
import type { Principal } from '../services/identity.js';
import { callerOf } from './authentication.js';

// Requests per minute per API key, counted in Redis so every API process shares one count. A request without a valid
// key counts against its client IP instead, so random keys cannot buy fresh allowances.

export type RateVerdict = { readonly allowed: true } | { readonly allowed: false; readonly retryAfterSeconds: number };

export interface RateLimit {
  readonly perMinute: number;
  consume(subject: string): Promise<RateVerdict>;
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
  const shared = new RateLimiterRedis({
    storeClient: redis,
    keyPrefix: `${options.prefix}:rate`,
    points: options.perMinute,
    duration: WINDOW_SECONDS,
    rejectIfRedisNotReady: true,
  });
  const local = new RateLimiterMemory({ points: options.perMinute, duration: WINDOW_SECONDS });
  let degraded = false;

  const verdict = (result: unknown): RateVerdict => {
    if (result instanceof RateLimiterRes) return { allowed: false, retryAfterSeconds: Math.max(1, Math.ceil(result.msBeforeNext / 1000)) };
    throw result;
  };

  return {
    perMinute: options.perMinute,
    async consume(subject) {
      try {
        await shared.consume(subject);
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
        await local.consume(subject);
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

/**
 * Whom a request counts against: its API key's id (for `glk_<id>_<secret>` keys), a hash of any other valid key (the
 * operator's), else its client IP. Clear keys never reach Redis.
 */
export function rateSubject(token: string | null, principal: Principal | null, clientIp: string | undefined): string {
  if (principal && token !== null) {
    const id = parseApiKey(token)?.id;
    return id ? `key:${id}` : `key:${createHash('sha256').update(token).digest('hex').slice(0, 32)}`;
  }
  return `ip:${clientNetwork(clientIp ?? 'unknown')}`;
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

/** Express middleware: 429 with Retry-After and a GraphQL-shaped body once the caller's minute is used up. */
export function rateLimited(limit: RateLimit) {
  return async (req: Request, res: Response, next: NextFunction): Promise<void> => {
    const caller = callerOf(res);
    const result = await limit.consume(rateSubject(caller.token, caller.principal, req.ip));
    if (result.allowed) {
      next();
      return;
    }
    res.status(429).set('retry-after', String(result.retryAfterSeconds)).json({
      errors: [{
        message: `Too many requests: at most ${limit.perMinute} a minute per API key. Retry in ${result.retryAfterSeconds} s.`,
        extensions: { code: 'RATE_LIMITED', retryAfterSeconds: result.retryAfterSeconds, limitPerMinute: limit.perMinute },
      }],
    });
  };
}
