// Rankings and green-impact figures: pure arithmetic over counts the service gathers from facts.

export interface RankInput {
  readonly organizationId: string;
  readonly name: string;
  readonly score: number;
}

export interface RankRow extends RankInput {
  readonly rank: number;
}

/** Highest score first; equal scores share a rank (1, 2, 2, 4) and are listed by name. */
export function rank(rows: readonly RankInput[], first: number): RankRow[] {
  const sorted = [...rows].sort((a, b) => b.score - a.score || a.name.localeCompare(b.name) || a.organizationId.localeCompare(b.organizationId));
  const ranked: RankRow[] = [];
  sorted.forEach((row, i) => {
    const previous = ranked[i - 1];
    ranked.push({ ...row, rank: previous?.score === row.score ? previous.rank : i + 1 });
  });
  return ranked.slice(0, first);
}

/** A share in percent with two decimals; nothing counted is 0. */
export const sharePct = (part: number, whole: number): number => (whole === 0 ? 0 : Math.round((part * 10000) / whole) / 100);

export interface ImpactCounts {
  readonly parcels: number;
  readonly parcelsInOwnPackaging: number;
  /** Parcels shipped in REUSABLE packaging (absent in figures stored before it was counted: 0). */
  readonly parcelsInReusable?: number;
  /** Parcels in the product's own packaging or in REDUCED, GREEN or REUSABLE packaging (green-level.ts). */
  readonly greenChoices: number;
  readonly reusableUnitsInService: number;
  readonly reuseCycles: number;
  readonly creditsIssued: number;
  readonly creditsRedeemed: number;
  /** Loose packaging returned at collection points, grams (absent in figures stored before it was counted: 0). */
  readonly looseReturnedGrams?: number;
  /** Of which the collector could name no producer: recovered, but counted toward nobody's recovery. */
  readonly unattributedLooseGrams?: number;
  /** Grams of CO2e the parcels' chosen options avoided (carbon.ts); absent in figures counted before carbon factors. */
  readonly co2eAvoidedGrams?: number;
}

export interface GreenImpact {
  readonly parcels: number;
  readonly notReboxedRatePct: number;
  readonly greenChoiceSharePct: number;
  readonly reusableParcelSharePct: number;
  /** The reuse targets of the period's year (null: none applies yet). */
  readonly reusableParcelShareTargetPct: number | null;
  readonly reusableUnitsInServiceTarget: number | null;
  readonly reusableUnitsInService: number;
  readonly reuseCycles: number;
  readonly cartonsReused: number;
  readonly co2eAvoidedGrams: number;
  readonly creditsIssued: number;
  readonly creditsRedeemed: number;
  readonly looseReturnedGrams: number;
  readonly unattributedLooseGrams: number;
}

/**
 * Every reusable trip that came back is a carton not made: cartons reused = reuse cycles. CO2e avoided is what the
 * parcels' chosen options avoided, by the carbon factors their quotes named (the same figure the consumers' accounts
 * add up); figures counted before carbon factors existed credited each carton reused with the fee scheme's
 * `legacyGramsPerCartonReused` instead.
 */
export function greenImpactOf(
  counts: ImpactCounts,
  legacyGramsPerCartonReused: number,
  reuseTargets: { readonly reusableParcelSharePct: number | null; readonly unitsInService: number | null },
): GreenImpact {
  return {
    parcels: counts.parcels,
    notReboxedRatePct: sharePct(counts.parcelsInOwnPackaging, counts.parcels),
    greenChoiceSharePct: sharePct(counts.greenChoices, counts.parcels),
    reusableParcelSharePct: sharePct(counts.parcelsInReusable ?? 0, counts.parcels),
    reusableParcelShareTargetPct: reuseTargets.reusableParcelSharePct,
    reusableUnitsInServiceTarget: reuseTargets.unitsInService,
    reusableUnitsInService: counts.reusableUnitsInService,
    reuseCycles: counts.reuseCycles,
    cartonsReused: counts.reuseCycles,
    co2eAvoidedGrams: counts.co2eAvoidedGrams ?? counts.reuseCycles * legacyGramsPerCartonReused,
    creditsIssued: counts.creditsIssued,
    creditsRedeemed: counts.creditsRedeemed,
    looseReturnedGrams: counts.looseReturnedGrams ?? 0,
    unattributedLooseGrams: counts.unattributedLooseGrams ?? 0,
  };
}
