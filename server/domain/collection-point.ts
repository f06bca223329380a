import { MATERIALS, isMaterial, type Material } from './packaging.js';
import { isPlainText } from './plain-text.js';
import { validationError, type UserError } from './user-error.js';

/** The raw GraphQL `CollectionPointInput`. */
export interface CollectionPointInput {
  readonly name: string;
  readonly region: string;
  readonly accepts: readonly string[];
}

export interface NewCollectionPoint {
  readonly name: string;
  /** An administrative region code, e.g. `CN-31` (ISO 3166-2) or a city code the operator uses; upper case. */
  readonly region: string;
  /** In the order of MATERIALS, each once. */
  readonly accepts: readonly Material[];
}

const REGION = /^[A-Z0-9][A-Z0-9-]{0,31}$/;
/** A region code as stored: upper case, e.g. `CN-31`. */
export const isRegion = (value: string): boolean => REGION.test(value);

export function parseCollectionPoint(input: CollectionPointInput): { point: NewCollectionPoint; errors: [] } | { point: null; errors: UserError[] } {
  const errors: UserError[] = [];
  const name = input.name.trim();
  if (name === '' || name.length > 200 || !isPlainText(name)) errors.push(validationError(['input', 'name'], 'name must be 1 to 200 characters of plain text'));
  const region = input.region.trim().toUpperCase();
  if (!REGION.test(region)) errors.push(validationError(['input', 'region'], 'region must be a code of 1 to 32 letters, digits and dashes, e.g. CN-31'));
  const unknown = input.accepts.filter((m) => !isMaterial(m));
  if (input.accepts.length === 0 || unknown.length > 0) {
    errors.push(validationError(['input', 'accepts'], `accepts must list at least one of ${MATERIALS.join(', ')}`));
  }
  if (errors.length > 0) return { point: null, errors };
  const accepts = MATERIALS.filter((m) => input.accepts.includes(m));
  return { point: { name, region, accepts }, errors: [] };
}
