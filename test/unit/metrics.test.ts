// The metrics' label rules and the job timing, without I/O: label values stay in bounded sets whatever clients
// send; each job run is reported once with how it ended; each process has a registry of its own.
import { expect } from 'chai';
import type Bull from 'bull';
import { observedHandler, type JobOutcome } from '../../server/queues/job-observer.js';
import { ConfigError, loadConfig } from '../../server/config.js';
import { operatorKeyOf } from '../../server/http/operator-auth.js';
import { ANONYMOUS_OPERATION, MAX_OPERATION_NAMES, OTHER_OPERATION, UNKNOWN_OPERATION, createMetrics } from '../../server/metrics/metrics.js';
import { parseExposition, samplesOf, valueOf } from '../support/prometheus-text.js';

const scrape = async (metrics: ReturnType<typeof createMetrics>) => parseExposition(await metrics.registry.metrics());
const OPERATION_COUNT = 'greenloop_graphql_operation_duration_seconds_count';

describe('metrics labels', () => {
  it('caps the distinct operation names a client can create, and collapses unnamed and unresolved ones', async () => {
    const metrics = createMetrics({ defaultMetrics: false });
    for (let i = 0; i < MAX_OPERATION_NAMES + 50; i += 1) {
      metrics.observeGraphQLOperation({ name: `Op${String(i)}`, type: 'query', errorCode: null, seconds: 0.01 });
    }
    metrics.observeGraphQLOperation({ name: 'Op0', type: 'query', errorCode: null, seconds: 0.01 });
    metrics.observeGraphQLOperation({ name: null, type: 'mutation', errorCode: null, seconds: 0.01 });
    metrics.observeGraphQLOperation({ name: 'Ignored', type: null, errorCode: 'GRAPHQL_PARSE_FAILED', seconds: 0.01 });
    const samples = await scrape(metrics);
    const names = new Set(samplesOf(samples, OPERATION_COUNT).map((s) => s.labels.operation));
    expect(names.size).to.equal(MAX_OPERATION_NAMES + 3);
    expect(valueOf(samples, OPERATION_COUNT, { operation: 'Op0', type: 'query', outcome: 'ok' }), 'a name seen before the cap keeps its label').to.equal(2);
    expect(valueOf(samples, OPERATION_COUNT, { operation: OTHER_OPERATION, type: 'query', outcome: 'ok' })).to.equal(50);
    expect(valueOf(samples, OPERATION_COUNT, { operation: ANONYMOUS_OPERATION, type: 'mutation', outcome: 'ok' })).to.equal(1);
    expect(valueOf(samples, OPERATION_COUNT, { operation: UNKNOWN_OPERATION, type: 'unknown', outcome: 'GRAPHQL_PARSE_FAILED' })).to.equal(1);
  });

  it('shortens long names, and keeps operation types, error codes and HTTP methods to known shapes', async () => {
    const metrics = createMetrics({ defaultMetrics: false });
    metrics.observeGraphQLOperation({ name: `A${'b'.repeat(200)}`, type: 'query', errorCode: 'bad code "with quotes"', seconds: 0.01 });
    metrics.observeGraphQLOperation({ name: 'Weird', type: 'stream', errorCode: null, seconds: 0.01 });
    metrics.observeHttpRequest('BREW', '/graphql', 418, 0.01);
    metrics.observeHttpRequest('get', '/healthz', 200, 0.01);
    const samples = await scrape(metrics);
    expect(samplesOf(samples, OPERATION_COUNT).map((s) => s.labels)).to.deep.equal([
      { operation: `A${'b'.repeat(63)}`, type: 'query', outcome: 'UNKNOWN_ERROR' },
      { operation: UNKNOWN_OPERATION, type: 'unknown', outcome: 'ok' },
    ]);
    expect(samplesOf(samples, 'greenloop_http_request_duration_seconds_count').map((s) => s.labels)).to.deep.equal([
      { method: 'OTHER', route: '/graphql', status: '418' },
      { method: 'GET', route: '/healthz', status: '200' },
    ]);
  });

  it('starts the ledger, replay and flagged-return counters at zero for every known label', async () => {
    const samples = await scrape(createMetrics({ defaultMetrics: false }));
    expect(samplesOf(samples, 'greenloop_ledger_entries_written_total').map((s) => [s.labels.kind, s.value])).to.deep.equal(
      [['EARN_PENDING', 0], ['EARN_POSTED', 0], ['REVERSAL', 0], ['REDEMPTION', 0], ['EXPIRY', 0], ['ADJUSTMENT', 0], ['HOLD', 0], ['HOLD_CAPTURE', 0], ['HOLD_VOID', 0], ['REDEMPTION_REVERSAL', 0]],
    );
    expect(samplesOf(samples, 'greenloop_idempotent_replays_total').map((s) => s.labels.source)).to.deep.equal(['ledger', 'choose_packaging', 'order_event', 'return']);
    expect(samplesOf(samples, 'greenloop_returns_flagged_total').map((s) => s.value)).to.deep.equal([0, 0]);
    expect(samplesOf(samples, 'greenloop_facts_overdue_total').map((s) => s.value)).to.deep.equal([0]);
  });

  it('keeps one registry per process object: two services in one Node process count apart', async () => {
    const a = createMetrics({ defaultMetrics: false });
    const b = createMetrics({ defaultMetrics: false });
    a.ledgerEntryWritten('REDEMPTION');
    a.idempotentReplay('ledger');
    b.returnFlagged('UNIT');
    b.factsOverdue(3);
    const [fromA, fromB] = [await scrape(a), await scrape(b)];
    expect(valueOf(fromA, 'greenloop_ledger_entries_written_total', { kind: 'REDEMPTION' })).to.equal(1);
    expect(valueOf(fromB, 'greenloop_ledger_entries_written_total', { kind: 'REDEMPTION' })).to.equal(0);
    expect(valueOf(fromA, 'greenloop_idempotent_replays_total', { source: 'ledger' })).to.equal(1);
    expect(valueOf(fromB, 'greenloop_returns_flagged_total', { kind: 'UNIT' })).to.equal(1);
    expect(valueOf(fromA, 'greenloop_returns_flagged_total', { kind: 'UNIT' })).to.equal(0);
    expect(valueOf(fromB, 'greenloop_facts_overdue_total', {})).to.equal(3);
  });

  it('reads the requests worked on and waiting from the in-flight bound when scraped', async () => {
    const metrics = createMetrics({ defaultMetrics: false });
    let state = { inFlight: 3, queued: 1 };
    metrics.watchRequestsInFlight(() => state);
    const first = await scrape(metrics);
    expect([valueOf(first, 'greenloop_graphql_requests_in_flight', {}), valueOf(first, 'greenloop_graphql_requests_waiting', {})]).to.deep.equal([3, 1]);
    state = { inFlight: 0, queued: 0 };
    const second = await scrape(metrics);
    expect([valueOf(second, 'greenloop_graphql_requests_in_flight', {}), valueOf(second, 'greenloop_graphql_requests_waiting', {})]).to.deep.equal([0, 0]);
  });

  it('leaves the queue depths out, and says why, when Redis does not answer in time', async () => {
    const metrics = createMetrics({ defaultMetrics: false });
    const errors: unknown[] = [];
    let answer = true;
    metrics.watchQueueDepths({
      names: ['mail'],
      jobCounts: () => (answer ? Promise.resolve({ waiting: 3, active: 1, delayed: 0, failed: 2 }) : new Promise(() => undefined)),
    }, (err) => errors.push(err), 50);
    expect(samplesOf(await scrape(metrics), 'greenloop_queue_jobs').map((s) => [s.labels.state, s.value])).to.deep.equal([['waiting', 3], ['active', 1], ['delayed', 0], ['failed', 2]]);
    answer = false;
    expect(samplesOf(await scrape(metrics), 'greenloop_queue_jobs')).to.deep.equal([]);
    expect(String(errors[0])).to.contain('did not answer within 50 ms');
  });
});

