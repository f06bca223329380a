import { Types } from 'mongoose';
import type { FeeBandLine } from '../../server/domain/epr.js';
import { PERIOD_FORMAT, parsePeriod, type Period } from '../../server/domain/period.js';
import type { PlacedOnMarketInput } from '../../server/domain/placed-on-market.js';
import type { RecyclingReportInput, ReportDecisionInput } from '../../server/domain/recycling-report.js';
import type { ComplianceReportView } from '../../server/services/compliance.js';
import type { PlacedOnMarketDeclarationView } from '../../server/services/declarations.js';
import type { ImpactScope, RankingKind } from '../../server/services/impact.js';
import type { StatementFilter, StatementScope } from '../../server/services/period-revisions.js';
import type { RecyclingReportDecisionView, ReportView } from '../../server/services/recycling-reports.js';
import { requireOrganization } from '../authorization.js';
import type { GraphQLContext } from '../context.js';
import { forbidden, notComputedYet } from '../errors.js';
import { badInput, connectionOf, encodeCursor, pageRequest, pageSize } from '../pagination.js';

/** A period that has started: figures for the future are not computed (nor computable). */
export function periodArgument(value: string, nowMs: number): Period {
  const period = parsePeriod(value);
  if (!period) throw badInput(`period must be ${PERIOD_FORMAT}`, 'period');
  if (period.startMs > nowMs) throw badInput('the period has not started yet', 'period');
  return period;
}

interface StatementListArgs { producerId?: string | null; period?: string | null; first?: number | null; after?: string | null }

