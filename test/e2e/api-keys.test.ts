// Key rotation and revocation over HTTP, as an organization and the operator would call them.
import { expect } from 'chai';
import { graphql } from '../support/graphql-client.js';
import { startService, type RunningService } from '../support/harness.js';
import { pinnedClock } from '../support/test-clock.js';
import { TEST_ADMIN_KEY } from '../support/services.js';

const CREATE = 'mutation($input: CreateOrganizationInput!) { createOrganization(input: $input) { organization { id } apiKey } }';
const ROTATE = `mutation($input: RotateApiKeyInput!) { rotateApiKey(input: $input) {
  apiKey key { id prefix active replaces revokedAt } replaced { id active revokedAt } userErrors { code field message } } }`;
const REVOKE = 'mutation($input: RevokeApiKeyInput!) { revokeApiKey(input: $input) { key { id active revokedAt } userErrors { code field } } }';
const MY_KEYS = '{ viewer { id apiKeys(first: 10) { totalCount nodes { id prefix active revokedAt replaces } } } }';

interface KeyView { id: string; prefix: string; active: boolean; revokedAt: string | null; replaces: string | null }
interface RotateResult { rotateApiKey: { apiKey: string | null; key: KeyView | null; replaced: KeyView | null; userErrors: { code: string; field: string[] | null }[] } }
interface RevokeResult { revokeApiKey: { key: KeyView | null; userErrors: { code: string; field: string[] | null }[] } }

const keyId = (key: string) => key.split('_')[1] ?? '';

