import { Types } from 'mongoose';
import type { Models } from '../db/models/index.js';
import type { OrganizationDoc } from '../db/models/organization.js';
import { parseNewOrganization, type CreateOrganizationInput, type NewOrganization } from '../domain/organization.js';
import { fail, succeed, type Outcome } from '../domain/user-error.js';
import { constantTimeEquals, generateApiKey, parseApiKey, secretMatches } from './api-key-secret.js';

/** Who is calling: the operator (the `ADMIN_API_KEY`) or one organization's key. */
export type Principal =
  | { readonly kind: 'ADMIN' }
  | { readonly kind: 'ORGANIZATION'; readonly organization: OrganizationDoc };

export interface IdentityService {
  /** null when the key is missing, malformed, unknown or wrong. */
  authenticate(key: string | null): Promise<Principal | null>;
  createOrganization(input: CreateOrganizationInput): Promise<Outcome<{ organization: OrganizationDoc; apiKey: string }>>;
  /** Inserts an organization under a fixed id; a second call with the same id returns the stored one. */
  ensureOrganization(id: Types.ObjectId, organization: NewOrganization): Promise<OrganizationDoc>;
  /** Issues one more key for an organization; returns the clear key, which is never stored. */
  issueApiKey(organizationId: Types.ObjectId): Promise<string>;
  organizationsByIds(ids: readonly Types.ObjectId[]): Promise<OrganizationDoc[]>;
}

export function createIdentityService(models: Models, adminApiKey: string, now: () => Date = () => new Date()): IdentityService {
  const { Organization, ApiKey } = models;

  async function issueApiKey(organizationId: Types.ObjectId): Promise<string> {
    const generated = generateApiKey();
    await ApiKey.create({ _id: generated.id, organizationId, secretHash: generated.secretHash, createdAt: now() });
    return generated.key;
  }

  return {
    async authenticate(key) {
      if (key === null || key === '') return null;
      if (constantTimeEquals(key, adminApiKey)) return { kind: 'ADMIN' };
      const parsed = parseApiKey(key);
      if (!parsed) return null;
      const stored = await ApiKey.findById(parsed.id).lean();
      if (!stored || !secretMatches(parsed.secret, stored.secretHash)) return null;
      const organization = await Organization.findById(stored.organizationId).lean();
      return organization ? { kind: 'ORGANIZATION', organization } : null;
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
  };
}
