import { Types } from 'mongoose';
import type { ComplianceSnapshotDoc } from '../../server/db/models/compliance.js';
import type { RecyclingReportDoc } from '../../server/db/models/recycling.js';
import type { FeeBandLine } from '../../server/domain/epr.js';
import { PERIOD_FORMAT, parsePeriod, type Period } from '../../server/domain/period.js';
import type { RecyclingReportInput } from '../../server/domain/recycling-report.js';
import type { ImpactScope, RankingKind } from '../../server/services/impact.js';
import { requireOrganization } from '../authorization.js';
import type { GraphQLContext } from '../context.js';
import { forbidden, notComputedYet } from '../errors.js';
import { badInput } from '../pagination.js';

/** A period that has started: figures for the future are not computed (nor computable). */
export function periodArgument(value: string, nowMs: number): Period {
  const period = parsePeriod(value);
  if (!period) throw badInput(`period must be ${PERIOD_FORMAT}`, 'period');
  if (period.startMs > nowMs) throw badInput('the period has not started yet', 'period');
  return period;
}

export const responsibilityResolvers = {
  Query: {
    producerCompliance: async (_: unknown, args: { producerId: string; period: string }, context: GraphQLContext) => {
      const caller = requireOrganization(context, 'PRODUCER', 'REGULATOR');
      const nowMs = context.services.clock().getTime();
      const period = periodArgument(args.period, nowMs);
      if (!Types.ObjectId.isValid(args.producerId)) throw badInput('producerId is not an organization id', 'producerId');
      const producerId = new Types.ObjectId(args.producerId);
      if (caller.kind === 'PRODUCER' && !caller._id.equals(producerId)) throw forbidden('A producer sees only its own compliance.');
      const producer = await context.loaders.organization.load(producerId.toHexString());
      if (producer?.kind !== 'PRODUCER') throw badInput('no producer has this id', 'producerId');
      const report = await context.services.compliance.report(producerId, period);
      if (!report) throw notComputedYet('Compliance', period.key);
      return report;
    },
    rankings: async (_: unknown, args: { kind: RankingKind; period: string; first?: number | null }, context: GraphQLContext) => {
      requireOrganization(context);
      const first = args.first ?? 10;
      if (!Number.isInteger(first) || first < 1 || first > 100) throw badInput('first must be between 1 and 100', 'first');
      return context.services.impact.rankings(args.kind, periodArgument(args.period, context.services.clock().getTime()), first);
    },
    greenImpact: async (_: unknown, args: { period: string }, context: GraphQLContext) => {
      const caller = requireOrganization(context);
      const scope: ImpactScope = caller.kind === 'REGULATOR' ? { kind: 'ALL' } : { kind: caller.kind, organizationId: caller._id };
      const period = periodArgument(args.period, context.services.clock().getTime());
      const impact = await context.services.impact.greenImpact(scope, period);
      if (!impact) throw notComputedYet('Green impact', period.key);
      return impact;
    },
  },
  RankingRow: {
    organization: (row: { organizationId: string }, _: unknown, context: GraphQLContext) => context.loaders.organization.load(row.organizationId),
  },
  Mutation: {
    submitRecyclingReport: async (_: unknown, args: { input: RecyclingReportInput }, context: GraphQLContext) => {
      const outcome = await context.services.reports.submit(requireOrganization(context, 'PRODUCER')._id, args.input);
      return outcome.ok ? { report: outcome.value, userErrors: [] } : { report: null, userErrors: outcome.errors };
    },
  },
  RecyclingReport: {
    id: (report: RecyclingReportDoc) => report._id.toHexString(),
  },
  ComplianceLine: {
    // Snapshots stored before fee bands were recorded have none until their period is computed again.
    feeBands: (line: { readonly bands?: readonly FeeBandLine[] }) => (line.bands ?? []).map(({ rag, ...band }) => ({ ramRating: rag, ...band })),
  },
  ComplianceReport: {
    id: (report: ComplianceSnapshotDoc) => report._id,
    producer: (report: ComplianceSnapshotDoc, _: unknown, context: GraphQLContext) => context.loaders.organization.load(report.producerId.toHexString()),
  },
};
