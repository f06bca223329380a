import type { Types } from 'mongoose';
import type { Models } from '../db/models/index.js';
import { classifyPackaging } from '../domain/classification.js';
import type { FeeBandLine } from '../domain/epr.js';
import { simulateFee, type BandMove, type FeeSimulation } from '../domain/fee-simulation.js';
import type { PackagingClass, RecyclabilityGrade } from '../domain/packaging.js';
import type { Period } from '../domain/period.js';
import type { PackagingTypeView } from './catalog.js';
import type { ComplianceService } from './compliance.js';
import type { RuleSetsService } from './rule-sets.js';
import { ownedPackagingType } from './tenant-finders.js';
import type { Standard } from '../domain/standard.js';

// A producer's what-if fee: its fee for a period had one of its packaging types had another recyclable share or
// recycled content. The type is classified again under the active standard with the changed figures; its tonnage in
// the period moves to the fee band of its new grade; the scheme's own fee function gives the fee (fee-simulation.ts).

export interface FeeSimulationInput {
  readonly recyclableSharePct?: number | null;
  readonly recycledContentPct?: number | null;
}

export interface FeeSimulationView extends FeeSimulation {
  readonly packagingType: PackagingTypeView;
  readonly period: string;
  readonly ruleVersion: string;
  readonly currency: string;
  /** The type's mass placed on the market in the period, all its revisions. */
  readonly placedOnMarketGrams: number;
  readonly currentGrade: RecyclabilityGrade;
  readonly simulatedGrade: RecyclabilityGrade;
  readonly simulatedPackagingClass: PackagingClass;
}

export interface FeeSimulatorService {
  /** null when the producer has no such type; 'not-computed' when the period has no compliance snapshots yet. */
  simulate(producerId: Types.ObjectId, packagingTypeId: Types.ObjectId, period: Period, input: FeeSimulationInput): Promise<FeeSimulationView | null | 'not-computed'>;
}

/** A snapshot line's fee bands; snapshots stored before bands were recorded have none (until computed again). */
const bandsOf = (line: { readonly bands?: readonly FeeBandLine[] }): readonly FeeBandLine[] => line.bands ?? [];

export function createFeeSimulator(deps: {
  models: Pick<Models, 'PackagingType'>;
  compliance: Pick<ComplianceService, 'snapshots' | 'placements'>;
  rules: Pick<RuleSetsService, 'epr'>;
  standard: () => Promise<Standard>;
}): FeeSimulatorService {
  return {
    async simulate(producerId, packagingTypeId, period, input) {
      const type = await ownedPackagingType(deps.models, producerId, packagingTypeId);
      if (!type) return null;
      const [rules, standard, snapshots, placements] = await Promise.all([
        deps.rules.epr(), deps.standard(), deps.compliance.snapshots(period), deps.compliance.placements(producerId, period),
      ]);
      if (snapshots.length === 0) return 'not-computed';
      const changed = classifyPackaging({
        ...type,
        recyclableSharePct: input.recyclableSharePct ?? type.recyclableSharePct,
        recycledContentPct: input.recycledContentPct ?? type.recycledContentPct,
      }, standard);
      // Each revision of the type placed in the period moves from the band of its grade to the band of the new one.
      const ofType = placements.filter((p) => p.packagingTypeId.equals(packagingTypeId));
      const moves: BandMove[] = ofType.map((p) => ({ material: p.material, from: rules.ragByGrade[p.grade], to: rules.ragByGrade[changed.grade], grams: p.massGrams * p.units }));
      const producers = snapshots.map((s) => ({
        producerId: s.producerId.toHexString(),
        placed: s.lines.flatMap((l) => bandsOf(l).map((b) => ({ material: l.material, rag: b.rag, grams: b.placedOnMarketGrams }))),
      }));
      const fees = simulateFee(rules, period.year, producers, producerId.toHexString(), moves);
      return {
        ...fees,
        packagingType: type,
        period: period.key,
        ruleVersion: rules.version,
        currency: rules.currency,
        placedOnMarketGrams: ofType.reduce((sum, p) => sum + p.massGrams * p.units, 0),
        currentGrade: type.classification.grade,
        simulatedGrade: changed.grade,
        simulatedPackagingClass: changed.packagingClass,
      };
    },
  };
}
