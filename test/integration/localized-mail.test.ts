// Mail in the reader's language, through a real SMTP server: a consumer's own language, else their platform's; a
// producer's compliance report in its organization's language; the operator's alert in OPERATOR_LOCALE's. Every
// message arrives as multipart/alternative with a text and an HTML part that the recorded mail holds too.
import { expect } from 'chai';
import type { Types } from 'mongoose';
import { startWorker } from '../../jobs/worker.js';
import type { MailLocale } from '../../server/domain/mail-locale.js';
import { createServices } from '../../server/services/index.js';
import type { Principal } from '../../server/services/identity.js';
import { startHarness, testContactCipher, type Harness } from '../support/harness.js';
import { parseMail, type ParsedMail } from '../support/mime.js';
import { TEST_ADMIN_KEY, eventually, testLogger } from '../support/services.js';
import { startSmtpSink, type SmtpSink } from '../support/smtp-sink.js';
import { pinnedClock } from '../support/test-clock.js';

const ownPackaging = { lengthMm: 200, widthMm: 150, heightMm: 100, weightGrams: 800, shipsInOwnPackaging: true };
const DAY = 86_400_000;

describe('mail in the reader’s language, over SMTP', () => {
  let sink: SmtpSink;
  let harness: Harness;
  let englishShop: Types.ObjectId;
  let chineseShop: Types.ObjectId;
  // The last hour of June in UTC (1 July already in Beijing): the month, the quarter and the half end together.
  // Choices are made from 23:22 on; their deliveries are reported for 23:25, after them and within the allowed skew.
  const clock = pinnedClock('2027-06-30T23:22:00Z');
  const DELIVERED_AT = Date.parse('2027-06-30T23:25:00Z');
  const EXPIRES_AT = Date.parse('2028-06-30T23:25:00Z');

  before(async () => {
    sink = await startSmtpSink();
    harness = await startHarness('localized_mail', { smtpUrl: sink.url }, { clock: clock.now });
    await startWorker(harness.queues, harness.services, testLogger());
    const { identity } = harness.services;
    const created = await identity.createOrganization({ name: 'Shop EN', kind: 'PLATFORM' });
    const other = await identity.createOrganization({ name: '绿色商城', kind: 'PLATFORM' });
    if (!created.ok || !other.ok) throw new Error('organizations refused');
    englishShop = created.value.organization._id;
    chineseShop = other.value.organization._id;
    // The platform turns to Chinese after it was created: its consumers without a language of their own follow.
    const caller: Principal = { kind: 'ORGANIZATION', organization: other.value.organization, keyId: 'unused' };
    const changed = await identity.updatePreferences(caller, { locale: 'ZH_CN' });
    expect(changed.ok && changed.value.locale).to.equal('ZH_CN');
  });
  after(async () => {
    await harness.dispose();
    await sink.close();
  });

  /** 10 credits posted for a consumer, delivered at DELIVERED_AT: they expire 12 months on, at EXPIRES_AT. */
  async function earn(platformId: Types.ObjectId, consumerRef: string): Promise<number> {
    const quote = await harness.services.checkout.quote(platformId, ownPackaging, consumerRef);
    if (!quote.ok) throw new Error('quote refused');
    const orderRef = `${consumerRef}-1`;
    const choice = await harness.services.checkout.choosePackaging(platformId, { quoteId: quote.value._id.toHexString(), optionId: 'o1', orderRef });
    if (!choice.ok) throw new Error('choice refused');
    await harness.services.credits.creditChoice(choice.value._id.toHexString());
    const delivered = await harness.services.checkout.recordOrderEvent(platformId, { orderRef, type: 'DELIVERED', occurredAt: new Date(DELIVERED_AT) });
    if (!delivered.ok) throw new Error(`delivery refused: ${JSON.stringify(delivered.errors)}`);
    const event = await harness.store.models.OrderEvent.findOne({ platformId, orderRef }).lean();
    await harness.services.credits.applyOrderEvent(event?._id.toHexString() ?? '');
    return EXPIRES_AT;
  }

  const received = (to: string): Promise<ParsedMail> =>
    eventually(() => Promise.resolve(sink.received.find((m) => m.to.includes(to))), 15_000, `the mail to ${to}`).then((m) => parseMail(m.raw));

  async function expectMultipart(to: string, mail: ParsedMail, locale: MailLocale): Promise<void> {
    expect(mail.contentType).to.equal('multipart/alternative');
    expect(mail.parts.map((p) => p.contentType)).to.deep.equal(['text/plain', 'text/html']);
    expect(mail.text?.trim()).not.to.equal('');
    expect(mail.html).to.contain(`<html lang="${locale === 'EN' ? 'en' : 'zh-CN'}">`);
    // What went out is what was recorded: a resend after a crash sends the same two parts.
    const stored = (await harness.store.models.Mail.find().lean()).find((m) => harness.services.notifications.recipientOf(m) === to && m.subject === mail.subject);
    expect(stored?.text).to.equal(mail.text);
    expect(stored?.html).to.equal(mail.html);
  }

  it('warns each consumer in their own language, else in their platform’s', async () => {
    const contacts: [Types.ObjectId, string, MailLocale | undefined][] = [
      [englishShop, 'li', 'ZH_CN'],
      [englishShop, 'amy', 'EN'],
      [englishShop, 'bob', undefined],
      [chineseShop, 'wei', undefined],
      [chineseShop, 'ann', 'EN'],
    ];
    for (const [platformId, consumerRef, locale] of contacts) {
      expect(await earn(platformId, consumerRef)).to.equal(EXPIRES_AT);
      const set = await harness.services.contacts.set(platformId, { consumerRef, email: `${consumerRef}@example.com`, consent: true, ...(locale ? { locale } : {}) });
      expect(set.ok && set.value.locale, consumerRef).to.equal(locale ?? null);
    }
    expect(await harness.services.expiryWarnings.warnExpiring(EXPIRES_AT - 29 * DAY)).to.equal(contacts.length);

    for (const to of ['li@example.com', 'wei@example.com']) {
      const mail = await received(to);
      expect(mail.subject, to).to.match(/^您在 (Shop EN|绿色商城) 的 10 个绿色积分将于 2028年6月30日 到期$/);
      expect(mail.text, to).to.contain('10 个绿色积分').and.contain('UTC').and.match(/还有 (29|30) 天/);
      expect(mail.text, to).not.to.contain('green credits');
      expect(mail.html, to).to.contain('个绿色积分将在');
      await expectMultipart(to, mail, 'ZH_CN');
    }
    for (const to of ['amy@example.com', 'bob@example.com', 'ann@example.com']) {
      const mail = await received(to);
      expect(mail.subject, to).to.match(/^10 green credits with (Shop EN|绿色商城) expire on June 30, 2028$/);
      expect(mail.text, to).to.contain('10 green credits you earned with').and.contain('UTC').and.match(/in (29|30) days\./);
      expect(mail.text, to).not.to.contain('积分');
      await expectMultipart(to, mail, 'EN');
    }
    expect((await received('wei@example.com')).subject, 'the platform’s name is kept as given').to.contain('绿色商城');
  });

  it('mails a producer one mail for the periods that closed together, in the organization’s language', async () => {
    const producer = await harness.services.identity.createOrganization({ name: 'Carton & Co <CN>', kind: 'PRODUCER', contactEmail: 'epr@carton.example', locale: 'ZH_CN' });
    if (!producer.ok) throw new Error('producer refused');
    // An hour into July: June, the second quarter and the first half have closed (the year has not): one mail.
    expect((await harness.services.compliance.sweep(Date.parse('2027-07-01T01:00:00Z'))).mailed).to.equal(1);
    await eventually(() => Promise.resolve(sink.received.some((m) => m.to.includes('epr@carton.example')) ? true : undefined), 15_000, 'the closing’s mail');
    const reports = sink.received.filter((m) => m.to.includes('epr@carton.example')).map((m) => parseMail(m.raw));
    expect(reports.map((m) => m.subject)).to.deep.equal(['GreenLoop 2027-06、2027-Q2、2027-H1 包装合规报告']);
    const [mail] = reports;
    if (!mail) throw new Error('no report');
    expect(mail.text).to.contain('Carton & Co <CN>').and.contain('3 个报告期同时结束：2027-06、2027-Q2、2027-H1。')
      .and.contain('报告期 2027-06').and.contain('报告期 2027-Q2').and.contain('报告期 2027-H1')
      .and.contain('状态：合规（COMPLIANT）').and.contain('费用：£0.00');
    expect(mail.html).to.contain('Carton &amp; Co &lt;CN&gt;').and.not.contain('<CN>');
    await expectMultipart('epr@carton.example', mail, 'ZH_CN');
  });

  it('writes the operator’s reconciliation alert in OPERATOR_LOCALE’s language', async () => {
    const chinese = createServices({
      models: harness.store.models, queues: harness.queues, transport: harness.transport, adminApiKey: TEST_ADMIN_KEY, mailFrom: 'GreenLoop <test@greenloop.local>',
      operatorEmail: 'ops-zh@greenloop.test', operatorLocale: 'ZH_CN', logger: testLogger(), contactCipher: testContactCipher(),
    });
    const head = await harness.store.models.CreditEntry.findOne({ account: `${chineseShop.toHexString()}:wei` }).sort({ seq: -1 }).lean();
    if (!head) throw new Error('no chain');
    // credits out of nowhere, written around the ledger
    await harness.store.models.CreditEntry.create({ ...head, _id: `${head.account}:${String(head.seq + 1)}`, seq: head.seq + 1, idempotencyKey: 'forged', available: head.available + 50, consumerDelta: 0, kind: 'REDEMPTION', amount: 0 });
    const report = await chinese.reconciliation.reconcile(clock.now());
    chinese.close();
    expect(report.problems.length).to.be.at.least(1);
    const mail = await received('ops-zh@greenloop.test');
    expect(mail.subject).to.equal(`GreenLoop 积分账本对账：发现 ${String(report.problems.length)} 个问题`);
    expect(mail.text).to.contain('的对账发现').and.contain('已审计账户').and.contain('do not follow');
    await expectMultipart('ops-zh@greenloop.test', mail, 'ZH_CN');
  });
});
