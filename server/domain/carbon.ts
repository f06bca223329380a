import type { Dimensions, Material } from './packaging.js';

// Carbon at checkout: the CO2e of each packaging option and what it avoids against the single-use box the parcel
// would otherwise ship in, from versioned factors with their sources. The same factors price every option, the
// consumer's account and the dashboard's impact figures, so one number means one thing everywhere.

export interface CarbonFactors {
  readonly version: string;
  /** Where each number comes from. */
  readonly sources: readonly string[];
  /** Grams of CO2e per kilogram of packaging made, by material (cradle to gate). */
  readonly materialGramsPerKg: Readonly<Record<Material, number>>;
  /** Grams of CO2e of one trip of a reusable unit: its way back, inspection and cleaning. */
  readonly reuseTripGrams: number;
  /**
   * The counterfactual every option is compared with: a single-use regular slotted box (FEFCO 0201) around the parcel,
   * of corrugated board weighing this many grams per square metre, made of PAPER_CARD.
   */
  readonly baselineBoardGramsPerM2: number;
}

export const CARBON_FACTORS: CarbonFactors = {
  version: 'GL-CARBON-2026.1',
  sources: [
    'Material factors, g CO2e per kg made from primary material, rounded to two figures: UK Government GHG conversion factors (DESNZ), "Material use" (paper and card 820, plastics 3,100, aluminium 9,100, steel 2,900, glass 1,400, wood 310); not yet checked against the published year\'s table.',
    'Fibre composite 1,100 and other 3,100 g CO2e per kg: GreenLoop assumptions (paper-based composite; other taken as plastics), to be replaced by measured figures.',
    'One reuse trip, 30 g CO2e (consolidated postal return, inspection, cleaning): GreenLoop assumption, to be replaced by the reuse schemes\' measured figures.',
    'Baseline box: a FEFCO 0201 regular slotted single-wall corrugated box around the parcel, 450 g/m2 board, the usual single-use e-commerce carton.',
  ],
  materialGramsPerKg: { ALUMINIUM: 9100, FIBRE_COMPOSITE: 1100, GLASS: 1400, PAPER_CARD: 820, PLASTIC: 3100, STEEL: 2900, WOOD: 310, OTHER: 3100 },
  reuseTripGrams: 30,
  baselineBoardGramsPerM2: 450,
};

/** What the factors need of a packaging type. */
export interface CarbonOfType {
  readonly material: Material;
  readonly massGrams: number;
  /** Reusable design life in trips; null: single use. */
  readonly designedCycles: number | null;
}

/**
 * Grams of CO2e one parcel's packaging costs: a single-use type its whole making; a reusable type its making shared
 * over its designed trips, plus one trip. Whole grams, rounded half up.
 */
export function packagingCo2eGrams(factors: CarbonFactors, type: CarbonOfType): number {
  const making = (type.massGrams * factors.materialGramsPerKg[type.material]) / 1000;
  if (type.designedCycles === null) return Math.round(making);
  return Math.round(making / type.designedCycles) + factors.reuseTripGrams;
}

/**
 * Grams of CO2e of the single-use box the parcel would otherwise ship in: a FEFCO 0201 blank around it, 2(L + W) long
 * and W + H high, its flaps closing the largest face (L the longest side, W the middle one, H the shortest), in the
 * baseline board, made of paper and card.
 */
export function baselineCo2eGrams(factors: CarbonFactors, parcel: Dimensions): number {
  const [h = 0, w = 0, l = 0] = [parcel.lengthMm, parcel.widthMm, parcel.heightMm].sort((a, b) => a - b);
  const blankMm2 = 2 * (l + w) * (w + h);
  const boardGrams = (blankMm2 / 1_000_000) * factors.baselineBoardGramsPerM2;
  return Math.round((boardGrams * factors.materialGramsPerKg.PAPER_CARD) / 1000);
}

/** What an option avoids against the baseline box; never negative (a heavier box avoids nothing, it is not a debt). */
export const co2eAvoidedGrams = (baselineGrams: number, optionGrams: number): number => Math.max(0, baselineGrams - optionGrams);
