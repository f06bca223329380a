// The GraphQL-over-HTTP specification, checked by graphql-http's own server audits against the running service, and
// the HTTP status of each kind of refusal (issue #19, item 7; graphql/http-status.ts says the rules).
import { expect } from 'chai';
import { auditServer } from 'graphql-http';
import { graphql } from '../support/graphql-client.js';
import { startService, type RunningService } from '../support/harness.js';
import { TEST_ADMIN_KEY } from '../support/services.js';

const GRAPHQL_RESPONSE_JSON = 'application/graphql-response+json';

interface Reply { status: number; contentType: string | null; authenticate: string | null; body: { data?: unknown; errors?: { extensions?: { code?: string } }[] } }

async function post(url: string, query: string, headers: Record<string, string> = {}): Promise<Reply> {
  const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify({ query }) });
  return {
    status: response.status,
    contentType: response.headers.get('content-type'),
    authenticate: response.headers.get('www-authenticate'),
    body: (await response.json()) as Reply['body'],
  };
}

const codes = (reply: Reply) => (reply.body.errors ?? []).map((e) => e.extensions?.code);

describe('GraphQL over HTTP: the graphql-http audits and status codes', () => {
  let service: RunningService;
  before(async () => { service = await startService('e2e_graphql_over_http'); });
  after(() => service.dispose());

  it('passes every MUST and every SHOULD of the graphql-http server audits', async () => {
    const results = await auditServer({ url: service.url });
    const failed = (level: string) => results.filter((r) => r.name.startsWith(level) && r.status !== 'ok').map((r) => r.name);
    expect(results.filter((r) => r.name.startsWith('MUST')).length, 'the audits ran').to.be.greaterThan(10);
    expect(failed('MUST')).to.deep.equal([]);
    expect(failed('SHOULD')).to.deep.equal([]);
  });

  it('refuses a request without a key, or with a wrong one, whole: 401 under graphql-response+json, 200 under application/json', async () => {
    for (const key of [null, 'glk_0000000000000000_not-a-real-secret-not-a-real-secret-0000000']) {
      const auth: Record<string, string> = key ? { authorization: `Bearer ${key}` } : {};
      const modern = await post(service.url, '{ viewer { id } }', { ...auth, accept: GRAPHQL_RESPONSE_JSON });
      expect(modern.status, String(key)).to.equal(401);
      expect(modern.contentType).to.contain(GRAPHQL_RESPONSE_JSON);
      expect(modern.authenticate).to.equal('Bearer');
      expect(codes(modern)).to.deep.equal(['UNAUTHENTICATED']);
      expect('data' in modern.body, 'a request error: nothing ran').to.equal(false);
      const legacy = await post(service.url, '{ viewer { id } }', auth);
      expect(legacy.status).to.equal(200);
      expect(legacy.authenticate).to.equal(null);
      expect(legacy.body).to.deep.equal(modern.body);
    }
  });

  it('answers __typename and introspection without a key, but not with a wrong one', async () => {
    const open = await post(service.url, 'query { __typename ... on Query { __schema { queryType { name } } } }', { accept: GRAPHQL_RESPONSE_JSON });
    expect(open.status).to.equal(200);
    expect(open.body.data).to.deep.equal({ __typename: 'Query', __schema: { queryType: { name: 'Query' } } });
    const hidden = await post(service.url, 'query { __typename ...More } fragment More on Query { viewer { id } }', { accept: GRAPHQL_RESPONSE_JSON });
    expect(hidden.status, 'a field behind a fragment needs a key too').to.equal(401);
    const wrongKey = await post(service.url, '{ __typename }', { accept: GRAPHQL_RESPONSE_JSON, authorization: 'Bearer not-a-key' });
    expect(wrongKey.status).to.equal(401);
    expect(codes(wrongKey)).to.deep.equal(['UNAUTHENTICATED']);
  });

  it('keeps 200 when data is present: a field the caller may not read is a field error beside the rest', async () => {
    const created = await graphql<{ createOrganization: { apiKey: string } }>(service.url,
      'mutation($input: CreateOrganizationInput!) { createOrganization(input: $input) { apiKey } }',
      { key: TEST_ADMIN_KEY, variables: { input: { name: 'Status Shop', kind: 'PLATFORM' } } });
    const platformKey = created.data?.createOrganization.apiKey ?? '';
    const reply = await post(service.url, '{ __typename complianceRecomputation(id: "r-1") { id } }', { accept: GRAPHQL_RESPONSE_JSON, authorization: `Bearer ${platformKey}` });
    expect(reply.status).to.equal(200);
    expect(codes(reply), 'only the operator and regulators read recomputations').to.deep.equal(['FORBIDDEN']);
    expect(reply.body.data).to.deep.equal({ __typename: 'Query', complianceRecomputation: null });
  });

  it('answers a document that does not parse or validate with 400 under graphql-response+json and 200 under application/json', async () => {
    for (const query of ['{ viewer {', '{ noSuchField }']) {
      const modern = await post(service.url, query, { accept: GRAPHQL_RESPONSE_JSON, authorization: `Bearer ${TEST_ADMIN_KEY}` });
      expect(modern.status, query).to.equal(400);
      expect(codes(modern), query).to.have.length(1);
      const legacy = await post(service.url, query, { authorization: `Bearer ${TEST_ADMIN_KEY}` });
      expect(legacy.status, query).to.equal(200);
      expect(legacy.body, query).to.deep.equal(modern.body);
    }
  });
});
