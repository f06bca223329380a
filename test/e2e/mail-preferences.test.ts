// The language of mail, as clients set it over HTTP: an organization's (at creation, then its own or the operator's
// change) and a consumer's (with the contact their platform gives).
import { expect } from 'chai';
import { graphql } from '../support/graphql-client.js';
import { startService, type RunningService } from '../support/harness.js';
import { TEST_ADMIN_KEY } from '../support/services.js';

const CREATE = `mutation($input: CreateOrganizationInput!) {
  createOrganization(input: $input) { organization { id locale } apiKey userErrors { code field } }
}`;
const UPDATE = `mutation($input: UpdateOrganizationPreferencesInput!) {
  updateOrganizationPreferences(input: $input) { organization { id locale } userErrors { code field } }
}`;
const SET_CONTACT = `mutation($input: ConsumerContactInput!) {
  setConsumerContact(input: $input) { contact { consumerRef locale } userErrors { code field } }
}`;

interface Organization { id: string; locale: string }
type Created = { createOrganization: { organization: Organization | null; apiKey: string | null; userErrors: { code: string; field: string[] }[] } };
type Updated = { updateOrganizationPreferences: { organization: Organization | null; userErrors: { code: string; field: string[] }[] } };
type ContactSet = { setConsumerContact: { contact: { consumerRef: string; locale: string | null } | null; userErrors: { code: string }[] } };

describe('GraphQL over HTTP: the language of mail', () => {
  let service: RunningService;
  before(async () => { service = await startService('e2e_mail_preferences'); });
  after(() => service.dispose());

  async function create(name: string, kind: string, locale?: string): Promise<{ id: string; key: string; locale: string }> {
    const created = await graphql<Created>(service.url, CREATE, { key: TEST_ADMIN_KEY, variables: { input: { name, kind, ...(locale ? { locale } : {}) } } });
    const payload = created.data?.createOrganization;
    if (!payload?.organization || !payload.apiKey) throw new Error(`could not create ${name}: ${JSON.stringify(created)}`);
    return { id: payload.organization.id, key: payload.apiKey, locale: payload.organization.locale };
  }

  it('creates an organization in English unless it asks for Chinese, and lets it, or the operator, change that', async () => {
    const shop = await create('Shop', 'PLATFORM');
    const maker = await create('纸盒厂', 'PRODUCER', 'ZH_CN');
    expect([shop.locale, maker.locale]).to.deep.equal(['EN', 'ZH_CN']);
    const viewer = await graphql<{ viewer: Organization }>(service.url, '{ viewer { id locale } }', { key: maker.key });
    expect(viewer.data?.viewer).to.deep.equal({ id: maker.id, locale: 'ZH_CN' });

    const own = await graphql<Updated>(service.url, UPDATE, { key: shop.key, variables: { input: { locale: 'ZH_CN' } } });
    expect(own.data?.updateOrganizationPreferences).to.deep.equal({ organization: { id: shop.id, locale: 'ZH_CN' }, userErrors: [] });
    const named = await graphql<Updated>(service.url, UPDATE, { key: shop.key, variables: { input: { organizationId: shop.id } } });
    expect(named.data?.updateOrganizationPreferences.organization, 'nothing given, nothing changed').to.deep.equal({ id: shop.id, locale: 'ZH_CN' });

    const foreign = await graphql<Updated>(service.url, UPDATE, { key: shop.key, variables: { input: { organizationId: maker.id, locale: 'EN' } } });
    expect(foreign.data?.updateOrganizationPreferences).to.deep.equal({ organization: null, userErrors: [{ code: 'NOT_FOUND', field: ['input', 'organizationId'] }] });
    const unnamed = await graphql<Updated>(service.url, UPDATE, { key: TEST_ADMIN_KEY, variables: { input: { locale: 'EN' } } });
    expect(unnamed.data?.updateOrganizationPreferences.userErrors).to.deep.equal([{ code: 'VALIDATION', field: ['input', 'organizationId'] }]);
    const byOperator = await graphql<Updated>(service.url, UPDATE, { key: TEST_ADMIN_KEY, variables: { input: { organizationId: maker.id, locale: 'EN' } } });
    expect(byOperator.data?.updateOrganizationPreferences.organization).to.deep.equal({ id: maker.id, locale: 'EN' });

    const badEnum = await graphql(service.url, UPDATE, { key: shop.key, variables: { input: { locale: 'zh-CN' } } });
    expect(badEnum.errors?.[0]?.extensions?.code, 'the enum is the only spelling').to.equal('BAD_USER_INPUT');
    const noKey = await graphql(service.url, UPDATE, { variables: { input: { locale: 'EN' } } });
    expect(noKey.errors?.[0]?.extensions?.code).to.equal('UNAUTHENTICATED');
  });

  it('keeps a consumer’s language with their contact; without one their mail follows the platform', async () => {
    const shop = await create('Contact Shop', 'PLATFORM');
    const chinese = await graphql<ContactSet>(service.url, SET_CONTACT, { key: shop.key, variables: { input: { consumerRef: 'li', email: 'li@example.com', consent: true, locale: 'ZH_CN' } } });
    expect(chinese.data?.setConsumerContact).to.deep.equal({ contact: { consumerRef: 'li', locale: 'ZH_CN' }, userErrors: [] });
    const unset = await graphql<ContactSet>(service.url, SET_CONTACT, { key: shop.key, variables: { input: { consumerRef: 'bob', email: 'bob@example.com', consent: true } } });
    expect(unset.data?.setConsumerContact.contact).to.deep.equal({ consumerRef: 'bob', locale: null });

    const read = await graphql<{ consumerContact: { locale: string | null } | null }>(service.url, 'query($ref: String!) { consumerContact(consumerRef: $ref) { locale } }', { key: shop.key, variables: { ref: 'li' } });
    expect(read.data?.consumerContact).to.deep.equal({ locale: 'ZH_CN' });
    // Setting the same address again in another language changes the language.
    const english = await graphql<ContactSet>(service.url, SET_CONTACT, { key: shop.key, variables: { input: { consumerRef: 'li', email: 'li@example.com', consent: true, locale: 'EN' } } });
    expect(english.data?.setConsumerContact.contact).to.deep.equal({ consumerRef: 'li', locale: 'EN' });
  });
});
