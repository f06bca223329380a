import { expect } from 'chai';
import { EPR_RULES, NO_REUSE, allocateRounded, computeScheme, greenFactorOf, reuseFiguresOf, reuseTargetsFor, statusOf, targetsFor, type ProducerFacts } from '../../server/domain/epr.js';
import { csvField } from '../../server/domain/epr-export.js';
import { greenImpactOf, rank, sharePct } from '../../server/domain/impact.js';
import { parsePeriod, periodsContaining, periodsWithin, reportsCovering } from '../../server/domain/period.js';
import { presumedLostBefore } from '../../server/domain/reusable-unit.js';

// Hand-computed fixture (base fees in pence per tonne: paper 19600, plastic 42300; red factor 1.2):
//   red cost   = 1 t plastic x 42300                      =  42300
//   green cost = 2 t paper x 19600 + 3 t plastic x 42300  = 166100
//   greenFactor = 1 - 0.2 x 42300 / 166100 = 0.949066827...
//   p1: paper 2 x 19600 x 0.94907 = 37203.42 -> 37203; plastic red 42300 x 1.2 = 50760; total 87963.42 -> 87963
//   p2: plastic 3 x 42300 x 0.94907 = 120436.58 -> 120437
//   modulated 87963 + 120437 = 208400 = base 39200 + 42300 + 126900: revenue-neutral to the penny
const p1: ProducerFacts = {
  producerId: 'p1',
  placed: [{ material: 'PAPER_CARD', rag: 'GREEN', grams: 2_000_000 }, { material: 'PLASTIC', rag: 'RED', grams: 1_000_000 }],
  reuse: NO_REUSE, declared: [], collected: { PAPER_CARD: 500_000, PLASTIC: 450_000 },
  reported: { PAPER_CARD: { recoveredGrams: 1_000_000, recycledGrams: 900_000 } }, pendingReported: {},
};
const p2: ProducerFacts = { producerId: 'p2', placed: [{ material: 'PLASTIC', rag: 'GREEN', grams: 3_000_000 }], reuse: NO_REUSE, declared: [], collected: { PLASTIC: 300_000 }, reported: {}, pendingReported: {} };

