import { NO_REUSE, computeScheme, type EprRules, type PlacedGrams, type Rag } from './epr.js';

// A producer's what-if: its fee for a period if some of its packaging paid in another fee band (a type made more
// recyclable, say), every other producer's packaging as it was. Computed with the scheme's own fee function, so the
// green factor that keeps the scheme revenue-neutral moves too, as it would.

/** One producer's placements of a period by material and fee band (what its compliance snapshot holds). */
export interface ProducerPlacements {
  readonly producerId: string;
  readonly placed: readonly PlacedGrams[];
}

/** Grams of one material moved from one fee band to another. */
export interface BandMove {
  readonly material: PlacedGrams['material'];
  readonly from: Rag;
  readonly to: Rag;
  readonly grams: number;
}

export interface FeeSimulation {
  readonly currentFeeMinor: number;
  readonly simulatedFeeMinor: number;
  readonly currentGreenFactor: number;
  readonly simulatedGreenFactor: number;
}

function feesOf(rules: EprRules, year: number, producers: readonly ProducerPlacements[], producerId: string): { fee: number; greenFactor: number } {
  const scheme = computeScheme(rules, year, producers.map((p) => ({
    producerId: p.producerId, placed: p.placed, declared: [], collected: {}, reuse: NO_REUSE, reported: {}, pendingReported: {},
  })));
  return { fee: scheme.producers.find((p) => p.producerId === producerId)?.feeMinor ?? 0, greenFactor: scheme.greenFactor };
}

/** `placed` with `move` applied: never more grams than the band holds. */
function moveGrams(placed: readonly PlacedGrams[], move: BandMove): PlacedGrams[] {
  if (move.from === move.to) return [...placed];
  const held = placed.filter((l) => l.material === move.material && l.rag === move.from).reduce((sum, l) => sum + l.grams, 0);
  const grams = Math.min(move.grams, held);
  let left = grams;
  const taken = placed.map((l) => {
    if (l.material !== move.material || l.rag !== move.from || left <= 0) return l;
    const take = Math.min(left, l.grams);
    left -= take;
    return { ...l, grams: l.grams - take };
  });
  return [...taken, { material: move.material, rag: move.to, grams }];
}

/** The producer's fee as placed, and with `moves` applied to its placements in turn. */
export function simulateFee(rules: EprRules, year: number, producers: readonly ProducerPlacements[], producerId: string, moves: readonly BandMove[]): FeeSimulation {
  const current = feesOf(rules, year, producers, producerId);
  const moved = producers.map((p) => (p.producerId === producerId ? { ...p, placed: moves.reduce(moveGrams, p.placed) } : p));
  const simulated = feesOf(rules, year, moved, producerId);
  return { currentFeeMinor: current.fee, simulatedFeeMinor: simulated.fee, currentGreenFactor: current.greenFactor, simulatedGreenFactor: simulated.greenFactor };
}
