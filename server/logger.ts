import { pino, type Logger } from 'pino';

export type { Logger };

/** Structured JSON logs on stdout. Secrets never reach a log: the redact paths catch the usual carriers. */
export function createLogger(level: string, name = 'greenloop'): Logger {
  return pino({
    name,
    level,
    redact: {
      paths: ['req.headers.authorization', 'req.headers.cookie', 'apiKey', '*.apiKey', 'adminApiKey'],
      censor: '[redacted]',
    },
  });
}
