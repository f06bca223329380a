import { Schema, type Connection, type Model, type Types } from 'mongoose';

/**
 * An API key is stored as the SHA-256 of its secret part; the clear key is shown once, at creation. A key is read
 * by its `_id` on every request, so whether it still works lives on the document itself (`revokedAt`), not in a
 * second collection.
 */
export interface ApiKeyDoc {
  /** The public key id, the part of the key before the secret. */
  _id: string;
  organizationId: Types.ObjectId;
  secretHash: string;
  createdAt: Date;
  /** When the key stops (or stopped) working; null while it has no end. Keys stored before rotation existed lack it. */
  revokedAt?: Date | null;
  /** The key this one replaced in a rotation. */
  replaces?: string | null;
}

const schema = new Schema<ApiKeyDoc>(
  {
    _id: { type: String, required: true },
    organizationId: { type: Schema.Types.ObjectId, required: true },
    secretHash: { type: String, required: true },
    createdAt: { type: Date, required: true },
    revokedAt: { type: Date, default: null },
    replaces: { type: String, default: null },
  },
  { collection: 'api_keys', versionKey: false },
);
schema.index({ organizationId: 1 });

export type ApiKeyModel = Model<ApiKeyDoc>;
export const apiKeyModel = (c: Connection): ApiKeyModel => c.model<ApiKeyDoc>('ApiKey', schema);
