// Green levels on the real store: the job counts each consumer's last 12 months from facts into snapshots, the
// account and the quote read them under the platform's current level table.
import { expect } from 'chai';
import { Types } from 'mongoose';
import type { QuoteDoc } from '../../server/db/models/quote.js';
import type { EarningRulesInput } from '../../server/domain/earning-rules.js';
import { startHarness, type Harness } from '../support/harness.js';
import { reusableCrate } from '../support/packaging-fixtures.js';
import { eventually, testQueuePrefix, testStoreUri } from '../support/services.js';
import { pinnedClock } from '../support/test-clock.js';

const ownPackaging = { lengthMm: 200, widthMm: 150, heightMm: 100, weightGrams: 800, shipsInOwnPackaging: true };
const crateParcel = { lengthMm: 300, widthMm: 200, heightMm: 100, weightGrams: 900, shipsInOwnPackaging: false };

const rules: EarningRulesInput = {
  ownPackagingCredits: 10,
  choiceCredits: { standard: 0, reduced: 2, green: 5, reusable: 0 },
  reusableReturnCredits: 15,
  reusableReturnWindowDays: 14,
  collectionReturnCreditsPerItem: 5,
  dailyCapPerConsumer: 1000,
  expiryMonths: 12,
  expiryWarningDays: 30,
  levels: [
    { name: 'LEAF', minGreenChoices: 0, minReturnRatePct: 0, multiplierPct: 100, depositFree: false },
    { name: 'BRANCH', minGreenChoices: 2, minReturnRatePct: 0, multiplierPct: 150, depositFree: false },
    { name: 'CROWN', minGreenChoices: 3, minReturnRatePct: 0, multiplierPct: 200, depositFree: true },
  ],
};

