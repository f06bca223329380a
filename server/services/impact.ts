import { Types } from 'mongoose';
import { forEachIdBatch } from '../db/id-window.js';
import type { ImpactSnapshotDoc } from '../db/models/compliance.js';
import type { Models } from '../db/models/index.js';
import { impactSnapshotIdOf, orderKeyOf } from '../db/keys.js';
import { reuseTargetsFor } from '../domain/epr.js';
import { isGreenChoice } from '../domain/green-level.js';
import { greenImpactOf, rank, sharePct, type GreenImpact, type ImpactCounts, type RankInput, type RankRow } from '../domain/impact.js';
import type { Period } from '../domain/period.js';
import { unitStateOf } from './reusable-units.js';
import { cancelledOrdersSince, countedReturns } from './counted-facts.js';
import type { RuleSetsService } from './rule-sets.js';

export type RankingKind = 'PRODUCER' | 'PLATFORM' | 'COLLECTION_POINT';

/** Whose figures: everyone's (a regulator), or one organization's share of the loop. */
export type ImpactScope = { readonly kind: 'ALL' } | { readonly kind: 'PLATFORM' | 'PRODUCER' | 'COLLECTOR'; readonly organizationId: Types.ObjectId };

/**
 * Green impact and rankings, read from stored snapshots only: the compliance job computes a period's figures for
 * everyone and for every organization at once (`recompute`), so a read costs one or a few reads by key or by period,
 * whatever the period holds.
 */
export interface ImpactService {
  /** The period's ranking; empty when the period is not computed yet. */
  rankings(kind: RankingKind, period: Period, first: number): Promise<(RankRow & { metric: string })[]>;
  /** The caller's figures for the period; null when the period is not computed yet. */
  greenImpact(scope: ImpactScope, period: Period): Promise<GreenImpact | null>;
  /** Counts the period's facts once and stores everyone's figures (the compliance job). */
  recompute(period: Period, nowMs: number): Promise<{ organizations: number }>;
}

const BATCH = 1000;
const ALL = 'ALL';

type Counts = { -readonly [K in keyof ImpactCounts]-?: number } & { verifiedReturns: number };
const zero = (): Counts => ({ parcels: 0, parcelsInOwnPackaging: 0, parcelsInReusable: 0, greenChoices: 0, reusableUnitsInService: 0, reuseCycles: 0, creditsIssued: 0, creditsRedeemed: 0, verifiedReturns: 0, looseReturnedGrams: 0, unattributedLooseGrams: 0, co2eAvoidedGrams: 0 });

