import { checkReference } from './references.js';
import { isEmailAddress } from './email.js';
import { isMailLocale, MAIL_LOCALES, type MailLocale } from './mail-locale.js';
import { validationError, type UserError } from './user-error.js';

/** The raw GraphQL `ConsumerContactInput`: an address a platform gives for one of its consumers, with consent. */
export interface ConsumerContactInput {
  readonly consumerRef: string;
  readonly email: string;
  readonly consent: boolean;
  /** The language of the consumer's mail; absent or null: the platform's own (`Organization.locale`). */
  readonly locale?: string | null;
}

export interface ConsumerContact {
  readonly consumerRef: string;
  readonly email: string;
  /** Null: mail goes in the platform's language. */
  readonly locale: MailLocale | null;
}

/**
 * Validates a contact address. It is kept only to mail the consumer about their credits, so it needs the consumer's
 * consent: without it nothing is stored.
 */
export function parseConsumerContact(input: ConsumerContactInput): { contact: ConsumerContact; errors: [] } | { contact: null; errors: UserError[] } {
  const errors: UserError[] = [];
  const refError = checkReference('consumerRef', input.consumerRef, ['input', 'consumerRef']);
  if (refError) errors.push(refError);
  const email = input.email.trim();
  if (!isEmailAddress(email)) errors.push(validationError(['input', 'email'], 'email must be an e-mail address'));
  if (!input.consent) errors.push(validationError(['input', 'consent'], 'a contact address is stored only with the consumer’s consent'));
  const locale = input.locale ?? null;
  if (locale !== null && !isMailLocale(locale)) errors.push(validationError(['input', 'locale'], `locale must be one of ${MAIL_LOCALES.join(', ')}`));
  if (errors.length > 0 || (locale !== null && !isMailLocale(locale))) return { contact: null, errors };
  return { contact: { consumerRef: input.consumerRef, email, locale }, errors: [] };
}
