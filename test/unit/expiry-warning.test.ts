import { expect } from 'chai';
import type { AccountState } from '../../server/domain/credit-ledger.js';
import { parseConsumerContact } from '../../server/domain/consumer-contact.js';
import { lotsToWarn } from '../../server/domain/expiry-warning.js';

const DAY = 86_400_000;
const now = Date.UTC(2026, 0, 31, 12);
const state = (lots: AccountState['lots']): AccountState => ({ seq: 9, available: 0, pending: 0, lifetimeEarned: 0, lots, held: 0, holds: [], recentEarnings: [] });

describe('expiry warnings', () => {
  it('warns about lots with credits left that expire within the warning period, not before and not after', () => {
    const lots = [
      { seq: 1, remaining: 5, expiresAtMs: now - 1 },
      { seq: 2, remaining: 0, expiresAtMs: now + DAY },
      { seq: 3, remaining: 4, expiresAtMs: now + DAY },
      { seq: 4, remaining: 6, expiresAtMs: now + 30 * DAY },
      { seq: 5, remaining: 7, expiresAtMs: now + 30 * DAY + 1 },
    ];
    expect(lotsToWarn(state(lots), now, 30).map((l) => l.seq)).to.deep.equal([3, 4]);
    expect(lotsToWarn(state(lots), now, 1).map((l) => l.seq)).to.deep.equal([3]);
  });
});

describe('consumer contact input', () => {
  it('accepts an address with consent, trimmed', () => {
    expect(parseConsumerContact({ consumerRef: 'c-1', email: ' ann@example.com ', consent: true })).to.deep.equal({ contact: { consumerRef: 'c-1', email: 'ann@example.com', locale: null }, errors: [] });
    expect(parseConsumerContact({ consumerRef: 'c-1', email: 'ann@example.com', consent: true, locale: 'ZH_CN' }).contact?.locale).to.equal('ZH_CN');
  });

  it('refuses a missing consent, a bad address, a bad consumerRef and an unknown locale, each on its field', () => {
    const parsed = parseConsumerContact({ consumerRef: 'has space', email: 'not-an-address', consent: false, locale: 'FR' });
    expect(parsed.contact).to.equal(null);
    expect(parsed.errors.map((e) => [e.code, e.field?.join('.')])).to.deep.equal([
      ['VALIDATION', 'input.consumerRef'],
      ['VALIDATION', 'input.email'],
      ['VALIDATION', 'input.consent'],
      ['VALIDATION', 'input.locale'],
    ]);
  });
});
