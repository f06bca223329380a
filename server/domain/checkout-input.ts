import { validationError, type UserError } from './user-error.js';

// References a platform gives us: pseudonymous, opaque, bounded. Never an e-mail or a name (DESIGN.md: consumers
// are known only by a platform's pseudonymous consumerRef).
const REF = /^[A-Za-z0-9._:@#/-]{1,128}$/;
const KEY = /^[\x21-\x7e]{1,200}$/;

export function checkRef(value: string, field: readonly string[], what: string): UserError | null {
  return REF.test(value) ? null : validationError(field, `${what} must be 1 to 128 characters of letters, digits and . _ : @ # / -`);
}

export function checkIdempotencyKey(value: string, field: readonly string[]): UserError | null {
  return KEY.test(value) ? null : validationError(field, 'idempotencyKey must be 1 to 200 printable ASCII characters');
}

/** How long a quote can be chosen from. */
export const QUOTE_TTL_MS = 30 * 60 * 1000;
