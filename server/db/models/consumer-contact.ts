import { Schema, type Connection, type Model, type Types } from 'mongoose';
import { MAIL_LOCALES, type MailLocale } from '../../domain/mail-locale.js';
import { sealedTextSchema, type SealedText } from './sealed-text.js';

/**
 * A consumer's mail address as their platform gave it, with consent, kept only to mail them about their credits
 * and shown to no one but that platform. Personal data, so it is encrypted at rest, and replaced and deleted
 * rather than kept as history.
 */
export interface ConsumerContactDoc {
  /** The credit account: `<platformId>:<consumerRef>`. */
  _id: string;
  platformId: Types.ObjectId;
  consumerRef: string;
  /** The address, sealed under the contact encryption key, bound to this document's `_id`. */
  sealedEmail?: SealedText;
  /** Only in documents written before addresses were encrypted: the address in clear (sealed at the next start). */
  email?: string;
  /** The language of the consumer's mail; absent: the platform's own. */
  locale?: MailLocale;
  consentedAt: Date;
}

const schema = new Schema<ConsumerContactDoc>(
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

export type ConsumerContactModel = Model<ConsumerContactDoc>;
export const consumerContactModel = (c: Connection): ConsumerContactModel => c.model<ConsumerContactDoc>('ConsumerContact', schema);