export function createImpactService(deps: { models: Pick<Models, 'ComplianceSnapshot' | 'CreditEntry' | 'ImpactSnapshot' | 'OrderEvent' | 'Organization' | 'PackagingChoice' | 'PackagingType' | 'ReturnEvent' | 'ReturnReview' | 'ReusableUnit' | 'UnitEvent'>; rules: Pick<RuleSetsService, 'epr'> }): ImpactService {
  const { Organization, PackagingChoice, ReturnEvent, ReusableUnit, UnitEvent, CreditEntry, PackagingType, ComplianceSnapshot, ImpactSnapshot } = deps.models;
  const windowOf = (period: Period) => ({ fromMs: period.startMs, toMs: period.endMs - 1000 });
  const inWindow = (after: Types.ObjectId, until: Types.ObjectId) => ({ _id: { $gt: after, $lt: until } });

  async function named(scores: Map<string, number>): Promise<RankInput[]> {
    const orgs = await Organization.find({ _id: { $in: [...scores.keys()].map((id) => new Types.ObjectId(id)) } }, { name: 1 }).lean();
    return orgs.map((o) => ({ organizationId: o._id.toHexString(), name: o.name, score: scores.get(o._id.toHexString()) ?? 0 }));
  }

  /** Every organization's counts and everyone's, from one pass over the period's facts. */
  async function countAll(period: Period): Promise<Map<string, { kind: ImpactSnapshotDoc['kind']; counts: Counts }>> {
    const tallies = new Map<string, { kind: ImpactSnapshotDoc['kind']; counts: Counts }>([[ALL, { kind: 'ALL', counts: zero() }]]);
    for (const org of await Organization.find({ kind: { $in: ['PLATFORM', 'PRODUCER', 'COLLECTOR'] } }, { kind: 1 }).lean()) {
      tallies.set(org._id.toHexString(), { kind: org.kind as 'PLATFORM' | 'PRODUCER' | 'COLLECTOR', counts: zero() });
    }
    /** Adds to everyone's counts and to those of each organization named (once each) that has figures of this kind. */
    const add = (ids: readonly (Types.ObjectId | null | undefined)[], kinds: readonly ImpactSnapshotDoc['kind'][], change: (c: Counts) => void) => {
      const scopes = new Set([ALL, ...ids.flatMap((id) => (id ? [id.toHexString()] : []))]);
      for (const scope of scopes) {
        const tally = tallies.get(scope);
        if (tally && (tally.kind === 'ALL' || kinds.includes(tally.kind))) change(tally.counts);
      }
    };
    const ownerOf = new Map((await PackagingType.find({}, { producerId: 1 }).lean()).map((t) => [t._id.toHexString(), t.producerId]));
    const owner = (typeId: Types.ObjectId | null | undefined) => (typeId ? ownerOf.get(typeId.toHexString()) : undefined);

    // Parcels: the period's orders that were not cancelled, for the platform and the packaging's producer.
    const cancelled = await cancelledOrdersSince(deps.models, period.startMs);
    await forEachIdBatch(
      (after, until, limit) => PackagingChoice.find(inWindow(after, until), { platformId: 1, orderRef: 1, option: 1 }).sort({ _id: 1 }).limit(limit).lean(),
      windowOf(period),
      BATCH,
      (choices) => {
        for (const c of choices) {
          if (cancelled.has(orderKeyOf(c.platformId, c.orderRef))) continue;
          const own = c.option.packagingTypeId === null;
          const green = isGreenChoice({ packagingClass: c.option.packagingClass, ownPackaging: own });
          add([c.platformId, owner(c.option.packagingTypeId)], ['PLATFORM', 'PRODUCER'], (counts) => {
            counts.parcels += 1;
            if (own) counts.parcelsInOwnPackaging += 1;
            if (c.option.packagingClass === 'REUSABLE') counts.parcelsInReusable += 1;
            if (green) counts.greenChoices += 1;
            counts.co2eAvoidedGrams += c.option.co2eAvoidedGrams ?? 0;
          });
        }
      },
    );

    // Returns that count (not flagged, or cleared by a review): reuse trips for everyone involved, items per collector.
    await forEachIdBatch(
      (after, until, limit) => ReturnEvent.find(inWindow(after, until)).sort({ _id: 1 }).limit(limit).lean(),
      windowOf(period),
      BATCH,
      async (batch) => {
        for (const r of await countedReturns(deps.models, batch)) {
          add([r.collectorId], ['COLLECTOR'], (counts) => { counts.verifiedReturns += r.quantity; });
          if (r.kind === 'UNIT') {
            add([r.platformId, owner(r.packagingTypeId), r.collectorId], ['PLATFORM', 'PRODUCER', 'COLLECTOR'], (counts) => { counts.reuseCycles += 1; });
          } else {
            // Loose packaging: for the collector, the consumer's platform and the producer it was attributed to.
            const producer = r.producerId ?? null;
            add([r.collectorId, r.platformId, producer], ['COLLECTOR', 'PLATFORM', 'PRODUCER'], (counts) => {
              counts.looseReturnedGrams += r.massGrams;
              if (!producer) counts.unattributedLooseGrams += r.massGrams;
            });
          }
        }
      },
    );

    // Units in service at the period's end: issued by then, neither lost nor retired; for everyone and their producer.
    const units = await ReusableUnit.find({ issuedAt: { $lt: new Date(period.endMs) } }, { _id: 1, producerId: 1 }).lean();
    for (let i = 0; i < units.length; i += BATCH) {
      const slice = units.slice(i, i + BATCH);
      const events = await UnitEvent.find({ serial: { $in: slice.map((u) => u._id) }, at: { $lt: new Date(period.endMs) } }).lean();
      for (const unit of slice) {
        const status = unitStateOf(events.filter((e) => e.serial === unit._id)).status;
        if (status !== 'LOST' && status !== 'RETIRED') add([unit.producerId], ['PRODUCER'], (counts) => { counts.reusableUnitsInService += 1; });
      }
    }

    // Credits posted and redeemed in the period: for everyone and the platform.
    const entries = await CreditEntry.find(
      { kind: { $in: ['EARN_POSTED', 'REDEMPTION'] }, createdAt: { $gte: new Date(period.startMs), $lt: new Date(period.endMs) } },
      { kind: 1, amount: 1, platformId: 1 },
    ).lean();
    for (const e of entries) {
      add([e.platformId], ['PLATFORM'], (counts) => {
        if (e.kind === 'EARN_POSTED') counts.creditsIssued += e.amount;
        else counts.creditsRedeemed += e.amount;
      });
    }
    return tallies;
  }

  return {
    async recompute(period, nowMs) {
      const computedAt = new Date(nowMs);
      const docs: ImpactSnapshotDoc[] = [...(await countAll(period))].map(([scope, { kind, counts }]) => ({
        _id: impactSnapshotIdOf(period.key, scope),
        period: period.key,
        kind,
        organizationId: scope === ALL ? null : new Types.ObjectId(scope),
        ...counts,
        computedAt,
      }));
      for (let i = 0; i < docs.length; i += BATCH) {
        await ImpactSnapshot.bulkWrite(docs.slice(i, i + BATCH).map((doc) => ({ replaceOne: { filter: { _id: doc._id }, replacement: doc, upsert: true } })), { ordered: false });
      }
      return { organizations: docs.length - 1 };
    },

    async rankings(kind, period, first) {
      const scores = new Map<string, number>();
      let metric: string;
      if (kind === 'PRODUCER') {
        metric = 'recyclingRatePct';
        const { version } = await deps.rules.epr();
        for (const s of await ComplianceSnapshot.find({ period: period.key, ruleVersion: version }, { producerId: 1, lines: 1 }).lean()) {
          const placed = s.lines.reduce((sum, l) => sum + l.placedOnMarketGrams, 0);
          const recycled = s.lines.reduce((sum, l) => sum + l.recycledGrams, 0);
          // Only producers that placed packaging on the market are ranked on recycling it.
          if (placed > 0) scores.set(s.producerId.toHexString(), sharePct(recycled, placed));
        }
      } else if (kind === 'PLATFORM') {
        metric = 'notReboxedRatePct';
        for (const s of await ImpactSnapshot.find({ period: period.key, kind: 'PLATFORM', parcels: { $gt: 0 } }).lean()) {
          if (s.organizationId) scores.set(s.organizationId.toHexString(), sharePct(s.parcelsInOwnPackaging, s.parcels));
        }
      } else {
        metric = 'verifiedReturns';
        for (const s of await ImpactSnapshot.find({ period: period.key, kind: 'COLLECTOR', verifiedReturns: { $gt: 0 } }).lean()) {
          if (s.organizationId) scores.set(s.organizationId.toHexString(), s.verifiedReturns);
        }
      }
      return rank(await named(scores), first).map((row) => ({ ...row, metric }));
    },

    async greenImpact(scope, period) {
      const stored = await ImpactSnapshot.findById(impactSnapshotIdOf(period.key, scope.kind === 'ALL' ? ALL : scope.organizationId.toHexString())).lean();
      if (!stored) return null;
      // An organization that joined after the period's computation has figures only from the next one.
      const rules = await deps.rules.epr();
      return greenImpactOf(stored, rules.co2eGramsPerCartonReused, reuseTargetsFor(rules, period.year));
    },
  };
}
