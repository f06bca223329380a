import { MATERIALS, type Material, type RecyclabilityGrade } from './packaging.js';

// Extended producer responsibility as pure functions of versioned rules and counted facts: recovery against
// targets, and fees modulated by recyclability so the scheme as a whole stays revenue-neutral (DESIGN.md).

export type Rag = 'RED' | 'AMBER' | 'GREEN';

export interface EprRules {
  readonly version: string;
  /** Where the numbers come from: a citation per source (regulation, published fee table). */
  readonly sources: readonly string[];
  /** ISO 4217; fees are integer minor units of it. */
  readonly currency: string;
  /** Base fee per tonne, minor units: UK pEPR 2025/26 base fees. */
  readonly baseFeeMinorPerTonne: Readonly<Record<Material, number>>;
  /** A recyclability grade's fee band: green below base, amber at base, red above. */
  readonly ragByGrade: Readonly<Record<RecyclabilityGrade, Rag>>;
  /** Red packaging pays base x redFactorPct / 100 (UK RAM factor 1.2 in 2026/27). */
  readonly redFactorPct: number;
  /** Recovery targets in percent of placed-on-market mass, by year from which they apply. */
  readonly targets: readonly { readonly fromYear: number; readonly pct: Readonly<Record<Material, number>> }[];
  /** Below target by at most this many points is AT_RISK; further below is NON_COMPLIANT. */
  readonly atRiskMarginPct: number;
  /** Green impact: CO2e avoided per carton reused, grams (China's 37 g reference). */
  readonly co2eGramsPerCartonReused: number;
  /** Reuse targets, apart from the recycling targets; each applies from its year on (the latest that applies). */
  readonly reuseTargets: {
    /** Share of e-commerce parcels shipped in reusable packaging, percent (EU PPWR art. 29: 40 % from 2030). */
    readonly reusableParcelSharePct: readonly { readonly fromYear: number; readonly pct: number }[];
    /** Reusable express packaging units in service across the scheme (China, 2025: 10 million). */
    readonly unitsInService: readonly { readonly fromYear: number; readonly units: number }[];
  };
}

/**
 * GL-EPR-2026.2, against GL-EPR-2026.1: recycling and reuse are measured apart, each with its targets (reuse: the
 * share of parcels in reusable packaging, EU PPWR art. 29, and units in service, China's 2025 target). A line is judged on its recycling
 * rate (mass recycled / mass placed on the market, the targets being EU 2018/852 recycling targets); loose packaging
 * back at collection points counts as recycled; a reusable unit's return is a reuse trip, reported in the producer's
 * reuse figures and never as recovered or recycled mass (2026.1 counted every trip's mass as recovered, so one unit
 * back ten times made 1,000 %). A producer's own recycling report counts once the regulator accepted it (the
 * latest accepted revision of each report), a revision awaiting a decision shown beside the counted figures, never in
 * them (2026.1 counted the latest revision as submitted); and packaging the producer declares placing on the market
 * outside GreenLoop counts with what GreenLoop's checkouts placed (2026.1 knew only the checkouts). Fees, bands,
 * targets and margin are unchanged.
 */
