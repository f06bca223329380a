// Configuration is read and validated once, at start-up, then passed in. A bad value stops the process with a
// message that names the variable (DESIGN.md "Running").

import { createHash } from 'node:crypto';
import { DEFAULT_MAIL_LOCALE, languageTagOf, parseLocaleTag, type MailLocale } from './domain/mail-locale.js';

export type Role = 'all' | 'api' | 'worker';
const ROLES: readonly Role[] = ['all', 'api', 'worker'];

export interface Config {
  readonly nodeEnv: string;
  readonly production: boolean;
  readonly role: Role;
  readonly host: string;
  readonly port: number;
  readonly mongodbUri: string;
  readonly redisUrl: string;
  /** Outgoing SMTP server; null writes each mail as an .eml file under `outboxDir`. */
  readonly smtpUrl: string | null;
  readonly outboxDir: string;
  readonly mailFrom: string;
  /** Where the ledger reconciliation mails problems; null: they are only logged. */
  readonly operatorEmail: string | null;
  /** The language of the operator's mail (`OPERATOR_LOCALE`: `en` or `zh-CN`). */
  readonly operatorLocale: MailLocale;
  readonly adminApiKey: string;
  /** Bull key prefix; a Redis Cluster hash tag (`{...}`) keeps each queue's keys in one slot. */
  readonly queuePrefix: string;
  readonly shutdownTimeoutMs: number;
  readonly logLevel: string;
  /** Browser origins allowed to call the API (CORS); empty: none, no CORS headers at all. */
  readonly corsOrigins: readonly string[];
  /** Requests per minute per API key (per client IP without a valid key); 0 turns rate limiting off. */
  readonly rateLimitPerMinute: number;
  /** API requests one process works on at once (server/http/in-flight-limit.ts); 0: no bound. */
  readonly maxRequestsInFlight: number;
  /** API requests allowed to wait for one of those places; one more is answered 503 with Retry-After. */
  readonly maxRequestsQueued: number;
  /** How many reverse proxies in front of the API to trust for the client IP (`X-Forwarded-For`); 0: none. */
  readonly trustProxyHops: number;
  /** Server-side time limit of store reads (maxTimeMS); the socket gives up at twice this. */
  readonly storeQueryTimeoutMs: number;
  /** Time limit of each Redis command outside Bull's blocking connections. */
  readonly redisCommandTimeoutMs: number;
  /**
   * How long an idle kept-alive HTTP connection stays open. Longer than the load balancer's own idle timeout, so the
   * balancer, not this process, closes it: otherwise a request the balancer sends on a connection this process is
   * closing fails (a 502 to the platform).
   */
  readonly httpKeepAliveTimeoutMs: number;
  /** AES-256-GCM keys for mail addresses at rest (`CONTACT_ENCRYPTION_KEY`, `CONTACT_ENCRYPTION_OLD_KEYS`). */
  readonly contactEncryption: ContactEncryptionKeys;
  /** `METRICS_PUBLIC`: GET /metrics answers without a key (a scraper on a private network); else it takes the operator key. */
  readonly metricsPublic: boolean;
}

export interface ContactEncryptionKeys {
  readonly current: Buffer;
  /** Retired keys, still read until everything is sealed again under `current`. */
  readonly old: readonly Buffer[];
  /** No key was given outside production: the built-in development key, which is public, is in use. */
  readonly developmentDefault: boolean;
}

