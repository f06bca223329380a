import { notFoundError, validationError, type UserError } from './user-error.js';

/**
 * A rotation may keep the old key working a little longer, so a deployment can roll the new key out before the old
 * one stops. A day is enough for any rollout; longer would make rotation a way to keep leaked keys alive.
 */
export const MAX_ROTATION_OVERLAP_SECONDS = 24 * 3600;

const KEY_ID = /^[a-f0-9]{16}$/;

/** What decides whether a stored key still authenticates. */
export interface KeyLifetime {
  /** When the key stops (or stopped) working; null while it has no end. */
  readonly revokedAt?: Date | null;
}

/** A key works until its revocation time; a rotation with an overlap sets that time in the future. */
export function isKeyActive(key: KeyLifetime, nowMs: number): boolean {
  return key.revokedAt === null || key.revokedAt === undefined || key.revokedAt.getTime() > nowMs;
}

/**
 * A revocation time only ever moves earlier: revoking a key that a rotation scheduled to end later ends it now, and
 * a rotation with an overlap never revives or extends a key already revoked.
 */
export function isAtOrBefore(stored: Date | null | undefined, wanted: Date): boolean {
  return stored !== null && stored !== undefined && stored.getTime() <= wanted.getTime();
}

/** The raw GraphQL `RotateApiKeyInput`. */
export interface RotateApiKeyInput {
  readonly keyId?: string | null;
  readonly overlapSeconds?: number | null;
}

export interface Rotation {
  readonly keyId: string;
  readonly overlapSeconds: number;
}

/**
 * Which key to rotate and for how long the old one keeps working. An organization rotates the key it calls with
 * unless it names another of its own; the operator's key belongs to no organization, so the operator names the key.
 */
export function parseRotation(input: RotateApiKeyInput, callingKeyId: string | null): { rotation: Rotation; errors: [] } | { rotation: null; errors: UserError[] } {
  const errors: UserError[] = [];
  const overlapSeconds = input.overlapSeconds ?? 0;
  if (!Number.isInteger(overlapSeconds) || overlapSeconds < 0 || overlapSeconds > MAX_ROTATION_OVERLAP_SECONDS) {
    errors.push(validationError(['input', 'overlapSeconds'], `overlapSeconds must be a whole number from 0 to ${MAX_ROTATION_OVERLAP_SECONDS}`));
  }
  const keyId = input.keyId ?? callingKeyId;
  if (keyId === null) {
    errors.push(validationError(['input', 'keyId'], 'the operator key belongs to no organization: name the key to rotate'));
  } else if (!isKeyId(keyId)) {
    errors.push(unknownKey());
  }
  return errors.length > 0 || keyId === null ? { rotation: null, errors } : { rotation: { keyId, overlapSeconds }, errors: [] };
}

export const isKeyId = (value: string): boolean => KEY_ID.test(value);

/** Malformed, unknown and other organizations' keys all read the same: a caller learns nothing about foreign keys. */
export const unknownKey = (): UserError => notFoundError(['input', 'keyId'], 'no such API key among yours');