/** Who reads a list of producers' statements (reports, declarations): a producer its own, a regulator anyone's. */
function statementReader(context: GraphQLContext, args: StatementListArgs, what: string): {
  scope: StatementScope;
  filter: StatementFilter;
} {
  const caller = requireOrganization(context, 'PRODUCER', 'REGULATOR');
  let producerId: Types.ObjectId | null = null;
  if (args.producerId != null) {
    if (!Types.ObjectId.isValid(args.producerId)) throw badInput('producerId is not an organization id', 'producerId');
    producerId = new Types.ObjectId(args.producerId);
    if (caller.kind === 'PRODUCER' && !caller._id.equals(producerId)) throw forbidden(`A producer reads only its own ${what}.`);
  }
  if (args.period != null && !parsePeriod(args.period)) throw badInput(`period must be ${PERIOD_FORMAT}`, 'period');
  const scope: StatementScope = caller.kind === 'PRODUCER' ? { kind: 'PRODUCER', producerId: caller._id } : { kind: 'REGULATOR' };
  return { scope, filter: { producerId, period: args.period ?? null } };
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
    rightSizing: async (_: unknown, args: { period: string; first?: number | null }, context: GraphQLContext) => {
      requireOrganization(context, 'PRODUCER', 'REGULATOR');
      const period = periodArgument(args.period, context.services.clock().getTime());
      return context.services.rightSizing.report(period, pageSize(args.first));
    },
    feeSimulation: async (_: unknown, args: { packagingTypeId: string; period: string; recyclableSharePct?: number | null; recycledContentPct?: number | null }, context: GraphQLContext) => {
      const producer = requireOrganization(context, 'PRODUCER');
      const period = periodArgument(args.period, context.services.clock().getTime());
      if (!Types.ObjectId.isValid(args.packagingTypeId)) return null;
      for (const name of ['recyclableSharePct', 'recycledContentPct'] as const) {
        const value = args[name];
        if (value != null && (!Number.isInteger(value) || value < 0 || value > 100)) throw badInput(`${name} must be a whole percentage from 0 to 100`, name);
      }
      const simulated = await context.services.feeSimulator.simulate(producer._id, new Types.ObjectId(args.packagingTypeId), period, args);
      if (simulated === 'not-computed') throw notComputedYet('Compliance', period.key);
      return simulated ? { ...simulated, differenceMinor: simulated.simulatedFeeMinor - simulated.currentFeeMinor } : null;
    },
    rankings: async (_: unknown, args: { kind: RankingKind; period: string; first?: number | null }, context: GraphQLContext) => {
      requireOrganization(context);
      const first = args.first ?? 10;
      if (!Number.isInteger(first) || first < 1 || first > 100) throw badInput('first must be between 1 and 100', 'first');
      return context.services.impact.rankings(args.kind, periodArgument(args.period, context.services.clock().getTime()), first);
    },
    recyclingReports: async (_: unknown, args: StatementListArgs, context: GraphQLContext) => {
      const { scope, filter } = statementReader(context, args, 'recycling reports');
      const page = await context.services.reports.list(scope, filter, pageRequest(args));
      return connectionOf(page, (view) => encodeCursor(view.report._id), args.after);
    },
    placedOnMarketDeclarations: async (_: unknown, args: StatementListArgs, context: GraphQLContext) => {
      const { scope, filter } = statementReader(context, args, 'declarations');
      const page = await context.services.declarations.list(scope, filter, pageRequest(args));
      return connectionOf(page, (declaration) => encodeCursor(declaration._id), args.after);
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
    declarePlacedOnMarket: async (_: unknown, args: { input: PlacedOnMarketInput }, context: GraphQLContext) => {
      const outcome = await context.services.declarations.declare(requireOrganization(context, 'PRODUCER')._id, args.input);
      return outcome.ok ? { declaration: outcome.value, userErrors: [] } : { declaration: null, userErrors: outcome.errors };
    },
    decideRecyclingReport: async (_: unknown, args: { input: ReportDecisionInput }, context: GraphQLContext) => {
      const outcome = await context.services.reports.decide(requireOrganization(context, 'REGULATOR')._id, args.input);
      return outcome.ok ? { report: outcome.value, userErrors: [] } : { report: null, userErrors: outcome.errors };
    },
  },
  RecyclingReport: {
    id: (view: ReportView) => view.report._id.toHexString(),
    producer: (view: ReportView, _: unknown, context: GraphQLContext) => context.loaders.organization.load(view.report.producerId.toHexString()),
    period: (view: ReportView) => view.report.period,
    revision: (view: ReportView) => view.report.revision,
    status: (view: ReportView) => view.decision?.decision ?? 'PENDING',
    lines: (view: ReportView) => view.report.lines,
    submittedAt: (view: ReportView) => view.report.createdAt,
    decision: (view: ReportView) => view.decision,
  },
  PlacedOnMarketDeclaration: {
    id: (declaration: PlacedOnMarketDeclarationView) => declaration._id.toHexString(),
    producer: (declaration: PlacedOnMarketDeclarationView, _: unknown, context: GraphQLContext) => context.loaders.organization.load(declaration.producerId.toHexString()),
    declaredAt: (declaration: PlacedOnMarketDeclarationView) => declaration.createdAt,
  },
  PlacedOnMarketLine: {
    ramRating: (line: PlacedOnMarketDeclarationView['lines'][number]) => line.rag,
  },
  RecyclingReportDecision: {
    id: (decision: RecyclingReportDecisionView) => decision._id.toHexString(),
    decidedBy: (decision: RecyclingReportDecisionView, _: unknown, context: GraphQLContext) => context.loaders.organization.load(decision.deciderId.toHexString()),
    decidedAt: (decision: RecyclingReportDecisionView) => decision.createdAt,
  },
  ComplianceLine: {
    // Snapshots stored before fee bands were recorded have none until their period is computed again.
    feeBands: (line: { readonly bands?: readonly FeeBandLine[]; readonly currency: string }) =>
      (line.bands ?? []).map(({ rag, ...band }) => ({ ramRating: rag, ...band, currency: line.currency })),
  },
  ComplianceReport: {
    id: (report: ComplianceReportView) => report._id,
    // Each line carries the report's currency with its fees.
    lines: (report: ComplianceReportView) => report.lines.map((line) => ({ ...line, currency: report.currency })),
    producer: (report: ComplianceReportView, _: unknown, context: GraphQLContext) => context.loaders.organization.load(report.producerId.toHexString()),
  },
};
