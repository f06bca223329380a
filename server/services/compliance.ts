import { Types } from 'mongoose';
import { forEachIdBatch } from '../db/id-window.js';
import type { ComplianceSnapshotDoc } from '../db/models/compliance.js';
import type { Models } from '../db/models/index.js';
import { complianceSnapshotIdOf, mailKeys, orderKeyOf } from '../db/keys.js';
import { computeScheme, type ComplianceLine, type ComplianceStatus, type EprRules, type ProducerFacts, type Rag, type ReuseFigures } from '../domain/epr.js';
import { DEFAULT_MAIL_LOCALE } from '../domain/mail-locale.js';
import { complianceClosingMail } from '../domain/mail-templates/compliance-report-mail.js';
import type { Material, PackagingClass, RecyclabilityGrade } from '../domain/packaging.js';
import { periodsContaining, type Period } from '../domain/period.js';
import { cancelledOrdersSince, countedReturns } from './counted-facts.js';
import type { NotificationsService } from './notifications.js';
import type { ImpactService } from './impact.js';
import type { DeclarationsService } from './declarations.js';
import type { RuleSetsService } from './rule-sets.js';
import type { RecyclingReportsService } from './recycling-reports.js';

/** A producer's compliance for a period as the API shows it, under one fee scheme version. */
export interface ComplianceReportView {
  /** `<producerId>:<period>:<ruleVersion>` */
  readonly _id: string;
  readonly producerId: Types.ObjectId;
  readonly period: string;
  readonly ruleVersion: string;
  readonly status: ComplianceStatus;
  readonly lines: readonly ComplianceLine[];
  readonly reuse: ReuseFigures;
  readonly feeMinor: number;
  readonly currency: string;
  readonly greenFactor: number;
  readonly revenueNeutral: boolean;
  readonly computedAt: Date;
}

/** Producers' compliance and fees per period: counted from facts into snapshots by jobs, read by the API. */
export interface ComplianceService {
  /**
   * Every producer's compliance for the period, from its facts; replaces the period's snapshots. Safe to repeat.
   * `onProgress` hears whole percentages 0-100 as the facts are counted and the snapshots written (only the caller
   * that starts a computation; one joining a computation already running in this process hears nothing).
   */
  recompute(period: Period, nowMs: number, onProgress?: ProgressListener): Promise<{ producers: number }>;
  /** The periods running now and those that ended within the last day; each closing is mailed to each producer once. */
  sweep(nowMs: number): Promise<{ periods: number; mailed: number }>;
  /**
   * A producer's stored snapshot for a period, under the fee scheme in force, else the newest under an earlier one
   * (it names its version); null when the period is not computed yet (every computation stores one for every
   * producer). A read never computes: the hourly job computes open periods, a recomputation the rest.
   */
  report(producerId: Types.ObjectId, period: Period): Promise<ComplianceReportView | null>;
  snapshots(period: Period): Promise<ComplianceSnapshotDoc[]>;
  /** The period's snapshots as they stand, counted by status, with their fees summed. */
  summary(period: Period): Promise<ComplianceSummary>;
  /** One producer's packaging placed on the market in a period, per type: the rows of its data export. */
  placements(producerId: Types.ObjectId, period: Period): Promise<Placement[]>;
}

const BATCH = 1000;

export type ProgressListener = (percent: number) => Promise<void>;

/** How a period's snapshots stand: producers per status and the fees they owe. */
export interface ComplianceSummary {
  readonly period: string;
  readonly ruleVersion: string;
  readonly producers: number;
  readonly byStatus: Readonly<Record<ComplianceStatus, number>>;
  readonly feeMinor: number;
  readonly currency: string;
  /** The newest snapshot's computation; null when the period has none. */
  readonly lastComputedAt: Date | null;
}

/**
 * The share of a period's facts walked so far, by the creation time of the last one seen: facts are walked in _id
 * (creation) order, and none can lie after now.
 */
function walkedShare(lastId: Types.ObjectId, period: Period, nowMs: number): number {
  const end = Math.min(period.endMs, nowMs);
  if (end <= period.startMs) return 1;
  return Math.min(1, Math.max(0, (lastId.getTimestamp().getTime() - period.startMs) / (end - period.startMs)));
}

