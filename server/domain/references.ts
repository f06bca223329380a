import { validationError, type UserError } from './user-error.js';

// The references callers give us to name their own things: one rule each (characters and length), checked at every
// entry point with the same typed VALIDATION error, so no reference of any size or content reaches a key, a log line
// or a query unchecked.

export type ReferenceKind = 'consumerRef' | 'orderRef' | 'serial' | 'sku' | 'warehouseRef' | 'campaignRef';

interface ReferenceRule {
  readonly pattern: RegExp;
  readonly rule: string;
}

export const REFERENCE_RULES: Readonly<Record<ReferenceKind, ReferenceRule>> = {
  // A platform's ids for its consumers and orders: opaque, printable, short enough for a key.
  consumerRef: { pattern: /^[A-Za-z0-9._:@#/-]{1,128}$/, rule: '1 to 128 characters of letters, digits and . _ : @ # / -' },
  orderRef: { pattern: /^[A-Za-z0-9._:@#/-]{1,128}$/, rule: '1 to 128 characters of letters, digits and . _ : @ # / -' },
  // Printed on a reusable unit: starts with a letter or digit.
  serial: { pattern: /^[A-Za-z0-9][A-Za-z0-9._-]{3,63}$/, rule: '4 to 64 letters, digits and . _ - (starting with a letter or digit)' },
  // A producer's article number for a packaging type.
  sku: { pattern: /^[A-Za-z0-9._-]{1,64}$/, rule: '1 to 64 characters of letters, digits and . _ -' },
  // A platform's name for one of its warehouses.
  warehouseRef: { pattern: /^[A-Za-z0-9._-]{1,64}$/, rule: '1 to 64 characters of letters, digits and . _ -' },
  // A platform's name for one of its campaigns, e.g. double-11-2026.
  campaignRef: { pattern: /^[A-Za-z0-9._-]{1,64}$/, rule: '1 to 64 characters of letters, digits and . _ -' },
};

export const isReference = (kind: ReferenceKind, value: string): boolean => REFERENCE_RULES[kind].pattern.test(value);

/** null when `value` is a valid `kind`, else the VALIDATION error for `field`, naming the rule. */
export function checkReference(kind: ReferenceKind, value: string, field: readonly string[]): UserError | null {
  return isReference(kind, value) ? null : validationError(field, `${kind} must be ${REFERENCE_RULES[kind].rule}`);
}
