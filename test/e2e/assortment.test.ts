// Quotes know what the platform stocks (issue #18, item 1): a platform, or one of its warehouses, lists the packaging
// types it stocks; its quotes offer only those (plus own packaging). Without an assortment the whole compliant
// catalogue is offered.
import { expect } from 'chai';
import { graphql, type GraphQLResponse } from '../support/graphql-client.js';
import { startService, type RunningService } from '../support/harness.js';
import { createOrganizations } from '../support/organizations.js';
import { greenBox, plainBox } from '../support/packaging-fixtures.js';

const SET = `mutation($input: AssortmentInput!) { setAssortment(input: $input) { packagingTypeIds warehouseRef version userErrors { code field } } }`;
const READ = `query($warehouseRef: String) { assortment(warehouseRef: $warehouseRef) { id warehouseRef version packagingTypeIds setAt } }`;
const QUOTE = `mutation($input: RequestQuoteInput!) { requestQuote(input: $input) { quote { options { packagingClass packagingType { id } } } userErrors { code field } } }`;

type Set = { setAssortment: { packagingTypeIds: string[]; warehouseRef: string | null; version: number | null; userErrors: { code: string; field: string[] | null }[] } };
type Quoted = { requestQuote: { quote: { options: { packagingClass: string; packagingType: { id: string } | null }[] } | null } };

describe('GraphQL over HTTP: quotes offer what the platform stocks', () => {
  let service: RunningService;
  let keys: Record<string, string> = {};
  const types: Record<string, string> = {};
  const call = <T>(who: string, query: string, variables: Record<string, unknown> = {}): Promise<GraphQLResponse<T>> =>
    graphql<T>(service.url, query, { key: keys[who] ?? '', variables });
  const parcel = { lengthMm: 250, widthMm: 180, heightMm: 90, weightGrams: 800 };
  /** The packaging type offered per class, by the names given below ('own' for own packaging). */
  async function offered(who: string, warehouseRef?: string): Promise<Record<string, string>> {
    const quoted = await call<Quoted>(who, QUOTE, { input: { parcel, consumerRef: 'c-1', ...(warehouseRef ? { warehouseRef } : {}) } });
    const names = new Map(Object.entries(types).map(([name, id]) => [id, name]));
    return Object.fromEntries((quoted.data?.requestQuote.quote?.options ?? []).map((o) => [o.packagingClass, o.packagingType ? names.get(o.packagingType.id) ?? '?' : 'own']));
  }

  before(async () => {
    service = await startService('e2e_assortment');
    ({ keys } = await createOrganizations(service.url, [['Box Co', 'PRODUCER'], ['Shop', 'PLATFORM'], ['Other Shop', 'PLATFORM']]));
    // Two green boxes (the smaller fits better) and a standard one, all holding the parcel.
    for (const [name, spec] of [
      ['small green', greenBox('G-SMALL')],
      ['large green', { ...greenBox('G-LARGE'), innerDimensions: { lengthMm: 320, widthMm: 220, heightMm: 110 } }],
      ['plain', plainBox('P-1')],
    ] as const) {
      const registered = await call<{ registerPackagingType: { packagingType: { id: string } | null } }>('Box Co',
        'mutation($input: PackagingTypeInput!) { registerPackagingType(input: $input) { packagingType { id } } }', { input: spec });
      types[name] = registered.data?.registerPackagingType.packagingType?.id ?? '';
    }
  });
  after(() => service.dispose());

  it('offers the whole compliant catalogue without an assortment, and only the stocked types with one', async () => {
    expect(await offered('Shop')).to.deep.include({ GREEN: 'small green', STANDARD: 'plain' });
    const set = await call<Set>('Shop', SET, { input: { packagingTypeIds: [types['large green'], types['large green']] } });
    expect(set.data?.setAssortment).to.deep.equal({ packagingTypeIds: [types['large green']], warehouseRef: null, version: 1, userErrors: [] });
    // The platform's next quote sees its own change (read-your-writes): the stocked green box only, no standard box.
    const stocked = await offered('Shop');
    expect(stocked.GREEN).to.equal('large green');
    expect(stocked).to.not.have.property('STANDARD');
    // Another platform still gets the whole catalogue.
    expect(await offered('Other Shop')).to.deep.include({ GREEN: 'small green', STANDARD: 'plain' });
  });

  it('gives a warehouse its own assortment, falling back to the platform’s; the same list again adds no version', async () => {
    const north = await call<Set>('Shop', SET, { input: { packagingTypeIds: [types.plain, types['small green']], warehouseRef: 'north' } });
    expect(north.data?.setAssortment).to.deep.include({ warehouseRef: 'north', version: 1, userErrors: [] });
    expect(await offered('Shop', 'north')).to.deep.include({ GREEN: 'small green', STANDARD: 'plain' });
    expect((await offered('Shop', 'south')).GREEN, 'a warehouse without its own uses the platform’s').to.equal('large green');
    const again = await call<Set>('Shop', SET, { input: { packagingTypeIds: [types['small green'], types.plain], warehouseRef: 'north' } });
    expect(again.data?.setAssortment.version).to.equal(1);
    const read = await call<{ assortment: { warehouseRef: string | null; version: number; packagingTypeIds: string[] } | null }>('Shop', READ, { warehouseRef: 'north' });
    expect(read.data?.assortment).to.deep.include({ warehouseRef: 'north', version: 1 });
    expect(read.data?.assortment?.packagingTypeIds).to.have.members([types.plain, types['small green']]);
    expect((await call<{ assortment: unknown }>('Shop', READ, { warehouseRef: 'south' })).data?.assortment).to.equal(null);
    expect((await call<{ assortment: unknown }>('Other Shop', READ)).data?.assortment, 'another platform’s is not shown').to.equal(null);
  });

  it('refuses unknown types and bad references with typed errors, and anyone but a platform', async () => {
    const bad = await call<Set>('Shop', SET, { input: { packagingTypeIds: [types.plain, 'nope', '0123456789abcdef01234567'], warehouseRef: 'no spaces' } });
    expect(bad.data?.setAssortment.userErrors.map((e) => [e.code, e.field?.join('.')])).to.deep.equal([
      ['VALIDATION', 'input.warehouseRef'], ['NOT_FOUND', 'input.packagingTypeIds.1'], ['NOT_FOUND', 'input.packagingTypeIds.2'],
    ]);
    expect(bad.data?.setAssortment.version).to.equal(null);
    expect((await call<Set>('Box Co', SET, { input: { packagingTypeIds: [] } })).errors?.map((e) => e.extensions?.code)).to.deep.equal(['FORBIDDEN']);
  });
});
