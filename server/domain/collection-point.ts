import { WEEKDAYS, isClockTime, isGeoPoint, isTimeZone, type GeoPoint, type OpeningHours } from './geo.js';
import { MATERIALS, isMaterial, type Material, type PackagingFormat } from './packaging.js';
import { CONTAINER_FORMATS } from './quote-builder.js';
import { isPlainText } from './plain-text.js';
import { validationError, type UserError } from './user-error.js';

/** The raw GraphQL `CollectionPointInput`. */
export interface CollectionPointInput {
  readonly name: string;
  readonly region: string;
  readonly accepts: readonly string[];
  readonly location?: GeoPoint | null;
  readonly address?: string | null;
  readonly openingHours?: readonly { readonly day: string; readonly opens: string; readonly closes: string }[] | null;
  readonly timeZone?: string | null;
  readonly reusableFormats?: readonly string[] | null;
}

export interface NewCollectionPoint {
  readonly name: string;
  /** An administrative region code, e.g. `CN-31` (ISO 3166-2) or a city code the operator uses; upper case. */
  readonly region: string;
  /** In the order of MATERIALS, each once. */
  readonly accepts: readonly Material[];
  /** Where it is, for nearestCollectionPoints; null: not on the map. */
  readonly location: GeoPoint | null;
  readonly address: string | null;
  /** Weekly hours in `timeZone`; empty: not given (its openness is unknown). */
  readonly openingHours: readonly OpeningHours[];
  readonly timeZone: string;
  /** The formats of reusable units it takes back, in the order of CONTAINER_FORMATS; null: every format. */
  readonly reusableFormats: readonly PackagingFormat[] | null;
}

/** The formats of reusable units a point takes back, as listed: the container formats it names, or all of them (null). */
export const reusableFormatsOf = (point: { readonly reusableFormats?: readonly PackagingFormat[] | null }): readonly PackagingFormat[] =>
  point.reusableFormats ?? CONTAINER_FORMATS;

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
  const location = input.location ?? null;
  if (location && !isGeoPoint(location)) errors.push(validationError(['input', 'location'], 'location must be a latitude from -90 to 90 and a longitude from -180 to 180, in degrees'));
  const address = input.address?.trim() ?? '';
  if (address.length > 300 || (address !== '' && !isPlainText(address))) errors.push(validationError(['input', 'address'], 'address is up to 300 characters of plain text'));
  const timeZone = input.timeZone?.trim() || 'UTC';
  if (!isTimeZone(timeZone)) errors.push(validationError(['input', 'timeZone'], 'timeZone must be an IANA time zone, e.g. Asia/Shanghai'));
  const hours = input.openingHours ?? [];
  if (hours.length > 21) errors.push(validationError(['input', 'openingHours'], 'give at most 21 intervals (three a day)'));
  hours.forEach((h, i) => {
    const at = ['input', 'openingHours', String(i)];
    if (!(WEEKDAYS as readonly string[]).includes(h.day)) errors.push(validationError([...at, 'day'], `day must be one of ${WEEKDAYS.join(', ')}`));
    if (!isClockTime(h.opens) || !isClockTime(h.closes) || h.opens >= h.closes) {
      errors.push(validationError(at, 'opens and closes are HH:MM (closes may be 24:00), opens before closes'));
    }
  });
  const formats = input.reusableFormats ?? null;
  if (formats && formats.some((f) => !(CONTAINER_FORMATS as readonly string[]).includes(f))) {
    errors.push(validationError(['input', 'reusableFormats'], `reusableFormats lists formats of reusable units, each one of ${CONTAINER_FORMATS.join(', ')}`));
  }
  if (errors.length > 0) return { point: null, errors };
  const reusableFormats = formats === null ? null : CONTAINER_FORMATS.filter((f) => formats.includes(f));
  const accepts = MATERIALS.filter((m) => input.accepts.includes(m));
  const openingHours = hours.map((h) => ({ day: h.day as OpeningHours['day'], opens: h.opens, closes: h.closes }));
  return { point: { name, region, accepts, location, address: address === '' ? null : address, openingHours, timeZone, reusableFormats }, errors: [] };
}
