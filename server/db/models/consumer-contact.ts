import { Schema, type Connection, type Model, type Types } from 'mongoose';

/**
 * A consumer's mail address as their platform gave it, with consent, kept only to mail them about their credits
 * and shown to no one but that platform. Personal data, so it is replaced and deleted rather than kept as history.
 */
export interface ConsumerContactDoc {
  /** The credit account: `<platformId>:<consumerRef>`. */
  _id: string;
  platformId: Types.ObjectId;
  consumerRef: string;
  email: string;
  consentedAt: Date;
}

const schema = new Schema<ConsumerContactDoc>(
  {
    _id: { type: String, required: true },
    platformId: { type: Schema.Types.ObjectId, required: true },
    consumerRef: { type: String, required: true },
    email: { type: String, required: true },
    consentedAt: { type: Date, required: true },
  },
  { collection: 'consumer_contacts', versionKey: false },
);

export type ConsumerContactModel = Model<ConsumerContactDoc>;
export const consumerContactModel = (c: Connection): ConsumerContactModel => c.model<ConsumerContactDoc>('ConsumerContact', schema);
