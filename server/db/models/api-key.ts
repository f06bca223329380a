import { Schema, type Connection, type Model, type Types } from 'mongoose';

/** An API key is stored as the SHA-256 of its secret part; the clear key is shown once, at creation. */
export interface ApiKeyDoc {
  /** The public key id, the part of the key before the secret. */
  _id: string;
  organizationId: Types.ObjectId;
  secretHash: string;
  createdAt: Date;
}

const schema = new Schema<ApiKeyDoc>(
  {
    _id: { type: String, required: true },
    organizationId: { type: Schema.Types.ObjectId, required: true },
    secretHash: { type: String, required: true },
    createdAt: { type: Date, required: true },
  },
  { collection: 'api_keys', versionKey: false },
);
schema.index({ organizationId: 1 });

export type ApiKeyModel = Model<ApiKeyDoc>;
export const apiKeyModel = (c: Connection): ApiKeyModel => c.model<ApiKeyDoc>('ApiKey', schema);
