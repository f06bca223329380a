// Places on the map for collection points: distances on the sphere and opening hours in a point's own time zone.
// Pure functions; FerretDB has no geospatial queries, so the service ranks points in memory with these.

export interface GeoPoint {
  readonly lat: number;
  readonly lng: number;
}

const EARTH_RADIUS_M = 6_371_008.8; // mean radius (IUGG)
const rad = (deg: number) => (deg * Math.PI) / 180;

/** Great-circle distance in whole metres (haversine, spherical Earth: within 0.5 % of the ellipsoid). */
export function distanceMeters(a: GeoPoint, b: GeoPoint): number {
  const dLat = rad(b.lat - a.lat);
  const dLng = rad(b.lng - a.lng);
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(rad(a.lat)) * Math.cos(rad(b.lat)) * Math.sin(dLng / 2) ** 2;
  return Math.round(2 * EARTH_RADIUS_M * Math.asin(Math.min(1, Math.sqrt(h))));
}

export const isGeoPoint = (p: GeoPoint): boolean =>
  Number.isFinite(p.lat) && Number.isFinite(p.lng) && p.lat >= -90 && p.lat <= 90 && p.lng >= -180 && p.lng <= 180;

export const WEEKDAYS = ['MON', 'TUE', 'WED', 'THU', 'FRI', 'SAT', 'SUN'] as const;
export type Weekday = (typeof WEEKDAYS)[number];

/** One opening interval on one weekday, in the point's local time: `HH:MM` from opens up to (not including) closes. */
export interface OpeningHours {
  readonly day: Weekday;
  readonly opens: string;
  readonly closes: string;
}

const TIME = /^([01]\d|2[0-3]):[0-5]\d$/;
export const isClockTime = (value: string): boolean => TIME.test(value) || value === '24:00';

/** Whether the IANA time zone is one this runtime knows (e.g. Asia/Shanghai, Europe/London, UTC). */
export function isTimeZone(value: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: value });
    return value.length > 0;
  } catch {
    return false;
  }
}

const WEEKDAY_OF: Readonly<Record<string, Weekday>> = { Mon: 'MON', Tue: 'TUE', Wed: 'WED', Thu: 'THU', Fri: 'FRI', Sat: 'SAT', Sun: 'SUN' };

/** The weekday and `HH:MM` an instant falls on in a time zone. */
export function localTime(atMs: number, timeZone: string): { day: Weekday; time: string } {
  const parts = new Intl.DateTimeFormat('en-US', { timeZone, weekday: 'short', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).formatToParts(new Date(atMs));
  const part = (type: string) => parts.find((p) => p.type === type)?.value ?? '';
  return { day: WEEKDAY_OF[part('weekday')] ?? 'MON', time: `${part('hour')}:${part('minute')}` };
}

/** A place to rank by distance: where it is, its opening hours in its time zone, what it takes. */
export interface RankedPlace<T> {
  readonly place: T;
  readonly location: GeoPoint;
  readonly hours: readonly OpeningHours[];
  readonly timeZone: string;
  readonly accepts: readonly string[];
}

/**
 * The places nearest to `near`, nearest first (ties in the order given): only those accepting `accepts` when it is
 * given, only those open at `atMs` when `openOnly` (a place without hours is then left out).
 */
export function nearestFirst<T>(
  places: readonly RankedPlace<T>[],
  query: { readonly near: GeoPoint; readonly accepts: string | null; readonly openOnly: boolean; readonly first: number; readonly atMs: number },
): { place: T; distanceMeters: number; openNow: boolean | null }[] {
  return places
    .filter((p) => query.accepts === null || p.accepts.includes(query.accepts))
    .map((p) => ({ place: p.place, distanceMeters: distanceMeters(query.near, p.location), openNow: isOpenAt(p.hours, p.timeZone, query.atMs) }))
    .filter((p) => !query.openOnly || p.openNow === true)
    .sort((a, b) => a.distanceMeters - b.distanceMeters)
    .slice(0, query.first);
}

/** Open at this instant: inside one of the day's intervals in the point's time zone. No hours given: unknown (null). */
export function isOpenAt(hours: readonly OpeningHours[], timeZone: string, atMs: number): boolean | null {
  if (hours.length === 0) return null;
  const { day, time } = localTime(atMs, timeZone);
  return hours.some((h) => h.day === day && h.opens <= time && time < h.closes);
}
