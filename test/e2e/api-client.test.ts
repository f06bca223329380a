// What a client developer needs of the API (issue #19, in part): a quote asked for as the write it is
// (requestQuote), identities a client cache can key objects by (CreditAccount.id), and Relay page info in full
// (startCursor, hasPreviousPage).
import { expect } from 'chai';
import { graphql } from '../support/graphql-client.js';
import { startService, type RunningService } from '../support/harness.js';
import { greenBox } from '../support/packaging-fixtures.js';
import { TEST_ADMIN_KEY } from '../support/services.js';

const REQUEST_QUOTE = `mutation($input: RequestQuoteInput!) {
  requestQuote(input: $input) { quote { id standardVersion options { id packagingClass packagingType { sku } } } userErrors { code field message } }
}`;
const CHOOSE = `mutation($input: ChoosePackagingInput!) { choosePackaging(input: $input) { choice { id option { id } } userErrors { code field } } }`;
const ACCOUNT = 'query($ref: String!) { creditAccount(consumerRef: $ref) { id consumerRef available } }';
const TYPES = `query($first: Int, $after: String) { packagingTypes(first: $first, after: $after) {
  pageInfo { hasNextPage hasPreviousPage startCursor endCursor } edges { cursor node { sku } } } }`;

interface Requested { requestQuote: { quote: { id: string; standardVersion: string; options: { id: string; packagingClass: string; packagingType: { sku: string } | null }[] } | null; userErrors: { code: string; field: string[] | null; message: string }[] } }
interface PageInfo { hasNextPage: boolean; hasPreviousPage: boolean; startCursor: string | null; endCursor: string | null }
interface Types { packagingTypes: { pageInfo: PageInfo; edges: { cursor: string; node: { sku: string } }[] } }

