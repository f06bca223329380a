// The reconciliation job's audit on the real store: a healthy ledger reports nothing; a broken chain is reported
// and the operator is mailed.
import { expect } from 'chai';
import { Types } from 'mongoose';
import { newIdAt } from '../../server/db/id-window.js';
import type { QuoteOption } from '../../server/db/models/quote.js';
import { createServices } from '../../server/services/index.js';
import { NO_OBSERVER } from '../../server/services/service-observer.js';
import { startHarness, testContactCipher, type Harness } from '../support/harness.js';
import { TEST_ADMIN_KEY, testLogger } from '../support/services.js';

describe('ledger reconciliation', () => {
  let harness: Harness;
  const platformId = new Types.ObjectId();
  before(async () => { harness = await startHarness('reconciliation', { smtpUrl: null }); });
  after(() => harness.dispose());

  async function deliveredChoice(consumerRef: string, orderRef: string): Promise<void> {
    const quote = await harness.services.checkout.quote(platformId, { lengthMm: 200, widthMm: 150, heightMm: 100, weightGrams: 500, shipsInOwnPackaging: true }, consumerRef);
    if (!quote.ok) throw new Error('quote refused');
    const choice = await harness.services.checkout.choosePackaging(platformId, { quoteId: quote.value._id.toHexString(), optionId: 'o1', orderRef });
    if (!choice.ok) throw new Error('choice refused');
    await harness.services.credits.creditChoice(choice.value._id.toHexString());
    await harness.services.facts.receive('choice', choice.value._id.toHexString());
    const recorded = await harness.services.checkout.recordOrderEvent(platformId, { orderRef, type: 'DELIVERED' });
    if (!recorded.ok) throw new Error('event refused');
    const event = await harness.store.models.OrderEvent.findOne({ platformId, orderRef }).lean();
    await harness.services.credits.applyOrderEvent(event?._id.toHexString() ?? '');
    await harness.services.facts.receive('order-event', event?._id.toHexString() ?? '');
  }

  it('finds nothing wrong with a ledger the services wrote, and mails nobody', async () => {
    await deliveredChoice('ann', 'r-1');
    await deliveredChoice('ann', 'r-2');
    await harness.services.credits.redeem(platformId, { consumerRef: 'ann', amount: 15, idempotencyKey: 'r' });
    await deliveredChoice('ben', 'r-3');
    const report = await harness.services.reconciliation.reconcile(harness.services.clock());
    expect(report.problems).to.deep.equal([]);
    expect(report).to.include({ accounts: 2, entries: 7 });
    expect(await harness.store.models.Mail.countDocuments()).to.equal(0);
  });

  it('reports an entry that does not follow from the one before, and a broken zero-sum, and mails the operator', async () => {
    const head = await harness.store.models.CreditEntry.findOne({ account: `${platformId.toHexString()}:ben` }).sort({ seq: -1 }).lean();
    if (!head) throw new Error('no chain');
    // an entry written around the ledger: credits out of nowhere
    await harness.store.models.CreditEntry.create({ ...head, _id: `${head.account}:${String(head.seq + 1)}`, seq: head.seq + 1, idempotencyKey: 'forged', available: head.available + 50, consumerDelta: 0, kind: 'REDEMPTION', amount: 0 });
    const report = await harness.services.reconciliation.reconcile(harness.services.clock());
    expect(report.problems.some((p) => p.includes('seq 3') && p.includes('do not follow'))).to.equal(true);
    expect(report.problems.some((p) => p.includes('system accounts sum'))).to.equal(true);
    const mail = (await harness.store.models.Mail.find().lean()).find((m) => harness.services.notifications.recipientOf(m) === 'ops@greenloop.test');
    expect(mail?.subject).to.match(/reconciliation: \d+ problem/);
    expect(mail?.text).to.contain('do not follow');
  });
});

describe('ledger reconciliation of overdue facts', () => {
  let harness: Harness;
  const platformId = new Types.ObjectId();
  before(async () => { harness = await startHarness('reconciliation_overdue', { smtpUrl: null }); });
  after(() => harness.dispose());

  it('counts facts still unsettled ten minutes after they were recorded in a metric, re-enqueues them and says so', async () => {
    const overdue: number[] = [];
    const observer = { ...NO_OBSERVER, factsOverdue: (count: number) => { overdue.push(count); } };
    const services = createServices({ models: harness.store.models, queues: harness.queues, transport: harness.transport, adminApiKey: TEST_ADMIN_KEY, mailFrom: 'x@greenloop.test', operatorEmail: 'ops@greenloop.test', logger: testLogger(), contactCipher: testContactCipher(), observer });
    const at = new Date(harness.services.clock().getTime() - 11 * 60_000);
    const option: QuoteOption = { id: 'o1', packagingClass: 'REDUCED', packagingTypeId: null, packagingTypeRevision: null, priceMinor: 0, depositMinor: 0, currency: 'CNY', credits: 10, emptySpaceRatio: 0.1, recommended: true };
    await harness.store.models.PackagingChoice.create({ _id: newIdAt(at), platformId, orderRef: 'stuck', consumerRef: 'cy', quoteId: new Types.ObjectId(), option, createdAt: at });
    const report = await services.reconciliation.reconcile(services.clock());
    expect(report.requeuedFacts).to.equal(1);
    expect(report.problems).to.include('1 facts older than 10 minutes had not reached the ledger; re-enqueued');
    expect(overdue).to.deep.equal([1]);
    services.close();
  });
});
