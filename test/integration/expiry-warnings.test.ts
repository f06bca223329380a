// Expiry warnings on the real store, delivered through a real SMTP server: once per lot, only to consumers whose
// platform gave an address with consent, and only for credits still there.
import { expect } from 'chai';
import { Types } from 'mongoose';
import { startWorker } from '../../jobs/worker.js';
import { startHarness, type Harness } from '../support/harness.js';
import { parseMail } from '../support/mime.js';
import { eventually, testLogger } from '../support/services.js';
import { startSmtpSink, type SmtpSink } from '../support/smtp-sink.js';
import { pinnedClock } from '../support/test-clock.js';

const ownPackaging = { lengthMm: 200, widthMm: 150, heightMm: 100, weightGrams: 800, shipsInOwnPackaging: true };
const DAY = 86_400_000;

describe('credit expiry warnings', () => {
  let sink: SmtpSink;
  let harness: Harness;
  const platformId = new Types.ObjectId();
  // Orders delivered on the last day of a quarter; a year on, the 30-day warning window opens across a leap day.
  const clock = pinnedClock('2027-03-31T23:20:00Z');
  const DELIVERED_AT = Date.parse('2027-03-31T23:25:00Z');
  const EXPIRES_AT = Date.parse('2028-03-31T23:25:00Z');
  before(async () => {
    sink = await startSmtpSink();
    harness = await startHarness('expiry_warnings', { smtpUrl: sink.url }, { clock: clock.now });
    await harness.store.models.Organization.create({ _id: platformId, name: 'ShopOne', kind: 'PLATFORM', registrationNumber: null, contactEmail: null, createdAt: clock.now() });
  });
  after(async () => {
    await harness.dispose();
    await sink.close();
  });

  /** 10 credits posted for a consumer, delivered at DELIVERED_AT: they expire 12 months on, at EXPIRES_AT. */
  async function earn(consumerRef: string, orderRef: string): Promise<number> {
    const quote = await harness.services.checkout.quote(platformId, ownPackaging, consumerRef);
    if (!quote.ok) throw new Error('quote refused');
    const choice = await harness.services.checkout.choosePackaging(platformId, { quoteId: quote.value._id.toHexString(), optionId: 'o1', orderRef });
    if (!choice.ok) throw new Error('choice refused');
    await harness.services.credits.creditChoice(choice.value._id.toHexString());
    const delivered = await harness.services.checkout.recordOrderEvent(platformId, { orderRef, type: 'DELIVERED', occurredAt: new Date(DELIVERED_AT) });
    if (!delivered.ok) throw new Error(`delivery refused: ${JSON.stringify(delivered.errors)}`);
    const event = await harness.store.models.OrderEvent.findOne({ platformId, orderRef }).lean();
    await harness.services.credits.applyOrderEvent(event?._id.toHexString() ?? '');
    return EXPIRES_AT;
  }

  it('mails each consumer with an address once per lot, 30 days ahead, and no one else', async () => {
    await startWorker(harness.queues, harness.services, testLogger());
    expect(await earn('ann', 'ann-1')).to.equal(EXPIRES_AT);
    const expiresAt = EXPIRES_AT;
    await earn('ben', 'ben-1'); // no address: never mailed
    await earn('cat', 'cat-1'); // spends everything: nothing to warn about
    await earn('dan', 'dan-1'); // gave an address, then had it removed
    const spent = await harness.services.credits.redeem(platformId, { consumerRef: 'cat', amount: 10, idempotencyKey: 'cat-all' });
    expect(spent.ok).to.equal(true);
    for (const [consumerRef, email] of [['ann', 'ann@example.com'], ['cat', 'cat@example.com'], ['dan', 'dan@example.com']]) {
      const set = await harness.services.contacts.set(platformId, { consumerRef: consumerRef ?? '', email: email ?? '', consent: true });
      expect(set.ok, consumerRef).to.equal(true);
    }
    expect(await harness.services.contacts.remove(platformId, 'dan')).to.deep.equal({ ok: true, value: { removed: true } });

    expect(await harness.services.expiryWarnings.warnExpiring(expiresAt - 31 * DAY), 'too early').to.equal(0);
    const due = expiresAt - 29 * DAY;
    expect(await harness.services.expiryWarnings.warnExpiring(due)).to.equal(1);
    expect(await harness.services.expiryWarnings.warnExpiring(due + 3600_000), 'a lot is warned about once').to.equal(0);

    const mail = await eventually(() => Promise.resolve(sink.received[0]), 10_000, 'the warning to arrive');
    expect(mail.to).to.deep.equal(['ann@example.com']);
    const parsed = parseMail(mail.raw);
    expect(parsed.subject).to.equal('10 green credits with ShopOne expire on March 31, 2028');
    expect(parsed.text).to.contain('in 29 days');
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(sink.received).to.have.length(1);
  });

  it('follows the platform’s own warning period', async () => {
    const rules = await harness.services.pricing.earningRules(platformId);
    const set = await harness.services.pricing.setEarningRules(platformId, {
      ...rules,
      choiceCredits: { standard: rules.choiceCredits.STANDARD, reduced: rules.choiceCredits.REDUCED, green: rules.choiceCredits.GREEN, reusable: rules.choiceCredits.REUSABLE },
      expiryWarningDays: 7,
    });
    expect(set.ok).to.equal(true);
    const expiresAt = await earn('eve', 'eve-1');
    await harness.services.contacts.set(platformId, { consumerRef: 'eve', email: 'eve@example.com', consent: true });
    expect(await harness.services.expiryWarnings.warnExpiring(expiresAt - 8 * DAY)).to.equal(0);
    expect(await harness.services.expiryWarnings.warnExpiring(expiresAt - 6 * DAY)).to.equal(1);
    const queued = (await harness.store.models.Mail.find().lean()).filter((m) => harness.services.notifications.recipientOf(m) === 'eve@example.com');
    expect(queued).to.have.length(1);
    expect(queued[0]?.idempotencyKey).to.match(/^expiry-warning:[0-9a-f]{24}:eve:2$/);
    // The recorded mail keeps the address sealed: it is not in the document in clear.
    expect(JSON.stringify(queued[0])).not.to.contain('eve@example.com');
  });
});
