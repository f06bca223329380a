// The producer's what-if fee (issue #18, item 8), worked by hand under GL-EPR-2026.2: paper and card at GBP 196.00
// a tonne (19600 pence), red pays 1.2 times base, green the factor that keeps the scheme revenue-neutral.
import { expect } from 'chai';
import { EPR_RULES } from '../../server/domain/epr.js';
import { simulateFee } from '../../server/domain/fee-simulation.js';

const producers = [
  { producerId: 'a', placed: [{ material: 'PAPER_CARD', rag: 'RED', grams: 1_000_000 }] },
  { producerId: 'b', placed: [{ material: 'PAPER_CARD', rag: 'GREEN', grams: 2_000_000 }] },
] as const;

describe('fee simulation', () => {
  it('moves a producer’s tonnage between fee bands and recomputes its fee and the green factor', () => {
    // As placed: green factor 1 - 0.2 x (1 t x 19600) / (2 t x 19600) = 0.9; a pays 1 t x 19600 x 1.2 = 23520.
    // All of a's red tonne made amber: nothing red is left, the factor is 1, a pays 1 t x 19600 = 19600.
    expect(simulateFee(EPR_RULES, 2026, producers, 'a', [{ material: 'PAPER_CARD', from: 'RED', to: 'AMBER', grams: 1_000_000 }])).to.deep.equal({
      currentFeeMinor: 23_520, simulatedFeeMinor: 19_600, currentGreenFactor: 0.9, simulatedGreenFactor: 1,
    });
    // Half of it made green: factor 1 - 0.2 x 9800 / 49000 = 0.96; a pays 0.5 t x 19600 x 1.2 + 0.5 t x 19600 x 0.96
    // = 11760 + 9408 = 21168.
    const half = simulateFee(EPR_RULES, 2026, producers, 'a', [{ material: 'PAPER_CARD', from: 'RED', to: 'GREEN', grams: 500_000 }]);
    expect(half.simulatedFeeMinor).to.equal(21_168);
    expect(half.simulatedGreenFactor).to.be.closeTo(0.96, 1e-12);
  });

  it('never moves more than the band holds, and changes nothing for a move within one band', () => {
    const all = simulateFee(EPR_RULES, 2026, producers, 'a', [{ material: 'PAPER_CARD', from: 'RED', to: 'AMBER', grams: 5_000_000 }]);
    expect(all.simulatedFeeMinor).to.equal(19_600);
    const same = simulateFee(EPR_RULES, 2026, producers, 'a', [{ material: 'PAPER_CARD', from: 'RED', to: 'RED', grams: 1_000_000 }]);
    expect(same.simulatedFeeMinor).to.equal(same.currentFeeMinor);
  });
});