export const EPR_RULES: EprRules = {
  version: 'GL-EPR-2026.2',
  sources: [
    'Base fees per tonne (GBP): Defra, "Extended producer responsibility for packaging: 2025 base fees", gov.uk, 2025 (Al 266, fibre composite 461, glass 192, paper and card 196, plastic 423, steel 259, wood 280, other 259).',
    'Fee bands by recyclability (RAG) and red factor 1.2: UK pEPR recyclability assessment methodology, modulation from 2026/27 (PackUK, 2025); revenue-neutral green factor as in DEFRA/epr-calculator-service.',
    'Recycling targets 2025 and 2030 by material: Directive (EU) 2018/852 amending Directive 94/62/EC, art. 6(1)(f)-(i).',
    'Reusable share of e-commerce transport packaging, 40 % from 2030: Regulation (EU) 2025/40 (PPWR), art. 29.',
    'Reusable express packaging in service, 10 million from 2025: China, State Post Bureau targets for green express packaging, 2025.',
    'CO2e avoided per carton reused, 37 g: the reference figure published with China\'s express carton reuse stations (Chongqing, 2023).',
  ],
  currency: 'GBP',
  baseFeeMinorPerTonne: { ALUMINIUM: 26600, FIBRE_COMPOSITE: 46100, GLASS: 19200, PAPER_CARD: 19600, PLASTIC: 42300, STEEL: 25900, WOOD: 28000, OTHER: 25900 },
  ragByGrade: { A: 'GREEN', B: 'AMBER', C: 'AMBER', NOT_RECYCLABLE: 'RED' },
  redFactorPct: 120,
  // EU Directive 2018/852 recycling targets for packaging (2025, then 2030); "all packaging" for composites and other.
  targets: [
    { fromYear: 2025, pct: { ALUMINIUM: 50, FIBRE_COMPOSITE: 65, GLASS: 70, PAPER_CARD: 75, PLASTIC: 50, STEEL: 70, WOOD: 25, OTHER: 65 } },
    { fromYear: 2030, pct: { ALUMINIUM: 60, FIBRE_COMPOSITE: 70, GLASS: 75, PAPER_CARD: 85, PLASTIC: 55, STEEL: 80, WOOD: 30, OTHER: 70 } },
  ],
  atRiskMarginPct: 10,
  co2eGramsPerCartonReused: 37,
  reuseTargets: {
    reusableParcelSharePct: [{ fromYear: 2030, pct: 40 }],
    unitsInService: [{ fromYear: 2025, units: 10_000_000 }],
  },
};

/** The reuse targets that apply in a year: null where none applies yet. */
export function reuseTargetsFor(rules: EprRules, year: number): { reusableParcelSharePct: number | null; unitsInService: number | null } {
  const share = rules.reuseTargets.reusableParcelSharePct.filter((t) => t.fromYear <= year).at(-1);
  const units = rules.reuseTargets.unitsInService.filter((t) => t.fromYear <= year).at(-1);
  return { reusableParcelSharePct: share?.pct ?? null, unitsInService: units?.units ?? null };
}

export type ComplianceStatus = 'COMPLIANT' | 'AT_RISK' | 'NON_COMPLIANT';

/** What one producer put on the market and got back in a period, as counted from facts. */
export interface ProducerFacts {
  readonly producerId: string;
  /** Grams placed on the market through GreenLoop's checkouts (and reusable units issued), by material and fee band. */
  readonly placed: readonly PlacedGrams[];
  /** Grams the producer declared placing on the market outside GreenLoop (the latest revision), by material and fee band. */
  readonly declared: readonly PlacedGrams[];
  /**
   * Grams of the producer's loose packaging returned at GreenLoop collection points, by material: sent to recycling.
   * Reusable units coming back are reuse trips (`reuse`), never recycling.
   */
  readonly collected: Partial<Record<Material, number>>;
  /** The producer's reusable units in the period: issued (placed on the market once), trips out and back. */
  readonly reuse: ReuseFacts;
  /** The producer's own reports for the period as the regulator accepted them (the latest accepted revision of each), by material. */
  readonly reported: Partial<Record<Material, ReportedGrams>>;
  /** Revisions newer than the accepted ones, awaiting the regulator's decision: shown, never counted. */
  readonly pendingReported: Partial<Record<Material, ReportedGrams>>;
}

export interface PlacedGrams {
  readonly material: Material;
  readonly rag: Rag;
  readonly grams: number;
}

/** Everything a producer placed on the market: counted at GreenLoop's checkouts and declared. */
const allPlaced = (p: ProducerFacts): readonly PlacedGrams[] => [...p.placed, ...p.declared];

