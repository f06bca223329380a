import { Types } from 'mongoose';
import { forEachIdBatch } from '../db/id-window.js';
import type { Models } from '../db/models/index.js';
import { EPR_RULES } from '../domain/epr.js';
import { isGreenChoice } from '../domain/green-level.js';
import { greenImpactOf, rank, sharePct, type GreenImpact, type RankInput, type RankRow } from '../domain/impact.js';
import type { Period } from '../domain/period.js';
import { unitStateOf } from './reusable-units.js';
import type { ComplianceService } from './compliance.js';
import { cancelledOrdersSince, countedReturns } from './counted-facts.js';

export type RankingKind = 'PRODUCER' | 'PLATFORM' | 'COLLECTION_POINT';

/** Whose figures: everyone's (a regulator), or one organization's share of the loop. */
export type ImpactScope = { readonly kind: 'ALL' } | { readonly kind: 'PLATFORM' | 'PRODUCER' | 'COLLECTOR'; readonly organizationId: Types.ObjectId };

export interface ImpactService {
  rankings(kind: RankingKind, period: Period, first: number): Promise<(RankRow & { metric: string })[]>;
  greenImpact(scope: ImpactScope, period: Period): Promise<GreenImpact>;
}

const BATCH = 1000;

export function createImpactService(deps: { models: Models; compliance: ComplianceService }): ImpactService {
  const { Organization, PackagingChoice, ReturnEvent, ReusableUnit, UnitEvent, CreditEntry, PackagingType } = deps.models;
  const windowOf = (period: Period) => ({ fromMs: period.startMs, toMs: period.endMs - 1000 });
  const inWindow = (after: Types.ObjectId, until: Types.ObjectId) => ({ _id: { $gt: after, $lt: until } });

  async function named(scores: Map<string, number>): Promise<RankInput[]> {
    const orgs = await Organization.find({ _id: { $in: [...scores.keys()].map((id) => new Types.ObjectId(id)) } }, { name: 1 }).lean();
    return orgs.map((o) => ({ organizationId: o._id.toHexString(), name: o.name, score: scores.get(o._id.toHexString()) ?? 0 }));
  }

  /** The period's orders that were not cancelled, with who chose what. */
  async function ordersOf(period: Period, visit: (c: { platformId: Types.ObjectId; own: boolean; green: boolean; packagingTypeId: Types.ObjectId | null }) => void): Promise<void> {
    const cancelled = await cancelledOrdersSince(deps.models, period.startMs);
    await forEachIdBatch(
      (after, until, limit) => PackagingChoice.find(inWindow(after, until), { platformId: 1, orderRef: 1, option: 1 }).sort({ _id: 1 }).limit(limit).lean(),
      windowOf(period),
      BATCH,
      (choices) => {
        for (const c of choices) {
          if (cancelled.has(`${c.platformId.toHexString()}:${c.orderRef}`)) continue;
          const own = c.option.packagingTypeId === null;
          visit({ platformId: c.platformId, own, green: isGreenChoice({ packagingClass: c.option.packagingClass, ownPackaging: own }), packagingTypeId: c.option.packagingTypeId });
        }
      },
    );
  }

  /** Returns in the period that count: not flagged, or cleared by a review. */
  async function verifiedReturns(period: Period, visit: (r: { collectorId: Types.ObjectId; kind: string; packagingTypeId: Types.ObjectId | null; platformId: Types.ObjectId | null; quantity: number }) => void): Promise<void> {
    await forEachIdBatch(
      (after, until, limit) => ReturnEvent.find(inWindow(after, until)).sort({ _id: 1 }).limit(limit).lean(),
      windowOf(period),
      BATCH,
      async (batch) => {
        for (const r of await countedReturns(deps.models, batch)) visit(r);
      },
    );
  }

  return {
    async rankings(kind, period, first) {
      const scores = new Map<string, number>();
      let metric: string;
      if (kind === 'PRODUCER') {
        metric = 'recoveryRatePct';
        // Stored snapshots only: a read never starts a computation of every producer's compliance (the compliance
        // jobs, and the regulator or operator through recomputeCompliance, do). A period not computed yet ranks nobody.
        for (const s of await deps.compliance.snapshots(period)) {
          const placed = s.lines.reduce((sum, l) => sum + l.placedOnMarketGrams, 0);
          const recovered = s.lines.reduce((sum, l) => sum + l.recoveredGrams, 0);
          // Only producers that placed packaging on the market are ranked on recovering it.
          if (placed > 0) scores.set(s.producerId.toHexString(), sharePct(recovered, placed));
        }
      } else if (kind === 'PLATFORM') {
        metric = 'notReboxedRatePct';
        const counts = new Map<string, { parcels: number; own: number }>();
        await ordersOf(period, (c) => {
          const key = c.platformId.toHexString();
          const count = counts.get(key) ?? { parcels: 0, own: 0 };
          counts.set(key, { parcels: count.parcels + 1, own: count.own + (c.own ? 1 : 0) });
        });
        for (const [id, c] of counts) scores.set(id, sharePct(c.own, c.parcels));
      } else {
        metric = 'verifiedReturns';
        await verifiedReturns(period, (r) => {
          const key = r.collectorId.toHexString();
          scores.set(key, (scores.get(key) ?? 0) + r.quantity);
        });
      }
      return rank(await named(scores), first).map((row) => ({ ...row, metric }));
    },

    async greenImpact(scope, period) {
      const platformId = scope.kind === 'PLATFORM' ? scope.organizationId : null;
      const producerTypes = scope.kind === 'PRODUCER'
        ? new Set((await PackagingType.find({ producerId: scope.organizationId }, { _id: 1 }).lean()).map((t) => t._id.toHexString()))
        : null;
      const mine = (c: { platformId?: Types.ObjectId | null; packagingTypeId?: Types.ObjectId | null; collectorId?: Types.ObjectId }) =>
        scope.kind === 'ALL'
        || (platformId !== null && c.platformId?.equals(platformId) === true)
        || (producerTypes !== null && c.packagingTypeId != null && producerTypes.has(c.packagingTypeId.toHexString()))
        || (scope.kind === 'COLLECTOR' && c.collectorId?.equals(scope.organizationId) === true);

      let parcels = 0;
      let own = 0;
      let green = 0;
      if (scope.kind !== 'COLLECTOR') {
        await ordersOf(period, (c) => {
          if (!mine(c)) return;
          parcels += 1;
          if (c.own) own += 1;
          if (c.green) green += 1;
        });
      }
      let reuseCycles = 0;
      await verifiedReturns(period, (r) => { if (r.kind === 'UNIT' && mine(r)) reuseCycles += 1; });

      // Units in service at the period's end: issued by then, neither lost nor retired.
      let unitsInService = 0;
      if (scope.kind === 'ALL' || scope.kind === 'PRODUCER') {
        const units = await ReusableUnit.find({ issuedAt: { $lt: new Date(period.endMs) }, ...(scope.kind === 'PRODUCER' ? { producerId: scope.organizationId } : {}) }, { _id: 1 }).lean();
        for (let i = 0; i < units.length; i += BATCH) {
          const serials = units.slice(i, i + BATCH).map((u) => u._id);
          const events = await UnitEvent.find({ serial: { $in: serials }, at: { $lt: new Date(period.endMs) } }).lean();
          for (const serial of serials) {
            const status = unitStateOf(events.filter((e) => e.serial === serial)).status;
            if (status !== 'LOST' && status !== 'RETIRED') unitsInService += 1;
          }
        }
      }

      let creditsIssued = 0;
      let creditsRedeemed = 0;
      if (scope.kind === 'ALL' || scope.kind === 'PLATFORM') {
        const entries = await CreditEntry.find(
          { kind: { $in: ['EARN_POSTED', 'REDEMPTION'] }, createdAt: { $gte: new Date(period.startMs), $lt: new Date(period.endMs) }, ...(platformId ? { platformId } : {}) },
          { kind: 1, amount: 1 },
        ).lean();
        for (const e of entries) {
          if (e.kind === 'EARN_POSTED') creditsIssued += e.amount;
          else creditsRedeemed += e.amount;
        }
      }
      return greenImpactOf({ parcels, parcelsInOwnPackaging: own, greenChoices: green, reusableUnitsInService: unitsInService, reuseCycles, creditsIssued, creditsRedeemed }, EPR_RULES.co2eGramsPerCartonReused);
    },
  };
}