describe('job timing', () => {
  const job = (attemptsMade: number, attempts: number) => ({ attemptsMade, opts: { attempts }, data: {} }) as unknown as Bull.Job<object>;

  it('reports each run once: completed, retried while tries are left, failed on the last try', async () => {
    const seen: [string, JobOutcome, number][] = [];
    const observer = { jobFinished: (queue: string, outcome: JobOutcome, seconds: number) => { seen.push([queue, outcome, seconds]); } };
    const ok = observedHandler('mail', () => Promise.resolve('sent'), observer);
    const broken = observedHandler('mail', () => Promise.reject(new Error('SMTP down')), observer);
    expect(await ok(job(0, 3))).to.equal('sent');
    for (const attemptsMade of [0, 1, 2]) {
      let thrown: unknown = null;
      try {
        await broken(job(attemptsMade, 3));
      } catch (err) {
        thrown = err;
      }
      expect(String(thrown), 'the failure still reaches Bull').to.contain('SMTP down');
    }
    expect(seen.map(([queue, outcome]) => [queue, outcome])).to.deep.equal([['mail', 'completed'], ['mail', 'retried'], ['mail', 'retried'], ['mail', 'failed']]);
    expect(seen.every(([, , seconds]) => seconds >= 0 && seconds < 1)).to.equal(true);
  });
});

describe('operator key in the Authorization header', () => {
  const basic = (credentials: string) => `Basic ${Buffer.from(credentials).toString('base64')}`;
  it('reads it as a Bearer token or as the HTTP Basic password (or a lone user name), nothing else', () => {
    expect(operatorKeyOf('Bearer k-123')).to.equal('k-123');
    expect(operatorKeyOf(basic('operator:k-123'))).to.equal('k-123');
    expect(operatorKeyOf(basic('operator:k:with:colons'))).to.equal('k:with:colons');
    expect(operatorKeyOf(basic('k-123:'))).to.equal('k-123');
    expect(operatorKeyOf(basic('k-123'))).to.equal('k-123');
    for (const header of [undefined, '', 'Bearer', 'Basic', basic(':'), 'Token k-123', 'Basic !!!']) expect(operatorKeyOf(header), String(header)).to.equal(null);
  });
});

describe('METRICS_PUBLIC', () => {
  const env = { MONGODB_URI: 'mongodb://127.0.0.1:27017/greenloop', ADMIN_API_KEY: 'an-operator-key-that-is-long-enough' };
  it('keeps /metrics behind the operator key unless set to true', () => {
    expect(loadConfig(env).metricsPublic).to.equal(false);
    expect(loadConfig({ ...env, METRICS_PUBLIC: 'false' }).metricsPublic).to.equal(false);
    expect(loadConfig({ ...env, METRICS_PUBLIC: 'TRUE' }).metricsPublic).to.equal(true);
  });
  it('refuses anything but true or false, naming the variable', () => {
    expect(() => loadConfig({ ...env, METRICS_PUBLIC: 'yes' })).to.throw(ConfigError, 'METRICS_PUBLIC must be true or false (got "yes")');
  });
});