/** A producer's reusable units in a period, as counted from facts. */
export interface ReuseFacts {
  /** Units issued in the period: placed on the market once, when first issued. */
  readonly unitsIssued: number;
  /** Trips that went out in the period (a unit shipped in an order). */
  readonly tripsShipped: number;
  /** Trips that came back in the period (a unit returned at a collection point; a flagged return once cleared). */
  readonly tripsReturned: number;
}

/** Reuse, apart from recycling: the period's trips, their return rate and the uses a unit can expect at that rate. */
export interface ReuseFigures extends ReuseFacts {
  /** tripsReturned / tripsShipped in percent, two decimals, at most 100; null without trips out. */
  readonly returnRatePct: number | null;
  /** 1 / (1 - return rate): the uses a unit can expect; null without trips out or when every trip came back. */
  readonly expectedUses: number | null;
}

/** A producer without reusable units in the period. */
export const NO_REUSE: ReuseFacts = { unitsIssued: 0, tripsShipped: 0, tripsReturned: 0 };

export function reuseFiguresOf(facts: ReuseFacts): ReuseFigures {
  if (facts.tripsShipped === 0) return { ...facts, returnRatePct: null, expectedUses: null };
  const rate = Math.min(1, facts.tripsReturned / facts.tripsShipped);
  return { ...facts, returnRatePct: round2(rate * 100), expectedUses: rate >= 1 ? null : round2(1 / (1 - rate)) };
}

/** What a producer's report says was recovered and recycled of one material. */
export interface ReportedGrams {
  readonly recoveredGrams: number;
  readonly recycledGrams: number;
}

/**
 * The part of a line's packaging in one fee band: the recyclability grade sets the band, the band the factor on the
 * base fee (red above base, amber at base, green below it by the period's green factor).
 */
export interface FeeBandLine {
  readonly rag: Rag;
  readonly placedOnMarketGrams: number;
  readonly baseFeeMinorPerTonne: number;
  readonly factor: number;
  /** The band's share of the line's fee in whole minor units: a line's bands sum to its fee. */
  readonly feeMinor: number;
}

export interface ComplianceLine {
  readonly material: Material;
  /** Everything placed on the market: GreenLoop's checkouts plus declaredPlacedOnMarketGrams. */
  readonly placedOnMarketGrams: number;
  /** The part of placedOnMarketGrams the producer declared (packaging sold outside GreenLoop). */
  readonly declaredPlacedOnMarketGrams: number;
  /** Loose packaging back at collection points plus the accepted reports' recovered mass; reuse trips are not in it. */
  readonly recoveredGrams: number;
  /** Loose packaging back at collection points (sent to recycling) plus the accepted reports' recycled mass. */
  readonly recycledGrams: number;
  /** Reported in revisions that await the regulator's decision: not in recoveredGrams or recycledGrams. */
  readonly pendingRecoveredGrams: number;
  readonly pendingRecycledGrams: number;
  readonly recoveryRatePct: number;
  /** recycledGrams / placedOnMarketGrams in percent: the measure the recycling target and the status judge. */
  readonly recyclingRatePct: number;
  /** The recycling target for the material and year. */
  readonly targetPct: number;
  readonly feeMinor: number;
  /** The fee's modulation: the placed-on-market mass per fee band, green then amber then red. */
  readonly bands: readonly FeeBandLine[];
  readonly explanation: string;
}

export interface ComplianceResult {
  readonly producerId: string;
  readonly status: ComplianceStatus;
  readonly lines: readonly ComplianceLine[];
  readonly feeMinor: number;
  readonly reuse: ReuseFigures;
}

export interface SchemeResult {
  readonly ruleVersion: string;
  readonly currency: string;
  /** The green fee factor that makes the period's modulated fees total its base fees. */
  readonly greenFactor: number;
  /** False when no green tonnage can balance the red surcharge (greenFactor is then 1, or 0 at the floor). */
  readonly revenueNeutral: boolean;
  readonly producers: readonly ComplianceResult[];
}

