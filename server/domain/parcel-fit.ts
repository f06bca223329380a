import { sortedSides, volumeMm3, type Dimensions } from './packaging.js';
import { validationError, type UserError } from './user-error.js';

/** The item a consumer orders, as a platform describes it at checkout. */
export interface Parcel extends Dimensions {
  readonly weightGrams: number;
  /** The product's own packaging can ship as is (no secondary box). */
  readonly shipsInOwnPackaging: boolean;
}

/** The raw GraphQL `ParcelInput`. */
export interface ParcelInput {
  readonly lengthMm: number;
  readonly widthMm: number;
  readonly heightMm: number;
  readonly weightGrams: number;
  readonly shipsInOwnPackaging?: boolean | null;
}

// Same bounds as packaging: beyond them the value is a unit mistake, not a parcel.
export const PARCEL_DIMENSION_MAX_MM = 3000;
export const PARCEL_WEIGHT_MAX_GRAMS = 100_000;

const isIntIn = (value: number, min: number, max: number): boolean => Number.isInteger(value) && value >= min && value <= max;

/** Validates a parcel; field paths start with `fieldPrefix` (the GraphQL argument name). */
export function parseParcel(
  input: ParcelInput,
  fieldPrefix: readonly string[] = ['parcel'],
): { parcel: Parcel; errors: [] } | { parcel: null; errors: UserError[] } {
  const errors: UserError[] = [];
  for (const key of ['lengthMm', 'widthMm', 'heightMm'] as const) {
    if (!isIntIn(input[key], 1, PARCEL_DIMENSION_MAX_MM)) {
      errors.push(validationError([...fieldPrefix, key], `${key} must be a whole number of millimetres from 1 to ${PARCEL_DIMENSION_MAX_MM}`));
    }
  }
  if (!isIntIn(input.weightGrams, 1, PARCEL_WEIGHT_MAX_GRAMS)) {
    errors.push(validationError([...fieldPrefix, 'weightGrams'], `weightGrams must be a whole number of grams from 1 to ${PARCEL_WEIGHT_MAX_GRAMS}`));
  }
  if (errors.length > 0) return { parcel: null, errors };
  const { lengthMm, widthMm, heightMm, weightGrams } = input;
  return { parcel: { lengthMm, widthMm, heightMm, weightGrams, shipsInOwnPackaging: input.shipsInOwnPackaging ?? false }, errors: [] };
}

/**
 * Whether the item fits the inner space in some axis-aligned rotation. Sorting both boxes' sides and comparing them
 * pairwise decides this for boxes; touching the walls (equal sides) counts as fitting.
 */
export function fitsInside(item: Dimensions, inner: Dimensions): boolean {
  const [itemMin, itemMid, itemMax] = sortedSides(item);
  const [innerMin, innerMid, innerMax] = sortedSides(inner);
  return itemMin <= innerMin && itemMid <= innerMid && itemMax <= innerMax;
}

/**
 * Share of the inner volume left empty, rounded to 3 decimals (0 = exact fit), for display: the limit is checked by
 * withinEmptySpaceLimit, exactly. Volumes are whole mm3, exact in a double. Only meaningful when the item fits; an
 * item larger than the space gives a negative ratio.
 */
export function emptySpaceRatio(item: Dimensions, inner: Dimensions): number {
  const ratio = 1 - volumeMm3(item) / volumeMm3(inner);
  return Math.round(ratio * 1000) / 1000;
}

/** How finely a standard's empty-space limit is read: millionths (0.5 is 500000 / 1000000, exactly). */
const LIMIT_SCALE = 1_000_000n;

/**
 * Whether the item leaves at most `maxRatio` of the inner volume empty, decided exactly in integers:
 * (inner - item) / inner <= max  <=>  (inner - item) x 10^6 <= round(max x 10^6) x inner. A box 50.02 % empty is
 * over a 0.5 limit, though its ratio rounds to 0.500.
 */
export function withinEmptySpaceLimit(item: Dimensions, inner: Dimensions, maxRatio: number): boolean {
  const innerVolume = BigInt(volumeMm3(inner));
  const empty = innerVolume - BigInt(volumeMm3(item));
  return empty * LIMIT_SCALE <= BigInt(Math.round(maxRatio * 1_000_000)) * innerVolume;
}
