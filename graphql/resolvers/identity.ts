import type { OrganizationDoc } from '../../server/db/models/organization.js';
import type { CreateOrganizationInput } from '../../server/domain/organization.js';
import { requireAdmin, requireOrganization } from '../authorization.js';
import type { GraphQLContext } from '../context.js';

export const identityResolvers = {
  Query: {
    viewer: (_: unknown, __: unknown, context: GraphQLContext) => requireOrganization(context),
  },
  Mutation: {
    createOrganization: async (_: unknown, args: { input: CreateOrganizationInput }, context: GraphQLContext) => {
      requireAdmin(context);
      const outcome = await context.services.identity.createOrganization(args.input);
      return outcome.ok
        ? { organization: outcome.value.organization, apiKey: outcome.value.apiKey, userErrors: [] }
        : { organization: null, apiKey: null, userErrors: outcome.errors };
    },
  },
  Organization: {
    id: (organization: OrganizationDoc) => organization._id.toHexString(),
  },
};
