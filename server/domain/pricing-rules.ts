import type { PackagingClass } from './packaging.js';
import { validationError, type UserError } from './user-error.js';

/** The classes a platform prices. NON_COMPLIANT packaging is never offered, so it has no price. */
export const PRICED_CLASSES = ['STANDARD', 'REDUCED', 'GREEN', 'REUSABLE'] as const;
export type PricedClass = (typeof PRICED_CLASSES)[number];

/** A fee for packaging whose inner volume is at most `maxInnerVolumeCm3`. */
export interface SizeBand {
  readonly maxInnerVolumeCm3: number;
  readonly feeMinor: number;
}

export interface ClassPrice {
  readonly packagingClass: PricedClass;
  /** Minor currency units; negative = a discount. Applies when no size band holds the volume. */
  readonly feeMinor: number;
  /** Strictly ascending by volume. */
  readonly sizeBands: readonly SizeBand[];
}

/** A platform's packaging prices. Money is integer minor units of `currency`. */
export interface PricingRules {
  readonly version: number;
  readonly currency: string;
  /** One entry per priced class, in `PRICED_CLASSES` order. */
  readonly classes: readonly ClassPrice[];
  /** Refundable deposit charged with REUSABLE packaging. */
  readonly reusableDepositMinor: number;
}

/** The raw GraphQL `PricingRulesInput`. */
export interface PricingRulesInput {
  readonly currency: string;
  readonly classes: readonly {
    readonly packagingClass: string;
    readonly feeMinor: number;
    readonly sizeBands?: readonly SizeBand[] | null;
  }[];
  readonly reusableDepositMinor: number;
}

/** Until a platform sets its own: the greener or lighter choice is never dearer, standard packaging costs most. */
export const DEFAULT_PRICING_RULES: PricingRules = {
  version: 0,
  currency: 'CNY',
  classes: [
    { packagingClass: 'STANDARD', feeMinor: 100, sizeBands: [] },
    { packagingClass: 'REDUCED', feeMinor: -50, sizeBands: [] },
    { packagingClass: 'GREEN', feeMinor: 0, sizeBands: [] },
    { packagingClass: 'REUSABLE', feeMinor: 0, sizeBands: [] },
  ],
  reusableDepositMinor: 500,
};

export const FEE_LIMIT_MINOR = 1_000_000;
export const DEPOSIT_MAX_MINOR = 1_000_000;
export const SIZE_BANDS_MAX = 20;
// Large enough for any 3 m cube (27,000,000 cm3); a bigger bound is a typo.
export const SIZE_BAND_VOLUME_MAX_CM3 = 27_000_000;
const CURRENCY = /^[A-Z]{3}$/;

const isPriced = (value: string): value is PricedClass => (PRICED_CLASSES as readonly string[]).includes(value);
const isIntIn = (value: number, min: number, max: number): boolean => Number.isInteger(value) && value >= min && value <= max;
const isFee = (value: number): boolean => isIntIn(value, -FEE_LIMIT_MINOR, FEE_LIMIT_MINOR);
const FEE_MESSAGE = `must be a whole number of minor units from ${-FEE_LIMIT_MINOR} to ${FEE_LIMIT_MINOR}`;

