// The chaos suite's compliance oracle (test/chaos/support/naive-epr.ts) against the figures worked by hand in
// test/e2e/compliance.test.ts, so the oracle is itself held to numbers nobody computed with code.
import { expect } from 'chai';
import { EPR_RULES } from '../../server/domain/epr.js';
import { naiveScheme } from '../chaos/support/naive-epr.js';

describe('the chaos suite’s plain EPR oracle', () => {
  it('gives the hand-worked fees, rates, statuses and green factor of the compliance example', () => {
    // Paper Co: 600 g green + 800 g red paper, 1000 g recovered and 800 g recycled by report; Crate Co: 1800 g green
    // plastic, 900 g back at collection points. Pence per tonne: paper 19600, plastic 42300; red x1.2.
    const scheme = naiveScheme(EPR_RULES, 2026, [
      { producerId: 'paper', placed: [{ material: 'PAPER_CARD', rag: 'GREEN', grams: 600 }, { material: 'PAPER_CARD', rag: 'RED', grams: 800 }], collected: {}, reported: { PAPER_CARD: { recoveredGrams: 1000, recycledGrams: 800 } }, pendingReported: {} },
      { producerId: 'crate', placed: [{ material: 'PLASTIC', rag: 'GREEN', grams: 1800 }], collected: { PLASTIC: 900 }, reported: {}, pendingReported: {} },
    ]);
    // red cost 0.0008 t x 19600 = 15.68; green cost 0.0006 x 19600 + 0.0018 x 42300 = 87.90
    expect(scheme.greenFactor).to.be.closeTo(1 - (0.2 * 15.68) / 87.9, 1e-12);
    expect(scheme.revenueNeutral).to.equal(true);
    // Paper Co: 11.76 x 0.964323 + 15.68 x 1.2 = 30.16 -> 30; Crate Co: 76.14 x 0.964323 = 73.42 -> 73
    // Recycling: paper 800 g reported of 1400 g = 57.14 % against 75 %, 17.86 points short: NON_COMPLIANT; crate 900 g
    // of loose plastic collected (to recycling) of 1800 g = 50 % against 50 %: COMPLIANT
    expect(scheme.producers).to.deep.equal([
      { producerId: 'paper', status: 'NON_COMPLIANT', feeMinor: 30, lines: [{ material: 'PAPER_CARD', placedOnMarketGrams: 1400, recoveredGrams: 1000, recycledGrams: 800, pendingRecoveredGrams: 0, pendingRecycledGrams: 0, recoveryRatePct: 71.43, recyclingRatePct: 57.14, targetPct: 75 }] },
      { producerId: 'crate', status: 'COMPLIANT', feeMinor: 73, lines: [{ material: 'PLASTIC', placedOnMarketGrams: 1800, recoveredGrams: 900, recycledGrams: 900, pendingRecoveredGrams: 0, pendingRecycledGrams: 0, recoveryRatePct: 50, recyclingRatePct: 50, targetPct: 50 }] },
    ]);
  });

  it('has no green factor to balance with when nothing is green, and never a negative one', () => {
    const allRed = naiveScheme(EPR_RULES, 2026, [{ producerId: 'p', placed: [{ material: 'GLASS', rag: 'RED', grams: 1_000_000 }], collected: {}, reported: {}, pendingReported: {} }]);
    // 1 t of red glass: 19200 x 1.2 = 23040 pence; nothing recovered against a glass target: NON_COMPLIANT
    expect(allRed).to.deep.include({ greenFactor: 1, revenueNeutral: false });
    expect(allRed.producers[0]).to.deep.include({ feeMinor: 23_040, status: 'NON_COMPLIANT' });
    const mostlyRed = naiveScheme(EPR_RULES, 2026, [{ producerId: 'p', placed: [{ material: 'GLASS', rag: 'RED', grams: 1_000_000 }, { material: 'GLASS', rag: 'GREEN', grams: 1000 }], collected: {}, reported: {}, pendingReported: {} }]);
    // 1 - 0.2 x 19200 / 19.2 < 0
    expect(mostlyRed).to.deep.include({ greenFactor: 0, revenueNeutral: false });
  });

  it('shows a report awaiting the regulator beside the counted figures, never in them', () => {
    // 1 t of amber paper; 500 kg of loose paper back at collection points (to recycling); 300 kg reported and pending: 50 %, not 80 %
    const scheme = naiveScheme(EPR_RULES, 2026, [{ producerId: 'p', placed: [{ material: 'PAPER_CARD', rag: 'AMBER', grams: 1_000_000 }], collected: { PAPER_CARD: 500_000 }, reported: {}, pendingReported: { PAPER_CARD: { recoveredGrams: 300_000, recycledGrams: 200_000 } } }]);
    expect(scheme.producers[0]?.lines).to.deep.equal([{ material: 'PAPER_CARD', placedOnMarketGrams: 1_000_000, recoveredGrams: 500_000, recycledGrams: 500_000, pendingRecoveredGrams: 300_000, pendingRecycledGrams: 200_000, recoveryRatePct: 50, recyclingRatePct: 50, targetPct: 75 }]);
    expect(scheme.producers[0]?.status, '50 % against 75 %: more than the 10-point margin below').to.equal('NON_COMPLIANT');
  });
});