export class ConfigError extends Error {
  constructor(readonly problems: readonly string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

type Env = Readonly<Record<string, string | undefined>>;

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'];
export const MIN_ADMIN_KEY_LENGTH = 24;

export function loadConfig(env: Env): Config {
  const problems: string[] = [];
  const read = (name: string): string | undefined => {
    const value = env[name]?.trim();
    return value === undefined || value === '' ? undefined : value;
  };

  const nodeEnv = read('NODE_ENV') ?? 'development';

  const roleValue = read('ROLE') ?? 'all';
  const role = ROLES.find((r) => r === roleValue);
  if (!role) problems.push(`ROLE must be one of ${ROLES.join(', ')} (got "${roleValue}")`);

  const host = read('HOST') ?? '127.0.0.1';
  const port = parsePort(read('PORT') ?? '4000');
  if (port === null) problems.push(`PORT must be an integer between 0 and 65535 (got "${read('PORT') ?? ''}")`);

  const mongodbUri = read('MONGODB_URI');
  const mongoProblem = mongodbUri === undefined
    ? 'MONGODB_URI is required (for example mongodb://127.0.0.1:27017/greenloop; `npm start` provides an embedded one)'
    : checkMongoUri(mongodbUri);
  if (mongoProblem) problems.push(mongoProblem);

  const redisUrl = read('REDIS_URL') ?? 'redis://127.0.0.1:6379';
  const redisProblem = checkUrl('REDIS_URL', redisUrl, ['redis:', 'rediss:']);
  if (redisProblem) problems.push(redisProblem);

  const smtpUrl = read('SMTP_URL') ?? null;
  const smtpProblem = smtpUrl === null ? null : checkUrl('SMTP_URL', smtpUrl, ['smtp:', 'smtps:']);
  if (smtpProblem) problems.push(smtpProblem);

  const adminApiKey = read('ADMIN_API_KEY');
  if (adminApiKey === undefined) {
    problems.push('ADMIN_API_KEY is required (the operator key; `npm start` generates one)');
  } else if (adminApiKey.length < MIN_ADMIN_KEY_LENGTH) {
    problems.push(`ADMIN_API_KEY must be at least ${MIN_ADMIN_KEY_LENGTH} characters long`);
  }

  const shutdownTimeoutMs = parsePositiveInt(read('SHUTDOWN_TIMEOUT_MS') ?? '15000');
  if (shutdownTimeoutMs === null) problems.push('SHUTDOWN_TIMEOUT_MS must be a positive integer (milliseconds)');

  const logLevel = read('LOG_LEVEL') ?? 'info';
  if (!LOG_LEVELS.includes(logLevel)) problems.push(`LOG_LEVEL must be one of ${LOG_LEVELS.join(', ')}`);

  const queuePrefix = read('QUEUE_PREFIX') ?? '{greenloop}';
  // Bull's scripts touch several keys of a queue at once; on Redis Cluster they must share a hash tag.
  if (!/^[^{}\s]*\{[^{}\s]+\}[^{}\s]*$/.test(queuePrefix)) {
    problems.push(`QUEUE_PREFIX must hold one Redis Cluster hash tag in braces, e.g. {greenloop} (got "${queuePrefix}")`);
  }
  const mailFrom = read('MAIL_FROM') ?? 'GreenLoop <no-reply@greenloop.local>';
  if (!/^([^<>\r\n]+<[^\s@<>]+@[^\s@<>]+>|[^\s@<>]+@[^\s@<>]+)$/.test(mailFrom)) {
    problems.push('MAIL_FROM must be an address, optionally with a name: GreenLoop <no-reply@example.com>');
  }
  const operatorEmail = read('OPERATOR_EMAIL') ?? null;
  if (operatorEmail !== null && !/^[^\s@<>]+@[^\s@<>]+\.[^\s@<>]+$/.test(operatorEmail)) {
    problems.push('OPERATOR_EMAIL must be an e-mail address');
  }
  const operatorLocaleValue = read('OPERATOR_LOCALE');
  const operatorLocale = operatorLocaleValue === undefined ? DEFAULT_MAIL_LOCALE : parseLocaleTag(operatorLocaleValue);
  if (operatorLocale === null) {
    problems.push(`OPERATOR_LOCALE must be ${languageTagOf('EN')} or ${languageTagOf('ZH_CN')} (got "${operatorLocaleValue ?? ''}")`);
  }
  if (!/^[A-Za-z0-9.:-]+$/.test(host)) problems.push(`HOST must be a host name or IP address (got "${host}")`);

  const traffic = readTrafficSettings(read, problems);
  const contactEncryption = readContactEncryption(read, nodeEnv === 'production', problems);
  const metricsPublicValue = read('METRICS_PUBLIC')?.toLowerCase() ?? 'false';
  if (metricsPublicValue !== 'true' && metricsPublicValue !== 'false') problems.push(`METRICS_PUBLIC must be true or false (got "${metricsPublicValue}")`);

  if (problems.length > 0 || !role || port === null || !mongodbUri || !adminApiKey || shutdownTimeoutMs === null || operatorLocale === null) {
    throw new ConfigError(problems);
  }
  return {
    nodeEnv,
    production: nodeEnv === 'production',
    role,
    host,
    port,
    mongodbUri,
    redisUrl,
    smtpUrl,
    outboxDir: read('MAIL_OUTBOX_DIR') ?? '.data/outbox',
    mailFrom,
    operatorEmail,
    operatorLocale,
    adminApiKey,
    queuePrefix,
    shutdownTimeoutMs,
    logLevel,
    ...traffic,
    contactEncryption,
    metricsPublic: metricsPublicValue === 'true',
  };
}

function parsePort(value: string): number | null {
  if (!/^\d+$/.test(value)) return null;
  const n = Number(value);
  return n <= 65535 ? n : null;
}

function parsePositiveInt(value: string): number | null {
  if (!/^\d+$/.test(value)) return null;
  const n = Number(value);
  return n > 0 && Number.isSafeInteger(n) ? n : null;
}

function checkUrl(name: string, value: string, protocols: readonly string[]): string | null {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return `${name} is not a valid URL (expected ${protocols.map((p) => `${p}//host:port`).join(' or ')})`;
  }
  if (!protocols.includes(url.protocol)) return `${name} must use ${protocols.join(' or ')} (got ${url.protocol})`;
  if (url.hostname === '') return `${name} must name a host`;
  return null;
}

/** The database name is part of the URI: every deployment and every test suite names its own. */
function checkMongoUri(value: string): string | null {
  const match = /^(mongodb(?:\+srv)?):\/\/([^/?#]+)\/([^?#]*)(\?.*)?$/.exec(value);
  if (!match) {
    return 'MONGODB_URI must look like mongodb://host[:port]/database[?options] or mongodb+srv://host/database';
  }
  const hosts = match[2] ?? '';
  const database = match[3] ?? '';
  if (hosts.replace(/^[^@]*@/, '') === '') return 'MONGODB_URI must name a host';
  if (database === '') return 'MONGODB_URI must include a database name (mongodb://host:port/greenloop)';
  if (!/^[A-Za-z0-9_-]{1,63}$/.test(database)) {
    return `MONGODB_URI database name "${database}" may only hold letters, digits, _ and - (at most 63)`;
  }
  return null;
}

export const DEFAULT_RATE_LIMIT_PER_MINUTE = 6000;

/**
 * Far above what one process keeps busy: writes wait on the store, and concurrent inserts share one `insertMany`
 * (group commit), so a low bound costs throughput (16 did, at 64 concurrent clients: BENCHMARKS.md, eleventh session).
 */
export const DEFAULT_MAX_REQUESTS_IN_FLIGHT = 256;
/** About a second of this process's saturated throughput. */
export const DEFAULT_MAX_REQUESTS_QUEUED = 1000;

type TrafficSettings = Pick<Config, 'corsOrigins' | 'rateLimitPerMinute' | 'maxRequestsInFlight' | 'maxRequestsQueued' | 'trustProxyHops' | 'storeQueryTimeoutMs' | 'redisCommandTimeoutMs' | 'httpKeepAliveTimeoutMs'>;

/** CORS, rate limit and timeouts (issue 7, limits). */
function readTrafficSettings(read: (name: string) => string | undefined, problems: string[]): TrafficSettings {
  const corsOrigins = (read('CORS_ORIGINS') ?? '').split(',').map((o) => o.trim()).filter((o) => o !== '');
  for (const origin of corsOrigins) {
    if (!isExactOrigin(origin)) {
      problems.push(`CORS_ORIGINS must list exact origins separated by commas, e.g. https://shop.example.com,http://localhost:3000 (scheme, host and optional port; no path, no trailing slash, no wildcard): "${origin}" is not one`);
    }
  }
  const wholeNumber = (name: string, fallback: number, min: number): number => {
    const value = read(name);
    if (value === undefined) return fallback;
    const n = /^\d+$/.test(value) ? Number(value) : NaN;
    if (!Number.isSafeInteger(n) || n < min) {
      problems.push(`${name} must be a whole number of at least ${min} (got "${value}")`);
      return fallback;
    }
    return n;
  };
  return {
    corsOrigins,
    rateLimitPerMinute: wholeNumber('RATE_LIMIT_PER_MINUTE', DEFAULT_RATE_LIMIT_PER_MINUTE, 0),
    maxRequestsInFlight: wholeNumber('MAX_REQUESTS_IN_FLIGHT', DEFAULT_MAX_REQUESTS_IN_FLIGHT, 0),
    maxRequestsQueued: wholeNumber('MAX_REQUESTS_QUEUED', DEFAULT_MAX_REQUESTS_QUEUED, 0),
    trustProxyHops: wholeNumber('TRUST_PROXY_HOPS', 0, 0),
    storeQueryTimeoutMs: wholeNumber('STORE_QUERY_TIMEOUT_MS', 30_000, 1),
    redisCommandTimeoutMs: wholeNumber('REDIS_COMMAND_TIMEOUT_MS', 5000, 1),
    httpKeepAliveTimeoutMs: keepAliveTimeout(wholeNumber('HTTP_KEEP_ALIVE_TIMEOUT_MS', DEFAULT_HTTP_KEEP_ALIVE_TIMEOUT_MS, 1), problems),
  };
}

/** Above the 60 s default idle timeout of AWS's Application Load Balancer. */
const DEFAULT_HTTP_KEEP_ALIVE_TIMEOUT_MS = 65_000;
/** An hour: no balancer keeps idle connections longer, and Node's timers cannot count past 24.8 days. */
const MAX_HTTP_KEEP_ALIVE_TIMEOUT_MS = 3_600_000;

function keepAliveTimeout(ms: number, problems: string[]): number {
  if (ms <= MAX_HTTP_KEEP_ALIVE_TIMEOUT_MS) return ms;
  problems.push(`HTTP_KEEP_ALIVE_TIMEOUT_MS must be at most ${String(MAX_HTTP_KEEP_ALIVE_TIMEOUT_MS)} (an hour; got "${String(ms)}")`);
  return DEFAULT_HTTP_KEEP_ALIVE_TIMEOUT_MS;
}

function isExactOrigin(value: string): boolean {
  try {
    const url = new URL(value);
    return (url.protocol === 'https:' || url.protocol === 'http:') && url.origin === value && !value.includes('*');
  } catch {
    return false;
  }
}

/**
 * The key of development and test runs without CONTACT_ENCRYPTION_KEY. It is in the source, so it protects
 * nothing: production refuses to start without a key of its own, and refuses this one.
 */
export const DEVELOPMENT_CONTACT_KEY: Buffer = createHash('sha256').update('GreenLoop development contact key: not a secret').digest();

const KEY_FORMAT = 'must be 32 bytes written as 64 hex characters or base64 (e.g. `openssl rand -base64 32`)';

/** 32 bytes as hex or base64 (standard or url-safe); null when it is not that. */
export function parseEncryptionKey(value: string): Buffer | null {
  if (/^[0-9a-fA-F]{64}$/.test(value)) return Buffer.from(value, 'hex');
  if (!/^[A-Za-z0-9+/_-]{43}=?$/.test(value)) return null;
  const bytes = Buffer.from(value.replace(/-/g, '+').replace(/_/g, '/'), 'base64');
  return bytes.length === 32 ? bytes : null;
}

function readContactEncryption(read: (name: string) => string | undefined, production: boolean, problems: string[]): ContactEncryptionKeys {
  const given = read('CONTACT_ENCRYPTION_KEY');
  let current = DEVELOPMENT_CONTACT_KEY;
  if (given === undefined) {
    if (production) problems.push(`CONTACT_ENCRYPTION_KEY is required in production (it encrypts mail addresses at rest); it ${KEY_FORMAT}`);
  } else {
    const parsed = parseEncryptionKey(given);
    if (!parsed) problems.push(`CONTACT_ENCRYPTION_KEY ${KEY_FORMAT}`);
    else if (production && parsed.equals(DEVELOPMENT_CONTACT_KEY)) problems.push('CONTACT_ENCRYPTION_KEY must not be the built-in development key in production');
    else current = parsed;
  }
  const old: Buffer[] = [];
  for (const [i, value] of (read('CONTACT_ENCRYPTION_OLD_KEYS') ?? '').split(',').map((v) => v.trim()).entries()) {
    if (value === '') continue;
    const parsed = parseEncryptionKey(value);
    if (parsed) old.push(parsed);
    else problems.push(`CONTACT_ENCRYPTION_OLD_KEYS: key ${i + 1} ${KEY_FORMAT}; separate keys with commas`);
  }
  return { current, old, developmentDefault: given === undefined };
}
