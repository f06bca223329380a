import { isEmailAddress } from './email.js';
import { DEFAULT_MAIL_LOCALE, isMailLocale, MAIL_LOCALES, type MailLocale } from './mail-locale.js';
import { isPlainText } from './plain-text.js';
import { validationError, type UserError } from './user-error.js';

export const ORGANIZATION_KINDS = ['PLATFORM', 'PRODUCER', 'COLLECTOR', 'REGULATOR'] as const;
export type OrganizationKind = (typeof ORGANIZATION_KINDS)[number];

export interface NewOrganization {
  readonly name: string;
  readonly kind: OrganizationKind;
  readonly registrationNumber: string | null;
  readonly contactEmail: string | null;
  /** The language of the organization's mail; organizations stored before it existed read as the default. */
  readonly locale?: MailLocale;
}

export interface CreateOrganizationInput {
  readonly name: string;
  readonly kind: string;
  readonly registrationNumber?: string | null;
  readonly contactEmail?: string | null;
  readonly locale?: string | null;
}

/** The raw GraphQL `UpdateOrganizationPreferencesInput`: absent fields stay as they are. */
export interface OrganizationPreferencesInput {
  /** Which organization: the operator must name one; an organization may leave it out (or name itself). */
  readonly organizationId?: string | null;
  readonly locale?: string | null;
}

export interface OrganizationPreferences {
  readonly locale?: MailLocale;
}

export const NAME_MAX = 200;
export const REGISTRATION_NUMBER_MAX = 64;
const REGISTRATION_NUMBER = /^[A-Za-z0-9][A-Za-z0-9 ./-]*$/;

const isKind = (kind: string): kind is OrganizationKind => (ORGANIZATION_KINDS as readonly string[]).includes(kind);

/** Validates and normalizes (trims; empty optional fields become null) a new organization. */
export function parseNewOrganization(
  input: CreateOrganizationInput,
): { organization: NewOrganization; errors: [] } | { organization: null; errors: UserError[] } {
  const errors: UserError[] = [];
  const name = input.name.trim();
  if (name.length === 0) errors.push(validationError(['input', 'name'], 'name must not be empty'));
  if (name.length > NAME_MAX) errors.push(validationError(['input', 'name'], `name must be at most ${NAME_MAX} characters`));
  if (!isPlainText(name)) errors.push(validationError(['input', 'name'], 'name must be plain text (no control characters)'));

  if (!isKind(input.kind)) {
    errors.push(validationError(['input', 'kind'], `kind must be one of ${ORGANIZATION_KINDS.join(', ')}`));
  }

  const registrationNumber = emptyToNull(input.registrationNumber);
  if (registrationNumber !== null) {
    if (registrationNumber.length > REGISTRATION_NUMBER_MAX) {
      errors.push(validationError(['input', 'registrationNumber'], `registrationNumber must be at most ${REGISTRATION_NUMBER_MAX} characters`));
    } else if (!REGISTRATION_NUMBER.test(registrationNumber)) {
      errors.push(validationError(['input', 'registrationNumber'], 'registrationNumber may hold letters, digits, spaces and . / -'));
    }
  }

  const contactEmail = emptyToNull(input.contactEmail);
  if (contactEmail !== null && !isEmailAddress(contactEmail)) {
    errors.push(validationError(['input', 'contactEmail'], 'contactEmail must be an e-mail address'));
  }

  const locale = input.locale ?? DEFAULT_MAIL_LOCALE;
  if (!isMailLocale(locale)) errors.push(localeError());

  if (errors.length > 0 || !isKind(input.kind) || !isMailLocale(locale)) return { organization: null, errors };
  return { organization: { name, kind: input.kind, registrationNumber, contactEmail, locale }, errors: [] };
}

const localeError = () => validationError(['input', 'locale'], `locale must be one of ${MAIL_LOCALES.join(', ')}`);

/** Validates a change of preferences; a field left out (or null) is not changed. */
export function parseOrganizationPreferences(input: OrganizationPreferencesInput): { preferences: OrganizationPreferences; errors: [] } | { preferences: null; errors: UserError[] } {
  const locale = input.locale ?? undefined;
  if (locale !== undefined && !isMailLocale(locale)) return { preferences: null, errors: [localeError()] };
  return { preferences: locale === undefined ? {} : { locale }, errors: [] };
}

export interface OrganizationRateLimitInput {
  readonly organizationId: string;
  /** Requests a minute; null: back to the deployment's default. */
  readonly requestsPerMinute: number | null;
}

/** The most a single organization may be allowed: 1,000,000 a minute, about 16,700 a second. */
export const REQUESTS_PER_MINUTE_MAX = 1_000_000;

/** Validates an organization's own rate limit: a whole number from 1 to `REQUESTS_PER_MINUTE_MAX`, or null. */
export function parseRequestsPerMinute(value: number | null): { requestsPerMinute: number | null; errors: [] } | { requestsPerMinute: null; errors: UserError[] } {
  if (value === null || (Number.isInteger(value) && value >= 1 && value <= REQUESTS_PER_MINUTE_MAX)) return { requestsPerMinute: value, errors: [] };
  return {
    requestsPerMinute: null,
    errors: [validationError(['input', 'requestsPerMinute'], `requestsPerMinute must be a whole number from 1 to ${REQUESTS_PER_MINUTE_MAX.toLocaleString('en')}, or null for the default`)],
  };
}

function emptyToNull(value: string | null | undefined): string | null {
  const trimmed = value?.trim() ?? '';
  return trimmed === '' ? null : trimmed;
}