/** Validates a whole rule set: any problem refuses all of it, so a platform never runs on half-applied prices. */
export function parsePricingRules(
  input: PricingRulesInput,
  version: number,
): { rules: PricingRules; errors: [] } | { rules: null; errors: UserError[] } {
  const errors: UserError[] = [];
  const currency = input.currency.trim();
  if (!CURRENCY.test(currency)) errors.push(validationError(['input', 'currency'], 'currency must be an ISO 4217 code such as CNY'));

  const byClass = new Map<PricedClass, ClassPrice>();
  input.classes.forEach((entry, i) => {
    const at = (...path: string[]): string[] => ['input', 'classes', String(i), ...path];
    const { packagingClass } = entry;
    if (!isPriced(packagingClass)) {
      errors.push(validationError(at('packagingClass'), `packagingClass must be one of ${PRICED_CLASSES.join(', ')}`));
    } else if (byClass.has(packagingClass)) {
      errors.push(validationError(at('packagingClass'), `${packagingClass} is priced more than once`));
    }
    if (!isFee(entry.feeMinor)) errors.push(validationError(at('feeMinor'), `feeMinor ${FEE_MESSAGE}`));
    const sizeBands = parseSizeBands(entry.sizeBands ?? [], errors, at('sizeBands'));
    if (isPriced(packagingClass) && !byClass.has(packagingClass)) {
      byClass.set(packagingClass, { packagingClass, feeMinor: entry.feeMinor, sizeBands });
    }
  });
  const missing = PRICED_CLASSES.filter((c) => !byClass.has(c));
  if (missing.length > 0) {
    errors.push(validationError(['input', 'classes'], `every class must be priced: missing ${missing.join(', ')}`));
  }

  if (!isIntIn(input.reusableDepositMinor, 0, DEPOSIT_MAX_MINOR)) {
    errors.push(validationError(['input', 'reusableDepositMinor'], `reusableDepositMinor must be a whole number of minor units from 0 to ${DEPOSIT_MAX_MINOR}`));
  }

  if (errors.length > 0) return { rules: null, errors };
  const classes = PRICED_CLASSES.flatMap((c) => byClass.get(c) ?? []);
  return { rules: { version, currency, classes, reusableDepositMinor: input.reusableDepositMinor }, errors: [] };
}

function parseSizeBands(input: readonly SizeBand[], errors: UserError[], path: string[]): SizeBand[] {
  if (input.length > SIZE_BANDS_MAX) {
    errors.push(validationError(path, `at most ${SIZE_BANDS_MAX} size bands`));
    return [];
  }
  let previous = 0;
  return input.map((band, j) => {
    const at = (key: string): string[] => [...path, String(j), key];
    const max = band.maxInnerVolumeCm3;
    if (!isIntIn(max, 1, SIZE_BAND_VOLUME_MAX_CM3)) {
      errors.push(validationError(at('maxInnerVolumeCm3'), `maxInnerVolumeCm3 must be a whole number from 1 to ${SIZE_BAND_VOLUME_MAX_CM3}`));
    } else if (max <= previous) {
      errors.push(validationError(at('maxInnerVolumeCm3'), 'size bands must be strictly ascending by maxInnerVolumeCm3'));
    }
    if (isIntIn(max, 1, SIZE_BAND_VOLUME_MAX_CM3)) previous = Math.max(previous, max);
    if (!isFee(band.feeMinor)) errors.push(validationError(at('feeMinor'), `feeMinor ${FEE_MESSAGE}`));
    return { maxInnerVolumeCm3: max, feeMinor: band.feeMinor };
  });
}

/**
 * The price of packaging of a class and inner volume: the first size band that holds the volume, else the class fee.
 * Only REUSABLE carries the deposit. Pricing NON_COMPLIANT packaging, or a class the rules lack, is a programming
 * error (it must never be offered; parsed rules price every class), so it throws.
 */
export function priceOption(
  rules: PricingRules,
  packagingClass: PackagingClass,
  innerVolumeCm3: number,
): { priceMinor: number; depositMinor: number; currency: string } {
  if (packagingClass === 'NON_COMPLIANT') throw new Error('NON_COMPLIANT packaging must never be priced');
  const price = rules.classes.find((c) => c.packagingClass === packagingClass);
  if (price === undefined) throw new Error(`pricing rules version ${rules.version} do not price ${packagingClass}`);
  const band = price.sizeBands.find((b) => b.maxInnerVolumeCm3 >= innerVolumeCm3);
  return {
    priceMinor: band?.feeMinor ?? price.feeMinor,
    depositMinor: packagingClass === 'REUSABLE' ? rules.reusableDepositMinor : 0,
    currency: rules.currency,
  };
}
