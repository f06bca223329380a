import { request as httpRequest } from 'node:http';
import { expect } from 'chai';
import { getIntrospectionQuery } from 'graphql';
import { Redis } from 'ioredis';
import { QUERY_LIMITS } from '../../graphql/limits.js';
import { MAX_BODY_BYTES } from '../../app/http-app.js';
import { graphql } from '../support/graphql-client.js';
import { startService, type RunningService } from '../support/harness.js';
import { TEST_ADMIN_KEY, testRedisUrl } from '../support/services.js';

const CREATE = `mutation Create($input: CreateOrganizationInput!) {
  createOrganization(input: $input) { apiKey userErrors { code message } }
}`;

type Body = { data?: unknown; errors?: { message: string; extensions?: Record<string, unknown> }[]; extensions?: Record<string, unknown> };

async function createKey(url: string, name: string, kind = 'PLATFORM'): Promise<string> {
  const created = await graphql<{ createOrganization: { apiKey: string | null } }>(url, CREATE, { key: TEST_ADMIN_KEY, variables: { input: { name, kind } } });
  const key = created.data?.createOrganization.apiKey;
  if (!key) throw new Error(`could not create ${name}: ${JSON.stringify(created)}`);
  return key;
}

/** An error's extensions without the stack trace that development mode adds. */
function codeAndFigures(error: { extensions?: Record<string, unknown> } | undefined): Record<string, unknown> | undefined {
  if (!error?.extensions) return undefined;
  return Object.fromEntries(Object.entries(error.extensions).filter(([name]) => name !== 'stacktrace'));
}

async function post(url: string, query: string, headers: Record<string, string> = {}): Promise<{ status: number; headers: Headers; body: Body }> {
  const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify({ query }) });
  return { status: response.status, headers: response.headers, body: (await response.json()) as Body };
}

/** The media type under which a refused request carries its 4xx (graphql/http-status.ts); application/json answers 200. */
const GRAPHQL_RESPONSE = { accept: 'application/graphql-response+json' };