describe('extended producer responsibility', () => {
  it('computes the revenue-neutral green factor of DESIGN.md', () => {
    const { factor, neutral } = greenFactorOf(EPR_RULES, [p1, p2]);
    expect(factor).to.be.closeTo(1 - (0.2 * 42300) / 166100, 1e-12);
    expect(neutral).to.equal(true);
    expect(greenFactorOf(EPR_RULES, [p2])).to.deep.equal({ factor: 1, neutral: true });
    expect(greenFactorOf(EPR_RULES, [{ ...p2, placed: [{ material: 'PLASTIC', rag: 'RED', grams: 1 }] }])).to.deep.equal({ factor: 1, neutral: false });
  });

  it('modulates fees by band, rounds each producer to whole minor units, and keeps the scheme revenue-neutral', () => {
    const scheme = computeScheme(EPR_RULES, 2026, [p1, p2]);
    const [r1, r2] = scheme.producers;
    expect(r1?.lines.map((l) => [l.material, l.feeMinor])).to.deep.equal([['PAPER_CARD', 37203], ['PLASTIC', 50760]]);
    expect(r1?.feeMinor).to.equal(87963);
    expect(r2?.feeMinor).to.equal(120437);
    const base = 2 * 19600 + 42300 + 3 * 42300;
    expect((r1?.feeMinor ?? 0) + (r2?.feeMinor ?? 0)).to.equal(base);
    for (const r of scheme.producers) expect(r.lines.reduce((s, l) => s + l.feeMinor, 0), r.producerId).to.equal(r.feeMinor);
    expect(r1?.lines[0]?.explanation).to.contain('PAPER_CARD: 2.000 t placed on the market (green 2.000 t x GBP 196.00/t x 0.9491)')
      .and.contain('; recycled 1.400 t (500.000 kg loose at collection points + 900.000 kg reported and accepted) = 70.00 % against a 75 % recycling target; recovered 1.500 t = 75.00 %')
      .and.contain('fee GBP 372.03');
  });

  it('shows each line’s modulation: the mass, base fee and factor of every fee band, the bands adding up to the line’s fee', () => {
    const [r1] = computeScheme(EPR_RULES, 2026, [p1, p2]).producers;
    const factor = 1 - (0.2 * 42300) / 166100;
    expect(r1?.lines[0]?.bands).to.have.length(1);
    expect(r1?.lines[0]?.bands[0]).to.deep.include({ rag: 'GREEN', placedOnMarketGrams: 2_000_000, baseFeeMinorPerTonne: 19600, feeMinor: 37203 });
    expect(r1?.lines[0]?.bands[0]?.factor).to.be.closeTo(factor, 1e-12);
    expect(r1?.lines[1]?.bands).to.deep.equal([{ rag: 'RED', placedOnMarketGrams: 1_000_000, baseFeeMinorPerTonne: 42300, factor: 1.2, feeMinor: 50760 }]);
    // one material in three bands; the scheme's red and green costs become 52875 and 208400, so greenFactor =
    // 1 - 0.2 x 52875 / 208400 = 0.949256: green 1 t x 42300 x 0.949256 = 40153.55, amber 0.5 t x 42300 = 21150,
    // red 0.25 t x 42300 x 1.2 = 12690; exact 73993.55 -> 73994 pence, the spare penny going to the largest remainder (green)
    const mixed: ProducerFacts = { producerId: 'p3', placed: [{ material: 'PLASTIC', rag: 'GREEN', grams: 1_000_000 }, { material: 'PLASTIC', rag: 'AMBER', grams: 500_000 }, { material: 'PLASTIC', rag: 'RED', grams: 250_000 }], reuse: NO_REUSE, declared: [], collected: {}, reported: {}, pendingReported: {} };
    const [, , r3] = computeScheme(EPR_RULES, 2026, [p1, p2, mixed]).producers;
    const line = r3?.lines[0];
    expect(line?.bands.map((b) => [b.rag, b.placedOnMarketGrams, b.feeMinor])).to.deep.equal([['GREEN', 1_000_000, 40154], ['AMBER', 500_000, 21150], ['RED', 250_000, 12690]]);
    expect(line?.bands.reduce((s, b) => s + b.feeMinor, 0)).to.equal(line?.feeMinor);
  });

  it('judges the recycling rate against the targets: at target compliant, within 10 points at risk, further below non-compliant', () => {
    const [r1, r2] = computeScheme(EPR_RULES, 2026, [p1, p2]).producers;
    // paper: recycled 0.5 t loose + 0.9 t reported = 1.4 t of 2 t = 70 % (recovered 1.5 t = 75 %); plastic 0.45 t of 1 t
    expect(r1?.lines.map((l) => [l.recoveryRatePct, l.recyclingRatePct, l.targetPct, l.recycledGrams])).to.deep.equal([[75, 70, 75, 1_400_000], [45, 45, 50, 450_000]]);
    expect(r1?.status).to.equal('AT_RISK');
    expect(r2?.lines[0]?.recyclingRatePct).to.equal(10);
    expect(r2?.status).to.equal('NON_COMPLIANT');
    expect(statusOf(EPR_RULES, [{ recyclingRatePct: 75, targetPct: 75 }])).to.equal('COMPLIANT');
    expect(statusOf(EPR_RULES, [{ recyclingRatePct: 65, targetPct: 75 }])).to.equal('AT_RISK');
    expect(statusOf(EPR_RULES, [{ recyclingRatePct: 64.99, targetPct: 75 }])).to.equal('NON_COMPLIANT');
    // reuse, apart: 9 of 10 trips back = 90 %, so a unit can expect 1 / (1 - 0.9) = 10 uses
    expect(reuseFiguresOf({ unitsIssued: 2, tripsShipped: 10, tripsReturned: 9 })).to.deep.equal({ unitsIssued: 2, tripsShipped: 10, tripsReturned: 9, returnRatePct: 90, expectedUses: 10 });
    expect(reuseFiguresOf({ unitsIssued: 0, tripsShipped: 3, tripsReturned: 1 })).to.deep.include({ returnRatePct: 33.33, expectedUses: 1.5 });
    expect(reuseFiguresOf(NO_REUSE)).to.deep.include({ returnRatePct: null, expectedUses: null });
    expect(targetsFor(EPR_RULES, 2029).PAPER_CARD).to.equal(75);
    expect(targetsFor(EPR_RULES, 2030).PAPER_CARD).to.equal(85);
  });

  it('never loses or invents a minor unit when spreading a total over lines', () => {
    expect(allocateRounded([0.5, 0.5, 0.5, 0.5], 2)).to.deep.equal([1, 1, 0, 0]);
    expect(allocateRounded([1.2, 2.3, 3.5], 7)).to.deep.equal([1, 2, 4]);
    for (let seed = 1; seed <= 200; seed += 1) {
      const exact = Array.from({ length: 1 + (seed % 7) }, (_, i) => ((seed * 7919 + i * 104729) % 100000) / 37);
      const total = Math.round(exact.reduce((a, b) => a + b, 0));
      const parts = allocateRounded(exact, total);
      expect(parts.reduce((a, b) => a + b, 0), `seed ${String(seed)}`).to.equal(total);
      parts.forEach((p, i) => expect(Math.abs(p - (exact[i] ?? 0))).to.be.below(1));
    }
  });
});

