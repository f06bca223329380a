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
  'ALREADY_DECIDED',
  'HOLD_EXPIRED',
  'HOLD_NOT_OPEN',
  'ALREADY_REVERSED',
] as const;

export type UserErrorCode = (typeof USER_ERROR_CODES)[number];

/** What each code means, for the people who branch on it (the schema's UserErrorCode enum is written from this). */
export const USER_ERROR_MEANINGS: Readonly<Record<UserErrorCode, string>> = {
  VALIDATION: 'An input field breaks its rule; `field` names it and `message` says the rule.',
  NOT_FOUND: 'The thing the input names does not exist, or is not yours to see.',
  IDEMPOTENCY_KEY_REUSED: 'The idempotency key came first with another request; the first result stands.',
  INSUFFICIENT_CREDITS: 'The account has fewer credits available than asked for.',
  QUOTE_EXPIRED: 'The quote is past its 30 minutes, or was lost: ask for a new one.',
  ALREADY_CHOSEN: 'The order already has another packaging choice.',
  UNIT_NOT_SHIPPED: 'The reusable unit is not out on a trip, so it cannot come back.',
  DUPLICATE_RETURN: 'This trip of the unit was already returned.',
  UNKNOWN_ORDER: 'The platform recorded no packaging choice for this order.',
  ORDER_CLOSED: 'The order has already ended (delivered or cancelled) another way.',
  API_KEY_REVOKED: 'The API key is revoked.',
  ALREADY_SHIPPED: 'The order already shipped its one reusable unit, or this unit made that trip already.',
  NOT_NEWEST_KEY: 'Only the organization\'s newest working key (or the operator) may rotate or revoke keys.',
  ALREADY_DECIDED: 'The report revision was already accepted or rejected; a decision is never changed (the producer submits a new revision).',
  HOLD_EXPIRED: 'The hold is past its timeout: it can no longer be captured, and its credits go back to the account.',
  HOLD_NOT_OPEN: 'The hold was already settled the other way (captured, or voided or timed out); `message` says which.',
  ALREADY_REVERSED: 'The redemption was already reversed (by another request); its credits are back once.',
};

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

/** The idempotency key came first with another request (`what` the first one recorded: a return, a mail...). */
export const keyReusedError = (what: string, field: readonly string[] = ['input', 'idempotencyKey']): UserError => ({
  code: 'IDEMPOTENCY_KEY_REUSED',
  field,
  message: `this idempotency key was used for a different ${what}`,
});

/** A service result: the value, or the user errors that stopped it. */
export type Outcome<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly errors: readonly UserError[] };

export const succeed = <T>(value: T): Outcome<T> => ({ ok: true, value });
export const fail = <T = never>(...errors: UserError[]): Outcome<T> => ({ ok: false, errors });
