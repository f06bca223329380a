// A producer's recycling report counts once the regulator accepted it (issue #17, item 4): which revision counts,
// which awaits a decision, and how compliance shows both. Figures written by hand.
import { expect } from 'chai';
import { EPR_RULES, NO_REUSE, computeScheme, type ProducerFacts } from '../../server/domain/epr.js';
import { parseReportDecision, revisionsThatCount, type ReportRevision } from '../../server/domain/recycling-report.js';

const rev = (producerId: string, period: string, revision: number, status: ReportRevision['status']): ReportRevision => ({ producerId, period, revision, status });

describe('recycling report decisions', () => {
  it('counts the latest accepted revision, and shows a newer undecided one as pending', () => {
    const { accepted, pending } = revisionsThatCount([
      rev('p1', '2026-Q1', 1, 'ACCEPTED'), rev('p1', '2026-Q1', 2, 'REJECTED'), rev('p1', '2026-Q1', 3, 'PENDING'),
      rev('p2', '2026-Q1', 1, 'PENDING'),
      rev('p3', '2026-Q1', 1, 'ACCEPTED'), rev('p3', '2026-Q1', 2, 'ACCEPTED'),
      rev('p4', '2026-Q1', 1, 'REJECTED'),
      rev('p1', '2026-Q2', 1, 'REJECTED'), rev('p1', '2026-Q2', 2, 'ACCEPTED'),
    ]);
    expect(accepted.map((r) => `${r.producerId} ${r.period} r${String(r.revision)}`).sort()).to.deep.equal(['p1 2026-Q1 r1', 'p1 2026-Q2 r2', 'p3 2026-Q1 r2']);
    expect(pending.map((r) => `${r.producerId} ${r.period} r${String(r.revision)}`).sort()).to.deep.equal(['p1 2026-Q1 r3', 'p2 2026-Q1 r1']);
  });

  it('waits on nothing once the newest revision is decided, and never counts a rejected one', () => {
    expect(revisionsThatCount([rev('p1', '2026', 1, 'ACCEPTED'), rev('p1', '2026', 2, 'REJECTED')])).to.deep.equal({ accepted: [rev('p1', '2026', 1, 'ACCEPTED')], pending: [] });
    expect(revisionsThatCount([rev('p1', '2026', 1, 'REJECTED')])).to.deep.equal({ accepted: [], pending: [] });
  });

  it('parses a decision: a report id, ACCEPTED or REJECTED, a plain-text reason, an idempotency key', () => {
    const good = parseReportDecision({ reportId: 'a'.repeat(24), decision: 'REJECTED', reason: '  certificate expired  ', idempotencyKey: 'd-1' });
    expect(good.decision).to.deep.equal({ reportId: 'a'.repeat(24), decision: 'REJECTED', reason: 'certificate expired' });
    const bad = parseReportDecision({ reportId: 'nope', decision: 'MAYBE', reason: ' ', idempotencyKey: 'has space' });
    expect(bad.errors.map((e) => e.field?.join('.'))).to.deep.equal(['input.idempotencyKey', 'input.reportId', 'input.decision', 'input.reason']);
    expect(parseReportDecision({ reportId: 'a'.repeat(24), decision: 'ACCEPTED', reason: 'x'.repeat(501), idempotencyKey: 'k' }).errors.map((e) => e.field?.join('.'))).to.deep.equal(['input.reason']);
  });

  it('counts accepted figures only and shows pending ones beside them', () => {
    // 1 t of paper placed; 200 kg back at collection points; 400 kg reported and accepted; 300 kg more awaiting the regulator
    const producer: ProducerFacts = {
      producerId: 'p1',
      placed: [{ material: 'PAPER_CARD', rag: 'AMBER', grams: 1_000_000 }],
      reuse: NO_REUSE, declared: [], collected: { PAPER_CARD: 200_000 },
      reported: { PAPER_CARD: { recoveredGrams: 400_000, recycledGrams: 350_000 } },
      pendingReported: { PAPER_CARD: { recoveredGrams: 300_000, recycledGrams: 300_000 } },
    };
    const [line] = computeScheme(EPR_RULES, 2026, [producer]).producers[0]?.lines ?? [];
    // recycled: the 200 kg loose at collection points + 350 kg reported and accepted = 550 kg, 55 %
    expect(line).to.deep.include({ recoveredGrams: 600_000, recycledGrams: 550_000, pendingRecoveredGrams: 300_000, pendingRecycledGrams: 300_000, recoveryRatePct: 60, recyclingRatePct: 55 });
    expect(line?.explanation).to.contain('; 300.000 kg more reported, awaiting the regulator (not counted)');
  });

  it('lists a material that only a pending report names, at 0 recovered', () => {
    const producer: ProducerFacts = { producerId: 'p1', placed: [], reuse: NO_REUSE, declared: [], collected: {}, reported: {}, pendingReported: { GLASS: { recoveredGrams: 5_000, recycledGrams: 0 } } };
    const [line] = computeScheme(EPR_RULES, 2026, [producer]).producers[0]?.lines ?? [];
    expect(line).to.deep.include({ material: 'GLASS', recoveredGrams: 0, pendingRecoveredGrams: 5_000 });
  });
});
