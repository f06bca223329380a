import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'chai';
import { startWorker } from '../../jobs/worker.js';
import { startHarness, type Harness } from '../support/harness.js';
import { eventually, testLogger } from '../support/services.js';
import { startSmtpSink, type SmtpSink } from '../support/smtp-sink.js';
import { systemNow } from '../support/test-clock.js';

describe('mail jobs, through a real SMTP server', () => {
  let sink: SmtpSink;
  let harness: Harness;

  beforeEach(async () => {
    sink = await startSmtpSink();
    harness = await startHarness('mail', { smtpUrl: sink.url });
  });
  afterEach(async () => {
    await harness.dispose();
    await sink.close();
  });

  it('delivers a queued mail with its subject and body, and records the delivery', async () => {
    await startWorker(harness.queues, harness.services, testLogger());
    const outcome = await harness.services.notifications.queueMail({
      idempotencyKey: 'welcome:org-1',
      to: 'ops@acme.example',
      subject: 'Welcome to GreenLoop',
      text: 'Your API key is ready.',
    });
    if (!outcome.ok) throw new Error('queueMail refused');
    const mail = await eventually(() => Promise.resolve(sink.received[0]), 10_000, 'the mail to arrive');
    expect(mail.to).to.deep.equal(['ops@acme.example']);
    expect(mail.raw).to.match(/^Subject: Welcome to GreenLoop$/m);
    expect(mail.raw).to.contain('Your API key is ready.');
    await eventually(async () => (await harness.store.models.MailDelivery.exists({ _id: outcome.value.mailId })) ?? undefined, 5000, 'the delivery record');
  });

  it('sends a mail once when the same idempotency key is queued again, and refuses the key for another mail', async () => {
    await startWorker(harness.queues, harness.services, testLogger());
    const request = { idempotencyKey: 'expiry-warning:c1:2026-12', to: 'c1@example.com', subject: 'Credits expire soon', text: '40 credits expire on 31 December.' };
    const first = await harness.services.notifications.queueMail(request);
    const second = await harness.services.notifications.queueMail(request);
    expect(first).to.deep.equal(second);
    const reused = await harness.services.notifications.queueMail({ ...request, text: 'something else' });
    expect(reused).to.deep.include({ ok: false });
    expect(reused.ok ? null : reused.errors[0]?.code).to.equal('IDEMPOTENCY_KEY_REUSED');

    const id = first.ok ? first.value.mailId : '';
    await eventually(async () => (await harness.store.models.MailDelivery.exists({ _id: id })) ?? undefined, 10_000, 'the delivery record');
    // A redelivered job (a retry, a second worker) finds the delivery and does not send again.
    expect(await harness.services.notifications.deliverMail(id)).to.equal('already-delivered');
    expect(sink.received).to.have.length(1);
  });

  it('sweeps a recorded mail whose job was never enqueued (a crash in between) and delivers it', async () => {
    const { Mail } = harness.store.models;
    const orphan = await Mail.create({ idempotencyKey: 'orphan', to: 'x@example.com', subject: 'Orphan', text: 'Recorded, never enqueued.', createdAt: systemNow() });
    expect(await harness.services.notifications.sweepUndelivered(0)).to.equal(1);
    await startWorker(harness.queues, harness.services, testLogger());
    await eventually(() => Promise.resolve(sink.received.find((m) => m.raw.includes('Subject: Orphan'))), 10_000, 'the swept mail');
    await eventually(async () => (await harness.store.models.MailDelivery.exists({ _id: orphan._id })) ?? undefined, 5000, 'its delivery');
    expect(await harness.services.notifications.sweepUndelivered(0)).to.equal(0);
  });
});

describe('mail without SMTP_URL', () => {
  it('writes each mail as an .eml file in the outbox folder', async () => {
    const outbox = await mkdtemp(join(tmpdir(), 'greenloop-outbox-'));
    const harness = await startHarness('outbox', { smtpUrl: null, outboxDir: outbox });
    try {
      await startWorker(harness.queues, harness.services, testLogger());
      await harness.services.notifications.queueMail({ idempotencyKey: 'k', to: 'a@example.com', subject: 'Outbox test', text: 'Hello file.' });
      const files = await eventually(async () => {
        const names = await readdir(outbox);
        return names.length > 0 ? names : undefined;
      }, 10_000, 'an .eml file');
      expect(files).to.have.length(1);
      expect(files[0]).to.match(/\.eml$/);
      const content = await readFile(join(outbox, files[0] ?? ''), 'utf8');
      expect(content).to.match(/^Subject: Outbox test$/m);
      expect(content).to.contain('Hello file.');
    } finally {
      await harness.dispose();
      await rm(outbox, { recursive: true, force: true });
    }
  });
});