describe('GraphQL over HTTP: rotating and revoking API keys', () => {
  let service: RunningService;
  const clock = pinnedClock('2028-02-29T23:58:00Z'); // an overlap that ends on 1 March
  before(async () => { service = await startService('e2e_api_keys', {}, { clock: clock.now }); });
  after(() => service.dispose());

  async function createOrganization(name: string): Promise<{ id: string; key: string }> {
    const created = await graphql<{ createOrganization: { organization: { id: string }; apiKey: string } }>(service.url, CREATE, { key: TEST_ADMIN_KEY, variables: { input: { name, kind: 'PRODUCER' } } });
    const payload = created.data?.createOrganization;
    if (!payload) throw new Error(JSON.stringify(created.errors));
    return { id: payload.organization.id, key: payload.apiKey };
  }

  const viewerCode = async (key: string) => {
    const response = await graphql<{ viewer: { id: string } }>(service.url, '{ viewer { id } }', { key });
    return response.errors?.[0]?.extensions?.code ?? (response.data?.viewer.id ? 'OK' : 'NONE');
  };

  it('rotates the calling key: the new key is shown once and works, the old one gets UNAUTHENTICATED', async () => {
    const org = await createOrganization('Rotator');
    const rotated = await graphql<RotateResult>(service.url, ROTATE, { key: org.key, variables: { input: {} } });
    expect(rotated.errors).to.equal(undefined);
    const payload = rotated.data?.rotateApiKey;
    expect(payload?.userErrors).to.deep.equal([]);
    const newKey = payload?.apiKey ?? '';
    expect(newKey).to.match(/^glk_[a-f0-9]{16}_[A-Za-z0-9_-]{43}$/);
    expect(payload?.key).to.deep.include({ id: keyId(newKey), prefix: `glk_${keyId(newKey)}_`, active: true, replaces: keyId(org.key), revokedAt: null });
    expect(payload?.replaced).to.deep.include({ id: keyId(org.key), active: false });

    expect(await viewerCode(org.key)).to.equal('UNAUTHENTICATED');
    expect(await viewerCode(newKey)).to.equal('OK');

    const listed = await graphql<{ viewer: { apiKeys: { totalCount: number; nodes: KeyView[] } } }>(service.url, MY_KEYS, { key: newKey });
    expect(listed.data?.viewer.apiKeys.totalCount).to.equal(2);
    expect(listed.data?.viewer.apiKeys.nodes.map((k) => [k.id, k.active])).to.deep.equal([[keyId(org.key), false], [keyId(newKey), true]]);
    expect(JSON.stringify(listed)).not.to.contain(newKey.slice(-43));
  });

  it('keeps the old key working during a requested overlap, and caps the overlap at a day', async () => {
    const org = await createOrganization('Overlapper');
    const tooLong = await graphql<RotateResult>(service.url, ROTATE, { key: org.key, variables: { input: { overlapSeconds: 86_401 } } });
    expect(tooLong.data?.rotateApiKey.userErrors.map((e) => [e.code, e.field?.join('.')])).to.deep.equal([['VALIDATION', 'input.overlapSeconds']]);
    expect(tooLong.data?.rotateApiKey.apiKey).to.equal(null);

    const rotated = await graphql<RotateResult>(service.url, ROTATE, { key: org.key, variables: { input: { overlapSeconds: 300 } } });
    const replaced = rotated.data?.rotateApiKey.replaced;
    expect(replaced?.active).to.equal(true);
    const endsInMs = Date.parse(replaced?.revokedAt ?? '') - clock.nowMs();
    expect(endsInMs).to.be.within(290_000, 300_000);
    expect(await viewerCode(org.key), 'old key within the overlap').to.equal('OK');
    expect(await viewerCode(rotated.data?.rotateApiKey.apiKey ?? '')).to.equal('OK');
  });

  it('revokes a key: requests with it get UNAUTHENTICATED; another organization cannot revoke or see it', async () => {
    const owner = await createOrganization('Owner');
    const other = await createOrganization('Other');

    const foreign = await graphql<RevokeResult>(service.url, REVOKE, { key: other.key, variables: { input: { keyId: keyId(owner.key) } } });
    expect(foreign.data?.revokeApiKey).to.deep.equal({ key: null, userErrors: [{ code: 'NOT_FOUND', field: ['input', 'keyId'] }] });
    const foreignRotate = await graphql<RotateResult>(service.url, ROTATE, { key: other.key, variables: { input: { keyId: keyId(owner.key) } } });
    expect(foreignRotate.data?.rotateApiKey.userErrors.map((e) => e.code)).to.deep.equal(['NOT_FOUND']);
    expect(foreignRotate.data?.rotateApiKey.apiKey).to.equal(null);
    expect(await viewerCode(owner.key), 'untouched by the other organization').to.equal('OK');

    const foreignList = await graphql(service.url, `{ organization(id: "${owner.id}") { apiKeys { totalCount } } }`, { key: other.key });
    expect(foreignList.errors?.map((e) => e.extensions?.code)).to.deep.equal(['FORBIDDEN']);

    const second = await graphql<RotateResult>(service.url, ROTATE, { key: owner.key, variables: { input: { overlapSeconds: 600 } } });
    const secondKey = second.data?.rotateApiKey.apiKey ?? '';
    const own = await graphql<RevokeResult>(service.url, REVOKE, { key: secondKey, variables: { input: { keyId: keyId(owner.key) } } });
    expect(own.data?.revokeApiKey.userErrors).to.deep.equal([]);
    expect(own.data?.revokeApiKey.key).to.deep.include({ id: keyId(owner.key), active: false });
    expect(await viewerCode(owner.key), 'revoked within its overlap').to.equal('UNAUTHENTICATED');
    expect(await viewerCode(secondKey)).to.equal('OK');

    const stillHidden = await graphql(service.url, '{ packagingTypes(first: 1) { totalCount } }', { key: owner.key });
    expect(stillHidden.errors?.map((e) => e.extensions?.code)).to.deep.equal(['UNAUTHENTICATED']);
  });

  it('lets the operator list, revoke and rotate any organization’s keys, including re-keying a locked-out one', async () => {
    const org = await createOrganization('Operated');
    const listed = await graphql<{ organization: { apiKeys: { nodes: KeyView[] } } }>(service.url, `{ organization(id: "${org.id}") { apiKeys { nodes { id active } } } }`, { key: TEST_ADMIN_KEY });
    expect(listed.data?.organization.apiKeys.nodes).to.deep.equal([{ id: keyId(org.key), active: true }]);

    const revoked = await graphql<RevokeResult>(service.url, REVOKE, { key: TEST_ADMIN_KEY, variables: { input: { keyId: keyId(org.key) } } });
    expect(revoked.data?.revokeApiKey.userErrors).to.deep.equal([]);
    expect(await viewerCode(org.key)).to.equal('UNAUTHENTICATED');

    const nameless = await graphql<RotateResult>(service.url, ROTATE, { key: TEST_ADMIN_KEY, variables: { input: {} } });
    expect(nameless.data?.rotateApiKey.userErrors.map((e) => [e.code, e.field?.join('.')])).to.deep.equal([['VALIDATION', 'input.keyId']]);

    const rekeyed = await graphql<RotateResult>(service.url, ROTATE, { key: TEST_ADMIN_KEY, variables: { input: { keyId: keyId(org.key) } } });
    expect(rekeyed.data?.rotateApiKey.userErrors).to.deep.equal([]);
    const viewer = await graphql<{ viewer: { id: string } }>(service.url, '{ viewer { id } }', { key: rekeyed.data?.rotateApiKey.apiKey ?? '' });
    expect(viewer.data?.viewer.id).to.equal(org.id);

    const organizationAsOrg = await graphql(service.url, `{ organization(id: "${org.id}") { id } }`, { key: rekeyed.data?.rotateApiKey.apiKey ?? '' });
    expect(organizationAsOrg.errors?.map((e) => e.extensions?.code)).to.deep.equal(['FORBIDDEN']);
  });

  it('answers UNAUTHENTICATED to rotation and revocation without a key', async () => {
    for (const [query, input] of [[ROTATE, {}], [REVOKE, { keyId: '0123456789abcdef' }]] as const) {
      const response = await graphql(service.url, query, { variables: { input } });
      expect(response.errors?.map((e) => e.extensions?.code)).to.deep.equal(['UNAUTHENTICATED']);
    }
  });
});
