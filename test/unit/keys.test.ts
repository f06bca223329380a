// The composite keys (server/db/keys.ts) are stored data: documents, ledger entries, receipts, jobs and mails were
// written under them, so each format is pinned here. A change that fails this test strands what is already stored.
import { expect } from 'chai';
import { Types } from 'mongoose';
import * as keys from '../../server/db/keys.js';

const platform = new Types.ObjectId('64b000000000000000000001');
const other = new Types.ObjectId('64b000000000000000000002');
const P = platform.toHexString();

describe('stored key formats (server/db/keys.ts)', () => {
  it('keys accounts, entries and the ledger key documents by platform', () => {
    expect(keys.accountOf(platform, 'c-1')).to.equal(`${P}:c-1`);
    expect(keys.platformPrefixOf(platform)).to.equal(`${P}:`);
    expect(keys.platformRangeOf(platform)).to.deep.equal({ $gt: `${P}:`, $lt: `${P};` });
    expect(keys.entryIdOf(`${P}:c-1`, 12)).to.equal(`${P}:c-1:12`);
    expect(keys.creditKeyIdOf(platform, 'redeem:r-1')).to.equal(`${P}:redeem:r-1`);
    expect(keys.counterpartyOf('issuance', platform)).to.equal(`issuance:${P}`);
    expect(keys.platformOfCounterparty(`issuance:${P}`)).to.equal(P);
  });

  it('names the ledger movements and the facts they come from', () => {
    expect(Object.values(keys.ledgerKeys).length).to.equal(11);
    expect([
      keys.ledgerKeys.choiceEarn('ch'), keys.ledgerKeys.choiceSettle('ch'), keys.ledgerKeys.choiceReverse('ch'),
      keys.ledgerKeys.returnEarn('re'), keys.ledgerKeys.returnPost('re'), keys.ledgerKeys.redemption('k'), keys.ledgerKeys.adjustment('k'),
      keys.ledgerKeys.expiry('c-1', 3, 9), keys.ledgerKeys.hold('k'), keys.ledgerKeys.holdSettle('h'), keys.ledgerKeys.reverseRedemption('e'),
    ]).to.deep.equal([
      'choice:ch:earn', 'choice:ch:settle', 'choice:ch:reverse', 'return:re:earn', 'return:re:post', 'redeem:k', 'adjust:k',
      'expiry:c-1:3@9', 'hold:k', 'hold-settle:h', 'reverse-redemption:e',
    ]);
    expect(Object.values(keys.sourceFacts).length).to.equal(10);
    expect([
      keys.sourceFacts.choice('ch'), keys.sourceFacts.orderEvent('ev'), keys.sourceFacts.return('re'), keys.sourceFacts.redemption('k'),
      keys.sourceFacts.adjustment('k'), keys.sourceFacts.expiry('c-1', 3), keys.sourceFacts.hold('h'), keys.sourceFacts.holdTimeout('h'),
      keys.sourceFacts.holdSettled('capture', 'k'), keys.sourceFacts.holdSettled('void', 'k'), keys.sourceFacts.reverseRedemption('k'),
    ]).to.deep.equal([
      'choice:ch', 'order-event:ev', 'return:re', 'redeem:k', 'adjust:k', 'expiry:c-1:3', 'hold:h', 'hold-timeout:h',
      'hold-capture:k', 'hold-void:k', 'reverse-redemption:k',
    ]);
    expect(keys.holdIdOfSource(keys.sourceFacts.hold('abc'))).to.equal('abc');
  });

  it('keys orders, their ending, request keys and option ids', () => {
    expect(keys.orderKeyOf(platform, 'o-1')).to.equal(`${P}:o-1`);
    expect(keys.orderEndingKeyOf(platform, 'o-1')).to.equal(`${P}:o-1:END`);
    expect(keys.requestKeyIdOf(platform, 'choosePackaging', 'k-1')).to.equal(`${P}:choosePackaging:k-1`);
    expect(keys.optionIdOf(platform, 'o2')).to.equal(`${P}:o2`);
    expect(keys.localOptionId(`${P}:o2`, platform)).to.equal('o2');
    expect(keys.localOptionId('o2', platform)).to.equal('o2');
    expect(keys.localOptionId(`${other.toHexString()}:o2`, platform), 'another quote’s option').to.equal('');
  });

  it('keys fact receipts and jobs by kind and fact', () => {
    expect(keys.factReceiptIdOf('choice', 'f1')).to.equal('choice:f1');
    expect(keys.heldReceiptIdOf('return', 'f1')).to.equal('return:f1:held');
    expect(keys.factJobIdOf('return', 'f1')).to.equal('return:f1');
    expect(keys.factJobIdOf('return', 'f1', 'cleared')).to.equal('return:f1:cleared');
    expect(keys.complianceJobIdOf('2026-H1', platform)).to.equal(`compliance:2026-H1:${P}`);
    expect(keys.complianceJobIdOf('2026-H1', platform, ':decided')).to.equal(`compliance:2026-H1:${P}:decided`);
  });

  it('keys returns, unit trips, shipments and the daily tallies', () => {
    expect(keys.returnKeyOf(platform, 'k-1')).to.equal(`${P}:k-1`);
    expect(keys.tripKeyOf('CR-0001', 2)).to.equal('CR-0001:2');
    expect(keys.unitFactId('CR-0001', 2, 'RETURNED')).to.equal('CR-0001:2:RETURNED');
    expect(keys.orderSlotIdOf(platform, 'o-1', 0)).to.equal(`${P}:o-1:0`);
    expect(keys.itemsTallyOf(platform, 'c-1', '2026-12-07')).to.equal(`items:${P}:c-1:2026-12-07`);
    expect(keys.regionReturnsTallyOf('UK-LDN', '2026-12-07')).to.equal('region-returns:UK-LDN:2026-12-07');
  });

  it('keys SKUs, campaigns, contacts, rule sets, snapshots and mails', () => {
    expect(keys.skuKeyOf(platform, 'mb-300')).to.equal(`${P}:MB-300`);
    expect(keys.campaignIdOf(platform, 'spring', 2)).to.equal(`${P}:spring:2`);
    expect(keys.campaignClaimIdOf(platform, 'spring', 'c-1')).to.equal(`${P}:spring:c-1`);
    expect(keys.contactRevisionIdOf(`${P}:c-1`, 3)).to.equal(`${P}:c-1:3`);
    expect(keys.ruleSetIdOf('RECYCLING', 'r-2')).to.equal('RECYCLING:r-2');
    expect(keys.assortmentIdOf(platform, 'WH-1', 3)).to.equal(`${P}/WH-1/3`);
    expect(keys.assortmentIdOf(platform, '', 1)).to.equal(`${P}//1`);
    expect(keys.complianceSnapshotIdOf(platform, '2026-H1', 'epr-1')).to.equal(`${P}:2026-H1:epr-1`);
    expect(keys.complianceSnapshotIdOf(P, '2026-H1', 'epr-1')).to.equal(`${P}:2026-H1:epr-1`);
    expect(keys.impactSnapshotIdOf('2026-11', 'ALL')).to.equal('2026-11:ALL');
    expect(keys.mailKeys.expiryWarning('p1:c1', 4)).to.equal('expiry-warning:p1:c1:4');
    expect(keys.mailKeys.complianceClosing(P, '2026-07-01T00:00:00.000Z', 'epr-1')).to.equal(`compliance-closing:${P}:2026-07-01T00:00:00.000Z:epr-1`);
    expect(keys.mailKeys.complianceReport('s1')).to.equal('compliance-report:s1');
    expect(keys.mailKeys.reconciliation('2026-12-07T02')).to.equal('reconciliation:2026-12-07T02');
  });

  it('keys tallies, Redis values, jobs and sealing contexts', () => {
    expect(keys.tallySlotIdOf(`items:${P}:c-1:2026-12-07`, 3)).to.equal(`items:${P}:c-1:2026-12-07:3`);
    expect(keys.tallyKeyIdOf('region-returns:UK-LDN:2026-12-07', 'CR-0001:2')).to.equal('region-returns:UK-LDN:2026-12-07|CR-0001:2');
    expect(keys.quoteOfferKeyOf(platform)).to.equal(`quote:${P}`);
    expect(keys.rightSizingKeyOf('2026-12')).to.equal('right-sizing:2026-12');
    expect(keys.levelRecordsKeyOf('g7')).to.equal('levels:g7');
    expect(keys.mailJobIdOf('m1')).to.equal('mail:m1');
    expect(keys.mailSealContextOf(platform)).to.equal(`mails:${P}`);
    expect(keys.contactSealContextOf(`${P}:c-1`)).to.equal(`consumer_contacts:${P}:c-1`);
  });
});
