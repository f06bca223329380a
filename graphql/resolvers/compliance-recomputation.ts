import { parsePeriod } from '../../server/domain/period.js';
import type { ComplianceRecomputation } from '../../server/services/compliance-recomputations.js';
import { requireAdminOr } from '../authorization.js';
import type { GraphQLContext } from '../context.js';

export const complianceRecomputationResolvers = {
  Query: {
    complianceRecomputation: (_: unknown, args: { id: string }, context: GraphQLContext) => {
      requireAdminOr(context, 'REGULATOR');
      return context.services.complianceRecomputations.find(args.id);
    },
  },
  Mutation: {
    recomputeCompliance: async (_: unknown, args: { input: { period: string } }, context: GraphQLContext) => {
      requireAdminOr(context, 'REGULATOR');
      const outcome = await context.services.complianceRecomputations.request(args.input.period, context.services.clock().getTime());
      return outcome.ok ? { recomputation: outcome.value, userErrors: [] } : { recomputation: null, userErrors: outcome.errors };
    },
  },
  ComplianceRecomputation: {
    summary: async (recomputation: ComplianceRecomputation, _: unknown, context: GraphQLContext) => {
      // The period was valid when the job was asked for; a job's payload is ours.
      const period = parsePeriod(recomputation.period);
      if (!period) throw new Error(`compliance job names no valid period: ${recomputation.period}`);
      const summary = await context.services.compliance.summary(period);
      return {
        period: summary.period,
        ruleVersion: summary.ruleVersion,
        producers: summary.producers,
        compliant: summary.byStatus.COMPLIANT,
        atRisk: summary.byStatus.AT_RISK,
        nonCompliant: summary.byStatus.NON_COMPLIANT,
        feeMinor: summary.feeMinor,
        currency: summary.currency,
        lastComputedAt: summary.lastComputedAt,
      };
    },
  },
};
