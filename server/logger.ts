import { pino, type DestinationStream, type Logger } from 'pino';

export type { Logger };

export interface LoggerOptions {
  /** Values that must never appear in a log line (the operator key): replaced wherever they occur. */
  readonly secrets?: readonly string[];
  /** Where lines go; stdout by default. */
  readonly destination?: DestinationStream;
}

/**
 * Structured JSON logs on stdout. Secrets and personal data never reach a log: the redact paths catch the fields
 * that carry them, and every line is scrubbed as written (`scrubLogLine`) for what slips into error messages.
 */
export function createLogger(level: string, name = 'greenloop', options: LoggerOptions = {}): Logger {
  const secrets = (options.secrets ?? []).filter((s) => s.length >= 8);
  const settings = {
    name,
    level,
    redact: {
      paths: [
        'req.headers.authorization', 'req.headers.cookie', 'apiKey', '*.apiKey', 'adminApiKey', 'token', '*.token',
        'email', '*.email', 'contactEmail', '*.contactEmail', 'to', '*.to', 'consumerRef', '*.consumerRef', '*.keyValue',
      ],
      censor: '[redacted]',
    },
    hooks: { streamWrite: (line: string) => scrubLogLine(line, secrets) },
  };
  return options.destination ? pino(settings, options.destination) : pino(settings);
}

// Each pattern stops at a quote or backslash, so a scrubbed line stays valid JSON.
const API_KEY = /glk_[A-Za-z0-9_-]{8,}/g;
const EMAIL = /[^\s"\\@<>(),;:]+@[^\s"\\@<>(),;:]+\.[A-Za-z]{2,}/g;
/** A credit account or anything keyed by one, `<platform id>:<consumer ref>[:...]`: the ref is the consumer's. */
const ACCOUNT = /\b([0-9a-f]{24}):[^\s"\\,;{}[\]]+/g;
/** A duplicate-key error quotes the key's values (an account, an idempotency key). */
const DUP_KEY = /dup key: \{(?:[^}"\\]|\\.)*\}/g;

/**
 * What a log line may not carry: API keys, mail addresses, consumer refs inside account ids and duplicate-key
 * messages, and the configured secrets (matched as they appear in JSON). Pure; the logger runs it on every line.
 */
export function scrubLogLine(line: string, secrets: readonly string[] = []): string {
  let scrubbed = line;
  for (const secret of secrets) scrubbed = scrubbed.split(JSON.stringify(secret).slice(1, -1)).join('[redacted]');
  return scrubbed
    .replace(DUP_KEY, 'dup key: [redacted]')
    .replace(API_KEY, 'glk_[redacted]')
    .replace(EMAIL, '[email]')
    .replace(ACCOUNT, '$1:[consumer]');
}