describe('GraphQL over HTTP: what an API client relies on', () => {
  let service: RunningService;
  const keys: Record<string, string> = {};
  const ids: Record<string, string> = {};

  before(async () => {
    service = await startService('e2e_api_client');
    for (const [name, kind] of [['producer', 'PRODUCER'], ['shop', 'PLATFORM'], ['other', 'PLATFORM']] as const) {
      const created = await graphql<{ createOrganization: { apiKey: string; organization: { id: string } } }>(service.url,
        'mutation($input: CreateOrganizationInput!) { createOrganization(input: $input) { apiKey organization { id } } }',
        { key: TEST_ADMIN_KEY, variables: { input: { name, kind } } });
      keys[name] = created.data?.createOrganization.apiKey ?? '';
      ids[name] = created.data?.createOrganization.organization.id ?? '';
    }
    for (const sku of ['MAILER-1', 'MAILER-2', 'MAILER-3']) {
      await graphql(service.url, 'mutation($input: PackagingTypeInput!) { registerPackagingType(input: $input) { userErrors { code } } }', { key: keys.producer, variables: { input: greenBox(sku) } });
    }
  });
  after(() => service.dispose());

  const requestQuote = (input: Record<string, unknown>, key = keys.shop) => graphql<Requested>(service.url, REQUEST_QUOTE, { key, variables: { input } });
  const parcel = { lengthMm: 280, widthMm: 180, heightMm: 90, weightGrams: 800 };

  it('gives a new quote for every requestQuote, whose option ids choosePackaging takes', async () => {
    const first = await requestQuote({ parcel, consumerRef: 'c-1', warehouseRef: 'WH-north.1' });
    const second = await requestQuote({ parcel, consumerRef: 'c-1' });
    expect(first.data?.requestQuote.userErrors).to.deep.equal([]);
    const quote = first.data?.requestQuote.quote;
    expect(quote?.standardVersion).to.equal('GL-STD-2026.2');
    expect(second.data?.requestQuote.quote?.id, 'a write: every call is a new offer').to.not.equal(quote?.id);
    const green = quote?.options.find((o) => o.packagingClass === 'GREEN');
    expect(green?.id, 'option ids are <quoteId>:o<n>').to.match(new RegExp(`^${quote?.id ?? 'none'}:o[1-9][0-9]*$`));
    const chosen = await graphql<{ choosePackaging: { choice: { option: { id: string } } | null; userErrors: unknown[] } }>(service.url, CHOOSE,
      { key: keys.shop, variables: { input: { quoteId: quote?.id, optionId: green?.id, orderRef: 'rq-1' } } });
    expect(chosen.data?.choosePackaging.userErrors).to.deep.equal([]);
    expect(chosen.data?.choosePackaging.choice?.option.id).to.equal(green?.id);
  });

  it('answers bad input to requestQuote as VALIDATION userErrors naming each field under input, not as a request error', async () => {
    const bad = await requestQuote({ parcel: { ...parcel, lengthMm: 0, weightGrams: -1 }, consumerRef: 'has space' });
    expect(bad.errors).to.equal(undefined);
    expect(bad.data?.requestQuote.quote).to.equal(null);
    expect(bad.data?.requestQuote.userErrors.map((e) => [e.code, e.field?.join('.')])).to.deep.equal([
      ['VALIDATION', 'input.parcel.lengthMm'], ['VALIDATION', 'input.parcel.weightGrams'], ['VALIDATION', 'input.consumerRef'],
    ]);
    const warehouse = await requestQuote({ parcel, consumerRef: 'c-1', warehouseRef: 'north/1' });
    expect(warehouse.data?.requestQuote.userErrors.map((e) => [e.code, e.field?.join('.')])).to.deep.equal([['VALIDATION', 'input.warehouseRef']]);
    const producer = await requestQuote({ parcel, consumerRef: 'c-1' }, keys.producer);
    expect(producer.errors?.map((e) => e.extensions?.code)).to.deep.equal(['FORBIDDEN']);
  });

  it('names a credit account by a stable id, unique across platforms', async () => {
    const read = async (key: string | undefined) => (await graphql<{ creditAccount: { id: string; consumerRef: string } }>(service.url, ACCOUNT, { key, variables: { ref: 'c-1' } })).data?.creditAccount;
    const shop = await read(keys.shop);
    expect(shop?.id).to.equal(`${ids.shop ?? ''}:c-1`);
    expect((await read(keys.shop))?.id, 'the same account, the same id').to.equal(shop?.id);
    expect((await read(keys.other))?.id, 'the same consumerRef at another platform').to.equal(`${ids.other ?? ''}:c-1`);
  });

  it('keeps sibling data when one field’s arguments are refused: that field alone is null, with its error at its path', async () => {
    const reply = await graphql<{ viewer: { name: string }; packagingTypes: unknown; collectionPoints: { totalCount: number } | null; creditAccount: { entries: unknown; available: number } | null }>(service.url,
      `{ viewer { name } packagingTypes(first: 0) { totalCount } collectionPoints(first: 1) { totalCount }
         creditAccount(consumerRef: "c-1") { available entries(after: "not-a-cursor") { totalCount } } }`, { key: keys.shop });
    expect(reply.data?.viewer.name).to.equal('shop');
    expect(reply.data?.packagingTypes).to.equal(null);
    expect(reply.data?.collectionPoints?.totalCount).to.be.a('number');
    expect(reply.data?.creditAccount, 'the account answers; only its page is refused').to.deep.equal({ available: 0, entries: null });
    expect(reply.errors?.map((e) => [e.extensions?.code, e.path?.join('.')])).to.deep.equal([
      ['BAD_USER_INPUT', 'packagingTypes'],
      ['BAD_USER_INPUT', 'creditAccount.entries'],
    ]);
  });

  it('tells where a page lies: startCursor, endCursor, hasPreviousPage and hasNextPage', async () => {
    const page = async (variables: Record<string, unknown>) => (await graphql<Types>(service.url, TYPES, { key: keys.producer, variables })).data?.packagingTypes;
    const first = await page({ first: 2 });
    expect(first?.edges.map((e) => e.node.sku)).to.deep.equal(['MAILER-1', 'MAILER-2']);
    expect(first?.pageInfo).to.deep.equal({ hasNextPage: true, hasPreviousPage: false, startCursor: first?.edges[0]?.cursor, endCursor: first?.edges[1]?.cursor });
    const next = await page({ first: 2, after: first?.pageInfo.endCursor });
    expect(next?.edges.map((e) => e.node.sku)).to.deep.equal(['MAILER-3']);
    expect(next?.pageInfo).to.deep.equal({ hasNextPage: false, hasPreviousPage: true, startCursor: next?.edges[0]?.cursor, endCursor: next?.edges[0]?.cursor });
    const past = await page({ first: 2, after: next?.pageInfo.endCursor });
    expect(past?.pageInfo).to.deep.equal({ hasNextPage: false, hasPreviousPage: true, startCursor: null, endCursor: null });
  });
});