/** Passes on whole percentages, rising only; the phases of a computation each map their share onto a range. */
function progressIn(onProgress: ProgressListener | undefined): (percent: number) => Promise<void> {
  let last = -1;
  return async (percent) => {
    const whole = Math.min(100, Math.max(0, Math.floor(percent)));
    if (!onProgress || whole <= last) return;
    last = whole;
    await onProgress(whole);
  };
}

/** Units of one packaging type (at one revision) placed on the market in a period. */
export interface Placement {
  readonly producerId: Types.ObjectId;
  readonly packagingTypeId: Types.ObjectId;
  readonly revision: number;
  readonly sku: string;
  readonly packagingClass: PackagingClass;
  readonly material: Material;
  readonly grade: RecyclabilityGrade;
  readonly massGrams: number;
  readonly units: number;
}

export function createComplianceService(deps: {
  models: Pick<Models, 'ComplianceSnapshot' | 'Mail' | 'OrderEvent' | 'Organization' | 'PackagingChoice' | 'PackagingType' | 'PackagingTypeRevision' | 'ReturnEvent' | 'ReturnReview' | 'ReusableUnit' | 'UnitEvent'>;
  reports: RecyclingReportsService;
  declarations: Pick<DeclarationsService, 'declaredFor'>;
  notifications: NotificationsService;
  impact: Pick<ImpactService, 'recompute'>;
  /** The fee scheme and targets in force (rule-sets.ts); every snapshot names the version it was computed under. */
  rules: Pick<RuleSetsService, 'epr'>;
}): ComplianceService {
  const { PackagingChoice, PackagingTypeRevision, PackagingType, ReusableUnit, ReturnEvent, UnitEvent, ComplianceSnapshot, Organization, Mail } = deps.models;
  const inForce = () => deps.rules.epr();

  /**
   * What went on the market in a period, per packaging type (and revision): the packaging of every order chosen in
   * the period and not cancelled, at the revision chosen; reusable units once, when issued, not on every trip.
   */
  async function placementsOf(period: Period, walk?: { readonly nowMs: number; readonly walked: (share: number) => Promise<void> }): Promise<Placement[]> {
    const window = { fromMs: period.startMs, toMs: period.endMs - 1000 };
    const cancelled = await cancelledOrdersSince(deps.models, period.startMs);
    // Units chosen per packaging type revision, and the types they are of.
    const revisionKey = (typeId: Types.ObjectId, revision: number) => `${typeId.toHexString()}@${String(revision)}`;
    const chosen = new Map<string, number>();
    const typeIds = new Map<string, Types.ObjectId>();
    await forEachIdBatch(
      (after, until, limit) => PackagingChoice.find({ _id: { $gt: after, $lt: until } }, { platformId: 1, orderRef: 1, option: 1 }).sort({ _id: 1 }).limit(limit).lean(),
      window,
      BATCH,
      async (choices) => {
        for (const c of choices) {
          const { packagingTypeId, packagingTypeRevision, packagingClass } = c.option;
          if (!packagingTypeId || packagingTypeRevision === null || packagingClass === 'REUSABLE') continue;
          if (cancelled.has(orderKeyOf(c.platformId, c.orderRef))) continue;
          const key = revisionKey(packagingTypeId, packagingTypeRevision);
          chosen.set(key, (chosen.get(key) ?? 0) + 1);
          typeIds.set(packagingTypeId.toHexString(), packagingTypeId);
        }
        const last = choices.at(-1);
        if (last && walk) await walk.walked(walkedShare(last._id, period, walk.nowMs));
      },
    );
    const revisions = typeIds.size === 0 ? [] : await PackagingTypeRevision.find({ packagingTypeId: { $in: [...typeIds.values()] } }).lean();
    const placements: Placement[] = revisions.flatMap((r) => {
      const units = chosen.get(revisionKey(r.packagingTypeId, r.revision)) ?? 0;
      return units === 0 ? [] : [{
        producerId: r.producerId, packagingTypeId: r.packagingTypeId, revision: r.revision, sku: r.spec.sku, packagingClass: r.classification.packagingClass,
        material: r.spec.material, grade: r.classification.grade, massGrams: r.spec.massGrams, units,
      }];
    });

    const issued = new Map<string, number>();
    for (const u of await ReusableUnit.find({ issuedAt: { $gte: new Date(period.startMs), $lt: new Date(period.endMs) } }, { packagingTypeId: 1 }).lean()) {
      issued.set(u.packagingTypeId.toHexString(), (issued.get(u.packagingTypeId.toHexString()) ?? 0) + 1);
    }
    const unitTypes = issued.size === 0 ? [] : await PackagingType.find({ _id: { $in: [...issued.keys()].map((id) => new Types.ObjectId(id)) } }).lean();
    for (const t of unitTypes) {
      placements.push({
        producerId: t.producerId, packagingTypeId: t._id, revision: t.revision, sku: t.sku, packagingClass: t.classification.packagingClass,
        material: t.material, grade: t.classification.grade, massGrams: t.massGrams, units: issued.get(t._id.toHexString()) ?? 0,
      });
    }
    return placements;
  }

  /** Everything counted for one period, per producer. */
  async function factsOf(rules: EprRules, period: Period, nowMs: number, progress: (percent: number) => Promise<void>): Promise<ProducerFacts[]> {
    const window = { fromMs: period.startMs, toMs: period.endMs - 1000 };
    // Placed grams per material and RAG rating, keyed by both.
    type Placed = { readonly material: Material; readonly rag: Rag; grams: number };
    const byProducer = new Map<string, { placed: Map<string, Placed>; collected: Partial<Record<Material, number>>; reuse: { unitsIssued: number; tripsShipped: number; tripsReturned: number } }>();
    const producer = (id: Types.ObjectId) => {
      const key = id.toHexString();
      const found = byProducer.get(key) ?? { placed: new Map<string, Placed>(), collected: {}, reuse: { unitsIssued: 0, tripsShipped: 0, tripsReturned: 0 } };
      byProducer.set(key, found);
      return found;
    };
    // Progress: orders 0-60 %, returns 60-80 %, reports and producers to 85 %, writing the snapshots the rest.
    for (const p of await placementsOf(period, { nowMs, walked: (share) => progress(share * 60) })) {
      const rag = rules.ragByGrade[p.grade];
      const placed = producer(p.producerId).placed;
      const line = placed.get(`${p.material}/${rag}`) ?? { material: p.material, rag, grams: 0 };
      line.grams += p.massGrams * p.units;
      placed.set(`${p.material}/${rag}`, line);
      // Reusable units are placed on the market once, when issued (placementsOf counts no REUSABLE choice).
      if (p.packagingClass === 'REUSABLE') producer(p.producerId).reuse.unitsIssued += p.units;
    }

    // A reusable unit back is a reuse trip, its producer's; loose packaging attributed to a producer (by its type, or
    // directly) is sent to recycling. Unattributed loose mass is reported in the period's green impact, not credited.
    const tripsBack: Types.ObjectId[] = [];
    await forEachIdBatch(
      (after, until, limit) => ReturnEvent.find({ _id: { $gt: after, $lt: until } }, { kind: 1, packagingTypeId: 1, producerId: 1, material: 1, massGrams: 1, flagged: 1 }).sort({ _id: 1 }).limit(limit).lean(),
      window,
      BATCH,
      async (batch) => {
        for (const r of await countedReturns(deps.models, batch)) {
          if (r.kind === 'UNIT') {
            if (r.packagingTypeId) tripsBack.push(r.packagingTypeId);
          } else if (r.producerId) {
            const collected = producer(r.producerId).collected;
            collected[r.material] = (collected[r.material] ?? 0) + r.massGrams;
          }
        }
        const last = batch.at(-1);
        if (last) await progress(60 + walkedShare(last._id, period, nowMs) * 20);
      },
    );
    await progress(80);
    const unitTypeIds = [...new Set(tripsBack.map((id) => id.toHexString()))].map((id) => new Types.ObjectId(id));
    const ownerOf = new Map((unitTypeIds.length === 0 ? [] : await PackagingType.find({ _id: { $in: unitTypeIds } }, { producerId: 1 }).lean()).map((t) => [t._id.toHexString(), t.producerId]));
    for (const typeId of tripsBack) {
      const owner = ownerOf.get(typeId.toHexString());
      if (owner) producer(owner).reuse.tripsReturned += 1;
    }
    // Trips out in the period: units shipped in orders, each its producer's.
    const shipped = await UnitEvent.find({ type: 'SHIPPED', at: { $gte: new Date(period.startMs), $lt: new Date(period.endMs) } }, { serial: 1 }).lean();
    const tripsOut = new Map<string, number>();
    for (const e of shipped) tripsOut.set(e.serial, (tripsOut.get(e.serial) ?? 0) + 1);
    const serials = [...tripsOut.keys()];
    for (let i = 0; i < serials.length; i += BATCH) {
      for (const unit of await ReusableUnit.find({ _id: { $in: serials.slice(i, i + BATCH) } }, { producerId: 1 }).lean()) {
        producer(unit.producerId).reuse.tripsShipped += tripsOut.get(unit._id) ?? 0;
      }
    }

    const reported = await deps.reports.reportedFor(period);
    for (const id of reported.keys()) producer(new Types.ObjectId(id));
    const declared = await deps.declarations.declaredFor(period);
    for (const id of declared.keys()) producer(new Types.ObjectId(id));
    // Every producer gets a snapshot, an empty one too, so reading it never has to compute the period again.
    for (const org of await Organization.find({ kind: 'PRODUCER' }, { _id: 1 }).lean()) producer(org._id);
    await progress(85);
    return [...byProducer].map(([producerId, counted]) => {
      return {
        producerId,
        placed: [...counted.placed.values()].map(({ material, rag, grams }) => ({ material, rag, grams })),
        collected: counted.collected,
        reuse: counted.reuse,
        declared: declared.get(producerId) ?? [],
        reported: reported.get(producerId)?.accepted ?? {},
        pendingReported: reported.get(producerId)?.pending ?? {},
      };
    });
  }

  /** One computation per period at a time in this process: concurrent readers of a missing snapshot share it. */
  const running = new Map<string, Promise<{ producers: number }>>();
  function recompute(period: Period, nowMs: number, onProgress?: ProgressListener): Promise<{ producers: number }> {
    const inFlight = running.get(period.key);
    if (inFlight) return inFlight;
    const computation = computeAndStore(period, nowMs, progressIn(onProgress)).finally(() => running.delete(period.key));
    running.set(period.key, computation);
    return computation;
  }

  async function computeAndStore(period: Period, nowMs: number, progress: (percent: number) => Promise<void>): Promise<{ producers: number }> {
    const rules = await inForce();
    const scheme = computeScheme(rules, period.year, await factsOf(rules, period, nowMs, progress));
    // The same run stores the period's green impact and rankings, which reads serve from then on; before the
    // compliance snapshots, so a reader who sees the period's compliance finds its impact too.
    await deps.impact.recompute(period, nowMs);
    const computedAt = new Date(nowMs);
    const docs: ComplianceSnapshotDoc[] = scheme.producers.map((p) => ({
      _id: complianceSnapshotIdOf(p.producerId, period.key, rules.version),
      producerId: new Types.ObjectId(p.producerId),
      period: period.key,
      ruleVersion: scheme.ruleVersion,
      status: p.status,
      lines: [...p.lines],
      reuse: p.reuse,
      feeMinor: p.feeMinor,
      currency: scheme.currency,
      greenFactor: scheme.greenFactor,
      revenueNeutral: scheme.revenueNeutral,
      computedAt,
    }));
    for (let i = 0; i < docs.length; i += BATCH) {
      await ComplianceSnapshot.bulkWrite(docs.slice(i, i + BATCH).map((doc) => ({ replaceOne: { filter: { _id: doc._id }, replacement: doc, upsert: true } })), { ordered: false });
      await progress(85 + (Math.min(docs.length, i + BATCH) / docs.length) * 14);
    }
    // A producer whose facts left the period (a cancelled order, a corrected report) keeps no stale snapshot.
    await ComplianceSnapshot.deleteMany({ period: period.key, ruleVersion: rules.version, _id: { $nin: docs.map((d) => d._id) } });
    await progress(100);
    return { producers: docs.length };
  }

  /**
   * One mail per producer for every period that closed at the same moment (a December closes its month, quarter,
   * half-year and year), in the producer's language, shortest period first; once per closing.
   */
  async function mailClosing(closed: readonly Period[]): Promise<number> {
    const [anyPeriod] = closed;
    if (!anyPeriod) return 0;
    const periods = [...closed].sort((a, b) => (a.endMs - a.startMs) - (b.endMs - b.startMs));
    const rules = await inForce();
    const byProducer = new Map<string, ComplianceSnapshotDoc[]>();
    for (const period of periods) {
      for (const snapshot of await ComplianceSnapshot.find({ period: period.key, ruleVersion: rules.version }).lean()) {
        const key = snapshot.producerId.toHexString();
        byProducer.set(key, [...(byProducer.get(key) ?? []), snapshot]);
      }
    }
    const closedAt = new Date(anyPeriod.endMs).toISOString();
    let mailed = 0;
    for (const [producerId, snapshots] of byProducer) {
      const idempotencyKey = mailKeys.complianceClosing(producerId, closedAt, rules.version);
      if (await Mail.exists({ idempotencyKey })) continue;
      // A closing mailed period by period before closings were one mail is not mailed again.
      if (await Mail.exists({ idempotencyKey: { $in: snapshots.map((s) => mailKeys.complianceReport(s._id)) } })) continue;
      const producer = await Organization.findById(new Types.ObjectId(producerId), { name: 1, contactEmail: 1, locale: 1 }).lean();
      if (!producer?.contactEmail) continue;
      const reports = snapshots.map(({ period, status, ruleVersion, feeMinor, currency, lines, computedAt }) => ({
        producerName: producer.name, period, status, ruleVersion, feeMinor, currency, computedAtMs: computedAt.getTime(), lines,
      }));
      const mail = complianceClosingMail(reports, producer.locale ?? DEFAULT_MAIL_LOCALE);
      const outcome = await deps.notifications.queueMail({ idempotencyKey, to: producer.contactEmail, ...mail });
      if (outcome.ok) mailed += 1;
    }
    return mailed;
  }

  return {
    recompute,

    async sweep(nowMs) {
      const periods = new Map([...periodsContaining(nowMs), ...periodsContaining(nowMs - 24 * 3600 * 1000)].map((p) => [p.key, p]));
      const closings = new Map<number, Period[]>();
      for (const period of periods.values()) {
        await recompute(period, nowMs);
        if (period.endMs <= nowMs) closings.set(period.endMs, [...(closings.get(period.endMs) ?? []), period]);
      }
      let mailed = 0;
      for (const closed of closings.values()) mailed += await mailClosing(closed);
      return { periods: periods.size, mailed };
    },

    async report(producerId, period) {
      const current = await ComplianceSnapshot.findById(complianceSnapshotIdOf(producerId, period.key, (await inForce()).version)).lean();
      if (current) return current;
      // Not computed under the rules in force yet (a new fee scheme, an earlier period): the newest report there is,
      // naming the version it was computed under.
      return ComplianceSnapshot.findOne({ producerId, period: period.key }).sort({ computedAt: -1 }).lean();
    },

    placements: async (producerId, period) => (await placementsOf(period)).filter((p) => p.producerId.equals(producerId)),

    snapshots: async (period) => ComplianceSnapshot.find({ period: period.key, ruleVersion: (await inForce()).version }).lean(),

    async summary(period) {
      // Counted here rather than by $group (FerretDB 1.24's $group lacks $max): a period holds one small snapshot per
      // producer.
      const rules = await inForce();
      const snapshots = await ComplianceSnapshot.find({ period: period.key, ruleVersion: rules.version }, { status: 1, feeMinor: 1, computedAt: 1 }).lean();
      const byStatus: Record<ComplianceStatus, number> = { COMPLIANT: 0, AT_RISK: 0, NON_COMPLIANT: 0 };
      let feeMinor = 0;
      let lastComputedAt: Date | null = null;
      for (const snapshot of snapshots) {
        byStatus[snapshot.status] += 1;
        feeMinor += snapshot.feeMinor;
        if (!lastComputedAt || snapshot.computedAt > lastComputedAt) lastComputedAt = snapshot.computedAt;
      }
      return { period: period.key, ruleVersion: rules.version, producers: snapshots.length, byStatus, feeMinor, currency: rules.currency, lastComputedAt };
    },
  };
}
