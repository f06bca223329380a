// GET /metrics over HTTP, as Prometheus scrapes it: refused without the operator key (unless METRICS_PUBLIC), and
// after a choice, a delivery whose credits the worker posts, a replayed redemption and a flagged return, the
// counters hold exactly what happened, the latency histograms hold the requests, operations and jobs made here (by
// route template and operation name), and the queue depths match Redis. In separate API and worker processes each
// reports what it did itself.
import { expect } from 'chai';
import { FACT_QUEUE_NAMES } from '../../server/queues/fact-partitions.js';
import { JOB_NAMES } from '../../server/queues/job-types.js';
import type { Config } from '../../server/config.js';
import { QUEUE_DEPTH_STATES } from '../../server/metrics/metrics.js';
import { createLogger } from '../../server/logger.js';
import { startGreenLoop, type RunningProcess } from '../../app/process.js';
import { graphql, type GraphQLResponse } from '../support/graphql-client.js';
import { startService, type RunningService } from '../support/harness.js';
import { parseExposition, samplesOf, valueOf, type Sample } from '../support/prometheus-text.js';
import { TEST_ADMIN_KEY, deleteQueueKeys, dropDatabase, eventually, testConfig } from '../support/services.js';

const bearer = (key: string) => ({ authorization: `Bearer ${key}` });
const basic = (key: string) => ({ authorization: `Basic ${Buffer.from(`prometheus:${key}`).toString('base64')}` });
const baseOf = (graphqlUrl: string) => graphqlUrl.replace(/\/graphql$/, '');

async function scrape(base: string): Promise<Sample[]> {
  const response = await fetch(`${base}/metrics`, { headers: bearer(TEST_ADMIN_KEY) });
  expect(response.status).to.equal(200);
  return parseExposition(await response.text());
}

/** A histogram's series is whole: cumulative buckets ending in +Inf = _count, and a positive _sum when it counted. */
function expectWholeHistogram(samples: readonly Sample[], name: string, labels: Record<string, string>): void {
  const buckets = samplesOf(samples, `${name}_bucket`, labels).map((s) => s.value);
  const count = valueOf(samples, `${name}_count`, labels) ?? 0;
  expect(buckets.length, `${name} buckets`).to.be.greaterThan(5);
  expect(buckets, `${name} buckets are cumulative`).to.deep.equal([...buckets].sort((a, b) => a - b));
  expect(samplesOf(samples, `${name}_bucket`, { ...labels, le: '+Inf' })[0]?.value).to.equal(count);
  expect(valueOf(samples, `${name}_sum`, labels), `${name}_sum`).to.be.greaterThan(0);
}

const CREATE = 'mutation CreateOrg($input: CreateOrganizationInput!) { createOrganization(input: $input) { apiKey organization { id } } }';
const OPTIONS = 'query Options($parcel: ParcelInput!) { packagingOptions(parcel: $parcel, consumerRef: "mia") { id options { id credits } } }';
const CHOOSE = 'mutation Choose($input: ChoosePackagingInput!) { choosePackaging(input: $input) { choice { id } userErrors { code } } }';
const DELIVER = 'mutation Deliver { recordOrderEvent(input: {orderRef: "mia-1", type: DELIVERED}) { accepted userErrors { code } } }';
const ACCOUNT = 'query Account { creditAccount(consumerRef: "mia") { available pending } }';
const REDEEM = 'mutation Redeem { redeemCredits(input: {consumerRef: "mia", amount: 4, idempotencyKey: "mia-r1"}) { entry { seq kind } userErrors { code } } }';
const POINT = 'mutation Point { registerCollectionPoint(input: {name: "Depot", region: "CN-31", accepts: [PLASTIC]}) { collectionPoint { id } userErrors { code } } }';
const RETURN = 'mutation Return($input: ReturnInput!) { recordReturn(input: $input) { returnEvent { id flagged } userErrors { code } } }';
const OWN_PARCEL = { lengthMm: 200, widthMm: 150, heightMm: 100, weightGrams: 500, shipsInOwnPackaging: true };

