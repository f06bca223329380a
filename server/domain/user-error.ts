/** Domain failures travel as values (GraphQL `userErrors`), never as thrown exceptions. API.md lists the codes. */
export const USER_ERROR_CODES = [
  'VALIDATION',
  'NOT_FOUND',
  'IDEMPOTENCY_KEY_REUSED',
  'INSUFFICIENT_CREDITS',
  'QUOTE_EXPIRED',
  'ALREADY_CHOSEN',
  'UNIT_NOT_SHIPPED',
  'DUPLICATE_RETURN',
  'UNKNOWN_ORDER',
  'ORDER_CLOSED',
  'API_KEY_REVOKED',
  'ALREADY_SHIPPED',
  'NOT_NEWEST_KEY',
] as const;

export type UserErrorCode = (typeof USER_ERROR_CODES)[number];

export interface UserError {
  readonly code: UserErrorCode;
  /** Path to the offending input field, e.g. `['input', 'name']`. */
  readonly field: readonly string[] | null;
  readonly message: string;
}

export const validationError = (field: readonly string[], message: string): UserError => ({
  code: 'VALIDATION',
  field,
  message,
});

export const notFoundError = (field: readonly string[], message: string): UserError => ({ code: 'NOT_FOUND', field, message });

/** A service result: the value, or the user errors that stopped it. */
export type Outcome<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly errors: readonly UserError[] };

export const succeed = <T>(value: T): Outcome<T> => ({ ok: true, value });
export const fail = <T = never>(...errors: UserError[]): Outcome<T> => ({ ok: false, errors });