describe('reporting periods', () => {
  it('reads years, halves, quarters and months as UTC half-open intervals, and refuses anything else', () => {
    expect(parsePeriod('2026')).to.deep.include({ startMs: Date.UTC(2026, 0, 1), endMs: Date.UTC(2027, 0, 1) });
    expect(parsePeriod('2026-H2')).to.deep.include({ startMs: Date.UTC(2026, 6, 1), endMs: Date.UTC(2027, 0, 1) });
    expect(parsePeriod('2026-Q1')).to.deep.include({ startMs: Date.UTC(2026, 0, 1), endMs: Date.UTC(2026, 3, 1) });
    expect(parsePeriod('2026-12')).to.deep.include({ startMs: Date.UTC(2026, 11, 1), endMs: Date.UTC(2027, 0, 1) });
    for (const bad of ['2026-13', '2026-Q5', '2026-H3', '26', '2026-1', '2026-00', '1999', '2026-11-01']) expect(parsePeriod(bad), bad).to.equal(null);
    expect(periodsContaining(Date.UTC(2026, 10, 29)).map((p) => p.key)).to.deep.equal(['2026', '2026-H2', '2026-Q4', '2026-11']);
  });
});

describe('rankings and green impact', () => {
  it('ranks highest first, shares a rank between equal scores, and cuts at first', () => {
    const rows = [{ organizationId: 'a', name: 'Alpha', score: 50 }, { organizationId: 'b', name: 'Beta', score: 80 }, { organizationId: 'c', name: 'Gamma', score: 50 }, { organizationId: 'd', name: 'Delta', score: 10 }];
    expect(rank(rows, 10).map((r) => [r.rank, r.name])).to.deep.equal([[1, 'Beta'], [2, 'Alpha'], [2, 'Gamma'], [4, 'Delta']]);
    expect(rank(rows, 2).map((r) => r.name)).to.deep.equal(['Beta', 'Alpha']);
  });

  it('derives rates, cartons and CO2e from counts', () => {
    expect(sharePct(1, 3)).to.equal(33.33);
    expect(sharePct(0, 0)).to.equal(0);
    const counts = { parcels: 8, parcelsInOwnPackaging: 2, greenChoices: 6, reusableUnitsInService: 5, reuseCycles: 3, creditsIssued: 40, creditsRedeemed: 10 };
    const targets2030 = reuseTargetsFor(EPR_RULES, 2030);
    // 2 of 8 parcels in reusable packaging = 25 %, against the 40 % PPWR share that applies from 2030
    expect(greenImpactOf({ ...counts, parcelsInReusable: 2, looseReturnedGrams: 250, unattributedLooseGrams: 70 }, 37, targets2030))
      .to.deep.equal({
        parcels: 8, notReboxedRatePct: 25, greenChoiceSharePct: 75, reusableParcelSharePct: 25, reusableParcelShareTargetPct: 40, reusableUnitsInServiceTarget: 10_000_000,
        reusableUnitsInService: 5, reuseCycles: 3, cartonsReused: 3, co2eAvoidedGrams: 111, creditsIssued: 40, creditsRedeemed: 10, looseReturnedGrams: 250, unattributedLooseGrams: 70,
      });
    // CO2e avoided is what the parcels' options avoided, by the carbon factors; figures counted before those existed
    // credited 37 g per carton reused (3 cycles: 111 g above).
    expect(greenImpactOf({ ...counts, co2eAvoidedGrams: 420 }, 37, targets2030).co2eAvoidedGrams).to.equal(420);
    expect(greenImpactOf({ ...counts, co2eAvoidedGrams: 0 }, 37, targets2030).co2eAvoidedGrams, 'counted, and nothing avoided').to.equal(0);
    expect(greenImpactOf(counts, 37, targets2030), 'figures stored before loose mass and reusable parcels were counted').to.deep.include({ looseReturnedGrams: 0, unattributedLooseGrams: 0, reusableParcelSharePct: 0 });
    expect(reuseTargetsFor(EPR_RULES, 2026), 'no reusable-share target before 2030').to.deep.equal({ reusableParcelSharePct: null, unitsInService: 10_000_000 });
    expect(reuseTargetsFor(EPR_RULES, 2024)).to.deep.equal({ reusableParcelSharePct: null, unitsInService: null });
  });
});

