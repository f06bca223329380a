import type { PackagingClass } from './packaging.js';

/** Greenest first: no secondary box at all beats any box; reuse beats single use; lighter beats standard. */
export const GREENNESS_ORDER = ['OWN_PACKAGING', 'REUSABLE', 'GREEN', 'REDUCED', 'STANDARD'] as const;
export type GreennessRank = (typeof GREENNESS_ORDER)[number];

export interface RankedOption {
  readonly packagingClass: PackagingClass;
  readonly ownPackaging: boolean;
  readonly priceMinor: number;
}

/** Position in GREENNESS_ORDER; NON_COMPLIANT (never offered) ranks after everything. */
export function greennessRank(option: Pick<RankedOption, 'packagingClass' | 'ownPackaging'>): number {
  const key = option.ownPackaging ? 'OWN_PACKAGING' : option.packagingClass;
  const rank = (GREENNESS_ORDER as readonly string[]).indexOf(key);
  return rank === -1 ? GREENNESS_ORDER.length : rank;
}

/** The index of the one option to recommend: greenest, then cheapest, then first listed; -1 when there is none. */
// Not generic: any array of richer option objects is already assignable to `readonly RankedOption[]`.
export function recommendOption(options: readonly RankedOption[]): number {
  let best = -1;
  let bestRank = Infinity;
  let bestPrice = Infinity;
  options.forEach((option, i) => {
    const rank = greennessRank(option);
    if (rank < bestRank || (rank === bestRank && option.priceMinor < bestPrice)) {
      best = i;
      bestRank = rank;
      bestPrice = option.priceMinor;
    }
  });
  return best;
}
