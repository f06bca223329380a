import { expect } from 'chai';
import { graphql } from '../support/graphql-client.js';
import { startService, type RunningService } from '../support/harness.js';
import { TEST_ADMIN_KEY } from '../support/services.js';

const CREATE = `mutation Create($input: CreateOrganizationInput!) {
  createOrganization(input: $input) { organization { id name kind registrationNumber } apiKey userErrors { code field message } }
}`;
const VIEWER = '{ viewer { id name kind registrationNumber } }';

interface CreateResult {
  createOrganization: {
    organization: { id: string; name: string; kind: string } | null;
    apiKey: string | null;
    userErrors: { code: string; field: string[] | null; message: string }[];
  };
}

describe('GraphQL over HTTP: identity', () => {
  let service: RunningService;
  let url = '';

  before(async () => {
    service = await startService('e2e_viewer');
    url = service.url;
  });
  after(() => service.dispose());

  async function createOrganization(name: string, kind: string): Promise<string> {
    const created = await graphql<CreateResult>(url, CREATE, { key: TEST_ADMIN_KEY, variables: { input: { name, kind } } });
    const apiKey = created.data?.createOrganization.apiKey;
    if (!apiKey) throw new Error(`could not create ${name}: ${JSON.stringify(created)}`);
    return apiKey;
  }

  it('lets the operator create an organization and the new key read it as viewer', async () => {
    const created = await graphql<CreateResult>(url, CREATE, {
      key: TEST_ADMIN_KEY,
      variables: { input: { name: 'Acme Mall', kind: 'PLATFORM', registrationNumber: 'CN-91310000', contactEmail: 'ops@acme.example' } },
    });
    expect(created.errors).to.equal(undefined);
    const payload = created.data?.createOrganization;
    expect(payload?.userErrors).to.deep.equal([]);
    expect(payload?.organization).to.include({ name: 'Acme Mall', kind: 'PLATFORM' });

    const viewer = await graphql<{ viewer: { id: string; name: string; kind: string; registrationNumber: string } }>(url, VIEWER, { key: payload?.apiKey ?? '' });
    expect(viewer.errors).to.equal(undefined);
    expect(viewer.data?.viewer).to.deep.equal({ id: payload?.organization?.id, name: 'Acme Mall', kind: 'PLATFORM', registrationNumber: 'CN-91310000' });
  });

  it('answers UNAUTHENTICATED without a key, with a wrong key and with a malformed header', async () => {
    const key = await createOrganization('Key Owner', 'PRODUCER');
    const wrong = `${key.slice(0, -2)}xx`;
    for (const attempt of [undefined, wrong, 'not-a-key', '']) {
      const response = await graphql(url, VIEWER, attempt === undefined ? {} : { key: attempt });
      expect(response.data, String(attempt)).to.equal(null);
      expect(response.errors?.map((e) => e.extensions?.code), String(attempt)).to.deep.equal(['UNAUTHENTICATED']);
    }
  });

  it('answers FORBIDDEN to a wrong role: an organization creating organizations, the operator asking for viewer', async () => {
    const key = await createOrganization('Not An Operator', 'COLLECTOR');
    const byOrganization = await graphql<CreateResult>(url, CREATE, { key, variables: { input: { name: 'Sneaky', kind: 'REGULATOR' } } });
    expect(byOrganization.errors?.map((e) => e.extensions?.code)).to.deep.equal(['FORBIDDEN']);
    expect(byOrganization.data).to.equal(null);

    const byOperator = await graphql(url, VIEWER, { key: TEST_ADMIN_KEY });
    expect(byOperator.errors?.map((e) => e.extensions?.code)).to.deep.equal(['FORBIDDEN']);
  });

  it('reports bad input as VALIDATION userErrors with field paths, and creates nothing', async () => {
    const before = await service.running.store.models.Organization.countDocuments();
    const response = await graphql<CreateResult>(url, CREATE, {
      key: TEST_ADMIN_KEY,
      variables: { input: { name: '   ', kind: 'PLATFORM', contactEmail: 'nobody' } },
    });
    expect(response.status).to.equal(200);
    const payload = response.data?.createOrganization;
    expect(payload?.organization).to.equal(null);
    expect(payload?.apiKey).to.equal(null);
    expect(payload?.userErrors.map((e) => [e.code, e.field?.join('.')])).to.deep.equal([
      ['VALIDATION', 'input.name'],
      ['VALIDATION', 'input.contactEmail'],
    ]);
    expect(await service.running.store.models.Organization.countDocuments()).to.equal(before);
  });

  it('refuses a request body over 1 MB with 413', async () => {
    const big = JSON.stringify({ query: `{ viewer { id } }`, variables: { pad: 'x'.repeat(1024 * 1024 + 10) } });
    const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${TEST_ADMIN_KEY}` }, body: big });
    expect(response.status).to.equal(413);
    const body = (await response.json()) as { errors: { extensions: { code: string } }[] };
    expect(body.errors[0]?.extensions.code).to.equal('PAYLOAD_TOO_LARGE');
  });

  it('answers /healthz and /readyz, and tags every response with a request id', async () => {
    const base = url.replace(/\/graphql$/, '');
    const health = await fetch(`${base}/healthz`);
    expect(health.status).to.equal(200);
    const ready = await fetch(`${base}/readyz`);
    expect(ready.status).to.equal(200);
    expect(await ready.json()).to.deep.equal({ status: 'ready', checks: { store: 'up', redis: 'up' } });
    const tagged = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', 'x-request-id': 'req-abc.123' }, body: '{"query":"{ __typename }"}' });
    expect(tagged.headers.get('x-request-id')).to.equal('req-abc.123');
    const fresh = await fetch(`${base}/healthz`);
    expect(fresh.headers.get('x-request-id')).to.match(/^[0-9a-f-]{36}$/);
  });

  it('serves introspection without a key: the schema is public and documented', async () => {
    const response = await graphql<{ __type: { description: string | null } }>(url, '{ __type(name: "Organization") { description } }');
    expect(response.errors).to.equal(undefined);
    expect(response.data?.__type.description).to.be.a('string').and.not.equal('');
  });
});

describe('GraphQL over HTTP in production mode', () => {
  let service: RunningService;
  before(async () => { service = await startService('e2e_prod', { NODE_ENV: 'production', CONTACT_ENCRYPTION_KEY: 'b'.repeat(64) }); });
  after(() => service.dispose());

  it('sends no stack traces and keeps introspection on', async () => {
    const denied = await graphql(service.url, '{ viewer { id } }');
    expect(denied.errors?.[0]?.extensions?.code).to.equal('UNAUTHENTICATED');
    expect(denied.errors?.[0]?.extensions).not.to.have.property('stacktrace');
    const malformed = await graphql(service.url, '{ viewer { id ');
    expect(malformed.errors?.[0]?.extensions?.code).to.equal('GRAPHQL_PARSE_FAILED');
    expect(malformed.errors?.[0]?.extensions).not.to.have.property('stacktrace');
    const introspection = await graphql<{ __schema: { queryType: { name: string } } }>(service.url, '{ __schema { queryType { name } } }');
    expect(introspection.data?.__schema.queryType.name).to.equal('Query');
  });
});
