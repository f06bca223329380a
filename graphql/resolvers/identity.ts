import { isKeyActive, type RotateApiKeyInput } from '../../server/domain/api-key.js';
import { DEFAULT_MAIL_LOCALE } from '../../server/domain/mail-locale.js';
import type { CreateOrganizationInput, OrganizationPreferencesInput, OrganizationRateLimitInput } from '../../server/domain/organization.js';
import type { ApiKeyView, OrganizationView } from '../../server/services/identity.js';
import { requireAdmin, requireCaller, requireOrganization } from '../authorization.js';
import type { GraphQLContext } from '../context.js';
import { forbidden } from '../errors.js';
import { badInput, connectionOf, pageSize } from '../pagination.js';

const keyCursor = (id: string) => Buffer.from(`key:${id}`).toString('base64url');

function afterKey(after: string | null | undefined): string | null {
  if (after === null || after === undefined) return null;
  const match = /^key:([a-f0-9]{16})$/.exec(Buffer.from(after, 'base64url').toString());
  if (!match?.[1]) throw badInput('after is not a cursor this list gave out', 'after');
  return match[1];
}

export const identityResolvers = {
  Query: {
    viewer: (_: unknown, __: unknown, context: GraphQLContext) => requireOrganization(context),
    organization: (_: unknown, args: { id: string }, context: GraphQLContext) => {
      requireAdmin(context);
      return /^[a-f0-9]{24}$/i.test(args.id) ? context.loaders.organization.load(args.id.toLowerCase()) : null;
    },
  },
  Mutation: {
    createOrganization: async (_: unknown, args: { input: CreateOrganizationInput }, context: GraphQLContext) => {
      requireAdmin(context);
      const outcome = await context.services.identity.createOrganization(args.input);
      return outcome.ok
        ? { organization: outcome.value.organization, apiKey: outcome.value.apiKey, userErrors: [] }
        : { organization: null, apiKey: null, userErrors: outcome.errors };
    },
    rotateApiKey: async (_: unknown, args: { input: RotateApiKeyInput }, context: GraphQLContext) => {
      const outcome = await context.services.identity.rotateApiKey(requireCaller(context), args.input);
      return outcome.ok
        ? { apiKey: outcome.value.apiKey, key: outcome.value.key, replaced: outcome.value.replaced, userErrors: [] }
        : { apiKey: null, key: null, replaced: null, userErrors: outcome.errors };
    },
    revokeApiKey: async (_: unknown, args: { input: { keyId: string } }, context: GraphQLContext) => {
      const outcome = await context.services.identity.revokeApiKey(requireCaller(context), args.input.keyId);
      return outcome.ok ? { key: outcome.value, userErrors: [] } : { key: null, userErrors: outcome.errors };
    },
    updateOrganizationPreferences: async (_: unknown, args: { input: OrganizationPreferencesInput }, context: GraphQLContext) => {
      const outcome = await context.services.identity.updatePreferences(requireCaller(context), args.input);
      return outcome.ok ? { organization: outcome.value, userErrors: [] } : { organization: null, userErrors: outcome.errors };
    },
    setOrganizationRateLimit: async (_: unknown, args: { input: OrganizationRateLimitInput }, context: GraphQLContext) => {
      requireAdmin(context);
      const outcome = await context.services.identity.setRateLimit({ organizationId: args.input.organizationId, requestsPerMinute: args.input.requestsPerMinute ?? null });
      return outcome.ok ? { organization: outcome.value, userErrors: [] } : { organization: null, userErrors: outcome.errors };
    },
  },
  Organization: {
    id: (organization: OrganizationView) => organization._id.toHexString(),
    locale: (organization: OrganizationView) => organization.locale ?? DEFAULT_MAIL_LOCALE,
    requestsPerMinute: (organization: OrganizationView) => organization.requestsPerMinute ?? null,
    apiKeys: async (organization: OrganizationView, args: { first?: number | null; after?: string | null }, context: GraphQLContext) => {
      const caller = requireCaller(context);
      if (caller.kind === 'ORGANIZATION' && !caller.organization._id.equals(organization._id)) {
        throw forbidden('Only the organization itself and the operator may list its API keys.');
      }
      const page = await context.services.identity.apiKeys(organization._id, { first: pageSize(args.first), afterKeyId: afterKey(args.after) });
      if (!page) throw badInput('after is not a cursor this list gave out', 'after');
      return connectionOf(page, (key) => keyCursor(key._id), args.after);
    },
  },
  ApiKey: {
    id: (key: ApiKeyView) => key._id,
    prefix: (key: ApiKeyView) => `glk_${key._id}_`,
    revokedAt: (key: ApiKeyView) => key.revokedAt ?? null,
    active: (key: ApiKeyView, _: unknown, context: GraphQLContext) => isKeyActive(key, context.services.clock().getTime()),
    replaces: (key: ApiKeyView) => key.replaces ?? null,
  },
};
