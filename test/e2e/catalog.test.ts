import { expect } from 'chai';
import { graphql } from '../support/graphql-client.js';
import { greenBox } from '../support/packaging-fixtures.js';
import { startService, type RunningService } from '../support/harness.js';
import { TEST_ADMIN_KEY } from '../support/services.js';

const CREATE_ORG = `mutation($input: CreateOrganizationInput!) { createOrganization(input: $input) { organization { id } apiKey } }`;
const REGISTER = `mutation($input: PackagingTypeInput!) {
  registerPackagingType(input: $input) {
    packagingType { id sku revision producer { id name } classification { packagingClass grade standardVersion reasons } }
    userErrors { code field message }
  }
}`;
const LIST = `query($first: Int, $after: String, $packagingClass: PackagingClass, $producerId: ID) {
  packagingTypes(first: $first, after: $after, packagingClass: $packagingClass, producerId: $producerId) {
    totalCount pageInfo { hasNextPage endCursor } edges { cursor node { id sku producer { id name } } }
  }
}`;

interface Registered {
  registerPackagingType: {
    packagingType: { id: string; sku: string; revision: number; producer: { id: string; name: string }; classification: { packagingClass: string; grade: string; standardVersion: string; reasons: string[] } } | null;
    userErrors: { code: string; field: string[] | null; message: string }[];
  };
}
interface Listed {
  packagingTypes: { totalCount: number; pageInfo: { hasNextPage: boolean; endCursor: string | null }; edges: { cursor: string; node: { id: string; sku: string; producer: { id: string; name: string } } }[] };
}

