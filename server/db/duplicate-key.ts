/** MongoDB's duplicate-key error: the primitive every idempotency guarantee stands on. */
export function isDuplicateKeyError(error: unknown): boolean {
  return typeof error === 'object' && error !== null && 'code' in error && error.code === 11000;
}
