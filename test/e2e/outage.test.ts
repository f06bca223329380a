import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'chai';
import { startFerretDb, type LocalFerretDb } from '../../scripts/local-services/ferretdb.js';
import { createLogger } from '../../server/logger.js';
import { SERVICE_UNAVAILABLE } from '../../server/outage.js';
import { startGreenLoop, type RunningProcess } from '../../app/process.js';
import { PrivateRedis } from '../support/private-redis.js';
import { TEST_ADMIN_KEY, eventually, testConfig } from '../support/services.js';
import { pinnedClock } from '../support/test-clock.js';

// The API with a store and a Redis of its own, each stopped and started again under it. While one is away the API
// answers typed errors (503, SERVICE_UNAVAILABLE) where it needs that dependency and /readyz says unready; once it is
// back, the same process answers again without a restart.

type Body = { data?: Record<string, unknown> | null; errors?: { message: string; extensions?: Record<string, unknown> }[] };
const PER_MINUTE = 10;
/** The month the service's clock is in (pinned, mid-month): reports name it. */
const PERIOD = '2027-02';

describe('outages: the store or Redis stops under the running API', () => {
  let dir = '';
  let ferret: LocalFerretDb | null = null;
  let redis: PrivateRedis | null = null;
  let running: RunningProcess | null = null;
  let base = '';
  const keys: Record<string, string> = {};
  let platformId = '';

  const startStore = (port?: number) => startFerretDb({
    binary: process.env.GREENLOOP_FERRETDB_BINARY ?? '',
    dataDir: join(dir, 'data'),
    logFile: join(dir, 'ferretdb.log'),
    ...(port === undefined ? {} : { port }),
  });

  const call = async (query: string, key?: string, variables: Record<string, unknown> = {}) => {
    const response = await fetch(`${base}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(key === undefined ? {} : { authorization: `Bearer ${key}` }) },
      body: JSON.stringify({ query, variables }),
    });
    return { status: response.status, body: (await response.json()) as Body };
  };
  const readyz = async () => {
    const response = await fetch(`${base}/readyz`);
    return { status: response.status, checks: ((await response.json()) as { checks: Record<string, string> }).checks };
  };
  const createKey = async (name: string, kind: string) => {
    const created = await call('mutation($input: CreateOrganizationInput!) { createOrganization(input: $input) { organization { id } apiKey } }', TEST_ADMIN_KEY, { input: { name, kind } });
    const payload = created.body.data?.createOrganization as { organization: { id: string }; apiKey: string } | undefined;
    if (!payload) throw new Error(`could not create ${name}: ${JSON.stringify(created.body)}`);
    keys[name] = payload.apiKey;
    return payload.organization.id;
  };

  before(async function () {
    // Stops and restarts a store of its own; it needs the embedded FerretDB, not an external MONGODB_URI.
    if (!process.env.GREENLOOP_FERRETDB_BINARY) {
      if (process.env.CI === 'true') throw new Error('CI runs the outage test on the embedded FerretDB, but the suite was given MONGODB_URI instead');
      this.skip();
    }
    dir = await mkdtemp(join(tmpdir(), 'greenloop-outage-'));
    [ferret, redis] = await Promise.all([startStore(), PrivateRedis.start()]);
    const config = testConfig('outage', {
      MONGODB_URI: ferret.uri('outage'),
      REDIS_URL: redis.url,
      ROLE: 'api',
      // Production shapes errors as a client would see them: no internals, no stack traces.
      NODE_ENV: 'production',
      CONTACT_ENCRYPTION_KEY: randomBytes(32).toString('hex'),
      RATE_LIMIT_PER_MINUTE: String(PER_MINUTE),
      REDIS_COMMAND_TIMEOUT_MS: '500',
    });
    running = await startGreenLoop(config, createLogger(config.logLevel), { clock: pinnedClock(`${PERIOD}-15T12:00:00Z`).now });
    base = running.graphqlUrl.replace(/\/graphql$/, '');
    platformId = await createKey('platform', 'PLATFORM');
    await createKey('producer', 'PRODUCER');
    await createKey('counted', 'PLATFORM');
    await createKey('patient', 'PRODUCER');
  });
  // Both services are private and keep nothing once stopped: their folder goes, and with it every key and document.
  after(async () => {
    await running?.stop();
    await ferret?.stop();
    await redis?.stop();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  const expectUnavailable = (reply: { status: number; body: Body }, what: string) => {
    expect(reply.status, what).to.equal(503);
    const codes = reply.body.errors?.map((e) => e.extensions?.code);
    expect(codes, what).to.deep.equal([SERVICE_UNAVAILABLE]);
    const text = JSON.stringify(reply.body);
    expect(text, `${what}: no internals`).not.to.match(/127\.0\.0\.1|Mongo|stacktrace|ECONNREFUSED/);
  };

  it('answers 503 SERVICE_UNAVAILABLE to GraphQL and the CSV export while the store is away, and recovers when it returns', async () => {
    expect((await call('{ viewer { id } }', keys.platform)).status).to.equal(200);
    const port = ferret?.port ?? 0;
    await ferret?.stop();
    ferret = null;

    const [resolver, authenticated, csv, ready] = await Promise.all([
      // The operator key needs no store to authenticate, so the store error comes from the resolver (GraphQL path).
      call('query($id: ID!) { organization(id: $id) { id name } }', TEST_ADMIN_KEY, { id: platformId }),
      // An organization key is looked up in the store before anything else (HTTP path).
      call('{ viewer { id } }', keys.platform),
      fetch(`${base}/exports/producer-data/2026.csv`, { headers: { authorization: `Bearer ${keys.producer ?? ''}` } })
        .then(async (r) => ({ status: r.status, body: (await r.json()) as Body })),
      readyz(),
    ]);
    expectUnavailable(resolver, 'a resolver reading the store');
    expectUnavailable(authenticated, 'authenticating an organization key');
    expectUnavailable(csv, 'the CSV export');
    expect(ready).to.deep.equal({ status: 503, checks: { store: 'down', redis: 'up' } });
    expect((await fetch(`${base}/healthz`)).status, 'liveness does not depend on the store').to.equal(200);

    ferret = await startStore(port);
    await eventually(async () => ((await readyz()).status === 200 ? true : undefined), 30_000, '/readyz to turn ready again');
    const back = await call('{ viewer { id } }', keys.platform);
    expect(back.status).to.equal(200);
    expect(back.body.data?.viewer).to.deep.equal({ id: platformId });
  });

  it('keeps serving while Redis is away: reads answer, mutations record their facts, the rate limit counts in-process', async () => {
    await redis?.down();
    expect(await readyz()).to.deep.equal({ status: 503, checks: { store: 'up', redis: 'down' } });

    const read = await call('{ viewer { id } }', keys.platform);
    expect(read.status).to.equal(200);
    expect(read.body.errors).to.equal(undefined);

    // Recording the report enqueues its compliance job; that fails fast (not waiting for Redis) and the sweep repairs it.
    const period = PERIOD;
    const report = await call('mutation($input: RecyclingReportInput!) { submitRecyclingReport(input: $input) { report { revision } userErrors { code } } }', keys.producer, {
      input: { period, idempotencyKey: 'during-redis-outage', lines: [{ material: 'PAPER_CARD', recoveredGrams: 900, recycledGrams: 700, evidence: ['PRN-1'] }] },
    });
    expect(report.status).to.equal(200);
    expect(report.body.errors).to.equal(undefined);
    expect(report.body.data?.submitRecyclingReport).to.deep.equal({ report: { revision: 1 }, userErrors: [] });

    // Without Redis each process counts on its own: still PER_MINUTE a minute per key, then 429.
    const statuses: number[] = [];
    for (let i = 0; i <= PER_MINUTE; i += 1) statuses.push((await call('{ viewer { id } }', keys.counted)).status);
    expect(statuses).to.deep.equal([...Array<number>(PER_MINUTE).fill(200), 429]);

    await redis?.up();
    const back = await eventually(async () => {
      const r = await readyz();
      return r.status === 200 ? r : undefined;
    }, 30_000, '/readyz to turn ready again');
    expect(back.checks).to.deep.equal({ store: 'up', redis: 'up' });
    expect((await call('{ viewer { id } }', keys.platform)).status).to.equal(200);
  });

  it('does not wait on a Redis that hangs (stopped, connections open): commands time out, the API answers, and recovers', async () => {
    redis?.pause();
    try {
      // Without a command timeout the report's enqueue, and the rate limit's count, would wait for Redis forever.
      const period = PERIOD;
      const report = await call('mutation($input: RecyclingReportInput!) { submitRecyclingReport(input: $input) { report { revision } userErrors { code } } }', keys.patient, {
        input: { period, idempotencyKey: 'during-redis-hang', lines: [{ material: 'GLASS', recoveredGrams: 500, recycledGrams: 400, evidence: ['PRN-2'] }] },
      });
      expect(report.status).to.equal(200);
      expect(report.body.data?.submitRecyclingReport).to.deep.equal({ report: { revision: 1 }, userErrors: [] });
      expect(await readyz()).to.deep.equal({ status: 503, checks: { store: 'up', redis: 'down' } });
    } finally {
      redis?.resume();
    }
    await eventually(async () => ((await readyz()).status === 200 ? true : undefined), 30_000, '/readyz to turn ready again');
  });
});