describe('metrics at /metrics', () => {
  let service: RunningService;
  let base = '';
  const keys: Record<string, string> = {};
  const ids: Record<string, string> = {};
  /** POST /graphql responses by HTTP status, and operations by name, as this test made them. */
  const graphqlStatuses = new Map<number, number>();
  const operations = new Map<string, number>();
  const count = <K>(map: Map<K, number>, key: K) => map.set(key, (map.get(key) ?? 0) + 1);

  async function call<T>(operation: string, who: string | null, query: string, variables: Record<string, unknown> = {}, accept?: string): Promise<GraphQLResponse<T>> {
    const response = await graphql<T>(service.url, query, { ...(who === null ? {} : { key: keys[who] ?? who }), variables, ...(accept ? { accept } : {}) });
    count(graphqlStatuses, response.status);
    count(operations, operation);
    return response;
  }

  before(async () => {
    service = await startService('e2e_metrics');
    base = baseOf(service.url);
    for (const [name, kind] of [['platform', 'PLATFORM'], ['collector', 'COLLECTOR'], ['producer', 'PRODUCER']] as const) {
      const created = await call<{ createOrganization: { apiKey: string; organization: { id: string } } }>('CreateOrg', TEST_ADMIN_KEY, CREATE, { input: { name, kind } });
      keys[name] = created.data?.createOrganization.apiKey ?? '';
      ids[name] = created.data?.createOrganization.organization.id ?? '';
    }
  });
  after(() => service.dispose());

  it('refuses without a key (401), with a wrong key (401) or an organization key (403); serves the text format to the operator key, Bearer or Basic', async () => {
    const refusals: [Record<string, string>, number, string][] = [
      [{}, 401, 'UNAUTHENTICATED'],
      [bearer('not-the-operator-key-at-all-000000'), 401, 'UNAUTHENTICATED'],
      [bearer(keys.platform ?? ''), 403, 'FORBIDDEN'],
      [basic(keys.producer ?? ''), 403, 'FORBIDDEN'],
    ];
    for (const [headers, status, code] of refusals) {
      const response = await fetch(`${base}/metrics`, { headers });
      expect(response.status).to.equal(status);
      expect(response.headers.get('content-type')).to.match(/^application\/json/);
      const body = (await response.json()) as { errors: { extensions: { code: string } }[] };
      expect(body.errors.map((e) => e.extensions.code)).to.deep.equal([code]);
      expect(response.headers.get('www-authenticate')).to.equal(status === 401 ? 'Basic realm="GreenLoop operator", charset="UTF-8"' : null);
    }
    for (const headers of [bearer(TEST_ADMIN_KEY), basic(TEST_ADMIN_KEY)]) {
      const response = await fetch(`${base}/metrics`, { headers });
      expect(response.status).to.equal(200);
      expect(response.headers.get('content-type')).to.equal('text/plain; version=0.0.4; charset=utf-8');
      expect(await response.text()).to.match(/^# HELP /m);
    }
  });

  it('counts a choice, a posted delivery, a replayed redemption and a flagged return exactly, with latency by route and operation', async function () {
    this.timeout(120_000);
    // a choice, chosen twice under one idempotency key: one choice, one replay
    const quote = await call<{ packagingOptions: { id: string; options: { id: string; credits: number }[] } }>('Options', 'platform', OPTIONS, { parcel: OWN_PARCEL });
    const option = quote.data?.packagingOptions.options[0];
    expect(option?.credits).to.equal(10);
    const choose = { input: { quoteId: quote.data?.packagingOptions.id, optionId: option?.id, orderRef: 'mia-1', idempotencyKey: 'mia-1-choice' } };
    type Chosen = { choosePackaging: { choice: { id: string } | null; userErrors: unknown[] } };
    const first = await call<Chosen>('Choose', 'platform', CHOOSE, choose);
    const again = await call<Chosen>('Choose', 'platform', CHOOSE, choose);
    expect(again.data?.choosePackaging.choice?.id).to.equal(first.data?.choosePackaging.choice?.id).and.not.equal(undefined);
    // delivered, reported twice: one event, one replay; the worker posts the credits
    for (let i = 0; i < 2; i += 1) {
      expect((await call<{ recordOrderEvent: { accepted: boolean } }>('Deliver', 'platform', DELIVER)).data?.recordOrderEvent.accepted).to.equal(true);
    }
    await eventually(async () => {
      const account = await call<{ creditAccount: { available: number } }>('Account', 'platform', ACCOUNT);
      return account.data?.creditAccount.available === 10 ? true : undefined;
    }, 20_000, 'the delivery’s credits posted');
    // a redemption, sent twice: one entry, one replay
    type Redeemed = { redeemCredits: { entry: { seq: number; kind: string } | null } };
    const redeemed = await call<Redeemed>('Redeem', 'platform', REDEEM);
    const replayed = await call<Redeemed>('Redeem', 'platform', REDEEM);
    expect(redeemed.data?.redeemCredits.entry).to.deep.equal({ seq: 3, kind: 'REDEMPTION' });
    expect(replayed.data?.redeemCredits.entry).to.deep.equal({ seq: 3, kind: 'REDEMPTION' });
    // 60 items from one consumer in a day: flagged and held; recorded twice: one return, one replay
    const point = await call<{ registerCollectionPoint: { collectionPoint: { id: string } } }>('Point', 'collector', POINT);
    const returned = { input: { collectionPointId: point.data?.registerCollectionPoint.collectionPoint.id, idempotencyKey: 'drive-1', material: 'PLASTIC', quantity: 60, massGrams: 600, platformId: ids.platform, consumerRef: 'mia' } };
    type Returned = { recordReturn: { returnEvent: { id: string; flagged: boolean } | null; userErrors: unknown[] } };
    const recorded = await call<Returned>('Return', 'collector', RETURN, returned);
    const recordedAgain = await call<Returned>('Return', 'collector', RETURN, returned);
    expect(recorded.data?.recordReturn.returnEvent?.flagged).to.equal(true);
    expect(recordedAgain.data?.recordReturn.returnEvent).to.deep.equal(recorded.data?.recordReturn.returnEvent);
    // operations the label rules collapse or cap
    await call('__anonymous', 'platform', '{ viewer { id } }');
    const unauthenticated = await call('Who', null, 'query Who { viewer { id } }');
    expect(unauthenticated.errors?.[0]?.extensions?.code).to.equal('UNAUTHENTICATED');
    const broken = await call('__unknown', 'platform', 'query Broken { viewer {', {}, 'application/graphql-response+json');
    expect(broken.status).to.equal(400);
    const longName = `Q${'x'.repeat(99)}`;
    await call(longName.slice(0, 64), 'platform', `query ${longName} { __typename }`);
    // a route with a parameter, and no route at all
    const csv = await fetch(`${base}/exports/producer-data/2026-01.csv`, { headers: bearer(keys.producer ?? '') });
    expect(csv.status).to.equal(200);
    expect((await fetch(`${base}/no-such-page-4711`)).status).to.equal(404);

    // The return's job runs after its request answered: wait for the three fact jobs.
    const samples = await eventually(async () => {
      const scraped = await scrape(base);
      const done = ['choice', 'order-event', 'return'].every((queue) => valueOf(scraped, 'greenloop_job_duration_seconds_count', { queue, outcome: 'completed' }) === 1);
      return done ? scraped : undefined;
    }, 20_000, 'the choice, order-event and return jobs');

    const ledger = Object.fromEntries(samplesOf(samples, 'greenloop_ledger_entries_written_total').map((s) => [s.labels.kind ?? '', s.value] as const));
    expect(ledger).to.deep.equal({ EARN_PENDING: 1, EARN_POSTED: 1, REDEMPTION: 1, REVERSAL: 0, EXPIRY: 0, ADJUSTMENT: 0, HOLD: 0, HOLD_CAPTURE: 0, HOLD_VOID: 0, REDEMPTION_REVERSAL: 0 });
    const replays = Object.fromEntries(samplesOf(samples, 'greenloop_idempotent_replays_total').map((s) => [s.labels.source ?? '', s.value] as const));
    // ledger: the redemption sent again, and the choice's earning met again by the delivery's job (which credits a
    // choice whose own job has not run yet, or finds it credited)
    expect(replays).to.deep.equal({ ledger: 2, choose_packaging: 1, order_event: 1, return: 1 });
    expect(valueOf(samples, 'greenloop_returns_flagged_total', { kind: 'LOOSE' })).to.equal(1);
    expect(valueOf(samples, 'greenloop_returns_flagged_total', { kind: 'UNIT' })).to.equal(0);

    for (const queue of ['choice', 'order-event', 'return']) {
      expectWholeHistogram(samples, 'greenloop_job_duration_seconds', { queue, outcome: 'completed' });
      for (const outcome of ['failed', 'retried']) expect(valueOf(samples, 'greenloop_job_duration_seconds_count', { queue, outcome }), `${queue} ${outcome}`).to.equal(undefined);
    }

    for (const [operation, times] of operations) {
      const labels = operation === '__anonymous' ? { operation, type: 'query', outcome: 'ok' }
        : operation === 'Who' ? { operation, type: 'query', outcome: 'UNAUTHENTICATED' }
          : operation === '__unknown' ? { operation, type: 'unknown', outcome: 'GRAPHQL_PARSE_FAILED' }
            : { operation, type: ['Options', 'Account', longName.slice(0, 64)].includes(operation) ? 'query' : 'mutation', outcome: 'ok' };
      expect(valueOf(samples, 'greenloop_graphql_operation_duration_seconds_count', labels), operation).to.equal(times);
      expectWholeHistogram(samples, 'greenloop_graphql_operation_duration_seconds', labels);
    }
    expect(new Set(samplesOf(samples, 'greenloop_graphql_operation_duration_seconds_count').map((s) => s.labels.operation))).to.deep.equal(new Set(operations.keys()));

    for (const [status, times] of graphqlStatuses) {
      const labels = { method: 'POST', route: '/graphql', status: String(status) };
      expect(valueOf(samples, 'greenloop_http_request_duration_seconds_count', labels), `POST /graphql ${String(status)}`).to.equal(times);
      expectWholeHistogram(samples, 'greenloop_http_request_duration_seconds', labels);
    }
    expect(graphqlStatuses.get(400)).to.equal(1);
    expect(valueOf(samples, 'greenloop_http_request_duration_seconds_count', { method: 'GET', route: '/exports/producer-data/:period.csv', status: '200' })).to.equal(1);
    expect(valueOf(samples, 'greenloop_http_request_duration_seconds_count', { method: 'GET', route: '(unmatched)', status: '404' })).to.equal(1);
    const routes = new Set(samplesOf(samples, 'greenloop_http_request_duration_seconds_count').map((s) => s.labels.route));
    // (a scrape is timed once it is answered, so /metrics shows from the second scrape on)
    routes.delete('/metrics');
    expect(routes, 'route templates, never URLs').to.deep.equal(new Set(['/graphql', '/exports/producer-data/:period.csv', '(unmatched)']));

    // the in-flight bound: the GraphQL requests above are answered (GET /metrics is not one)
    expect(valueOf(samples, 'greenloop_graphql_requests_in_flight')).to.equal(0);
    expect(valueOf(samples, 'greenloop_graphql_requests_waiting')).to.equal(0);

    // default process metrics
    expect(valueOf(samples, 'process_cpu_user_seconds_total')).to.be.greaterThan(0);
    expect(valueOf(samples, 'nodejs_heap_size_used_bytes')).to.be.greaterThan(0);
  });

  it('reads every queue’s depth from Redis when scraped', async () => {
    const unitLoss = service.running.queues.queue('unit-loss');
    const before = await unitLoss.getJobCounts();
    await service.running.queues.enqueue('unit-loss', {}, { jobId: 'metrics-test-delayed', delayMs: 3_600_000 });
    const samples = await scrape(base);
    for (const queue of JOB_NAMES) {
      for (const state of QUEUE_DEPTH_STATES) {
        expect(valueOf(samples, 'greenloop_queue_jobs', { queue, state }), `${queue} ${state}`).to.be.a('number');
      }
    }
    // the schedule's next run, and the job added here
    expect(before.delayed).to.equal(1);
    expect(valueOf(samples, 'greenloop_queue_jobs', { queue: 'unit-loss', state: 'delayed' })).to.equal(2);
    // the fact jobs of the test before are done: none waits, runs or failed (choices and order events wait in their
    // consumer's partition)
    for (const queue of [...FACT_QUEUE_NAMES, 'return']) {
      for (const state of ['waiting', 'active', 'failed']) expect(valueOf(samples, 'greenloop_queue_jobs', { queue, state }), `${queue} ${state}`).to.equal(0);
    }
    await (await unitLoss.getJob('metrics-test-delayed'))?.remove();
    expect(valueOf(await scrape(base), 'greenloop_queue_jobs', { queue: 'unit-loss', state: 'delayed' })).to.equal(1);
  });
});

describe('metrics with METRICS_PUBLIC=true', () => {
  let service: RunningService;
  before(async () => { service = await startService('e2e_metrics_public', { METRICS_PUBLIC: 'true' }); });
  after(() => service.dispose());

  it('serves /metrics without a key; the queue board still takes the operator key', async () => {
    const base = baseOf(service.url);
    const response = await fetch(`${base}/metrics`);
    expect(response.status).to.equal(200);
    expect(parseExposition(await response.text()).some((s) => s.name === 'greenloop_queue_jobs')).to.equal(true);
    expect((await fetch(`${base}/admin/queues`)).status).to.equal(401);
  });
});

describe('metrics in separate API and worker processes', () => {
  let config: Config | null = null;
  let api: RunningProcess | null = null;
  let worker: RunningProcess | null = null;
  before(async () => {
    config = testConfig('e2e_metrics_roles');
    api = await startGreenLoop({ ...config, role: 'api' }, createLogger(config.logLevel));
    worker = await startGreenLoop({ ...config, role: 'worker' }, createLogger(config.logLevel));
  });
  after(async () => {
    await api?.stop();
    await worker?.stop();
    if (config) {
      await dropDatabase(config.mongodbUri);
      await deleteQueueKeys(config.queuePrefix);
    }
  });

  it('each process reports what it did: the API its requests and replays, the worker its jobs and ledger entries, on its health port', async () => {
    if (!api || !worker) throw new Error('not started');
    const apiUrl = api.graphqlUrl;
    const created = await graphql<{ createOrganization: { apiKey: string } }>(apiUrl, CREATE, { key: TEST_ADMIN_KEY, variables: { input: { name: 'Split Mall', kind: 'PLATFORM' } } });
    const key = created.data?.createOrganization.apiKey ?? '';
    const quote = await graphql<{ packagingOptions: { id: string; options: { id: string }[] } }>(apiUrl, OPTIONS, { key, variables: { parcel: OWN_PARCEL } });
    const input = { quoteId: quote.data?.packagingOptions.id, optionId: quote.data?.packagingOptions.options[0]?.id, orderRef: 'mia-1' };
    for (let i = 0; i < 2; i += 1) await graphql(apiUrl, CHOOSE, { key, variables: { input } });

    const workerBase = baseOf(worker.graphqlUrl);
    expect((await fetch(`${workerBase}/metrics`)).status, 'the worker’s metrics take the key too').to.equal(401);
    const fromWorker = await eventually(async () => {
      const scraped = await scrape(workerBase);
      return valueOf(scraped, 'greenloop_job_duration_seconds_count', { queue: 'choice', outcome: 'completed' }) === 1 ? scraped : undefined;
    }, 20_000, 'the worker to credit the choice');
    expect(valueOf(fromWorker, 'greenloop_ledger_entries_written_total', { kind: 'EARN_PENDING' })).to.equal(1);
    expect(valueOf(fromWorker, 'greenloop_idempotent_replays_total', { source: 'choose_packaging' })).to.equal(0);
    expect(samplesOf(fromWorker, 'greenloop_graphql_operation_duration_seconds_count')).to.deep.equal([]);
    for (const queue of FACT_QUEUE_NAMES) expect(valueOf(fromWorker, 'greenloop_queue_jobs', { queue, state: 'failed' }), queue).to.equal(0);

    const fromApi = await scrape(baseOf(apiUrl));
    expect(valueOf(fromApi, 'greenloop_idempotent_replays_total', { source: 'choose_packaging' })).to.equal(1);
    expect(valueOf(fromApi, 'greenloop_ledger_entries_written_total', { kind: 'EARN_PENDING' })).to.equal(0);
    expect(samplesOf(fromApi, 'greenloop_job_duration_seconds_count')).to.deep.equal([]);
    expect(valueOf(fromApi, 'greenloop_graphql_operation_duration_seconds_count', { operation: 'Choose', type: 'mutation', outcome: 'ok' })).to.equal(2);
  });
});
