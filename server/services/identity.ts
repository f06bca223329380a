import { Types } from 'mongoose';
import type { ApiKeyDoc, ApiKeyRevocationDoc } from '../db/models/api-key.js';
import { insertOnce } from '../db/claim.js';
import type { ChangeFeed } from '../change-feed.js';
import type { Models } from '../db/models/index.js';
import { isAtOrBefore, isKeyActive, isKeyId, parseRotation, unknownKey, type RotateApiKeyInput } from '../domain/api-key.js';
import type { MailLocale } from '../domain/mail-locale.js';
import { parseNewOrganization, parseOrganizationPreferences, parseRequestsPerMinute, type CreateOrganizationInput, type NewOrganization, type OrganizationKind, type OrganizationPreferencesInput, type OrganizationRateLimitInput } from '../domain/organization.js';
import { fail, notFoundError, succeed, validationError, type Outcome, type UserError } from '../domain/user-error.js';
import { clearTextMatcher, generateApiKey, parseApiKey, secretMatches } from './api-key-secret.js';
import type { Page } from './page.js';
import { createKeyViews } from './key-views.js';
import { ownedApiKey } from './tenant-finders.js';

/**
 * An organization as the entry points see it: what the API shows and what deciding who may do what reads. Its
 * contact data is not part of it (never shown to other tenants).
 */
export interface OrganizationView {
  readonly _id: Types.ObjectId;
  readonly name: string;
  readonly kind: OrganizationKind;
  readonly registrationNumber: string | null;
  /** Absent in organizations stored before it existed (the default locale then). */
  readonly locale?: MailLocale;
  /** Absent or null: the default rate limit. */
  readonly requestsPerMinute?: number | null;
}

/** An API key as the API shows it: never its secret's hash. */
export interface ApiKeyView {
  /** The public key id, the part of the key before the secret. */
  readonly _id: string;
  readonly createdAt: Date;
  /** When the key stops (or stopped) working; null or absent while it has no end. */
  readonly revokedAt?: Date | null;
  /** The key this one replaced in a rotation. */
  readonly replaces?: string | null;
}

/** Who is calling: the operator (the `ADMIN_API_KEY`) or one organization's key. */
export type Principal =
  | { readonly kind: 'ADMIN' }
  | { readonly kind: 'ORGANIZATION'; readonly organization: OrganizationView; readonly keyId: string };

export interface KeyPageRequest {
  readonly first: number;
  /** The id of the last key of the previous page. */
  readonly afterKeyId: string | null;
}

export interface IdentityService {
  /** null when the key is missing, malformed, unknown, wrong or revoked. */
  authenticate(key: string | null): Promise<Principal | null>;
  createOrganization(input: CreateOrganizationInput): Promise<Outcome<{ organization: OrganizationView; apiKey: string }>>;
  /** Inserts an organization under a fixed id; a second call with the same id returns the stored one. */
  ensureOrganization(id: Types.ObjectId, organization: NewOrganization): Promise<OrganizationView>;
  /** Issues one more key for an organization; returns the clear key, which is never stored. */
  issueApiKey(organizationId: Types.ObjectId): Promise<string>;
  organizationsByIds(ids: readonly Types.ObjectId[]): Promise<OrganizationView[]>;
  /** An organization's keys, oldest first, revoked ones included; null when `afterKeyId` is not one of them. */
  apiKeys(organizationId: Types.ObjectId, page: KeyPageRequest): Promise<Page<ApiKeyView> | null>;
  /**
   * Issues a new key for the key's organization, then ends the old key now or after the overlap. The new key is
   * stored before the old one is touched, so a crash or a concurrent rotation can leave an extra key, never none.
   */
  rotateApiKey(caller: Principal, input: RotateApiKeyInput): Promise<Outcome<{ apiKey: string; key: ApiKeyView; replaced: ApiKeyView }>>;
  /** Ends a key now. An organization revokes its own keys; the operator anyone's. Revoking twice is harmless. */
  revokeApiKey(caller: Principal, keyId: string): Promise<Outcome<ApiKeyView>>;
  /**
   * Changes an organization's preferences (the language of its mail). An organization changes its own; the operator
   * anyone's, named by id. Another organization's, or an unknown one: NOT_FOUND.
   */
  updatePreferences(caller: Principal, input: OrganizationPreferencesInput): Promise<Outcome<OrganizationView>>;
  /** Sets an organization's rate limit (operator only; null: the default). Unknown organization: NOT_FOUND. */
  setRateLimit(input: OrganizationRateLimitInput): Promise<Outcome<OrganizationView>>;
}

