// The real entry point (app/main.ts) as a separate process: start-up validation and graceful shutdown.
import { expect } from 'chai';
import { startHarness, type Harness } from '../support/harness.js';
import { TEST_ADMIN_KEY, deleteQueueKeys, dropDatabase, eventually, testQueuePrefix, testRedisUrl, testStoreUri } from '../support/services.js';
import { startSmtpSink, type SmtpSink } from '../support/smtp-sink.js';
import { spawnMain } from '../support/spawn-main.js';

describe('the service process', () => {
  it('refuses to start with a malformed MONGODB_URI, naming the variable, and exits 1', async () => {
    const started = spawnMain({ MONGODB_URI: 'mongodb//oops', ADMIN_API_KEY: TEST_ADMIN_KEY, REDIS_URL: testRedisUrl() });
    const code = await started.exited;
    expect(code).to.equal(1);
    expect(started.output()).to.contain('MONGODB_URI must look like');
  });

  it('serves GraphQL with ROLE=all, then drains and exits 0 on SIGTERM', async () => {
    const uri = testStoreUri('sigterm_api');
    const prefix = testQueuePrefix('sigterm_api');
    const api = spawnMain({ ROLE: 'all', PORT: '0', MONGODB_URI: uri, REDIS_URL: testRedisUrl(), QUEUE_PREFIX: prefix, ADMIN_API_KEY: TEST_ADMIN_KEY });
    try {
      const url = await eventually(() => Promise.resolve(/"url":"(http:[^"]+)"/.exec(api.output())?.[1]), 30_000, 'the API to listen');
      const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"query":"{ __typename }"}' });
      expect(((await response.json()) as { data?: unknown }).data).to.deep.equal({ __typename: 'Query' });
      api.child.kill('SIGTERM');
      expect(await api.exited, api.output()).to.equal(0);
      expect(api.output()).to.contain('shut down cleanly');
    } finally {
      if (api.child.exitCode === null) api.child.kill('SIGKILL');
      await dropDatabase(uri);
      await deleteQueueKeys(prefix);
    }
  });

  describe('on SIGTERM while a job runs', () => {
    let sink: SmtpSink;
    let harness: Harness;
    let uri = '';
    let prefix = '';

    before(async () => {
      // The SMTP server holds each message 2 s before accepting it, so the mail job is still running at SIGTERM.
      sink = await startSmtpSink({ delayMs: 2000 });
      uri = testStoreUri('shutdown');
      prefix = testQueuePrefix('shutdown');
      harness = await startHarness('shutdown', { smtpUrl: null }, { uri, prefix });
    });
    after(async () => {
      await harness.dispose();
      await sink.close();
    });

    it('lets the job finish, then exits 0', async () => {
      const worker = spawnMain({
        ROLE: 'worker',
        PORT: '0',
        MONGODB_URI: uri,
        REDIS_URL: testRedisUrl(),
        QUEUE_PREFIX: prefix,
        SMTP_URL: sink.url,
        ADMIN_API_KEY: TEST_ADMIN_KEY,
        SHUTDOWN_TIMEOUT_MS: '15000',
      });
      try {
        await eventually(() => Promise.resolve(worker.output().includes('"worker started"') ? true : undefined), 30_000, 'the worker to start');
        const queued = await harness.services.notifications.queueMail({ idempotencyKey: 'shutdown-test', to: 'x@example.com', subject: 'Slow mail', text: 'Held by the SMTP server.' });
        if (!queued.ok) throw new Error('queueMail refused');
        await eventually(() => Promise.resolve(sink.started > 0 ? true : undefined), 10_000, 'the job to start sending');
        expect(sink.received, 'still in flight at SIGTERM').to.have.length(0);

        worker.child.kill('SIGTERM');
        const code = await worker.exited;
        expect(code, worker.output()).to.equal(0);
        expect(sink.received).to.have.length(1);
        expect(await harness.store.models.MailDelivery.exists({ _id: queued.value.mailId })).to.not.equal(null);
        expect(worker.output()).to.contain('shut down cleanly');
      } finally {
        if (worker.child.exitCode === null) worker.child.kill('SIGKILL');
      }
    });
  });
});
