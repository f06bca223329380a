// Packaging declared as placed on the market outside GreenLoop (issue #17, item 3): the declaration's rules, and how
// compliance adds it to the checkouts' mass. Figures worked by hand.
import { expect } from 'chai';
import { EPR_RULES, NO_REUSE, computeScheme, type ProducerFacts } from '../../server/domain/epr.js';
import { declaredGrams, parsePlacedOnMarket } from '../../server/domain/placed-on-market.js';

const NOW = Date.UTC(2026, 9, 15);

describe('declarations of packaging placed on the market', () => {
  it('takes lines per material and activity, RED unless the producer assessed the packaging', () => {
    const parsed = parsePlacedOnMarket({ period: '2026-Q3', idempotencyKey: 'd-1', lines: [
      { material: 'PLASTIC', grams: 1000, activity: ' own shop ' },
      { material: 'PLASTIC', grams: 500, activity: 'retail', ramRating: 'GREEN', evidence: [' INV-1 '] },
    ] }, NOW);
    expect(parsed.declaration?.lines).to.deep.equal([
      { material: 'PLASTIC', grams: 1000, activity: 'own shop', rag: 'RED', evidence: [] },
      { material: 'PLASTIC', grams: 500, activity: 'retail', rag: 'GREEN', evidence: ['INV-1'] },
    ]);
  });

  it('refuses a future period, negative or fractional grams, one material twice for one activity, and blank evidence', () => {
    const parsed = parsePlacedOnMarket({ period: '2026-11', idempotencyKey: 'd-1', lines: [
      { material: 'GLASS', grams: 1.5 },
      { material: 'GLASS', grams: 2, activity: '' },
      { material: 'WOOD', grams: -1, evidence: [''] },
    ] }, NOW);
    expect(parsed.errors.map((e) => e.field?.join('.'))).to.deep.equal(['input.period', 'input.lines.0.grams', 'input.lines.1.activity', 'input.lines.2.grams', 'input.lines.2.evidence']);
    expect(parsePlacedOnMarket({ period: '2026', idempotencyKey: 'd-1', lines: [] }, NOW).errors.map((e) => e.field?.join('.'))).to.deep.equal(['input.lines']);
  });

  it('sums declared grams per material and fee band over activities', () => {
    expect(declaredGrams([
      { material: 'PLASTIC', rag: 'RED', grams: 1000 }, { material: 'PLASTIC', rag: 'RED', grams: 200 }, { material: 'PLASTIC', rag: 'GREEN', grams: 5 },
    ])).to.deep.equal([{ material: 'PLASTIC', rag: 'RED', grams: 1200 }, { material: 'PLASTIC', rag: 'GREEN', grams: 5 }]);
  });

  it('adds declared mass to the checkouts’ in the fee, the green factor and the recovery rate, and says which is which', () => {
    // Glass at 19200 pence a tonne. Checkouts: 1 t green. Declared: 0.5 t red. Red cost 0.5 x 19200 = 9600, green
    // cost 1 x 19200 = 19200: green factor 1 - 0.2 x 9600 / 19200 = 0.9. Fee 19200 x 0.9 + 9600 x 1.2 = 17280 + 11520
    // = 28800. Recovered 0.6 t of 1.5 t = 40 %.
    const producer: ProducerFacts = {
      producerId: 'p1',
      placed: [{ material: 'GLASS', rag: 'GREEN', grams: 1_000_000 }],
      declared: [{ material: 'GLASS', rag: 'RED', grams: 500_000 }],
      reuse: NO_REUSE,
      collected: { GLASS: 600_000 },
      reported: {},
      pendingReported: {},
    };
    const scheme = computeScheme(EPR_RULES, 2026, [producer]);
    expect(scheme.greenFactor).to.be.closeTo(0.9, 1e-12);
    const [line] = scheme.producers[0]?.lines ?? [];
    expect(line).to.deep.include({ placedOnMarketGrams: 1_500_000, declaredPlacedOnMarketGrams: 500_000, feeMinor: 28_800, recoveryRatePct: 40 });
    expect(line?.explanation).to.contain('GLASS: 1.500 t placed on the market (1.000 t through GreenLoop checkouts + 500.000 kg declared)');
  });
});
