// The logs of a real run hold no key, address or consumer ref. The service runs as its own process (app/main.ts)
// at LOG_LEVEL=trace; the run creates an organization, uses, rotates and revokes keys, gives a consumer's address,
// quotes and chooses packaging for that consumer, delivers, lets the jobs credit and mail an expiry warning, and
// stops. Then everything the process wrote to stdout and stderr is searched.
import { randomBytes } from 'node:crypto';
import { expect } from 'chai';
import { pino } from 'pino';
import { JOB_NAMES, type JobPayloads } from '../../server/queues/job-types.js';
import { QueueSet } from '../../server/queues/queue-set.js';
import { DEFAULT_EARNING_RULES } from '../../server/domain/earning-rules.js';
import { deleteQueueKeys, dropDatabase, eventually, testQueuePrefix, testRedisUrl, testStoreUri } from '../support/services.js';
import { startSmtpSink, type SmtpSink } from '../support/smtp-sink.js';
import { spawnMain, type Spawned } from '../support/spawn-main.js';

const run = randomBytes(4).toString('hex');
const ADMIN_KEY = `log-test-admin-${randomBytes(16).toString('hex')}`;
const CONSUMER_REF = `consumer-${run}-q7`;
const CONSUMER_EMAIL = `zoe.${run}@shopper.example`;
const ORGANIZATION_EMAIL = `ops.${run}@platform.example`;
const ORDER_REF = `order-${run}`;

