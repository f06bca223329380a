import { Schema, type Connection, type Model, type Types } from 'mongoose';

/**
 * An API key is stored as the SHA-256 of its secret part; the clear key is shown once, at creation. A key is read
 * by its `_id` on every request. When it stops working: `revokedAt` on the document (a rotation's overlap end, an
 * update), and, for a revocation, an `api_key_revocations` document under the key's id (an insert, so no concurrent
 * update can undo it on a store whose updates are read-modify-write).
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

/** A revocation: inserted once per key; its existence ends the key. */
export interface ApiKeyRevocationDoc {
  /** The revoked key's id. */
  _id: string;
  revokedAt: Date;
}

const revocationSchema = new Schema<ApiKeyRevocationDoc>(
  { _id: { type: String, required: true }, revokedAt: { type: Date, required: true } },
  { collection: 'api_key_revocations', versionKey: false },
);

export type ApiKeyRevocationModel = Model<ApiKeyRevocationDoc>;
export const apiKeyRevocationModel = (c: Connection): ApiKeyRevocationModel => c.model<ApiKeyRevocationDoc>('ApiKeyRevocation', revocationSchema);

export type ApiKeyModel = Model<ApiKeyDoc>;
export const apiKeyModel = (c: Connection): ApiKeyModel => c.model<ApiKeyDoc>('ApiKey', schema);
