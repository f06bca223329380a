import type { PackagingClass, PackagingTypeInput } from '../../server/domain/packaging.js';
import type { Classification } from '../../server/domain/classification.js';
import type { BandGrade, Standard } from '../../server/domain/standard.js';
import type { CatalogScope, PackagingTypeView } from '../../server/services/catalog.js';
import { requireCaller, requireOrganization } from '../authorization.js';
import type { GraphQLContext } from '../context.js';
import { connection, pageRequest } from '../pagination.js';

/** The GraphQL StandardInput: a Standard with its reuse rule flattened, its newer rules optional. */
type StandardInput = Omit<Standard, 'reusable' | 'substanceLimits'> & {
  reusableMinDesignedCycles: number;
  reusableMinGrade?: BandGrade | null;
  substanceLimits: Omit<Standard['substanceLimits'], 'testRequired'> & { testRequired?: boolean | null };
};

/**
 * The Standard an input describes. A rule left out (or off) is absent, as in the versions stored before it existed,
 * so activating such a version again compares equal to what is stored.
 */
function standardOf(input: StandardInput): Standard {
  const { reusableMinDesignedCycles, reusableMinGrade, substanceLimits: { testRequired, ...limits }, ...rest } = input;
  return {
    ...rest,
    substanceLimits: { ...limits, ...(testRequired === true ? { testRequired } : {}) },
    reusable: { minDesignedCycles: reusableMinDesignedCycles, ...(reusableMinGrade ? { minGrade: reusableMinGrade } : {}) },
  };
}

function catalogScope(context: GraphQLContext): CatalogScope {
  const principal = requireCaller(context);
  return principal.kind === 'ORGANIZATION' && principal.organization.kind === 'PRODUCER'
    ? { producerId: principal.organization._id }
    : { producerId: null };
}

export const catalogResolvers = {
  Query: {
    standard: (_: unknown, __: unknown, context: GraphQLContext) => {
      requireCaller(context);
      return context.services.catalog.activeStandard();
    },
    packagingType: (_: unknown, args: { id: string }, context: GraphQLContext) =>
      context.services.catalog.packagingType(catalogScope(context), args.id),
    packagingTypes: async (
      _: unknown,
      args: { producerId?: string | null; packagingClass?: PackagingClass | null; first?: number | null; after?: string | null },
      context: GraphQLContext,
    ) => {
      const scope = catalogScope(context);
      const page = pageRequest(args);
      const result = await context.services.catalog.listPackagingTypes(scope, { producerId: args.producerId ?? null, packagingClass: args.packagingClass ?? null }, page);
      return connection(result, args.after);
    },
  },
  Mutation: {
    registerPackagingType: async (_: unknown, args: { input: PackagingTypeInput }, context: GraphQLContext) => {
      const producer = requireOrganization(context, 'PRODUCER');
      const outcome = await context.services.catalog.registerPackagingType(producer._id, args.input);
      return outcome.ok ? { packagingType: outcome.value, userErrors: [] } : { packagingType: null, userErrors: outcome.errors };
    },
    revisePackagingType: async (_: unknown, args: { input: { packagingTypeId: string; packagingType: PackagingTypeInput } }, context: GraphQLContext) => {
      const producer = requireOrganization(context, 'PRODUCER');
      const outcome = await context.services.catalog.revisePackagingType(producer._id, args.input.packagingTypeId, args.input.packagingType);
      return outcome.ok ? { packagingType: outcome.value, userErrors: [] } : { packagingType: null, userErrors: outcome.errors };
    },
    activateStandard: async (_: unknown, args: { input: StandardInput }, context: GraphQLContext) => {
      requireOrganization(context, 'REGULATOR');
      const outcome = await context.services.catalog.activateStandard(standardOf(args.input));
      return outcome.ok ? { standard: outcome.value, userErrors: [] } : { standard: null, userErrors: outcome.errors };
    },
  },
  PackagingType: {
    id: (type: PackagingTypeView) => type._id.toHexString(),
    producer: (type: PackagingTypeView, _: unknown, context: GraphQLContext) =>
      context.loaders.organization.load(type.producerId.toHexString()),
  },
  Standard: {
    id: (standard: Standard) => standard.version,
    reusableMinDesignedCycles: (standard: Standard) => standard.reusable.minDesignedCycles,
    reusableMinGrade: (standard: Standard) => standard.reusable.minGrade ?? null,
  },
  SubstanceLimits: {
    testRequired: (limits: Standard['substanceLimits']) => limits.testRequired === true,
  },
  Classification: {
    // Classifications stored before the reason was kept: NON_COMPLIANT meant a limit exceeded then.
    notOfferableReason: (classification: Classification) =>
      classification.notOfferableReason ?? (classification.packagingClass === 'NON_COMPLIANT' ? 'SUBSTANCE_LIMIT_EXCEEDED' : null),
  },
};