describe('green levels on the real store', () => {
  let harness: Harness;
  /** Another process on the same store and Redis: it keeps records in memory, and hears when the job replaced them. */
  let reader: Harness;
  const platformId = new Types.ObjectId();
  // The orders happen on a leap day, in its last UTC hour (already 1 March in Beijing).
  const clock = pinnedClock('2028-02-29T23:40:00Z');
  /** Where every process of this suite runs: named once the test services run (global setup), shared by all. */
  let shared: { uri: string; prefix: string; clock: () => Date } | null = null;
  const where = () => {
    shared ??= { uri: testStoreUri('green_levels'), prefix: testQueuePrefix('green_levels'), clock: clock.now };
    return shared;
  };
  before(async () => {
    harness = await startHarness('green_levels', { smtpUrl: null }, where());
    reader = await startHarness('green_levels', { smtpUrl: null }, where());
    const set = await harness.services.pricing.setEarningRules(platformId, rules);
    expect(set.ok).to.equal(true);
    const crate = await harness.services.catalog.registerPackagingType(new Types.ObjectId(), reusableCrate('CRATE-L'));
    expect(crate.ok && crate.value.classification.packagingClass).to.equal('REUSABLE');
  });
  after(async () => {
    await reader.close();
    await harness.dispose();
  });

  async function order(consumerRef: string, orderRef: string, ...events: ('DELIVERED' | 'CANCELLED')[]) {
    const quote = await harness.services.checkout.quote(platformId, ownPackaging, consumerRef);
    if (!quote.ok) throw new Error('quote refused');
    const choice = await harness.services.checkout.choosePackaging(platformId, { quoteId: quote.value._id.toHexString(), optionId: 'o1', orderRef });
    if (!choice.ok) throw new Error('choice refused');
    for (const type of events) {
      const recorded = await harness.services.checkout.recordOrderEvent(platformId, { orderRef, type });
      if (!recorded.ok) throw new Error(`${type} refused`);
    }
    return choice.value;
  }
  const levelOf = async (consumerRef: string, where = harness) => (await where.services.credits.account(platformId, consumerRef)).level.name;
  /** The reader's level for the consumer once it is `expected` (a notice, else the records' age limit, tells it). */
  const readerSees = (consumerRef: string, expected: string) =>
    eventually(async () => ((await levelOf(consumerRef, reader)) === expected ? expected : undefined), 3000, `the reader to see ${consumerRef} at ${expected}`);

  it('counts delivered, uncancelled orders only, and the account and the next quote use the level reached', async () => {
    await order('ivy', 'ivy-1', 'DELIVERED');
    await order('ivy', 'ivy-2', 'DELIVERED');
    await order('ivy', 'ivy-3', 'DELIVERED');
    await order('ivy', 'ivy-4', 'CANCELLED');
    await order('ivy', 'ivy-5');
    await order('jon', 'jon-1', 'DELIVERED');
    await order('jon', 'jon-2', 'DELIVERED');
    await order('kim', 'kim-1', 'CANCELLED');
    expect(await levelOf('ivy'), 'before the job runs everyone is at the first level').to.equal('LEAF');
    expect(await levelOf('ivy', reader), 'the reader now keeps ivy’s missing record').to.equal('LEAF');

    const nowMs = clock.nowMs();
    expect(await harness.services.levels.recompute(nowMs)).to.deep.equal({ accounts: 3, removed: 0 });
    expect(await harness.services.levels.activity(platformId, 'ivy')).to.include({ greenChoices: 3, packagedParcels: 0, itemsReturned: 0 });
    expect([await levelOf('ivy'), await levelOf('jon'), await levelOf('kim'), await levelOf('nobody')]).to.deep.equal(['CROWN', 'BRANCH', 'LEAF', 'LEAF']);
    await readerSees('ivy', 'CROWN');
    // running it again changes nothing
    expect(await harness.services.levels.recompute(nowMs + 1000)).to.deep.equal({ accounts: 3, removed: 0 });
    expect(await levelOf('ivy')).to.equal('CROWN');

    // BRANCH earns 150 %: the quote previews 15 for own packaging, and the ledger credits exactly that
    const choice = await order('jon', 'jon-3');
    expect(choice.option.credits).to.equal(15);
    expect(await harness.services.credits.creditChoice(choice._id.toHexString())).to.equal('credited');
    expect((await harness.services.credits.account(platformId, 'jon')).state.pending).to.equal(15);

    // CROWN is deposit-free: the reusable crate comes without its deposit for ivy, with it for jon
    const ivyQuote = await harness.services.checkout.quote(platformId, crateParcel, 'ivy');
    const jonQuote = await harness.services.checkout.quote(platformId, crateParcel, 'jon');
    const crateOf = (q: typeof ivyQuote) => (q.ok ? q.value.options.find((o) => o.packagingClass === 'REUSABLE') : undefined);
    expect(crateOf(ivyQuote)?.depositMinor).to.equal(0);
    expect(crateOf(jonQuote)?.depositMinor).to.be.above(0);
    // The level is recorded on the stored quote, which the service's QuoteView leaves out of what it promises.
    expect(ivyQuote.ok && (ivyQuote.value as QuoteDoc).levelName).to.equal('CROWN');
  });

  it('reads a record a process has not seen from the Redis copy of the last run, and from the store once Redis lost it', async () => {
    // Processes with nothing in memory, on the same store and Redis.
    const fresh = await startHarness('green_levels', { smtpUrl: null }, where());
    let later: Harness | null = null;
    try {
      // The store's snapshot of ivy is gone: the copy of the run still answers, and has no record of nobody.
      await harness.store.models.LevelSnapshot.deleteOne({ _id: `${platformId.toHexString()}:ivy` });
      expect(await fresh.services.levels.activity(platformId, 'ivy')).to.include({ greenChoices: 3 });
      expect(await fresh.services.levels.activity(platformId, 'nobody')).to.include({ greenChoices: 0, packagedParcels: 0 });
      // Redis lost the copy: the store answers, and it holds no record of ivy now.
      await harness.queues.expire('levels:current', 1);
      await new Promise((resolve) => setTimeout(resolve, 20));
      later = await startHarness('green_levels', { smtpUrl: null }, where());
      expect(await later.services.levels.activity(platformId, 'ivy')).to.include({ greenChoices: 0 });
      expect(await later.services.levels.activity(platformId, 'jon')).to.include({ greenChoices: 2 });
    } finally {
      await fresh.close();
      await later?.close();
    }
    // The next run writes the store's snapshots and the copy again.
    expect(await harness.services.levels.recompute(clock.nowMs())).to.deep.equal({ accounts: 3, removed: 0 });
    expect(await harness.services.levels.publishCopy(clock.nowMs())).to.deep.equal({ accounts: 3 });
  });

  it('applies a new level table at once, and lets a record fall out of the 12-month window', async () => {
    const stricter = { ...rules, levels: [rules.levels[0], { ...rules.levels[1], minGreenChoices: 3 }, { ...rules.levels[2], minGreenChoices: 10 }] } as EarningRulesInput;
    expect((await harness.services.pricing.setEarningRules(platformId, stricter)).ok).to.equal(true);
    expect([await levelOf('ivy'), await levelOf('jon')]).to.deep.equal(['BRANCH', 'LEAF']);

    // Twelve months before 28 February 2029 23:59 is 28 February 2028 23:59: the leap day's orders still count.
    expect(await harness.services.levels.recompute(Date.parse('2029-02-28T23:59:00Z'))).to.deep.equal({ accounts: 3, removed: 0 });
    expect([await levelOf('ivy'), await levelOf('jon')]).to.deep.equal(['BRANCH', 'LEAF']);
    // Twelve months before 1 March 2029 00:30 is 1 March 2028 00:30: they have left the window.
    expect(await harness.services.levels.recompute(Date.parse('2029-03-01T00:30:00Z'))).to.deep.equal({ accounts: 0, removed: 3 });
    expect(await levelOf('ivy')).to.equal('LEAF');
    await readerSees('ivy', 'LEAF');
  });
});