export function targetsFor(rules: EprRules, year: number): Readonly<Record<Material, number>> {
  const applicable = rules.targets.filter((t) => t.fromYear <= year).at(-1) ?? rules.targets[0];
  if (!applicable) throw new RangeError(`EPR rules ${rules.version} have no targets`);
  return applicable.pct;
}

/**
 * DESIGN.md's revenue-neutral green factor: greenFactor = 1 - (redFactor - 1) x sum(red t x base) / sum(green t x base),
 * over every producer of the period. Without green tonnage there is nothing to balance with: 1. Never below 0.
 */
export function greenFactorOf(rules: EprRules, producers: readonly ProducerFacts[]): { factor: number; neutral: boolean } {
  let red = 0;
  let green = 0;
  for (const p of producers) {
    for (const line of allPlaced(p)) {
      const cost = line.grams * rules.baseFeeMinorPerTonne[line.material];
      if (line.rag === 'RED') red += cost;
      if (line.rag === 'GREEN') green += cost;
    }
  }
  if (red === 0) return { factor: 1, neutral: true };
  if (green === 0) return { factor: 1, neutral: false };
  const factor = 1 - ((rules.redFactorPct - 100) / 100) * (red / green);
  return factor < 0 ? { factor: 0, neutral: false } : { factor, neutral: true };
}

/**
 * Spreads a whole total over parts in proportion to their exact values, largest remainder first, so the parts sum to
 * the total exactly: rounding never loses or invents a minor unit.
 */
export function allocateRounded(exact: readonly number[], total: number): number[] {
  const floors = exact.map((v) => Math.floor(v));
  let left = total - floors.reduce((a, b) => a + b, 0);
  const order = exact.map((v, i) => ({ i, remainder: v - Math.floor(v) })).sort((a, b) => b.remainder - a.remainder || a.i - b.i);
  for (const { i } of order) {
    if (left <= 0) break;
    floors[i] = (floors[i] ?? 0) + 1;
    left -= 1;
  }
  return floors;
}

/** A mass as a person reads it: tonnes from one tonne up, else kilograms, both exact to the gram. */
const mass = (grams: number) => (grams >= 1e6 ? `${(grams / 1e6).toFixed(3)} t` : `${(grams / 1000).toFixed(3)} kg`);
const money = (minor: number, currency: string) => `${currency} ${(minor / 100).toFixed(2)}`;
const round2 = (n: number) => Math.round(n * 100) / 100;