describe('logs of a real run: no key, address or consumer ref', function () {
  this.timeout(120_000);
  let sink: SmtpSink;
  let service: Spawned;
  let uri = '';
  let prefix = '';
  const requestIds: string[] = [];
  const keys: string[] = [];
  let url = '';

  /** A GraphQL call tagged with a request id of ours, so the test can find its log line. */
  interface Reply<T> { data?: T; errors?: { extensions?: { code?: string } }[] }
  async function call<T = Record<string, unknown>>(query: string, key: string, variables: Record<string, unknown> = {}): Promise<Reply<T>> {
    const requestId = `log-test-${run}-${String(requestIds.length + 1)}`;
    requestIds.push(requestId);
    const response = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${key}`, 'x-request-id': requestId },
      body: JSON.stringify({ query, variables }),
    });
    return (await response.json()) as Reply<T>;
  }

  before(async () => {
    uri = testStoreUri('log_privacy');
    prefix = testQueuePrefix('log_privacy');
    sink = await startSmtpSink();
    service = spawnMain({
      ROLE: 'all',
      PORT: '0',
      MONGODB_URI: uri,
      REDIS_URL: testRedisUrl(),
      QUEUE_PREFIX: prefix,
      ADMIN_API_KEY: ADMIN_KEY,
      CONTACT_ENCRYPTION_KEY: randomBytes(32).toString('base64'),
      SMTP_URL: sink.url,
      LOG_LEVEL: 'trace',
      SHUTDOWN_TIMEOUT_MS: '5000',
    });
    url = await eventually(() => Promise.resolve(/"url":"(http:[^"]+)"/.exec(service.output())?.[1]), 30_000, 'the service to listen');
  });

  after(async () => {
    if (service.child.exitCode === null) service.child.kill('SIGKILL');
    await sink.close();
    await dropDatabase(uri);
    await deleteQueueKeys(prefix);
  });

  it('runs a platform’s whole day: keys created, rotated and revoked, an address given, a choice delivered and credited, an expiry warning mailed', async () => {
    keys.push(ADMIN_KEY);
    const created = await call<{ createOrganization: { apiKey: string } }>(
      'mutation($input: CreateOrganizationInput!) { createOrganization(input: $input) { apiKey userErrors { code } } }',
      ADMIN_KEY, { input: { name: `Log Shop ${run}`, kind: 'PLATFORM', contactEmail: ORGANIZATION_EMAIL } });
    const firstKey = created.data?.createOrganization.apiKey ?? '';
    expect(firstKey).to.match(/^glk_/);
    keys.push(firstKey);
    expect((await call('{ viewer { id } }', ADMIN_KEY)).errors?.[0]?.extensions?.code, 'the operator has no viewer').to.equal('FORBIDDEN');

    const rotated = await call<{ rotateApiKey: { apiKey: string; replaced: { id: string } } }>(
      'mutation { rotateApiKey(input: {overlapSeconds: 60}) { apiKey replaced { id } userErrors { code } } }', firstKey);
    const key = rotated.data?.rotateApiKey.apiKey ?? '';
    expect(key).to.match(/^glk_/);
    keys.push(key);
    const revoked = await call<{ revokeApiKey: { userErrors: unknown[] } }>(
      'mutation($input: RevokeApiKeyInput!) { revokeApiKey(input: $input) { userErrors { code } } }', key, { input: { keyId: rotated.data?.rotateApiKey.replaced.id } });
    expect(revoked.data?.revokeApiKey.userErrors).to.deep.equal([]);
    expect((await call('{ viewer { id } }', firstKey)).errors?.[0]?.extensions?.code, 'the revoked key').to.equal('UNAUTHENTICATED');

    const d = DEFAULT_EARNING_RULES;
    // Credits that expire in a month and a warning period of 60 days: the warning is due as soon as they post.
    const rules = await call<{ setEarningRules: { userErrors: unknown[] } }>(
      'mutation($input: EarningRulesInput!) { setEarningRules(input: $input) { userErrors { code field } } }', key, { input: {
        ownPackagingCredits: 10,
        choiceCredits: { standard: d.choiceCredits.STANDARD, reduced: d.choiceCredits.REDUCED, green: d.choiceCredits.GREEN, reusable: d.choiceCredits.REUSABLE },
        reusableReturnCredits: d.reusableReturnCredits, reusableReturnWindowDays: d.reusableReturnWindowDays,
        collectionReturnCreditsPerItem: d.collectionReturnCreditsPerItem, dailyCapPerConsumer: d.dailyCapPerConsumer,
        expiryMonths: 1, expiryWarningDays: 60, levels: d.levels.map((l) => ({ ...l })),
      } });
    expect(rules.data?.setEarningRules.userErrors).to.deep.equal([]);

    const contact = await call<{ setConsumerContact: { userErrors: unknown[] } }>(
      'mutation($input: ConsumerContactInput!) { setConsumerContact(input: $input) { userErrors { code } } }', key,
      { input: { consumerRef: CONSUMER_REF, email: CONSUMER_EMAIL, consent: true } });
    expect(contact.data?.setConsumerContact.userErrors).to.deep.equal([]);

    const quote = await call<{ packagingOptions: { id: string; options: { id: string }[] } }>(
      'query($ref: String!) { packagingOptions(parcel: {lengthMm: 200, widthMm: 150, heightMm: 100, weightGrams: 500, shipsInOwnPackaging: true}, consumerRef: $ref) { id options { id } } }',
      key, { ref: CONSUMER_REF });
    const chosen = await call<{ choosePackaging: { userErrors: unknown[] } }>(
      'mutation($input: ChoosePackagingInput!) { choosePackaging(input: $input) { userErrors { code } } }', key,
      { input: { quoteId: quote.data?.packagingOptions.id, optionId: quote.data?.packagingOptions.options[0]?.id, orderRef: ORDER_REF, idempotencyKey: ORDER_REF } });
    expect(chosen.data?.choosePackaging.userErrors).to.deep.equal([]);
    const delivered = await call<{ recordOrderEvent: { accepted: boolean } }>(
      'mutation($ref: String!) { recordOrderEvent(input: {orderRef: $ref, type: DELIVERED}) { accepted } }', key, { ref: ORDER_REF });
    expect(delivered.data?.recordOrderEvent.accepted).to.equal(true);

    await eventually(async () => {
      const account = await call<{ creditAccount: { available: number } }>('query($ref: String!) { creditAccount(consumerRef: $ref) { available } }', key, { ref: CONSUMER_REF });
      return (account.data?.creditAccount.available ?? 0) > 0 ? true : undefined;
    }, 30_000, 'posted credits');

    // The same read as a GET, the consumer ref in the URL's query string.
    const query = encodeURIComponent(`{ creditAccount(consumerRef: "${CONSUMER_REF}") { available } }`);
    const viaGet = await fetch(`${url}?query=${query}`, { headers: { authorization: `Bearer ${key}`, 'apollo-require-preflight': 'true', 'x-request-id': `log-test-${run}-get` } });
    requestIds.push(`log-test-${run}-get`);
    expect(viaGet.status).to.equal(200);

    // The expiry job runs every 15 minutes; run it now, through the service's own queue.
    const queues = new QueueSet<JobPayloads>({ redisUrl: testRedisUrl(), prefix, names: JOB_NAMES, logger: pino({ level: 'silent' }) });
    try {
      await queues.enqueue('credit-expiry', {});
    } finally {
      await queues.close(1000);
    }
    const warning = await eventually(() => Promise.resolve(sink.received.find((m) => m.to.includes(CONSUMER_EMAIL))), 30_000, 'the expiry warning mail');
    expect(warning.raw).to.match(/^Subject: \d+ green credits with Log Shop/m);

    service.child.kill('SIGTERM');
    expect(await service.exited, service.output().slice(-2000)).to.equal(0);
  });

  it('logged the run: every request id, the credit expiry job, the shutdown (the search below looks at real logs)', () => {
    const output = service.output();
    const lines = output.split('\n').filter((l) => l.trim() !== '');
    expect(lines.length).to.be.greaterThan(requestIds.length);
    for (const id of requestIds) expect(output, id).to.contain(`"id":"${id}"`);
    expect(output).to.contain('"warned":1').and.contain('expiry warnings queued');
    expect(output).to.contain('"url":"/graphql"');
    expect(output).to.contain('shut down cleanly');
  });

  it('logged none of the API keys (whole or their secrets), the operator key, the addresses or the consumer ref', () => {
    const output = service.output();
    const needles: [string, string][] = [
      ...keys.map((k, i) => [`API key ${String(i)}`, k] as [string, string]),
      ...keys.filter((k) => k.startsWith('glk_')).map((k, i) => [`secret of API key ${String(i)}`, k.slice(-43)] as [string, string]),
      ['the consumer’s address', CONSUMER_EMAIL],
      ['the consumer’s address, URL-encoded', encodeURIComponent(CONSUMER_EMAIL)],
      ['the local part of the consumer’s address', CONSUMER_EMAIL.split('@')[0] ?? CONSUMER_EMAIL],
      ['the organization’s address', ORGANIZATION_EMAIL],
      ['the consumer ref', CONSUMER_REF],
    ];
    expect(keys).to.have.length(3);
    expect(needles.filter(([, value]) => output.includes(value)).map(([what]) => what)).to.deep.equal([]);
  });
});
