// A second, deliberately plain reading of DESIGN.md's producer-responsibility rules, kept under test/ so the chaos
// suite's "compliance equals a recomputation" is not the production code agreeing with itself. It takes the rule set
// as data (base fees, fee bands, red factor, targets, margin) and recomputes the figures a regulator reads: mass
// placed, recovered and recycled per material, the recycling rate against its target, the status, the revenue-neutral
// green factor and each producer's fee. Presentation (explanations, how a fee is split over lines) is not repeated.
import type { EprRules } from '../../../server/domain/epr.js';
import type { Material } from '../../../server/domain/packaging.js';

export interface NaiveProducerFacts {
  readonly producerId: string;
  readonly placed: readonly { readonly material: Material; readonly rag: 'RED' | 'AMBER' | 'GREEN'; readonly grams: number }[];
  readonly collected: Partial<Record<Material, number>>;
  /** The latest accepted revision of the producer's report: counted. */
  readonly reported: Partial<Record<Material, { readonly recoveredGrams: number; readonly recycledGrams: number }>>;
  /** A newer revision nobody decided yet: shown apart, never counted. */
  readonly pendingReported: Partial<Record<Material, { readonly recoveredGrams: number; readonly recycledGrams: number }>>;
}

export interface NaiveLine {
  readonly material: Material;
  readonly placedOnMarketGrams: number;
  readonly recoveredGrams: number;
  readonly recycledGrams: number;
  readonly pendingRecoveredGrams: number;
  readonly pendingRecycledGrams: number;
  readonly recoveryRatePct: number;
  readonly recyclingRatePct: number;
  readonly targetPct: number;
}

export interface NaiveCompliance {
  readonly producerId: string;
  readonly status: 'COMPLIANT' | 'AT_RISK' | 'NON_COMPLIANT';
  readonly feeMinor: number;
  readonly lines: readonly NaiveLine[];
}

export interface NaiveScheme {
  readonly ruleVersion: string;
  readonly greenFactor: number;
  readonly revenueNeutral: boolean;
  readonly producers: readonly NaiveCompliance[];
}

export function naiveScheme(rules: EprRules, year: number, producers: readonly NaiveProducerFacts[]): NaiveScheme {
  // greenFactor = 1 - (redFactor - 1) x sum(red tonnes x base) / sum(green tonnes x base), over every producer
  let redCost = 0;
  let greenCost = 0;
  for (const producer of producers) {
    for (const line of producer.placed) {
      const cost = (line.grams / 1_000_000) * rules.baseFeeMinorPerTonne[line.material];
      if (line.rag === 'RED') redCost += cost;
      if (line.rag === 'GREEN') greenCost += cost;
    }
  }
  let greenFactor = 1;
  let revenueNeutral = true;
  if (redCost > 0 && greenCost === 0) revenueNeutral = false;
  if (redCost > 0 && greenCost > 0) greenFactor = 1 - (rules.redFactorPct / 100 - 1) * (redCost / greenCost);
  if (greenFactor < 0) {
    greenFactor = 0;
    revenueNeutral = false;
  }
  const factor = { RED: rules.redFactorPct / 100, AMBER: 1, GREEN: greenFactor };

  // the targets of the latest set that applies from this year or before
  let targets = rules.targets[0]?.pct;
  for (const set of rules.targets) if (set.fromYear <= year) targets = set.pct;
  if (!targets) throw new Error('the rule set has no targets');
  const targetOf = targets;

  return {
    ruleVersion: rules.version,
    greenFactor,
    revenueNeutral,
    producers: producers.map((producer) => {
      const materials = new Set<Material>();
      for (const line of producer.placed) if (line.grams > 0) materials.add(line.material);
      for (const [material, grams] of Object.entries(producer.collected)) if (grams > 0) materials.add(material as Material);
      for (const material of Object.keys(producer.reported)) materials.add(material as Material);
      for (const material of Object.keys(producer.pendingReported)) materials.add(material as Material);

      let exactFee = 0;
      const lines = [...materials].map((material): NaiveLine => {
        let placed = 0;
        for (const line of producer.placed) {
          if (line.material !== material) continue;
          placed += line.grams;
          exactFee += (line.grams / 1_000_000) * rules.baseFeeMinorPerTonne[material] * factor[line.rag];
        }
        // Loose packaging collected goes to recycling; the targets judge what was recycled.
        const recovered = (producer.collected[material] ?? 0) + (producer.reported[material]?.recoveredGrams ?? 0);
        const recycled = (producer.collected[material] ?? 0) + (producer.reported[material]?.recycledGrams ?? 0);
        return {
          material,
          placedOnMarketGrams: placed,
          recoveredGrams: recovered,
          recycledGrams: recycled,
          pendingRecoveredGrams: producer.pendingReported[material]?.recoveredGrams ?? 0,
          pendingRecycledGrams: producer.pendingReported[material]?.recycledGrams ?? 0,
          recoveryRatePct: placed === 0 ? 100 : Math.round((recovered / placed) * 10_000) / 100,
          recyclingRatePct: placed === 0 ? 100 : Math.round((recycled / placed) * 10_000) / 100,
          targetPct: targetOf[material],
        };
      });
      const missesBy = Math.max(0, ...lines.map((l) => l.targetPct - l.recyclingRatePct));
      const status = missesBy > rules.atRiskMarginPct ? 'NON_COMPLIANT' : missesBy > 0 ? 'AT_RISK' : 'COMPLIANT';
      return { producerId: producer.producerId, status, feeMinor: Math.round(exactFee), lines };
    }),
  };
}
