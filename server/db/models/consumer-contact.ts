import { Schema, type Connection, type Model, type Types } from 'mongoose';
import { MAIL_LOCALES, type MailLocale } from '../../domain/mail-locale.js';
import { sealedTextSchema, type SealedText } from './sealed-text.js';

// A consumer's mail address as their platform gave it, with consent, kept only to mail them about their credits and
// shown to no one but that platform. Personal data, so it is encrypted at rest and not kept as history.
//
// Every change is an insert: revision n + 1 of an account is inserted only by the writer that read revision n, and
// the unique `_id` decides between writers, so a platform's setConsumerContact and the background re-seal pass never
// overwrite each other (the store need not recheck an update's filter). Once a newer revision exists, the older one's
// address is removed: only the newest revision holds one.

/** One revision of an account's contact: `<platformId>:<consumerRef>:<rev>`, rev from 1. */
export interface ContactRevisionDoc {
  _id: string;
  /** The credit account: `<platformId>:<consumerRef>`. */
  account: string;
  rev: number;
  platformId: Types.ObjectId;
  consumerRef: string;
  /** The address, sealed under the contact encryption key, bound to this revision's account. Absent once a newer
   *  revision exists, and on a removal. */
  sealedEmail?: SealedText;
  /** The language of the consumer's mail; absent: the platform's own. */
  locale?: MailLocale;
  consentedAt?: Date;
  /** The platform removed the address. */
  removed: boolean;
  writtenAt: Date;
}

const revisionSchema = new Schema<ContactRevisionDoc>(
  {
    _id: { type: String, required: true },
    account: { type: String, required: true },
    rev: { type: Number, required: true },
    platformId: { type: Schema.Types.ObjectId, required: true },
    consumerRef: { type: String, required: true },
    sealedEmail: { type: sealedTextSchema, required: false },
    locale: { type: String, required: false, enum: MAIL_LOCALES },
    consentedAt: { type: Date, required: false },
    removed: { type: Boolean, required: true },
    writtenAt: { type: Date, required: true },
  },
  { collection: 'consumer_contact_revisions', versionKey: false },
);

/** `<account>` -> a recent revision number: where reading the account's revisions starts. A hint only (it may lag). */
export interface ContactHeadDoc {
  _id: string;
  rev: number;
}

const headSchema = new Schema<ContactHeadDoc>(
  { _id: { type: String, required: true }, rev: { type: Number, required: true } },
  { collection: 'consumer_contact_heads', versionKey: false },
);

/**
 * A contact stored before revisions existed (revision 0), keyed by the account: read as such, and removed once the
 * account has a revision (the re-seal pass moves every one of them to revision 1).
 */
export interface LegacyContactDoc {
  _id: string;
  platformId: Types.ObjectId;
  consumerRef: string;
  sealedEmail?: SealedText;
  /** Only in documents written before addresses were encrypted: the address in clear. */
  email?: string;
  locale?: MailLocale;
  consentedAt: Date;
}

const legacySchema = new Schema<LegacyContactDoc>(
  {
    _id: { type: String, required: true },
    platformId: { type: Schema.Types.ObjectId, required: true },
    consumerRef: { type: String, required: true },
    sealedEmail: { type: sealedTextSchema, required: false },
    email: { type: String, required: false },
    locale: { type: String, required: false, enum: MAIL_LOCALES },
    consentedAt: { type: Date, required: true },
  },
  { collection: 'consumer_contacts', versionKey: false },
);

export type ContactRevisionModel = Model<ContactRevisionDoc>;
export const contactRevisionModel = (c: Connection): ContactRevisionModel => c.model<ContactRevisionDoc>('ContactRevision', revisionSchema);
export type ContactHeadModel = Model<ContactHeadDoc>;
export const contactHeadModel = (c: Connection): ContactHeadModel => c.model<ContactHeadDoc>('ContactHead', headSchema);
export type LegacyContactModel = Model<LegacyContactDoc>;
export const legacyContactModel = (c: Connection): LegacyContactModel => c.model<LegacyContactDoc>('LegacyContact', legacySchema);