describe('limits: headers, CORS, body size, query depth and cost', () => {
  let open: RunningService;
  let closed: RunningService;
  const allowed = 'https://shop.example.com';

  before(async () => {
    [open, closed] = await Promise.all([
      startService('e2e_limits_cors', { ROLE: 'api', CORS_ORIGINS: `${allowed},http://localhost:3000` }),
      startService('e2e_limits', { ROLE: 'api' }),
    ]);
  });
  after(() => Promise.all([open.dispose(), closed.dispose()]));

  it("sends helmet's security headers on GraphQL, health, export and not-found responses", async () => {
    const base = closed.url.replace(/\/graphql$/, '');
    const responses = await Promise.all([
      fetch(closed.url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"query":"{ __typename }"}' }),
      fetch(`${base}/healthz`),
      fetch(`${base}/exports/producer-data/2026.csv`),
      fetch(`${base}/nowhere`),
    ]);
    for (const response of responses) {
      const where = response.url;
      expect(response.headers.get('content-security-policy'), where).to.equal("default-src 'none';frame-ancestors 'none'");
      expect(response.headers.get('x-content-type-options'), where).to.equal('nosniff');
      expect(response.headers.get('x-frame-options'), where).to.equal('SAMEORIGIN');
      expect(response.headers.get('strict-transport-security'), where).to.match(/^max-age=\d+/);
      expect(response.headers.get('referrer-policy'), where).to.equal('no-referrer');
      expect(response.headers.get('cross-origin-opener-policy'), where).to.equal('same-origin');
      expect(response.headers.get('x-powered-by'), where).to.equal(null);
    }
    expect(responses.map((r) => r.status)).to.deep.equal([200, 200, 401, 404]);
  });

  it('sends no CORS headers when CORS_ORIGINS is not set, to a request or a preflight', async () => {
    const simple = await fetch(closed.url, { method: 'POST', headers: { 'content-type': 'application/json', origin: allowed }, body: '{"query":"{ __typename }"}' });
    expect(simple.status).to.equal(200);
    expect(simple.headers.get('access-control-allow-origin')).to.equal(null);
    const preflight = await fetch(closed.url, { method: 'OPTIONS', headers: { origin: allowed, 'access-control-request-method': 'POST', 'access-control-request-headers': 'authorization,content-type' } });
    expect(preflight.headers.get('access-control-allow-origin')).to.equal(null);
    expect(preflight.headers.get('access-control-allow-headers')).to.equal(null);
  });

  it('answers a configured origin, preflight included, and no other origin', async () => {
    const preflight = await fetch(open.url, { method: 'OPTIONS', headers: { origin: allowed, 'access-control-request-method': 'POST', 'access-control-request-headers': 'authorization,content-type' } });
    expect(preflight.status).to.equal(204);
    expect(preflight.headers.get('access-control-allow-origin')).to.equal(allowed);
    expect(preflight.headers.get('access-control-allow-headers')).to.include('authorization');
    expect(preflight.headers.get('access-control-allow-methods')).to.equal('GET,POST');

    const simple = await fetch(open.url, { method: 'POST', headers: { 'content-type': 'application/json', origin: allowed }, body: '{"query":"{ __typename }"}' });
    expect(simple.headers.get('access-control-allow-origin')).to.equal(allowed);
    expect(simple.headers.get('vary')).to.match(/origin/i);
    expect(simple.headers.get('access-control-expose-headers')).to.include('retry-after');

    for (const other of ['https://evil.example.com', 'https://shop.example.com.evil.example', 'http://shop.example.com']) {
      const refused = await fetch(open.url, { method: 'POST', headers: { 'content-type': 'application/json', origin: other }, body: '{"query":"{ __typename }"}' });
      expect(refused.headers.get('access-control-allow-origin'), other).to.equal(null);
    }
  });

  it('refuses a body over the limit sent in chunks without a declared length with 413 PAYLOAD_TOO_LARGE', async () => {
    const reply = await new Promise<{ status: number; body: Body }>((resolve, reject) => {
      const req = httpRequest(closed.url, { method: 'POST', headers: { 'content-type': 'application/json', 'transfer-encoding': 'chunked' } }, (res) => {
        let text = '';
        res.on('data', (chunk: Buffer) => { text += chunk.toString(); });
        res.on('end', () => { resolve({ status: res.statusCode ?? 0, body: JSON.parse(text) as Body }); });
      });
      req.on('error', (error: NodeJS.ErrnoException) => {
        // The server may close the connection once it has answered; the answer is what counts.
        if (error.code !== 'EPIPE' && error.code !== 'ECONNRESET') reject(error);
      });
      req.write('{"query":"{ __typename }","variables":{"pad":"');
      const chunk = 'x'.repeat(64 * 1024);
      for (let sent = 0; sent <= MAX_BODY_BYTES; sent += chunk.length) req.write(chunk);
      req.end('"}}');
    });
    expect(reply.status).to.equal(413);
    expect(reply.body.errors?.[0]?.extensions?.code).to.equal('PAYLOAD_TOO_LARGE');
  });

  it('refuses a query whose pages multiply past the cost limit with 400 QUERY_TOO_COMPLEX, its cost and the limit', async () => {
    const query = '{ packagingTypes(first: 100) { nodes { id producer { apiKeys(first: 100) { nodes { id prefix } } } } } }';
    const { status, body } = await post(closed.url, query, GRAPHQL_RESPONSE);
    expect(status).to.equal(400);
    expect(body.data).to.equal(undefined);
    const legacy = await post(closed.url, query);
    expect(legacy.status, 'application/json: 200, the errors say why').to.equal(200);
    expect(legacy.body).to.deep.equal(body);
    // packagingTypes + nodes, then per node: id, producer, apiKeys, nodes and 100 keys x (id, prefix)
    expect(body.errors?.map(codeAndFigures)).to.deep.equal([{ code: 'QUERY_TOO_COMPLEX', cost: 2 + 100 * (4 + 100 * 2), maxCost: QUERY_LIMITS.maxCost }]);
  });

  it('refuses a query nested deeper than the limit with 400 QUERY_TOO_DEEP, its depth and the limit', async () => {
    const query = `{ viewer { ${'a { '.repeat(12)}b${' }'.repeat(12)} } }`;
    const { status, body } = await post(closed.url, query, GRAPHQL_RESPONSE);
    expect(status).to.equal(400);
    const tooDeep = body.errors?.find((e) => e.extensions?.code === 'QUERY_TOO_DEEP');
    expect(codeAndFigures(tooDeep)).to.deep.equal({ code: 'QUERY_TOO_DEEP', depth: 14, maxDepth: QUERY_LIMITS.maxDepth });
  });

  it('refuses more aliases than the limit with 400 TOO_MANY_ALIASES', async () => {
    const aliases = Array.from({ length: QUERY_LIMITS.maxAliases + 1 }, (_, i) => `a${i}: __typename`).join(' ');
    const { status, body } = await post(closed.url, `{ ${aliases} }`, GRAPHQL_RESPONSE);
    expect(status).to.equal(400);
    expect(body.errors?.map(codeAndFigures)).to.deep.equal([{ code: 'TOO_MANY_ALIASES', aliases: QUERY_LIMITS.maxAliases + 1, maxAliases: QUERY_LIMITS.maxAliases }]);
  });

  it('reports the cost of an accepted operation, measured with its variables, in extensions.cost', async () => {
    const key = await createKey(closed.url, 'Cost Reader');
    const query = 'query Keys($n: Int) { viewer { id apiKeys(first: $n) { nodes { id } } } }';
    const response = await fetch(closed.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${key}` },
      body: JSON.stringify({ query, variables: { n: 5 } }),
    });
    const body = (await response.json()) as Body;
    expect(response.status).to.equal(200);
    expect(body.errors).to.equal(undefined);
    expect(body.extensions?.cost).to.deep.equal({ requested: 4 + 5, maxCost: QUERY_LIMITS.maxCost, depth: 4, maxDepth: QUERY_LIMITS.maxDepth });
  });

  it('refuses a page of more than 100 rows on every paged field with BAD_USER_INPUT', async () => {
    const [platform, regulator] = await Promise.all([createKey(closed.url, 'Page Mall'), createKey(closed.url, 'Page Office', 'REGULATOR')]);
    const asks: [string, string][] = [
      [platform, '{ packagingTypes(first: 101) { totalCount } }'],
      [platform, '{ collectionPoints(first: 101) { totalCount } }'],
      [platform, '{ depositRefunds(first: 101) { totalCount } }'],
      [regulator, '{ flaggedReturns(first: 101) { totalCount } }'],
      [regulator, '{ rankings(kind: PRODUCER, period: "2026", first: 101) { rank } }'],
      [platform, '{ creditAccount(consumerRef: "c-1") { entries(first: 101) { totalCount } } }'],
      [platform, '{ viewer { apiKeys(first: 101) { totalCount } } }'],
    ];
    for (const [key, query] of asks) {
      const { body } = await post(closed.url, query, { authorization: `Bearer ${key}` });
      expect(body.errors?.map((e) => e.extensions?.code), query).to.deep.equal(['BAD_USER_INPUT']);
    }
  });

  it('still serves the standard introspection query', async () => {
    const { status, body } = await post(closed.url, getIntrospectionQuery());
    expect(status).to.equal(200);
    expect(body.errors).to.equal(undefined);
  });

  it('refuses introspection that walks from types to fields twice with 400 INTROSPECTION_TOO_NESTED', async () => {
    const { status, body } = await post(closed.url, '{ __schema { types { fields { type { fields { name } } } } } }', GRAPHQL_RESPONSE);
    expect(status).to.equal(400);
    expect(body.errors?.map((e) => e.extensions?.code)).to.deep.equal(['INTROSPECTION_TOO_NESTED']);
  });
});

const ROTATE = `mutation { rotateApiKey(input: { overlapSeconds: 3600 }) { apiKey userErrors { code } } }`;
const SET_LIMIT = `mutation Set($input: SetOrganizationRateLimitInput!) {
  setOrganizationRateLimit(input: $input) { organization { id requestsPerMinute } userErrors { code field } }
}`;
type SetLimit = { setOrganizationRateLimit: { organization: { id: string; requestsPerMinute: number | null } | null; userErrors: { code: string; field: string[] }[] } };

describe('limits: requests per minute per organization', () => {
  const PER_MINUTE = 3;
  let service: RunningService;
  let redis: Redis;
  const used: string[] = [];

  before(async () => {
    service = await startService('e2e_rate', { ROLE: 'api', RATE_LIMIT_PER_MINUTE: String(PER_MINUTE) });
    redis = new Redis(testRedisUrl());
  });
  after(async () => {
    redis.disconnect();
    await service.dispose();
  });

  const viewer = (key?: string) => post(service.url, '{ viewer { id } }', key === undefined ? {} : { authorization: `Bearer ${key}` });

  it('answers 429 with Retry-After and a RATE_LIMITED body naming the limit once an organization used its minute; its keys share it', async () => {
    // The operator key creates the organizations (its own count: PER_MINUTE requests at most).
    const first = await createKey(service.url, 'Busy Mall');
    const second = await createKey(service.url, 'Quiet Mall');
    used.push(first, second);
    const rotated = await graphql<{ rotateApiKey: { apiKey: string | null } }>(service.url, ROTATE, { key: first });
    const firstsSecondKey = rotated.data?.rotateApiKey.apiKey ?? '';
    used.push(firstsSecondKey);
    expect(firstsSecondKey).to.match(/^glk_/);
    for (let i = 1; i < PER_MINUTE; i += 1) expect((await viewer(i % 2 === 0 ? first : firstsSecondKey)).status).to.equal(200);

    for (const key of [first, firstsSecondKey]) {
      const refused = await viewer(key);
      expect(refused.status, 'both keys of the organization count together').to.equal(429);
      const retryAfter = Number(refused.headers.get('retry-after'));
      expect(retryAfter).to.be.within(1, 60);
      expect(refused.body.errors?.map((e) => e.extensions)).to.deep.equal([{ code: 'RATE_LIMITED', retryAfterSeconds: retryAfter, limitPerMinute: PER_MINUTE, scope: 'ORGANIZATION' }]);
      expect(refused.body.errors?.[0]?.message).to.equal(`Too many requests: at most ${String(PER_MINUTE)} a minute per organization. Retry in ${String(retryAfter)} s.`);
      expect(refused.body.data).to.equal(undefined);
    }

    expect((await viewer(second)).status, 'another organization has its own allowance').to.equal(200);
  });

  it('counts requests without a valid key against the client IP, made-up keys included', async () => {
    const madeUp = (i: number) => `glk_${i.toString(16).padStart(16, '0')}_${'a'.repeat(43)}`;
    const statuses: number[] = [];
    for (let i = 0; i < PER_MINUTE + 2; i += 1) statuses.push((await viewer(i % 2 === 0 ? undefined : madeUp(i))).status);
    expect(statuses.slice(0, PER_MINUTE)).to.deep.equal(Array<number>(PER_MINUTE).fill(200));
    expect(statuses.slice(PER_MINUTE)).to.deep.equal([429, 429]);
  });

  it('keeps organization ids and a hash of the operator key in Redis, never a key itself', async () => {
    const stored = await redis.keys(`${service.config.queuePrefix}:rate:*`);
    const subjects = stored.map((name) => name.slice(`${service.config.queuePrefix}:rate:`.length));
    expect(subjects.filter((s) => s.startsWith('org:'))).to.have.length(2);
    expect(subjects.filter((s) => s.startsWith('key:'))).to.have.length(1);
    for (const subject of subjects) expect(subject).to.match(/^(org:[0-9a-f]{24}|key:[0-9a-f]{32}|ip:.+)$/);
    for (const secret of [TEST_ADMIN_KEY, ...used]) expect(stored.join(' ')).not.to.include(secret);
  });
});

describe('limits: the operator sets an organization’s rate limit', () => {
  /** The operator's own allowance too: the test below makes exactly this many operator requests. */
  const DEFAULT = 5;
  let service: RunningService;
  before(async () => { service = await startService('e2e_rate_org', { ROLE: 'api', RATE_LIMIT_PER_MINUTE: String(DEFAULT) }); });
  after(async () => { await service.dispose(); });

  it('lets one organization make more requests than the default, names its limit in the 429, and refuses bad limits', async () => {
    const mall = await createKey(service.url, 'Double-11 Mall');
    const set = (input: Record<string, unknown>, key = TEST_ADMIN_KEY) => graphql<SetLimit>(service.url, SET_LIMIT, { key, variables: { input } });
    const me = await graphql<{ viewer: { id: string; requestsPerMinute: number | null } }>(service.url, '{ viewer { id requestsPerMinute } }', { key: mall });
    expect(me.data?.viewer.requestsPerMinute, 'the default applies').to.equal(null);
    const id = me.data?.viewer.id ?? '';

    expect((await set({ organizationId: id, requestsPerMinute: 0 })).data?.setOrganizationRateLimit.userErrors).to.deep.equal([{ code: 'VALIDATION', field: ['input', 'requestsPerMinute'] }]);
    expect((await set({ organizationId: 'f'.repeat(24), requestsPerMinute: 10 })).data?.setOrganizationRateLimit.userErrors).to.deep.equal([{ code: 'NOT_FOUND', field: ['input', 'organizationId'] }]);
    const byItself = await set({ organizationId: id, requestsPerMinute: 100 }, mall);
    expect(byItself.errors?.map((e) => e.extensions?.code), 'only the operator sets limits').to.deep.equal(['FORBIDDEN']);
    const raised = await set({ organizationId: id, requestsPerMinute: 8 });
    expect(raised.data?.setOrganizationRateLimit).to.deep.equal({ organization: { id, requestsPerMinute: 8 }, userErrors: [] });

    // two of the mall's requests are counted already (the viewer and its own attempt to set a limit)
    const statuses: number[] = [];
    for (let i = 0; i < 7; i += 1) statuses.push((await post(service.url, '{ viewer { id } }', { authorization: `Bearer ${mall}` })).status);
    expect(statuses).to.deep.equal([200, 200, 200, 200, 200, 200, 429]);
    const refused = await post(service.url, '{ viewer { id } }', { authorization: `Bearer ${mall}` });
    expect(refused.body.errors?.[0]?.extensions).to.include({ code: 'RATE_LIMITED', limitPerMinute: 8, scope: 'ORGANIZATION' });

    // back to the default: the count of this minute stays, so the mall is over the default of five
    const reset = await set({ organizationId: id, requestsPerMinute: null });
    expect(reset.data?.setOrganizationRateLimit.organization?.requestsPerMinute).to.equal(null);
    const atDefault = await post(service.url, '{ viewer { id } }', { authorization: `Bearer ${mall}` });
    expect(atDefault.body.errors?.[0]?.extensions).to.include({ code: 'RATE_LIMITED', limitPerMinute: DEFAULT, scope: 'ORGANIZATION' });
  });
});
