// The head hint keeps an account's state as text (server/db/account-state-text.ts): what is written is read back
// whole, and text that is not such a state reads as none, so the ledger reads the entry instead.
import { expect } from 'chai';
import { accountStateFromText, accountStateText } from '../../server/db/account-state-text.js';
import { EMPTY_ACCOUNT, type AccountState } from '../../server/domain/credit-ledger.js';

const state: AccountState = {
  seq: 7,
  available: 120,
  pending: 15,
  lifetimeEarned: 300,
  lots: [{ seq: 2, remaining: 20, expiresAtMs: 1_800_000_000_000 }, { seq: 5, remaining: 100, expiresAtMs: 1_810_000_000_000 }],
  held: 10,
  holds: [{ id: 'h1', seq: 6, amount: 10, timeoutAtMs: 1_790_000_000_000, taken: [{ lotSeq: 2, amount: 10, expiresAtMs: 1_800_000_000_000 }] }],
  recentEarnings: [{ day: '2026-12-07', earned: 15 }],
};

describe('an account state as text (server/db/account-state-text.ts)', () => {
  it('reads back what it wrote, the empty account included', () => {
    expect(accountStateFromText(accountStateText(state))).to.deep.equal(state);
    expect(accountStateFromText(accountStateText(EMPTY_ACCOUNT))).to.deep.equal(EMPTY_ACCOUNT);
  });

  it('reads text that is not a whole state as none', () => {
    const text = accountStateText(state);
    for (const bad of ['', '{', 'null', '7', '[]', text.slice(0, -1), JSON.stringify({ ...state, lots: null }), JSON.stringify({ ...state, seq: -1 }),
      JSON.stringify({ ...state, available: 1.5 }), JSON.stringify({ ...state, held: undefined })]) {
      expect(accountStateFromText(bad), bad).to.equal(null);
    }
  });
});
