import { createHash } from 'node:crypto';

/** What an idempotency key is bound to: a digest of the normalized request, so a replay can be told from a reuse. */
export const digestOf = (request: unknown): string => createHash('sha256').update(JSON.stringify(request)).digest('hex');
