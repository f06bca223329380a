import { expect } from 'chai';
import { auditChain } from '../../server/domain/ledger-audit.js';
import {
  EMPTY_ACCOUNT,
  addMonthsUtc,
  adjust,
  captureHold,
  earnPending,
  hold,
  reverseRedemption,
  voidHold,
  expireNextLot,
  postPending,
  redeem,
  reversePending,
  reversePosted,
  stateProblems,
  type AccountState,
  type LedgerStep,
} from '../../server/domain/credit-ledger.js';

const day = '2026-11-29';
const t = (iso: string) => Date.parse(iso);

function ok(step: LedgerStep) {
  if ('refused' in step) throw new Error(`refused: ${step.message}`);
  expect(stateProblems(step.entry.after), 'invariants after the step').to.deep.equal([]);
  return step.entry;
}

/** Earn then post `amount`, expiring at `expires`. */
function earned(state: AccountState, amount: number, expires: string): AccountState {
  const pending = ok(earnPending(state, { amount, day, dailyCap: 1000, reason: 'choice' })).after;
  return ok(postPending(pending, { amount, expiresAtMs: t(expires), reason: 'delivered' })).after;
}

describe('credit ledger arithmetic', () => {
  it('keeps earned credits pending, then posts them as a lot, one seq per entry', () => {
    const pending = ok(earnPending(EMPTY_ACCOUNT, { amount: 10, day, dailyCap: 100, reason: 'own packaging' }));
    expect(pending.after).to.include({ seq: 1, pending: 10, available: 0, lifetimeEarned: 10 });
    const posted = ok(postPending(pending.after, { amount: 10, expiresAtMs: t('2027-11-29T00:00:00Z'), reason: 'delivered' }));
    expect(posted.after).to.include({ seq: 2, pending: 0, available: 10 });
    expect(posted.after.lots).to.deep.equal([{ seq: 2, remaining: 10, expiresAtMs: t('2027-11-29T00:00:00Z') }]);
  });

  it('earns only what the daily cap leaves, and says so; the cap resets the next day', () => {
    const first = ok(earnPending(EMPTY_ACCOUNT, { amount: 8, day, dailyCap: 10, reason: 'a' }));
    const capped = ok(earnPending(first.after, { amount: 5, day, dailyCap: 10, reason: 'b' }));
    expect(capped.amount).to.equal(2);
    expect(capped.reason).to.contain('daily cap 10: 2 of 5');
    const none = ok(earnPending(capped.after, { amount: 5, day, dailyCap: 10, reason: 'c' }));
    expect(none.amount).to.equal(0);
    const nextDay = ok(earnPending(none.after, { amount: 5, day: '2026-11-30', dailyCap: 10, reason: 'd' }));
    expect(nextDay.amount).to.equal(5);
    // a late fact for the earlier day still finds that day full, and does not reset the later day
    const late = ok(earnPending(nextDay.after, { amount: 5, day, dailyCap: 10, reason: 'late' }));
    expect(late.amount).to.equal(0);
    const again = ok(earnPending(late.after, { amount: 9, day: '2026-11-30', dailyCap: 10, reason: 'e' }));
    expect(again.amount).to.equal(5);
  });

  it('redeems soonest-expiring lots first and refuses more than is available', () => {
    let state = earned(EMPTY_ACCOUNT, 10, '2027-06-01T00:00:00Z');
    state = earned(state, 10, '2027-03-01T00:00:00Z');
    const spend = ok(redeem(state, { amount: 15, reason: 'voucher' }));
    // the March lot (posted second) goes first
    expect(spend.allocations).to.deep.equal([{ lotSeq: 4, amount: 10 }, { lotSeq: 2, amount: 5 }]);
    expect(spend.after.lots).to.deep.equal([{ seq: 2, remaining: 5, expiresAtMs: t('2027-06-01T00:00:00Z') }]);
    const refused = redeem(spend.after, { amount: 6, reason: 'too much' });
    expect(refused).to.deep.include({ refused: 'INSUFFICIENT_CREDITS' });
    expect(redeem(spend.after, { amount: 0, reason: 'zero' })).to.deep.include({ refused: 'INVALID_AMOUNT' });
    expect(redeem(spend.after, { amount: 1.5, reason: 'fraction' })).to.deep.include({ refused: 'INVALID_AMOUNT' });
  });

  it('expires exactly the unspent remainder of each lot past its date, one lot at a time', () => {
    let state = earned(EMPTY_ACCOUNT, 10, '2027-01-31T00:00:00Z');
    state = earned(state, 7, '2027-02-28T00:00:00Z');
    state = ok(redeem(state, { amount: 4, reason: 'spend' })).after;
    expect(expireNextLot(state, t('2027-01-30T23:59:59Z'))).to.equal(null);
    const first = expireNextLot(state, t('2027-03-01T00:00:00Z'));
    expect(first?.amount).to.equal(6);
    const second = first ? expireNextLot(first.after, t('2027-03-01T00:00:00Z')) : null;
    expect(second?.amount).to.equal(7);
    expect(second?.after).to.include({ available: 0 });
    expect(second ? expireNextLot(second.after, t('2027-03-01T00:00:00Z')) : 'none').to.equal(null);
  });

  it('reverses pending credits of a cancelled order', () => {
    const pending = ok(earnPending(EMPTY_ACCOUNT, { amount: 5, day, dailyCap: 100, reason: 'green' })).after;
    const reversed = ok(reversePending(pending, { amount: 5, reason: 'cancelled' }));
    expect(reversed.after).to.include({ pending: 0, lifetimeEarned: 0 });
    expect(reversePending(reversed.after, { amount: 1, reason: 'again' })).to.deep.include({ refused: 'INVALID_AMOUNT' });
  });

  it('reverses posted credits only as far as they are unspent, never below zero', () => {
    let state = earned(EMPTY_ACCOUNT, 10, '2027-11-29T00:00:00Z'); // lot 2
    state = ok(redeem(state, { amount: 7, reason: 'spent most' })).after;
    const reversal = ok(reversePosted(state, { lotSeq: 2, amount: 10, reason: 'order cancelled after delivery' }));
    expect(reversal.amount).to.equal(3);
    expect(reversal.reason).to.contain('3 of 10');
    expect(reversal.after).to.include({ available: 0 });
    const nothingLeft = ok(reversePosted(reversal.after, { lotSeq: 2, amount: 10, reason: 'again' }));
    expect(nothingLeft.amount).to.equal(0);
  });

  it('adjusts by hand: added credits are a lot of their own, taken ones come soonest-expiring first, never below zero', () => {
    const before = earned(EMPTY_ACCOUNT, 40, '2027-01-01T00:00:00Z');
    const added = ok(adjust(before, { amount: 25, expiresAtMs: t('2027-06-01T00:00:00Z'), reason: 'goodwill' }));
    expect(added).to.deep.include({ kind: 'ADJUSTMENT', amount: 25, allocations: [], expiresAtMs: t('2027-06-01T00:00:00Z') });
    expect(added.after).to.include({ seq: 3, available: 65, lifetimeEarned: 40 });
    expect(added.after.lots).to.deep.equal([{ seq: 2, remaining: 40, expiresAtMs: t('2027-01-01T00:00:00Z') }, { seq: 3, remaining: 25, expiresAtMs: t('2027-06-01T00:00:00Z') }]);
    // 50 taken back: the 40 expiring first, then 10 of the adjustment's own lot.
    const taken = ok(adjust(added.after, { amount: -50, expiresAtMs: 0, reason: 'posted twice' }));
    expect(taken).to.deep.include({ kind: 'ADJUSTMENT', amount: 50, allocations: [{ lotSeq: 2, amount: 40 }, { lotSeq: 3, amount: 10 }], expiresAtMs: null });
    expect(taken.after).to.include({ available: 15 });
    expect(adjust(taken.after, { amount: -16, expiresAtMs: 0, reason: 'too much' })).to.deep.equal({ refused: 'INSUFFICIENT_CREDITS', message: '16 credits to take back, 15 available' });
    for (const amount of [0, 1.5, 1_000_001, -1_000_001]) expect(adjust(taken.after, { amount, expiresAtMs: 0, reason: 'x' })).to.have.property('refused', 'INVALID_AMOUNT');

    // The reconciliation's audit follows adjustments both ways.
    const audited = (entry: ReturnType<typeof ok>, consumerDelta: number) => ({ seq: entry.after.seq, kind: entry.kind, amount: entry.amount, consumerDelta, allocations: entry.allocations, state: entry.after });
    const first = ok(earnPending(EMPTY_ACCOUNT, { amount: 40, day, dailyCap: 1000, reason: 'choice' }));
    const second = ok(postPending(first.after, { amount: 40, expiresAtMs: t('2027-01-01T00:00:00Z'), reason: 'delivered' }));
    const third = ok(adjust(second.after, { amount: 25, expiresAtMs: t('2027-06-01T00:00:00Z'), reason: 'goodwill' }));
    const fourth = ok(adjust(third.after, { amount: -50, expiresAtMs: 0, reason: 'posted twice' }));
    expect(auditChain('a', [audited(first, 40), audited(second, 0), audited(third, 25), audited(fourth, -50)])).to.deep.equal([]);
    expect(auditChain('a', [audited(first, 40), audited(second, 0), audited(third, 25), { ...audited(fourth, -50), state: { ...fourth.after, available: 20 } }])).to.have.length.greaterThan(0);
  });

  it('holds credits soonest-expiring first, then spends them on capture or gives them back to their lots on void', () => {
    const two = earned(earned(EMPTY_ACCOUNT, 30, '2027-01-01T00:00:00Z'), 20, '2027-06-01T00:00:00Z');
    const held = ok(hold(two, { holdId: 'h1', amount: 40, timeoutAtMs: t('2026-12-01T00:15:00Z'), reason: 'held' }));
    expect(held).to.deep.include({ kind: 'HOLD', amount: 40, allocations: [{ lotSeq: 2, amount: 30 }, { lotSeq: 4, amount: 10 }] });
    expect(held.after).to.include({ available: 10, held: 40 });
    expect(held.after.lots).to.deep.equal([{ seq: 4, remaining: 10, expiresAtMs: t('2027-06-01T00:00:00Z') }]);
    expect(hold(held.after, { holdId: 'h2', amount: 11, timeoutAtMs: 0, reason: 'x' }), 'held credits are not spendable twice').to.have.property('refused', 'INSUFFICIENT_CREDITS');

    const captured = captureHold(held.after, { holdId: 'h1', nowMs: t('2026-12-01T00:10:00Z'), reason: 'spent' });
    if (!captured || 'refused' in captured) throw new Error('capture refused');
    expect(captured.entry).to.deep.include({ kind: 'HOLD_CAPTURE', amount: 40 });
    expect(captured.entry.after).to.include({ available: 10, held: 0 });
    expect(captureHold(captured.entry.after, { holdId: 'h1', nowMs: 0, reason: 'again' }), 'settled once').to.equal(null);
    expect(captureHold(held.after, { holdId: 'h1', nowMs: t('2026-12-01T00:16:00Z'), reason: 'late' })).to.have.property('refused', 'HOLD_EXPIRED');

    const voided = voidHold(held.after, { holdId: 'h1', reason: 'back' });
    expect(voided).to.deep.include({ kind: 'HOLD_VOID', amount: 40 });
    // The first lot, closed by the hold, reopens with its own expiry.
    expect(voided?.after.lots).to.deep.equal([{ seq: 2, remaining: 30, expiresAtMs: t('2027-01-01T00:00:00Z') }, { seq: 4, remaining: 20, expiresAtMs: t('2027-06-01T00:00:00Z') }]);
    expect(voided?.after).to.include({ available: 50, held: 0 });
    expect(stateProblems(voided?.after ?? EMPTY_ACCOUNT)).to.deep.equal([]);
    expect(voidHold(voided?.after ?? EMPTY_ACCOUNT, { holdId: 'h1', reason: 'again' })).to.equal(null);

    const spent = ok(redeem(two, { amount: 35, reason: 'spent' }));
    const back = ok(reverseRedemption(spent.after, { parts: [{ lotSeq: 2, amount: 30, expiresAtMs: t('2027-01-01T00:00:00Z') }, { lotSeq: 4, amount: 5, expiresAtMs: t('2027-06-01T00:00:00Z') }], reason: 'order cancelled' }));
    expect(back).to.deep.include({ kind: 'REDEMPTION_REVERSAL', amount: 35 });
    expect(back.after.lots).to.deep.equal(two.lots);
  });

  it('adds calendar months at month ends and in leap years', () => {
    expect(new Date(addMonthsUtc(t('2026-01-31T10:00:00Z'), 1)).toISOString()).to.equal('2026-02-28T10:00:00.000Z');
    expect(new Date(addMonthsUtc(t('2028-01-31T10:00:00Z'), 1)).toISOString()).to.equal('2028-02-29T10:00:00.000Z');
    expect(new Date(addMonthsUtc(t('2026-03-31T00:00:00Z'), 12)).toISOString()).to.equal('2027-03-31T00:00:00.000Z');
    expect(new Date(addMonthsUtc(t('2028-02-29T00:00:00Z'), 12)).toISOString()).to.equal('2029-02-28T00:00:00.000Z');
    expect(new Date(addMonthsUtc(t('2026-12-15T00:00:00Z'), 1)).toISOString()).to.equal('2027-01-15T00:00:00.000Z');
  });

  it('reports a state whose lots disagree with its available balance', () => {
    expect(stateProblems({ ...EMPTY_ACCOUNT, available: 5 })).to.deep.equal(['lots hold 0 but available is 5']);
  });
});
