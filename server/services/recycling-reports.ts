import type { Types } from 'mongoose';
import type { JobPayloads } from '../queues/job-types.js';
import type { QueueSet } from '../queues/queue-set.js';
import { DUPLICATE, insertOnce, priorClaim } from '../db/claim.js';
import type { Models } from '../db/models/index.js';
import type { RecyclingReportDecisionDoc, RecyclingReportDoc } from '../db/models/recycling.js';
import { complianceJobIdOf } from '../db/keys.js';
import type { ReportedGrams } from '../domain/epr.js';
import type { Material } from '../domain/packaging.js';
import { parsePeriod, periodsAround, periodsWithin, reportsCovering, type Period } from '../domain/period.js';
import {
  parseRecyclingReport, parseReportDecision, revisionsThatCount, type RecyclingReportInput, type ReportDecisionInput, type ReportDecisionKind,
} from '../domain/recycling-report.js';
import { fail, keyReusedError, succeed, type Outcome } from '../domain/user-error.js';
import type { Page, PageRequest } from './page.js';
import { insertNextRevision, listRevisions, type StatementFilter, type StatementRevisionView, type StatementScope } from './period-revisions.js';
import { digestOf } from './request-hash.js';

/** One revision of a producer's recycling report for a period, as the API shows it. */
export type RecyclingReportView = StatementRevisionView<{
  readonly material: Material;
  readonly recoveredGrams: number;
  readonly recycledGrams: number;
  readonly evidence: readonly string[];
}>;

/** The regulator's decision on one revision of a recycling report (its `_id` is the revision's). */
export interface RecyclingReportDecisionView {
  readonly _id: Types.ObjectId;
  readonly deciderId: Types.ObjectId;
  readonly decision: ReportDecisionKind;
  readonly reason: string;
  readonly createdAt: Date;
}

/** A revision of a producer's report with the regulator's decision on it (null: awaiting one). */
export interface ReportView {
  readonly report: RecyclingReportView;
  readonly decision: RecyclingReportDecisionView | null;
}

/** Grams reported per material: what counts (accepted revisions) and what awaits the regulator. */
export interface ReportedFigures {
  readonly accepted: Partial<Record<Material, ReportedGrams>>;
  readonly pending: Partial<Record<Material, ReportedGrams>>;
}

/** Producers' reports of what was recovered and recycled, as insert-only revisions per period, and the regulator's decisions on them. */
export interface RecyclingReportsService {
  /** Stores the report as the period's next revision; the same key and input returns the first result. */
  submit(producerId: Types.ObjectId, input: RecyclingReportInput): Promise<Outcome<ReportView>>;
  /** Revisions in the order they were submitted, each with its decision; a producer sees only its own. */
  list(scope: StatementScope, filter: StatementFilter, page: PageRequest): Promise<Page<ReportView>>;
  /**
   * Records a regulator's decision on one revision, once: the same key and input returns it again; another decision
   * on a decided revision is ALREADY_DECIDED. The periods the revision counts in are recomputed.
   */
  decide(regulatorId: Types.ObjectId, input: ReportDecisionInput): Promise<Outcome<ReportView>>;
  /**
   * What each producer reported for a period, lines summed per material over the reports that count for it (its own,
   * or those of the periods within it, without overlaps): the latest accepted revision of each, and apart, the
   * newer revisions awaiting a decision.
   */
  reportedFor(period: Period): Promise<Map<string, ReportedFigures>>;
}

