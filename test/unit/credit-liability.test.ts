import { expect } from 'chai';
import { liabilityOf } from '../../server/domain/credit-liability.js';

const DAY = 86_400_000;
const asOf = Date.parse('2026-03-01T00:00:00Z');

describe('credit liability', () => {
  it('adds the accounts’ open lots, pending and held credits, and what expires within 30, 90 and 365 days', () => {
    const figures = liabilityOf([
      // 10 expire in 10 days, 20 in 60 days, 5 are past their date (not owed any more, expiry entry or not).
      { pending: 7, lots: [{ seq: 1, remaining: 5, expiresAtMs: asOf - DAY }, { seq: 2, remaining: 10, expiresAtMs: asOf + 10 * DAY }, { seq: 3, remaining: 20, expiresAtMs: asOf + 60 * DAY }] },
      // 40 expire exactly 365 days after asOf, 1 in two years; 15 held.
      { pending: 0, held: 15, lots: [{ seq: 4, remaining: 40, expiresAtMs: asOf + 365 * DAY }, { seq: 5, remaining: 1, expiresAtMs: asOf + 730 * DAY }] },
    ], asOf);
    expect(figures).to.deep.equal({ accounts: 2, outstanding: 71, pending: 7, held: 15, expiring30d: 10, expiring90d: 30, expiring365d: 70 });
    expect(liabilityOf([], asOf)).to.deep.equal({ accounts: 0, outstanding: 0, pending: 0, held: 0, expiring30d: 0, expiring90d: 0, expiring365d: 0 });
  });
});
