import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';
import type { SealedText } from '../db/models/sealed-text.js';

export type { SealedText };

/**
 * Personal data (mail addresses) at rest: AES-256-GCM under a key from the environment (`CONTACT_ENCRYPTION_KEY`).
 * Each value carries the id of the key that sealed it, so a key can be replaced: the old one stays readable from
 * `CONTACT_ENCRYPTION_OLD_KEYS` until everything has been sealed again under the new one.
 */
export interface EncryptionKeys {
  readonly current: Buffer;
  /** Keys retired by a rotation, still accepted for reading. */
  readonly old: readonly Buffer[];
}

export interface PersonalDataCipher {
  readonly currentKeyId: string;
  /**
   * Encrypts `plain`, bound to `context` (authenticated, not stored): a value copied to another document or field
   * does not open there.
   */
  seal(plain: string, context: string): SealedText;
  /** Throws `UnreadableSealError` when the key is unknown, the context differs or anything was altered. */
  open(sealed: SealedText, context: string): string;
}

export class UnreadableSealError extends Error {
  constructor(readonly kid: string, reason: string) {
    super(`sealed value under key ${kid} cannot be opened: ${reason}`);
    this.name = 'UnreadableSealError';
  }
}

export const KEY_BYTES = 32;
const IV_BYTES = 12;
const TAG_BYTES = 16;

/** A key's public name: 16 hex characters of a domain-separated SHA-256, nothing that helps recover the key. */
export function keyIdOf(key: Buffer): string {
  return createHash('sha256').update('greenloop:contact-key-id:').update(key).digest('hex').slice(0, 16);
}

export function isSealedText(value: unknown): value is SealedText {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Record<string, unknown>;
  return typeof v.kid === 'string' && typeof v.iv === 'string' && typeof v.tag === 'string' && typeof v.ct === 'string';
}

export function createPersonalDataCipher(keys: EncryptionKeys): PersonalDataCipher {
  for (const key of [keys.current, ...keys.old]) {
    if (key.length !== KEY_BYTES) throw new Error(`an encryption key must be ${KEY_BYTES} bytes (got ${key.length})`);
  }
  const currentKeyId = keyIdOf(keys.current);
  const byId = new Map<string, Buffer>([...keys.old.map((k) => [keyIdOf(k), k] as const), [currentKeyId, keys.current]]);

  return {
    currentKeyId,

    seal(plain, context) {
      const iv = randomBytes(IV_BYTES);
      const cipher = createCipheriv('aes-256-gcm', keys.current, iv, { authTagLength: TAG_BYTES });
      cipher.setAAD(Buffer.from(context, 'utf8'));
      const ct = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
      return { kid: currentKeyId, iv: iv.toString('base64'), tag: cipher.getAuthTag().toString('base64'), ct: ct.toString('base64') };
    },

    open(sealed, context) {
      const key = byId.get(sealed.kid);
      if (!key) throw new UnreadableSealError(sealed.kid, 'no such key (is it in CONTACT_ENCRYPTION_OLD_KEYS?)');
      const iv = Buffer.from(sealed.iv, 'base64');
      const tag = Buffer.from(sealed.tag, 'base64');
      if (iv.length !== IV_BYTES || tag.length !== TAG_BYTES) throw new UnreadableSealError(sealed.kid, 'malformed');
      const decipher = createDecipheriv('aes-256-gcm', key, iv, { authTagLength: TAG_BYTES });
      decipher.setAAD(Buffer.from(context, 'utf8'));
      decipher.setAuthTag(tag);
      try {
        return Buffer.concat([decipher.update(Buffer.from(sealed.ct, 'base64')), decipher.final()]).toString('utf8');
      } catch {
        throw new UnreadableSealError(sealed.kid, 'authentication failed (altered, or sealed for another record)');
      }
    },
  };
}