export function createRecyclingReportsService(deps: {
  models: Pick<Models, 'RecyclingReport' | 'RecyclingReportDecision'>;
  queues: QueueSet<JobPayloads>;
  onEnqueueError: (error: unknown) => void;
  now?: () => Date;
}): RecyclingReportsService {
  const { RecyclingReport, RecyclingReportDecision } = deps.models;
  const now = deps.now ?? (() => new Date());

  async function viewsOf(reports: readonly RecyclingReportDoc[]): Promise<ReportView[]> {
    if (reports.length === 0) return [];
    const decisions = await RecyclingReportDecision.find({ _id: { $in: reports.map((r) => r._id) } }).lean();
    const byId = new Map(decisions.map((d) => [d._id.toHexString(), d]));
    return reports.map((report) => ({ report, decision: byId.get(report._id.toHexString()) ?? null }));
  }

  async function viewOf(report: RecyclingReportDoc): Promise<ReportView> {
    const [view] = await viewsOf([report]);
    return view ?? { report, decision: null };
  }

  /** The compliance of the report's period and of every longer one containing it is computed again. */
  async function recomputeAround(periodKey: string, cause: Types.ObjectId, step: string): Promise<void> {
    const period = parsePeriod(periodKey);
    if (!period) return;
    for (const affected of periodsAround(period)) {
      await deps.queues.enqueue('compliance', { period: affected.key }, { jobId: complianceJobIdOf(affected.key, cause, step) }).catch(deps.onEnqueueError);
    }
  }

  /** A decision made with this key before: the same request gets its result again, another one is refused. */
  async function decisionByKey(regulatorId: Types.ObjectId, idempotencyKey: string, requestHash: string): Promise<Outcome<ReportView> | null> {
    const prior = await priorClaim({
      first: () => RecyclingReportDecision.findOne({ deciderId: regulatorId, idempotencyKey }).lean(),
      sameRequest: (first) => first.requestHash === requestHash,
    });
    if (!prior) return null;
    if (prior.kind === 'reused') return fail(keyReusedError('decision'));
    const { first } = prior;
    const report = await RecyclingReport.findById(first._id).lean();
    if (!report) throw new Error(`decision ${first._id.toHexString()} has no report`);
    return succeed({ report, decision: first });
  }

  return {
    async submit(producerId, input) {
      const parsed = parseRecyclingReport(input, now().getTime());
      if (!parsed.report) return fail(...parsed.errors);
      const { period, lines } = parsed.report;
      const stored = await insertNextRevision(RecyclingReport, {
        producerId,
        period: period.key,
        idempotencyKey: input.idempotencyKey,
        requestHash: digestOf({ period: period.key, lines }),
        lines: lines.map((l) => ({ ...l, evidence: [...l.evidence] })),
        createdAt: now(),
      }, 'report');
      if (!stored.ok) return stored;
      const { doc, created } = stored.value;
      // A lost enqueue waits for the hourly run (open periods) or a recomputation.
      if (!created) return succeed(await viewOf(doc));
      await recomputeAround(period.key, doc._id, '');
      // A revision just stored has no decision yet.
      return succeed({ report: doc, decision: null });
    },

    async list(scope, filter, page) {
      const revisions = await listRevisions(RecyclingReport, scope, filter, page);
      return { ...revisions, nodes: await viewsOf(revisions.nodes) };
    },

    async decide(regulatorId, input) {
      const parsed = parseReportDecision(input);
      if (!parsed.decision) return fail(...parsed.errors);
      const { reportId, decision, reason } = parsed.decision;
      const requestHash = digestOf({ reportId, decision, reason });
      const replayed = await decisionByKey(regulatorId, input.idempotencyKey, requestHash);
      if (replayed) return replayed;
      const report = await RecyclingReport.findById(reportId).lean();
      if (!report) return fail({ code: 'NOT_FOUND', field: ['input', 'reportId'], message: 'no recycling report has this id' });
      const doc: RecyclingReportDecisionDoc = {
        _id: report._id, deciderId: regulatorId, decision, reason, idempotencyKey: input.idempotencyKey, requestHash, createdAt: now(),
      };
      if ((await insertOnce(RecyclingReportDecision.create(doc))) === DUPLICATE) {
        // The same request racing itself, or the revision decided already (by anyone).
        const again = await decisionByKey(regulatorId, input.idempotencyKey, requestHash);
        if (again) return again;
        return fail({ code: 'ALREADY_DECIDED', field: ['input', 'reportId'], message: 'this revision was already decided; a decision is never changed' });
      }
      await recomputeAround(report.period, report._id, ':decided');
      return succeed({ report, decision: doc });
    },

    async reportedFor(period) {
      const all = await RecyclingReport.find({ period: { $in: periodsWithin(period).map((p) => p.key) } }).lean();
      const revisions = (await viewsOf(all)).map((view) => ({
        view,
        producerId: view.report.producerId.toHexString(),
        period: view.report.period,
        revision: view.report.revision,
        status: view.decision?.decision ?? ('PENDING' as const),
      }));
      const { accepted, pending } = revisionsThatCount(revisions);
      const sumsOf = (producerId: string, counted: readonly (typeof revisions)[number][]) => {
        const sums: Partial<Record<Material, ReportedGrams>> = {};
        for (const r of reportsCovering(period, counted.filter((c) => c.producerId === producerId))) {
          for (const line of r.view.report.lines) {
            const sum = sums[line.material] ?? { recoveredGrams: 0, recycledGrams: 0 };
            sums[line.material] = { recoveredGrams: sum.recoveredGrams + line.recoveredGrams, recycledGrams: sum.recycledGrams + line.recycledGrams };
          }
        }
        return sums;
      };
      const reported = new Map<string, ReportedFigures>();
      for (const producerId of new Set(revisions.map((r) => r.producerId))) {
        reported.set(producerId, { accepted: sumsOf(producerId, accepted), pending: sumsOf(producerId, pending) });
      }
      return reported;
    },
  };
}