describe('producer data export', () => {
  it('quotes fields that need it and never lets producer text start a spreadsheet formula', () => {
    expect(csvField('plain')).to.equal('plain');
    expect(csvField('a,b')).to.equal('"a,b"');
    expect(csvField('say "hi"')).to.equal('"say ""hi"""');
    expect(csvField('=HYPERLINK("x")')).to.equal('"\'=HYPERLINK(""x"")"');
    expect(csvField('-1')).to.equal("'-1");
    expect(csvField(-1)).to.equal('-1');
  });
});

describe('reports counted for a period', () => {
  const year = parsePeriod('2026');
  it('lists every period within one, coarsest first', () => {
    expect(year && periodsWithin(year).map((p) => p.key).slice(0, 4)).to.deep.equal(['2026', '2026-H1', '2026-H2', '2026-Q1']);
    const q2 = parsePeriod('2026-Q2');
    expect(q2 && periodsWithin(q2).map((p) => p.key)).to.deep.equal(['2026-Q2', '2026-04', '2026-05', '2026-06']);
  });

  it('takes the coarsest reports within the period and never two that overlap', () => {
    const reports = ['2026-Q1', '2026-01', '2026-04', '2026-H2', '2026-Q3', '2025-12'].map((period) => ({ period }));
    if (!year) throw new Error('parse');
    expect(reportsCovering(year, reports).map((r) => r.period)).to.deep.equal(['2026-H2', '2026-Q1', '2026-04']);
    const half = parsePeriod('2026-H1');
    if (!half) throw new Error('parse');
    expect(reportsCovering(half, [{ period: '2026' }, { period: '2026-02' }]).map((r) => r.period)).to.deep.equal(['2026-02']);
  });
});

describe('a unit presumed lost', () => {
  it('counts a loss written before the return came back, not one a racing job wrote after it', () => {
    const returned = { createdAt: new Date(2000) };
    expect(presumedLostBefore(null, returned)).to.equal(false);
    expect(presumedLostBefore({ at: new Date(1000) }, returned)).to.equal(true);
    expect(presumedLostBefore({ at: new Date(3000) }, returned)).to.equal(false);
  });
});
