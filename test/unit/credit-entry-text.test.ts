// A ledger entry's lists are stored as one JSON string (server/db/credit-entry-text.ts). What is written reads back
// as the same entry; an entry written before, with nested lists, reads as it always did; and stored text that is not
// an entry's lists is an error, never an account without lots.
import { expect } from 'chai';
import { Types } from 'mongoose';
import { detailOf, entryFromStored, storedEntryOf } from '../../server/db/credit-entry-text.js';
import type { CreditEntryDoc, StoredCreditEntryDoc } from '../../server/db/models/credit-entry.js';

const entry: CreditEntryDoc = {
  _id: '64b000000000000000000001:ann:3',
  account: '64b000000000000000000001:ann',
  platformId: new Types.ObjectId('64b000000000000000000001'),
  consumerRef: 'ann',
  seq: 3,
  kind: 'REDEMPTION',
  amount: 30,
  consumerDelta: -30,
  counterparty: 'redemption:64b000000000000000000001',
  reason: 'redeemed',
  idempotencyKey: 'redeem:k1',
  sourceFact: 'redeem:k1',
  ruleVersion: null,
  allocations: [{ lotSeq: 2, amount: 30 }],
  expiresAt: null,
  available: 70,
  pending: 5,
  lifetimeEarned: 105,
  lots: [{ seq: 2, remaining: 70, expiresAtMs: 1_830_000_000_000 }],
  recentEarnings: [{ day: '2026-12-07', earned: 5 }],
  createdAt: new Date(1_800_000_000_000),
};
const withHolds: CreditEntryDoc = { ...entry, held: 10, holds: [{ id: 'h1', seq: 3, amount: 10, timeoutAtMs: 1_800_000_600_000, taken: [{ lotSeq: 2, amount: 10, expiresAtMs: 1_830_000_000_000 }] }] };

describe('a ledger entry as stored (server/db/credit-entry-text.ts)', () => {
  it('keeps the lists as one string and reads the same entry back, holds or none', () => {
    for (const written of [entry, withHolds]) {
      const stored = storedEntryOf(written);
      expect(stored.detailText).to.be.a('string');
      expect(stored).to.not.have.any.keys('allocations', 'lots', 'holds', 'recentEarnings');
      expect(entryFromStored(stored)).to.deep.equal(written);
    }
    expect(entryFromStored(storedEntryOf(entry))).to.not.have.property('holds');
  });

  it('reads an entry written with nested lists, as earlier versions wrote them', () => {
    const nested: StoredCreditEntryDoc = { ...withHolds };
    expect(entryFromStored(nested)).to.deep.equal(withHolds);
    const bare: Partial<CreditEntryDoc> = { ...withHolds };
    delete bare.allocations;
    delete bare.lots;
    delete bare.holds;
    delete bare.recentEarnings;
    expect(detailOf(bare)).to.deep.equal({ allocations: [], lots: [], recentEarnings: [] });
  });

  it('refuses stored text that is not an entry\'s lists, naming the entry', () => {
    const flat = storedEntryOf(entry);
    for (const bad of ['', '{', 'null', '[]', '{"lots":[],"recentEarnings":[]}', '{"allocations":[],"lots":{},"recentEarnings":[]}', '{"allocations":[],"lots":[],"recentEarnings":[],"holds":7}']) {
      expect(() => entryFromStored({ ...flat, detailText: bad }), bad).to.throw(`credit entry ${entry._id}: its stored detail is not readable`);
    }
  });
});
