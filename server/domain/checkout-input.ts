import { validationError, type UserError } from './user-error.js';

// A request's idempotency key: opaque printable ASCII, bounded (references such as consumerRef are in references.ts:
// pseudonymous, never an e-mail or a name, as DESIGN.md requires).
const KEY = /^[\x21-\x7e]{1,200}$/;

export function checkIdempotencyKey(value: string, field: readonly string[]): UserError | null {
  return KEY.test(value) ? null : validationError(field, 'idempotencyKey must be 1 to 200 printable ASCII characters');
}

/** How long a quote can be chosen from. */
export const QUOTE_TTL_MS = 30 * 60 * 1000;
