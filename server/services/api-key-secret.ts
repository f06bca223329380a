import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

// A key reads `glk_<id>_<secret>`: the id finds the stored row by primary key, the secret is compared by hash.
// Secrets are 256 random bits, so a fast hash is enough (no password stretching needed) and lookups stay O(1).
const KEY_PATTERN = /^glk_([a-f0-9]{16})_([A-Za-z0-9_-]{43})$/;

export interface GeneratedKey {
  readonly id: string;
  readonly key: string;
  readonly secretHash: string;
}

export function generateApiKey(): GeneratedKey {
  const id = randomBytes(8).toString('hex');
  const secret = randomBytes(32).toString('base64url');
  return { id, key: `glk_${id}_${secret}`, secretHash: hashSecret(secret) };
}

export function parseApiKey(key: string): { id: string; secret: string } | null {
  const match = KEY_PATTERN.exec(key);
  return match?.[1] && match[2] ? { id: match[1], secret: match[2] } : null;
}

export function hashSecret(secret: string): string {
  return createHash('sha256').update(secret).digest('hex');
}

export function secretMatches(secret: string, storedHash: string): boolean {
  const given = Buffer.from(hashSecret(secret), 'hex');
  const stored = Buffer.from(storedHash, 'hex');
  return given.length === stored.length && timingSafeEqual(given, stored);
}

/**
 * Whether a clear string equals `expected`, compared in constant time through both digests (their lengths are equal
 * whatever the strings'). For the operator key, which comes from the environment, not the store: its digest is
 * computed once here, so each request hashes only what it brought.
 */
export function clearTextMatcher(expected: string): (given: string) => boolean {
  const digest = createHash('sha256').update(expected).digest();
  return (given) => timingSafeEqual(createHash('sha256').update(given).digest(), digest);
}
