// The credit ledger on the real store and Redis: the life of an order, cancellations, duplicates, out-of-order facts.
import { expect } from 'chai';
import { groupInsertsSettled } from '../../server/db/group-commit.js';
import { Types } from 'mongoose';
import { startWorker } from '../../jobs/worker.js';
import type { CreditEntryDoc, StoredCreditEntryDoc } from '../../server/db/models/credit-entry.js';
import { createServices, type Services } from '../../server/services/index.js';
import { startHarness, testContactCipher, type Harness } from '../support/harness.js';
import { TEST_ADMIN_KEY, eventually, testLogger } from '../support/services.js';
import { pinnedClock } from '../support/test-clock.js';
import { createCreditLedger, stateOf, type Movement } from '../../server/services/credit-ledger.js';
import { earnPending, postPending, redeem } from '../../server/domain/credit-ledger.js';
import { entryIdOf } from '../../server/db/keys.js';
import { accountStateFromText } from '../../server/db/account-state-text.js';
import { entryFromStored, storedEntryOf } from '../../server/db/credit-entry-text.js';

const ownPackagingParcel = { lengthMm: 200, widthMm: 150, heightMm: 100, weightGrams: 800, shipsInOwnPackaging: true };

describe('credits on the real store', () => {
  let harness: Harness;
  const platformId = new Types.ObjectId();
  // Deliveries on a leap day: twelve months on there is no 29 February, so the lots expire on the 28th. Choices are
  // made from 11:58 on the service's clock; deliveries are reported for 12:00, after them and within the allowed skew.
  const LEAP_DAY = '2028-02-29T12:00:00Z';
  const EXPIRY = Date.parse('2029-02-28T12:00:00Z');
  beforeEach(async () => { harness = await startHarness('credits', { smtpUrl: null }, { clock: pinnedClock('2028-02-29T11:58:00Z').now }); });
  afterEach(() => harness.dispose());

  /** A recorded choice of own packaging (10 credits) for a consumer and order. */
  async function choose(consumerRef: string, orderRef: string): Promise<string> {
    const quote = await harness.services.checkout.quote(platformId, ownPackagingParcel, consumerRef);
    if (!quote.ok) throw new Error('quote refused');
    const choice = await harness.services.checkout.choosePackaging(platformId, { quoteId: quote.value._id.toHexString(), optionId: 'o1', orderRef });
    if (!choice.ok) throw new Error('choice refused');
    return choice.value._id.toHexString();
  }

  async function event(orderRef: string, type: 'DELIVERED' | 'CANCELLED', occurredAt = new Date(LEAP_DAY)): Promise<string> {
    const outcome = await harness.services.checkout.recordOrderEvent(platformId, { orderRef, type, occurredAt });
    if (!outcome.ok) throw new Error(`event refused: ${JSON.stringify(outcome.errors)}`);
    const stored = await harness.store.models.OrderEvent.findOne({ platformId, orderRef, type }).lean();
    return stored?._id.toHexString() ?? '';
  }

  /** A cancellation after the delivery, as orders recorded before an order ended once may hold (the API now answers
   *  ORDER_CLOSED): the ledger still settles such an order once. */
  async function legacyCancellation(orderRef: string): Promise<string> {
    const choice = await harness.store.models.PackagingChoice.findOne({ platformId, orderRef }).lean();
    const at = new Date(LEAP_DAY);
    const stored = await harness.store.models.OrderEvent.create({ platformId, orderRef, type: 'CANCELLED', choiceId: choice?._id ?? null, occurredAt: at, createdAt: at });
    return stored._id.toHexString();
  }

  const account = (consumerRef: string) => harness.services.credits.account(platformId, consumerRef);
  const chain = async (consumerRef: string): Promise<CreditEntryDoc[]> =>
    (await harness.store.models.CreditEntry.find({ account: `${platformId.toHexString()}:${consumerRef}` }).sort({ seq: 1 }).lean()).map(entryFromStored);

  it('follows an order through its life: pending, posted on delivery, redeemed, expired', async () => {
    await startWorker(harness.queues, harness.services, testLogger());
    await choose('alice', 'o-1');
    await eventually(async () => ((await account('alice')).state.pending === 10 ? true : undefined), 10_000, 'pending credits');
    await event('o-1', 'DELIVERED');
    await eventually(async () => ((await account('alice')).state.available === 10 ? true : undefined), 10_000, 'posted credits');

    const spent = await harness.services.credits.redeem(platformId, { consumerRef: 'alice', amount: 4, idempotencyKey: 'r-1', purpose: 'tote bag' });
    expect(spent.ok && spent.value.account.state).to.include({ available: 6, pending: 0 });
    const view = await account('alice');
    expect(view.nextExpiry).to.deep.include({ remaining: 6, expiresAtMs: EXPIRY });

    // 12 months after delivery the remainder expires, exactly once however often the job runs
    expect(await harness.services.credits.expireDue(EXPIRY - 1, EXPIRY - 86_400_000), 'not a millisecond early').to.equal(0);
    const after = EXPIRY;
    expect(await harness.services.credits.expireDue(after, after - 86_400_000)).to.equal(1);
    expect(await harness.services.credits.expireDue(after, after - 86_400_000)).to.equal(0);
    const entries = await chain('alice');
    expect(entries.map((e) => [e.seq, e.kind, e.amount, e.available, e.pending])).to.deep.equal([
      [1, 'EARN_PENDING', 10, 0, 10],
      [2, 'EARN_POSTED', 10, 10, 0],
      [3, 'REDEMPTION', 4, 6, 0],
      [4, 'EXPIRY', 6, 0, 0],
    ]);
    expect(entries[3]?.reason).to.contain('expired on 2029-02-28');
  });

  it('reverses pending credits when an order is cancelled before delivery', async () => {
    const choiceId = await choose('bob', 'o-2');
    await harness.services.credits.creditChoice(choiceId);
    await harness.services.credits.applyOrderEvent(await event('o-2', 'CANCELLED'));
    expect((await account('bob')).state).to.include({ available: 0, pending: 0, lifetimeEarned: 0 });
    expect((await chain('bob')).map((e) => e.kind)).to.deep.equal(['EARN_PENDING', 'REVERSAL']);
  });

  it('on an order recorded before an order ended once, after earn, spend, cancel takes back only the unspent credits and never goes negative', async () => {
    const choiceId = await choose('carol', 'o-3');
    await harness.services.credits.creditChoice(choiceId);
    await harness.services.credits.applyOrderEvent(await event('o-3', 'DELIVERED'));
    await harness.services.credits.redeem(platformId, { consumerRef: 'carol', amount: 7, idempotencyKey: 'r-3' });
    await harness.services.credits.applyOrderEvent(await legacyCancellation('o-3'));
    const entries = await chain('carol');
    expect(entries.at(-1)).to.deep.include({ kind: 'REVERSAL', amount: 3, available: 0 });
    expect(entries.at(-1)?.reason).to.contain('3 of 10');
  });

  it('moves credits once when the same fact is delivered three times at once', async () => {
    const choiceId = await choose('dave', 'o-4');
    const results = await Promise.all([1, 2, 3].map(() => harness.services.credits.creditChoice(choiceId)));
    expect(results).to.deep.equal(['credited', 'credited', 'credited']);
    const eventId = await event('o-4', 'DELIVERED');
    await Promise.all([1, 2, 3].map(() => harness.services.credits.applyOrderEvent(eventId)));
    expect((await chain('dave')).map((e) => e.kind)).to.deep.equal(['EARN_PENDING', 'EARN_POSTED']);
    expect((await account('dave')).state).to.include({ available: 10, pending: 0 });
  });

  it('moves credits once even when the key documents of earlier movements were lost (a crash right after an entry)', async () => {
    // Each crash takes the process's memory with it: what follows runs in a process started afresh.
    const started: Services[] = [];
    const restarted = () => {
      const services = createServices({ models: harness.store.models, queues: harness.queues, transport: harness.transport, adminApiKey: TEST_ADMIN_KEY, mailFrom: 'x@greenloop.test', operatorEmail: null, logger: testLogger(), contactCipher: testContactCipher() });
      started.push(services);
      return services;
    };
    const choiceId = await choose('hal', 'o-keys');
    await harness.services.credits.creditChoice(choiceId);
    await groupInsertsSettled(harness.store.connection); // the key documents are written after the answer
    await harness.store.models.CreditKey.deleteMany({});
    expect(await restarted().credits.creditChoice(choiceId)).to.equal('credited');
    await restarted().credits.applyOrderEvent(await event('o-keys', 'DELIVERED'));
    await groupInsertsSettled(harness.store.connection); // the key documents are written after the answer
    await harness.store.models.CreditKey.deleteMany({});
    const afterCrash = restarted();
    await Promise.all([1, 2].map(async () => afterCrash.credits.applyOrderEvent((await harness.store.models.OrderEvent.findOne({ orderRef: 'o-keys' }).lean())?._id.toHexString() ?? '')));
    expect((await chain('hal')).map((e) => e.kind)).to.deep.equal(['EARN_PENDING', 'EARN_POSTED']);
    expect(await harness.store.models.CreditKey.countDocuments({}), 'the lost keys are written again').to.be.at.least(2);
    // The process that made the movements remembers them: a replay there needs no key document at all.
    expect(await harness.services.credits.creditChoice(choiceId)).to.equal('credited');
    expect((await chain('hal')).map((e) => e.kind)).to.deep.equal(['EARN_PENDING', 'EARN_POSTED']);
    for (const services of started) services.close();
  });

  it('never refuses or skips on a stale head hint: the certain head decides', async () => {
    const choiceId = await choose('ida', 'o-stale');
    await harness.services.credits.creditChoice(choiceId);
    await harness.services.credits.applyOrderEvent(await event('o-stale', 'DELIVERED'));
    const account = `${platformId.toHexString()}:ida`;
    // another process, which has seen nothing of this account, with a stored hint that says seq 1 (pending only):
    // the posted credits are in seq 2
    const started: Services[] = [];
    const cold = () => {
      const services = createServices({ models: harness.store.models, queues: harness.queues, transport: harness.transport, adminApiKey: TEST_ADMIN_KEY, mailFrom: 'x@greenloop.test', operatorEmail: null, logger: testLogger(), contactCipher: testContactCipher() });
      started.push(services);
      return services;
    };
    await harness.store.models.CreditHeadHint.updateOne({ _id: account }, { $set: { seq: 1 } });
    const spent = await cold().credits.redeem(platformId, { consumerRef: 'ida', amount: 4, idempotencyKey: 'ida-1' });
    expect(spent.ok && spent.value.account.state).to.include({ available: 6, seq: 3 });
    // a stale hint and a movement that is possible on it: the insert collides, and the walk goes on from the holder
    await harness.store.models.CreditHeadHint.updateOne({ _id: account }, { $set: { seq: 2 } });
    const again = await cold().credits.redeem(platformId, { consumerRef: 'ida', amount: 1, idempotencyKey: 'ida-2' });
    expect(again.ok && again.value.account.state).to.include({ available: 5, seq: 4 });
    const replay = await cold().credits.redeem(platformId, { consumerRef: 'ida', amount: 4, idempotencyKey: 'ida-1' });
    expect(replay.ok && replay.value.entry.seq, 'a replay from a stale hint finds the first entry').to.equal(3);
    await harness.store.models.CreditHeadHint.updateOne({ _id: account }, { $set: { seq: 1 } });
    const after = EXPIRY + 1;
    expect(await cold().credits.expireDue(after, after - 86_400_000)).to.equal(1);
    expect((await chain('ida')).map((e) => [e.seq, e.kind, e.amount])).to.deep.equal([[1, 'EARN_PENDING', 10], [2, 'EARN_POSTED', 10], [3, 'REDEMPTION', 4], [4, 'REDEMPTION', 1], [5, 'EXPIRY', 5]]);
    for (const services of started) services.close();
  });

  /** A movement of `consumerRef`'s credits under `idempotencyKey`, for a ledger driven directly. */
  const movementOf = (consumerRef: string) => (idempotencyKey: string, compute: Movement['compute']): Movement =>
    ({ platformId, consumerRef, idempotencyKey, sourceFact: `test:${idempotencyKey}`, counterparty: 'issuance', compute });
  const earning = (amount: number): Movement['compute'] => (state) => earnPending(state, { amount, day: '2028-02-29', dailyCap: 1000, reason: 'earned' });

  /**
   * Ledgers of processes that have seen nothing of any account (`cold()`), on the same store, counting the entries
   * they read by id and the inserts into the entries that they send.
   */
  function countingLedgers() {
    const { models } = harness.store;
    const counts = { entriesRead: [] as string[], insertCalls: 0 };
    const collection = new Proxy(models.CreditEntry.collection, {
      get(target, property, receiver) {
        const value = Reflect.get(target, property, receiver) as unknown;
        if ((property !== 'insertOne' && property !== 'insertMany') || typeof value !== 'function') return value;
        return (...args: unknown[]) => { counts.insertCalls += 1; return (value as (...a: unknown[]) => unknown).apply(target, args); };
      },
    });
    const counted = new Proxy(models.CreditEntry, {
      get(target, property, receiver) {
        if (property === 'collection') return collection;
        if (property !== 'findById') return Reflect.get(target, property, receiver) as unknown;
        return (id: string) => { counts.entriesRead.push(id); return target.findById(id); };
      },
    });
    return { counts, cold: () => createCreditLedger({ ...models, CreditEntry: counted }) };
  }

  it('starts a cold append from the state its head hint carries, and reads the entry a hint without one names', async () => {
    const { models } = harness.store;
    const consumerRef = 'hana';
    const movement = movementOf(consumerRef);
    const earned = await createCreditLedger(models).append(movement('earn', earning(10)));
    expect(earned.status).to.equal('appended');
    const { counts, cold } = countingLedgers();
    const account = `${platformId.toHexString()}:${consumerRef}`;
    // The hint is written after the append answered.
    const hint = await eventually(async () => (await models.CreditHeadHint.findById(account).lean()) ?? undefined, 5000, 'the head hint');
    expect(hint.state, 'the state is kept as text only').to.equal(undefined);
    expect(accountStateFromText(hint.stateText ?? '')).to.include({ seq: 1, pending: 10 });

    const posted = await cold().append(movement('post', (state) => postPending(state, { amount: 10, expiresAtMs: EXPIRY, reason: 'posted' })));
    expect(posted.status === 'appended' && posted.entry).to.include({ seq: 2, available: 10, pending: 0 });
    expect(counts.entriesRead, 'the hint at the head carried its state').to.deep.equal([]);

    // A hint as an earlier version wrote it, with the state nested: read as well, no entry read.
    const head = posted.status === 'appended' ? stateOf(posted.entry) : null;
    await models.CreditHeadHint.collection.replaceOne({ _id: account as never }, { seq: 2, state: head });
    const spent = await cold().append(movement('spend', (state) => redeem(state, { amount: 3, reason: 'spent' })));
    expect(spent.status === 'appended' && spent.entry).to.include({ seq: 3, available: 7 });
    expect(counts.entriesRead, 'the nested state of an older hint').to.deep.equal([]);

    // A hint written before hints carried a state, or with text that is not a state: its entry is read, and the stale
    // hint walked on from.
    await models.CreditHeadHint.collection.replaceOne({ _id: account as never }, { seq: 1, stateText: '{"seq":1' });
    const again = await cold().append(movement('spend again', (state) => redeem(state, { amount: 2, reason: 'spent' })));
    expect(again.status === 'appended' && again.entry).to.include({ seq: 4, available: 5 });
    expect(counts.entriesRead[0], 'the entry the hint names, read first').to.equal(entryIdOf(account, 1));
  });

  it('stores an entry\'s lists as one string, and goes on from entries an earlier version stored with nested lists', async () => {
    const { models } = harness.store;
    const consumerRef = 'nell';
    const nell = `${platformId.toHexString()}:${consumerRef}`;
    const movement = movementOf(consumerRef);
    const earned = await createCreditLedger(models).append(movement('earn', earning(10)));
    if (earned.status !== 'appended') expect.fail(`the earning was ${earned.status}`);
    const stored = await models.CreditEntry.collection.findOne({ _id: entryIdOf(nell, 1) as never });
    expect(stored?.detailText).to.be.a('string');
    expect(stored).to.not.have.any.keys('allocations', 'lots', 'holds', 'recentEarnings');

    // The same entry as an earlier version stored it, and no head hint: a ledger that has not seen the account
    // reads it from the start of the chain.
    const { allocations, lots, recentEarnings } = earned.entry;
    const nested: Partial<StoredCreditEntryDoc> = { ...storedEntryOf(earned.entry), allocations, lots, recentEarnings };
    delete nested.detailText;
    await eventually(async () => ((await models.CreditHeadHint.findById(nell).lean()) ? true : undefined), 5000, 'the head hint');
    await models.CreditHeadHint.deleteOne({ _id: nell });
    await models.CreditEntry.collection.replaceOne({ _id: entryIdOf(nell, 1) as never }, nested);
    const posted = await createCreditLedger(models).append(movement('post', (state) => postPending(state, { amount: 10, expiresAtMs: EXPIRY, reason: 'posted' })));
    expect(posted.status === 'appended' && posted.entry).to.include({ seq: 2, available: 10, pending: 0 });
    expect(posted.status === 'appended' && posted.entry.lots).to.deep.equal([{ seq: 2, remaining: 10, expiresAtMs: EXPIRY }]);
    const page = await harness.services.credits.entries(platformId, consumerRef, { first: 10, afterSeq: 0 });
    expect(page.nodes.map((e) => [e.seq, e.kind, e.available, e.pending])).to.deep.equal([[1, 'EARN_PENDING', 0, 10], [2, 'EARN_POSTED', 10, 0]]);
    expect((await account(consumerRef)).nextExpiry).to.deep.include({ remaining: 10, expiresAtMs: EXPIRY });
  });

  it('reads past a lagging head hint, one read per entry, then moves the hint to the head', async () => {
    const { models } = harness.store;
    const consumerRef = 'ivan';
    const account = `${platformId.toHexString()}:${consumerRef}`;
    const movement = movementOf(consumerRef);
    // One process writes five entries: its hint stays at seq 1 (it moves every 16 entries).
    const warm = createCreditLedger(models);
    await warm.append(movement('e1', earning(10)));
    await warm.append(movement('post', (state) => postPending(state, { amount: 10, expiresAtMs: EXPIRY, reason: 'posted' })));
    for (const key of ['s1', 's2', 's3']) await warm.append(movement(key, (state) => redeem(state, { amount: 1, reason: 'spent' })));
    await eventually(async () => ((await models.CreditHeadHint.findById(account).lean())?.seq === 1 ? true : undefined), 5000, 'the hint at seq 1');
    const { counts, cold } = countingLedgers();

    // From the hint's state an earning is possible: its insert at seq 2 collides, the holder and the entries after it
    // are read until seq 6 is found free, and the second insert lands there.
    const earned = await cold().append(movement('e2', earning(1)));
    expect(earned.status === 'appended' && earned.entry).to.include({ seq: 6, available: 7, pending: 1 });
    expect(counts.entriesRead).to.deep.equal([2, 3, 4, 5, 6].map((seq) => entryIdOf(account, seq)));
    expect(counts.insertCalls).to.equal(2);

    const hint = await eventually(async () => { const h = await models.CreditHeadHint.findById(account).lean(); return h?.seq === 6 ? h : undefined; }, 5000, 'the hint moved to the head');
    expect(accountStateFromText(hint.stateText ?? '')).to.include({ seq: 6, pending: 1 });
    counts.entriesRead.length = 0;
    counts.insertCalls = 0;
    const next = await cold().append(movement('e3', earning(1)));
    expect(next.status === 'appended' && next.entry).to.include({ seq: 7, pending: 2 });
    expect(counts.entriesRead, 'the next cold writer starts at the head').to.deep.equal([]);
    expect(counts.insertCalls).to.equal(1);
    // A replay from a cold process is found by its idempotency key, and moves nothing.
    const replay = await cold().append(movement('e2', earning(1)));
    expect(replay.status === 'replayed' && replay.entry.seq).to.equal(6);
    expect((await chain(consumerRef)).map((e) => e.seq)).to.deep.equal([1, 2, 3, 4, 5, 6, 7]);
  });

  it('ends in the same state when a delivery is processed before its choice', async () => {
    const choiceId = await choose('erin', 'o-5');
    await harness.services.credits.applyOrderEvent(await event('o-5', 'DELIVERED'));
    await harness.services.credits.creditChoice(choiceId);
    expect((await chain('erin')).map((e) => e.kind)).to.deep.equal(['EARN_PENDING', 'EARN_POSTED']);
    expect((await account('erin')).state).to.include({ available: 10, pending: 0 });
  });

  it('settles an order once when its delivery and (recorded before an order ended once) cancellation are processed at the same time, leaving other orders alone', async () => {
    for (let round = 0; round < 5; round += 1) {
      const consumer = `gina-${String(round)}`;
      const raced = await choose(consumer, `race-${String(round)}`);
      const other = await choose(consumer, `other-${String(round)}`);
      await Promise.all([harness.services.credits.creditChoice(raced), harness.services.credits.creditChoice(other)]);
      const delivered = await event(`race-${String(round)}`, 'DELIVERED');
      const cancelled = await legacyCancellation(`race-${String(round)}`);
      await Promise.all([harness.services.credits.applyOrderEvent(delivered), harness.services.credits.applyOrderEvent(cancelled)]);
      await harness.services.credits.applyOrderEvent(await event(`other-${String(round)}`, 'DELIVERED'));
      expect((await account(consumer)).state, `round ${String(round)}`).to.include({ available: 10, pending: 0 });
    }
  });

  it('redeems idempotently: a replay returns the first entry, another amount under the key is refused, a shortfall is INSUFFICIENT_CREDITS', async () => {
    const choiceId = await choose('frank', 'o-6');
    await harness.services.credits.creditChoice(choiceId);
    await harness.services.credits.applyOrderEvent(await event('o-6', 'DELIVERED'));
    const first = await harness.services.credits.redeem(platformId, { consumerRef: 'frank', amount: 3, idempotencyKey: 'k' });
    const again = await harness.services.credits.redeem(platformId, { consumerRef: 'frank', amount: 3, idempotencyKey: 'k' });
    expect(first.ok && again.ok && again.value.entry._id === first.value.entry._id).to.equal(true);
    const other = await harness.services.credits.redeem(platformId, { consumerRef: 'frank', amount: 4, idempotencyKey: 'k' });
    expect(other.ok ? null : other.errors.map((e) => e.code)).to.deep.equal(['IDEMPOTENCY_KEY_REUSED']);
    const short = await harness.services.credits.redeem(platformId, { consumerRef: 'frank', amount: 8, idempotencyKey: 'k2' });
    expect(short.ok ? null : short.errors.map((e) => e.code)).to.deep.equal(['INSUFFICIENT_CREDITS']);
    const invalid = await harness.services.credits.redeem(platformId, { consumerRef: 'frank', amount: 0, idempotencyKey: 'k3' });
    expect(invalid.ok ? null : invalid.errors.map((e) => e.field?.join('.'))).to.deep.equal(['input.amount']);
    expect((await account('frank')).state.available).to.equal(7);
  });
});
