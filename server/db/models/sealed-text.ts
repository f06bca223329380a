import { Schema } from 'mongoose';

/** An encrypted value as stored (AES-256-GCM, server/services/personal-data-cipher.ts); all parts base64 but `kid`. */
export interface SealedText {
  /** Which key sealed it: a fingerprint of the key, never the key. */
  readonly kid: string;
  /** 96-bit nonce, fresh for every value. */
  readonly iv: string;
  /** GCM authentication tag. */
  readonly tag: string;
  /** Ciphertext. */
  readonly ct: string;
}

export const sealedTextSchema = new Schema<SealedText>(
  {
    kid: { type: String, required: true },
    iv: { type: String, required: true },
    tag: { type: String, required: true },
    ct: { type: String, required: true },
  },
  { _id: false },
);