/** Every producer's compliance and fees for one period, from the period's facts. */
export function computeScheme(rules: EprRules, year: number, producers: readonly ProducerFacts[]): SchemeResult {
  const { factor: greenFactor, neutral } = greenFactorOf(rules, producers);
  const factorOf = (rag: Rag) => (rag === 'RED' ? rules.redFactorPct / 100 : rag === 'GREEN' ? greenFactor : 1);
  const targets = targetsFor(rules, year);

  const results = producers.map((p): ComplianceResult => {
    const materials = MATERIALS.filter((m) => allPlaced(p).some((l) => l.material === m && l.grams > 0) || (p.collected[m] ?? 0) > 0 || p.reported[m] !== undefined || p.pendingReported[m] !== undefined);
    const drafts = materials.map((material) => {
      const bands = (['GREEN', 'AMBER', 'RED'] as const).map((rag) => ({
        rag,
        grams: allPlaced(p).filter((l) => l.material === material && l.rag === rag).reduce((sum, l) => sum + l.grams, 0),
      })).filter((b) => b.grams > 0);
      const base = rules.baseFeeMinorPerTonne[material];
      const exactFee = bands.reduce((sum, b) => sum + (b.grams / 1e6) * base * factorOf(b.rag), 0);
      const placed = bands.reduce((sum, b) => sum + b.grams, 0);
      const declared = p.declared.filter((l) => l.material === material).reduce((sum, l) => sum + l.grams, 0);
      const collected = p.collected[material] ?? 0;
      const reported = p.reported[material];
      const recovered = collected + (reported?.recoveredGrams ?? 0);
      const recycled = collected + (reported?.recycledGrams ?? 0);
      const pending = p.pendingReported[material] ?? { recoveredGrams: 0, recycledGrams: 0 };
      const rate = placed === 0 ? 100 : round2((recovered * 100) / placed);
      const recyclingRate = placed === 0 ? 100 : round2((recycled * 100) / placed);
      const explanation = [
        `${material}: ${mass(placed)} placed on the market`,
        declared > 0 ? ` (${mass(placed - declared)} through GreenLoop checkouts + ${mass(declared)} declared)` : '',
        bands.length > 0 ? ` (${bands.map((b) => `${b.rag.toLowerCase()} ${mass(b.grams)} x ${money(base, rules.currency)}/t x ${factorOf(b.rag).toFixed(4)}`).join(' + ')})` : '',
        `; recycled ${mass(recycled)} (${mass(collected)} loose at collection points + ${mass(reported?.recycledGrams ?? 0)} reported and accepted)`,
        ` = ${recyclingRate.toFixed(2)} % against a ${String(targets[material])} % recycling target`,
        `; recovered ${mass(recovered)} = ${rate.toFixed(2)} %`,
        pending.recoveredGrams > 0 ? `; ${mass(pending.recoveredGrams)} more reported, awaiting the regulator (not counted)` : '',
      ].join('');
      return { material, bands, base, placed, declared, recovered, recycled, pending, rate, recyclingRate, exactFee, explanation };
    });
    const total = Math.round(drafts.reduce((sum, d) => sum + d.exactFee, 0));
    const fees = allocateRounded(drafts.map((d) => d.exactFee), total);
    const lines = drafts.map((d, i): ComplianceLine => {
      const bandFees = allocateRounded(d.bands.map((b) => (b.grams / 1e6) * d.base * factorOf(b.rag)), fees[i] ?? 0);
      return {
        material: d.material,
        placedOnMarketGrams: d.placed,
        declaredPlacedOnMarketGrams: d.declared,
        recoveredGrams: d.recovered,
        recycledGrams: d.recycled,
        pendingRecoveredGrams: d.pending.recoveredGrams,
        pendingRecycledGrams: d.pending.recycledGrams,
        recoveryRatePct: d.rate,
        recyclingRatePct: d.recyclingRate,
        targetPct: targets[d.material],
        feeMinor: fees[i] ?? 0,
        bands: d.bands.map((b, j) => ({ rag: b.rag, placedOnMarketGrams: b.grams, baseFeeMinorPerTonne: d.base, factor: factorOf(b.rag), feeMinor: bandFees[j] ?? 0 })),
        explanation: `${d.explanation}; fee ${money(fees[i] ?? 0, rules.currency)}`,
      };
    });
    return { producerId: p.producerId, status: statusOf(rules, lines), lines, feeMinor: total, reuse: reuseFiguresOf(p.reuse) };
  });
  return { ruleVersion: rules.version, currency: rules.currency, greenFactor, revenueNeutral: neutral, producers: results };
}

/** Compliant when every line's recycling rate meets its target; non-compliant when any misses it by more than the margin. */
export function statusOf(rules: EprRules, lines: readonly Pick<ComplianceLine, 'recyclingRatePct' | 'targetPct'>[]): ComplianceStatus {
  if (lines.some((l) => l.recyclingRatePct < l.targetPct - rules.atRiskMarginPct)) return 'NON_COMPLIANT';
  if (lines.some((l) => l.recyclingRatePct < l.targetPct)) return 'AT_RISK';
  return 'COMPLIANT';
}