describe('GraphQL over HTTP: packaging catalog', () => {
  let service: RunningService;
  let url = '';
  const keys: Record<string, string> = {};
  const ids: Record<string, string> = {};

  before(async () => {
    service = await startService('e2e_catalog');
    url = service.url;
    for (const [name, kind] of [['producerA', 'PRODUCER'], ['producerB', 'PRODUCER'], ['platform', 'PLATFORM']] as const) {
      const created = await graphql<{ createOrganization: { organization: { id: string }; apiKey: string } }>(url, CREATE_ORG, { key: TEST_ADMIN_KEY, variables: { input: { name, kind } } });
      keys[name] = created.data?.createOrganization.apiKey ?? '';
      ids[name] = created.data?.createOrganization.organization.id ?? '';
    }
  });
  after(() => service.dispose());

  it('registers a packaging type, classifies it by the active standard and explains why', async () => {
    const response = await graphql<Registered>(url, REGISTER, { key: keys.producerA, variables: { input: greenBox('BOX-1') } });
    const payload = response.data?.registerPackagingType;
    expect(payload?.userErrors).to.deep.equal([]);
    expect(payload?.packagingType).to.deep.include({ sku: 'BOX-1', revision: 1, producer: { id: ids.producerA, name: 'producerA' } });
    expect(payload?.packagingType?.classification).to.include({ packagingClass: 'GREEN', grade: 'A', standardVersion: 'GL-STD-2026.2' });
    expect(payload?.packagingType?.classification.reasons.join('\n')).to.contain('97%');
  });

  it('never offers packaging without a substance test, saying why; keeps a declared maximum load; and a quote passes over a type too weak for the parcel', async () => {
    const untested = await graphql<{ registerPackagingType: { packagingType: { classification: { packagingClass: string; notOfferableReason: string | null } } | null } }>(url,
      'mutation($input: PackagingTypeInput!) { registerPackagingType(input: $input) { packagingType { classification { packagingClass notOfferableReason } } } }',
      { key: keys.producerA, variables: { input: { ...greenBox('UNTESTED-1'), substanceTest: null } } });
    expect(untested.data?.registerPackagingType.packagingType?.classification).to.deep.equal({ packagingClass: 'NON_COMPLIANT', notOfferableReason: 'SUBSTANCE_TEST_MISSING' });

    // Two green mailers of the same size: the smaller carries 1 kg, the larger 5 kg.
    const register = (sku: string, lengthMm: number, maxLoadGrams: number) => graphql<{ registerPackagingType: { packagingType: { id: string; maxLoadGrams: number | null } | null; userErrors: unknown[] } }>(url,
      'mutation($input: PackagingTypeInput!) { registerPackagingType(input: $input) { packagingType { id maxLoadGrams } userErrors { code field } } }',
      { key: keys.producerB, variables: { input: { ...greenBox(sku), innerDimensions: { lengthMm, widthMm: 123, heightMm: 77 }, maxLoadGrams } } });
    const weak = (await register('LOAD-1KG', 211, 1000)).data?.registerPackagingType.packagingType;
    const strong = (await register('LOAD-5KG', 212, 5000)).data?.registerPackagingType.packagingType;
    expect([weak?.maxLoadGrams, strong?.maxLoadGrams]).to.deep.equal([1000, 5000]);
    const bad = await register('LOAD-0', 213, 0);
    expect(bad.data?.registerPackagingType.userErrors).to.deep.equal([{ code: 'VALIDATION', field: ['input', 'maxLoadGrams'] }]);

    const quote = async (weightGrams: number) => {
      const answer = await graphql<{ packagingOptions: { options: { packagingClass: string; packagingType: { id: string } | null }[] } }>(url,
        'query($parcel: ParcelInput!) { packagingOptions(parcel: $parcel, consumerRef: "c-load") { options { packagingClass packagingType { id } } } }',
        { key: keys.platform, variables: { parcel: { lengthMm: 210, widthMm: 122, heightMm: 76, weightGrams } } });
      return answer.data?.packagingOptions.options.find((o) => o.packagingClass === 'GREEN')?.packagingType?.id;
    };
    expect(await quote(1000), 'a 1 kg parcel: the smallest fitting box').to.equal(weak?.id);
    expect(await quote(1001), 'a gram heavier: the box made for 5 kg').to.equal(strong?.id);
  });

  it('returns the first result for the same SKU and data, and refuses the SKU with other data', async () => {
    const first = await graphql<Registered>(url, REGISTER, { key: keys.producerA, variables: { input: greenBox('BOX-2') } });
    const again = await graphql<Registered>(url, REGISTER, { key: keys.producerA, variables: { input: greenBox('BOX-2') } });
    expect(again.data?.registerPackagingType.packagingType?.id).to.equal(first.data?.registerPackagingType.packagingType?.id);
    const other = await graphql<Registered>(url, REGISTER, { key: keys.producerA, variables: { input: { ...greenBox('box-2'), massGrams: 400 } } });
    expect(other.data?.registerPackagingType.packagingType).to.equal(null);
    expect(other.data?.registerPackagingType.userErrors.map((e) => [e.code, e.field?.join('.')])).to.deep.equal([['VALIDATION', 'input.sku']]);
    // another producer may use the same SKU
    const otherProducer = await graphql<Registered>(url, REGISTER, { key: keys.producerB, variables: { input: greenBox('BOX-2') } });
    expect(otherProducer.data?.registerPackagingType.userErrors).to.deep.equal([]);
  });

  it('reports each bad field as a VALIDATION userError and stores nothing', async () => {
    const before = await service.running.store.models.PackagingType.countDocuments();
    const bad = { ...greenBox(''), innerDimensions: { lengthMm: 0, widthMm: 200, heightMm: 100 }, massGrams: -5, recyclableSharePct: 101 };
    const response = await graphql<Registered>(url, REGISTER, { key: keys.producerA, variables: { input: bad } });
    expect(response.status).to.equal(200);
    const fields = response.data?.registerPackagingType.userErrors.map((e) => e.field?.join('.'));
    expect(fields).to.have.members(['input.sku', 'input.innerDimensions.lengthMm', 'input.massGrams', 'input.recyclableSharePct']);
    expect(await service.running.store.models.PackagingType.countDocuments()).to.equal(before);
  });

  it('lets only producers register packaging', async () => {
    const response = await graphql<Registered>(url, REGISTER, { key: keys.platform, variables: { input: greenBox('PLAT-1') } });
    expect(response.errors?.map((e) => e.extensions?.code)).to.deep.equal(['FORBIDDEN']);
  });

  it('shows a producer only its own packaging, and platforms everyone’s', async () => {
    const own = await graphql<Registered>(url, REGISTER, { key: keys.producerB, variables: { input: greenBox('B-ONLY') } });
    const id = own.data?.registerPackagingType.packagingType?.id ?? '';
    const byA = await graphql<{ packagingType: { id: string } | null }>(url, 'query($id: ID!) { packagingType(id: $id) { id } }', { key: keys.producerA, variables: { id } });
    expect(byA.data?.packagingType).to.equal(null);
    const byPlatform = await graphql<{ packagingType: { id: string } | null }>(url, 'query($id: ID!) { packagingType(id: $id) { id } }', { key: keys.platform, variables: { id } });
    expect(byPlatform.data?.packagingType?.id).to.equal(id);
    const listA = await graphql<Listed>(url, LIST, { key: keys.producerA, variables: { first: 100, producerId: ids.producerB } });
    expect(listA.data?.packagingTypes.totalCount).to.equal(0);
    const listAll = await graphql<Listed>(url, LIST, { key: keys.producerA, variables: { first: 100 } });
    const ofA = await service.running.store.models.PackagingType.find({ producerId: ids.producerA }, { sku: 1 }).sort({ _id: 1 }).lean();
    expect(ofA.length).to.be.greaterThan(0);
    expect(listAll.data?.packagingTypes.edges.map((e) => e.node.sku)).to.deep.equal(ofA.map((t) => t.sku));
    const listAllB = await graphql<Listed>(url, LIST, { key: keys.producerB, variables: { first: 100 } });
    expect(listAllB.data?.packagingTypes.edges.map((e) => e.node.producer.id)).to.include(ids.producerB).and.not.include(ids.producerA);
  });

  it('pages with cursors and refuses first above 100', async () => {
    for (let i = 0; i < 5; i += 1) await graphql(url, REGISTER, { key: keys.producerA, variables: { input: greenBox(`PAGE-${i}`) } });
    const all = await graphql<Listed>(url, LIST, { key: keys.platform, variables: { first: 100, producerId: ids.producerA } });
    const total = all.data?.packagingTypes.totalCount ?? 0;
    const seen: string[] = [];
    let after: string | null = null;
    for (;;) {
      const page: Awaited<ReturnType<typeof graphql<Listed>>> = await graphql<Listed>(url, LIST, { key: keys.platform, variables: { first: 2, after, producerId: ids.producerA } });
      const connection = page.data?.packagingTypes;
      expect(connection?.totalCount).to.equal(total);
      seen.push(...(connection?.edges.map((e) => e.node.id) ?? []));
      if (!connection?.pageInfo.hasNextPage) break;
      after = connection.pageInfo.endCursor;
    }
    expect(seen).to.deep.equal(all.data?.packagingTypes.edges.map((e) => e.node.id));
    expect(new Set(seen).size).to.equal(total);

    const tooMany = await graphql<Listed>(url, LIST, { key: keys.platform, variables: { first: 101 } });
    expect(tooMany.errors?.map((e) => e.extensions?.code)).to.deep.equal(['BAD_USER_INPUT']);
    const badCursor = await graphql<Listed>(url, LIST, { key: keys.platform, variables: { first: 5, after: 'bm9wZQ' } });
    expect(badCursor.errors?.map((e) => e.extensions?.code)).to.deep.equal(['BAD_USER_INPUT']);
  });

  it('serves the active standard with its thresholds', async () => {
    const response = await graphql<{ standard: { version: string; maxEmptySpaceRatio: number; gradeBands: { grade: string; minRecyclableSharePct: number }[]; reusableMinDesignedCycles: number } }>(
      url, '{ standard { version maxEmptySpaceRatio reusableMinDesignedCycles gradeBands { grade minRecyclableSharePct } } }', { key: keys.platform });
    expect(response.data?.standard).to.deep.equal({
      version: 'GL-STD-2026.2',
      maxEmptySpaceRatio: 0.5,
      reusableMinDesignedCycles: 20,
      gradeBands: [{ grade: 'A', minRecyclableSharePct: 95 }, { grade: 'B', minRecyclableSharePct: 80 }, { grade: 'C', minRecyclableSharePct: 70 }],
    });
  });
});

