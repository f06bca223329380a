import { checkIdempotencyKey } from './checkout-input.js';
import { PERIOD_FORMAT, parsePeriod, type Period } from './period.js';
import { validationError, type UserError } from './user-error.js';

/**
 * What every producer statement for a period (a recycling report, a placed-on-market declaration) checks first: its
 * idempotency key, and a period that reads and has started. The errors are pushed in that order.
 */
export function checkStatementHead(input: { readonly period: string; readonly idempotencyKey: string }, nowMs: number, errors: UserError[]): Period | null {
  const keyError = checkIdempotencyKey(input.idempotencyKey, ['input', 'idempotencyKey']);
  if (keyError) errors.push(keyError);
  const period = parsePeriod(input.period);
  if (!period) errors.push(validationError(['input', 'period'], `period must be ${PERIOD_FORMAT}`));
  else if (period.startMs > nowMs) errors.push(validationError(['input', 'period'], 'the period has not started yet'));
  return period;
}
