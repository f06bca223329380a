// Configuration is read and validated once, at start-up, then passed in. A bad value stops the process with a
// message that names the variable (DESIGN.md "Running").

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
  readonly adminApiKey: string;
  /** Bull key prefix; a Redis Cluster hash tag (`{...}`) keeps each queue's keys in one slot. */
  readonly queuePrefix: string;
  readonly shutdownTimeoutMs: number;
  readonly logLevel: string;
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
  if (!/^[A-Za-z0-9.:-]+$/.test(host)) problems.push(`HOST must be a host name or IP address (got "${host}")`);

  if (problems.length > 0 || !role || port === null || !mongodbUri || !adminApiKey || shutdownTimeoutMs === null) {
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
    adminApiKey,
    queuePrefix,
    shutdownTimeoutMs,
    logLevel,
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