/** Issued later (ties, within a millisecond, by id): the newer of two keys. */
const isNewer = (a: ApiKeyDoc, b: ApiKeyDoc) => a.createdAt.getTime() > b.createdAt.getTime() || (a.createdAt.getTime() === b.createdAt.getTime() && a._id > b._id);

/** How often a revocation is re-read and re-written when a concurrent write moved it later (see `endKeyBy`). */
const REVOCATION_ATTEMPTS = 5;

export interface IdentityOptions {
  readonly adminApiKey: string;
  readonly now: () => Date;
  /** Where revocations and organization changes are announced, so every process forgets its view of them. */
  readonly changes: ChangeFeed;
  /** Default `KEY_VIEW_TTL_MS`. */
  readonly keyViewTtlMs?: number;
}

export function createIdentityService(models: Pick<Models, 'ApiKey' | 'ApiKeyRevocation' | 'Organization'>, { adminApiKey, now, changes, keyViewTtlMs }: IdentityOptions): IdentityService & { close(): void } {
  const { Organization, ApiKey, ApiKeyRevocation } = models;
  const isAdminKey = clearTextMatcher(adminApiKey);
  // The hot path: reads by primary key, kept for a moment (see key-views.ts).
  const keyViews = createKeyViews(async (keyId) => {
    const [found, revocation] = await Promise.all([ApiKey.findById(keyId).lean(), ApiKeyRevocation.findById(keyId).lean()]);
    if (!found) return null;
    return { key: withRevocation(found, revocation), organization: await Organization.findById(found.organizationId).lean() };
  }, changes, keyViewTtlMs);

  async function insertKey(organizationId: Types.ObjectId, replaces: string | null): Promise<{ apiKey: string; key: ApiKeyDoc }> {
    const generated = generateApiKey();
    const key: ApiKeyDoc = { _id: generated.id, organizationId, secretHash: generated.secretHash, createdAt: now(), revokedAt: null, replaces };
    await ApiKey.create(key);
    return { apiKey: generated.key, key };
  }

  /** The key, if the caller may manage it: the operator any key, an organization its own. */
  async function keyOf(caller: Principal, keyId: string): Promise<ApiKeyDoc | null> {
    if (!isKeyId(keyId)) return null;
    const key = caller.kind === 'ORGANIZATION' ? await ownedApiKey(models, caller.organization._id, keyId) : await ApiKey.findById(keyId).lean();
    if (!key) return null;
    return withRevocation(key, await ApiKeyRevocation.findById(keyId).lean());
  }

  /** The key as it stands: its end is the earlier of its own `revokedAt` and its revocation's. */
  function withRevocation(key: ApiKeyDoc, revocation: ApiKeyRevocationDoc | null): ApiKeyDoc {
    if (!revocation || isAtOrBefore(key.revokedAt, revocation.revokedAt)) return key;
    return { ...key, revokedAt: revocation.revokedAt };
  }

  /** Ends a key now, for good: the first revocation's insert wins, a later one finds it. */
  async function revoke(key: ApiKeyDoc): Promise<ApiKeyDoc> {
    await insertOnce(ApiKeyRevocation.create({ _id: key._id, revokedAt: now() }));
    await changes.publish('api-key', key._id);
    const [stored, revocation] = await Promise.all([ApiKey.findById(key._id).lean(), ApiKeyRevocation.findById(key._id).lean()]);
    if (!stored) throw new Error(`API key ${key._id} vanished while being revoked`);
    return withRevocation(stored, revocation);
  }

  /**
   * Makes the key stop working at `at` at the latest. The filter keeps a revocation from moving later (atomic on
   * MongoDB); FerretDB applies updates as read-modify-write, so the result is read back and written again until no
   * concurrent write holds a later time.
   */
  async function endKeyBy(keyId: string, at: Date): Promise<ApiKeyDoc> {
    for (let attempt = 0; attempt < REVOCATION_ATTEMPTS; attempt += 1) {
      const stored = await ApiKey.findById(keyId).lean();
      if (!stored) throw new Error(`API key ${keyId} vanished while being revoked`);
      if (isAtOrBefore(stored.revokedAt, at)) return stored;
      await ApiKey.updateOne({ _id: keyId, $or: [{ revokedAt: null }, { revokedAt: { $gt: at } }] }, { $set: { revokedAt: at } });
      await changes.publish('api-key', keyId);
    }
    throw new Error(`API key ${keyId}: the revocation did not hold after ${REVOCATION_ATTEMPTS} attempts`);
  }

  /**
   * Only an organization's newest working key manages its keys (and the operator anyone's): a key being replaced, in
   * the overlap a rotation gave it, may still call the API but may not rotate or revoke, so a leaked old key cannot
   * take control back from the owner's new one. Rare calls: the organization's few keys are read whole.
   */
  async function mayManageKeys(caller: Principal): Promise<UserError | null> {
    if (caller.kind === 'ADMIN') return null;
    const nowMs = now().getTime();
    const keys = await ApiKey.find({ organizationId: caller.organization._id }).lean();
    const working = (await Promise.all(keys.map(async (key) => withRevocation(key, await ApiKeyRevocation.findById(key._id).lean()))))
      .filter((key) => isKeyActive(key, nowMs));
    const newest = working.reduce<ApiKeyDoc | null>((best, key) => (!best || isNewer(key, best) ? key : best), null);
    if (!newest || newest._id === caller.keyId) return null;
    return {
      code: 'NOT_NEWEST_KEY',
      field: null,
      message: `only the organization's newest key (${newest._id}) or the operator may rotate or revoke keys; this key is being replaced`,
    };
  }

  async function issueApiKey(organizationId: Types.ObjectId): Promise<string> {
    return (await insertKey(organizationId, null)).apiKey;
  }

  return {
    async authenticate(key) {
      if (key === null || key === '') return null;
      if (isAdminKey(key)) return { kind: 'ADMIN' };
      const parsed = parseApiKey(key);
      if (!parsed) return null;
      const view = await keyViews.get(parsed.id);
      if (!view || !secretMatches(parsed.secret, view.key.secretHash)) return null;
      if (!isKeyActive(view.key, now().getTime()) || !view.organization) return null;
      return { kind: 'ORGANIZATION', organization: view.organization, keyId: view.key._id };
    },

    async createOrganization(input) {
      const parsed = parseNewOrganization(input);
      if (!parsed.organization) return fail(...parsed.errors);
      const organization = (await Organization.create({ ...parsed.organization, createdAt: now() })).toObject();
      const apiKey = await issueApiKey(organization._id);
      return succeed({ organization, apiKey });
    },

    async ensureOrganization(id, organization) {
      const existing = await Organization.findById(id).lean();
      if (existing) return existing;
      try {
        return (await Organization.create({ _id: id, ...organization, createdAt: now() })).toObject();
      } catch (error) {
        // Two processes seeding at once: the other insert won, read it.
        const winner = await Organization.findById(id).lean();
        if (winner) return winner;
        throw error;
      }
    },

    issueApiKey,

    async organizationsByIds(ids) {
      return Organization.find({ _id: { $in: ids } }).lean();
    },

    async apiKeys(organizationId, page) {
      // An organization holds a handful of keys: read them all, order and cut here.
      const keys = await Promise.all(
        (await ApiKey.find({ organizationId }).lean()).map(async (key) => withRevocation(key, await ApiKeyRevocation.findById(key._id).lean())),
      );
      keys.sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime() || a._id.localeCompare(b._id));
      const start = page.afterKeyId === null ? 0 : keys.findIndex((k) => k._id === page.afterKeyId) + 1;
      if (start === 0 && page.afterKeyId !== null) return null;
      const nodes = keys.slice(start, start + page.first);
      return { nodes, totalCount: keys.length, hasNextPage: start + page.first < keys.length };
    },

    async rotateApiKey(caller, input) {
      const parsed = parseRotation(input, caller.kind === 'ORGANIZATION' ? caller.keyId : null);
      if (!parsed.rotation) return fail(...parsed.errors);
      const { keyId, overlapSeconds } = parsed.rotation;
      const old = await keyOf(caller, keyId);
      if (!old) return fail(unknownKey());
      const notNewest = await mayManageKeys(caller);
      if (notNewest) return fail(notNewest);
      const startedAt = now();
      // The operator may re-key a revoked key: that is how an organization that revoked all its keys gets back in.
      if (caller.kind === 'ORGANIZATION' && !isKeyActive(old, startedAt.getTime())) {
        return fail({ code: 'API_KEY_REVOKED', field: ['input', 'keyId'], message: 'this key is revoked; rotate one that still works' });
      }
      const issued = await insertKey(old.organizationId, old._id);
      const replaced = overlapSeconds === 0
        ? await revoke(old)
        : withRevocation(await endKeyBy(old._id, new Date(startedAt.getTime() + overlapSeconds * 1000)), await ApiKeyRevocation.findById(old._id).lean());
      return succeed({ apiKey: issued.apiKey, key: issued.key, replaced });
    },

    async revokeApiKey(caller, keyId) {
      const key = await keyOf(caller, keyId);
      if (!key) return fail(unknownKey());
      const notNewest = await mayManageKeys(caller);
      if (notNewest) return fail(notNewest);
      return succeed(await revoke(key));
    },

    async updatePreferences(caller, input) {
      const parsed = parseOrganizationPreferences(input);
      if (!parsed.preferences) return fail(...parsed.errors);
      const named = input.organizationId ?? null;
      if (caller.kind === 'ADMIN' && named === null) return fail(validationError(['input', 'organizationId'], 'the operator names the organization to change'));
      const unknown = notFoundError(['input', 'organizationId'], 'no such organization among those you may change');
      const id = named ?? (caller.kind === 'ORGANIZATION' ? caller.organization._id.toHexString() : '');
      if (!/^[a-f0-9]{24}$/i.test(id)) return fail(unknown);
      const organizationId = new Types.ObjectId(id.toLowerCase());
      if (caller.kind === 'ORGANIZATION' && !caller.organization._id.equals(organizationId)) return fail(unknown);
      // A preference is a setting, not a fact: the last write wins.
      if (Object.keys(parsed.preferences).length > 0) {
        await Organization.updateOne({ _id: organizationId }, { $set: parsed.preferences });
        await changes.publish('organization', organizationId.toHexString());
      }
      const organization = await Organization.findById(organizationId).lean();
      return organization ? succeed(organization) : fail(unknown);
    },

    async setRateLimit(input) {
      const parsed = parseRequestsPerMinute(input.requestsPerMinute);
      if (parsed.errors.length > 0) return fail(...parsed.errors);
      const unknown = notFoundError(['input', 'organizationId'], 'no such organization');
      if (!/^[a-f0-9]{24}$/i.test(input.organizationId)) return fail(unknown);
      const organizationId = new Types.ObjectId(input.organizationId.toLowerCase());
      // A setting, not a fact: the last write wins.
      const { matchedCount } = await Organization.updateOne({ _id: organizationId }, { $set: { requestsPerMinute: parsed.requestsPerMinute } });
      if (matchedCount === 0) return fail(unknown);
      await changes.publish('organization', organizationId.toHexString());
      const organization = await Organization.findById(organizationId).lean();
      return organization ? succeed(organization) : fail(unknown);
    },

    close: () => { keyViews.close(); },
  };
}