describe('GraphQL over HTTP: revising packaging types', () => {
  let service: RunningService;
  const keys: Record<string, string> = {};
  const REVISE = `mutation($input: RevisePackagingTypeInput!) {
    revisePackagingType(input: $input) { packagingType { id revision massGrams classification { packagingClass } } userErrors { code field } }
  }`;
  interface Revised { revisePackagingType: { packagingType: { id: string; revision: number; massGrams: number; classification: { packagingClass: string } } | null; userErrors: { code: string; field: string[] | null }[] } }

  before(async () => {
    service = await startService('e2e_revise');
    for (const name of ['owner', 'other']) {
      const created = await graphql<{ createOrganization: { apiKey: string } }>(service.url,
        'mutation($input: CreateOrganizationInput!) { createOrganization(input: $input) { apiKey } }',
        { key: TEST_ADMIN_KEY, variables: { input: { name, kind: 'PRODUCER' } } });
      keys[name] = created.data?.createOrganization.apiKey ?? '';
    }
  });
  after(() => service.dispose());

  it('keeps every revision, re-classifies the new one, and refuses other producers and SKU changes', async () => {
    const registered = await graphql<Registered>(service.url, REGISTER, { key: keys.owner, variables: { input: greenBox('REV-1') } });
    const id = registered.data?.registerPackagingType.packagingType?.id ?? '';
    const revise = (input: Record<string, unknown>, key = keys.owner) =>
      graphql<Revised>(service.url, REVISE, { key, variables: { input: { packagingTypeId: id, packagingType: input } } });

    // Dropping the recycled content makes it no longer GREEN.
    const revised = await revise({ ...greenBox('REV-1'), recycledContentPct: 10, massGrams: 160 });
    expect(revised.data?.revisePackagingType.userErrors).to.deep.equal([]);
    expect(revised.data?.revisePackagingType.packagingType).to.deep.include({ id, revision: 2, massGrams: 160 });
    expect(revised.data?.revisePackagingType.packagingType?.classification.packagingClass).to.equal('STANDARD');

    const same = await revise({ ...greenBox('REV-1'), recycledContentPct: 10, massGrams: 160 });
    expect(same.data?.revisePackagingType.packagingType?.revision, 'the same data adds no revision').to.equal(2);

    const renamed = await revise(greenBox('REV-OTHER'));
    expect(renamed.data?.revisePackagingType.userErrors.map((e) => [e.code, e.field?.join('.')])).to.deep.equal([['VALIDATION', 'input.packagingType.sku']]);
    const invalid = await revise({ ...greenBox('REV-1'), massGrams: 0 });
    expect(invalid.data?.revisePackagingType.userErrors.map((e) => e.field?.join('.'))).to.deep.equal(['input.packagingType.massGrams']);
    const foreign = await revise(greenBox('REV-1'), keys.other);
    expect(foreign.data?.revisePackagingType.userErrors.map((e) => e.code)).to.deep.equal(['NOT_FOUND']);

    const history = await service.running.store.models.PackagingTypeRevision.find({ packagingTypeId: id }).sort({ revision: 1 }).lean();
    expect(history.map((r) => [r.revision, r.spec.massGrams, r.classification.packagingClass])).to.deep.equal([[1, 150, 'GREEN'], [2, 160, 'STANDARD']]);
  });
});
