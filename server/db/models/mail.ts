import { Schema, type Connection, type Model, type Types } from 'mongoose';
import { sealedTextSchema, type SealedText } from './sealed-text.js';

/**
 * An outgoing mail is a fact recorded before its job is enqueued, so a crash between the two loses nothing:
 * the sweep re-enqueues mails that have no delivery yet. The idempotency key makes "send this once" a unique index.
 */
export interface MailDoc {
  _id: Types.ObjectId;
  idempotencyKey: string;
  /** The recipient, sealed under the contact encryption key and bound to this mail's `_id`: addresses are personal data. */
  sealedTo?: SealedText;
  /** Only in mails recorded before addresses were encrypted: the recipient in clear (sealed at the next start). */
  to?: string;
  subject: string;
  text: string;
  /** The HTML alternative to `text`, saying the same; absent in mails recorded before templates had one. */
  html?: string;
  createdAt: Date;
}

const mailSchema = new Schema<MailDoc>(
  {
    idempotencyKey: { type: String, required: true },
    sealedTo: { type: sealedTextSchema, required: false },
    to: { type: String, required: false },
    subject: { type: String, required: true },
    text: { type: String, required: true },
    html: { type: String, required: false },
    createdAt: { type: Date, required: true },
  },
  { collection: 'mails', versionKey: false },
);
mailSchema.index({ idempotencyKey: 1 }, { unique: true });

/** One delivery per mail: its `_id` is the mail's, so a second insert is a duplicate-key error. */
export interface MailDeliveryDoc {
  _id: Types.ObjectId;
  messageId: string;
  deliveredAt: Date;
}

const deliverySchema = new Schema<MailDeliveryDoc>(
  {
    _id: { type: Schema.Types.ObjectId, required: true },
    messageId: { type: String, required: true },
    deliveredAt: { type: Date, required: true },
  },
  { collection: 'mail_deliveries', versionKey: false },
);

export type MailModel = Model<MailDoc>;
export type MailDeliveryModel = Model<MailDeliveryDoc>;
export const mailModel = (c: Connection): MailModel => c.model<MailDoc>('Mail', mailSchema);
export const mailDeliveryModel = (c: Connection): MailDeliveryModel =>
  c.model<MailDeliveryDoc>('MailDelivery', deliverySchema);
