// Every list resolves its references in batches: the number of store commands a page costs does not grow with
// the number of rows (CONVENTIONS.md: "a test counts queries for a list page").
import { expect } from 'chai';
import { graphql } from '../support/graphql-client.js';
import { startService, type RunningService } from '../support/harness.js';
import { TEST_ADMIN_KEY } from '../support/services.js';
import { greenBox } from '../support/packaging-fixtures.js';

const LIST = `query($first: Int) { packagingTypes(first: $first) { totalCount edges { node { id sku producer { id name kind } classification { packagingClass } } } } }`;

describe('store queries per list page', () => {
  let service: RunningService;
  let platformKey = '';
  const commands: string[] = [];

  before(async () => {
    // The caller's key is read once and kept for the whole test, so both pages count the same commands.
    service = await startService('e2e_querycount', {}, { store: { monitorCommands: true }, memoryLimits: { keyViewTtlMs: 3_600_000 } });
    service.running.store.connection.getClient().on('commandStarted', (event) => { commands.push(event.commandName); });
    const createOrg = async (name: string, kind: string) => {
      const created = await graphql<{ createOrganization: { apiKey: string } }>(service.url,
        'mutation($input: CreateOrganizationInput!) { createOrganization(input: $input) { apiKey } }',
        { key: TEST_ADMIN_KEY, variables: { input: { name, kind } } });
      return created.data?.createOrganization.apiKey ?? '';
    };
    platformKey = await createOrg('Counting Mall', 'PLATFORM');
    // 50 packaging types from 10 producers
    for (let p = 0; p < 10; p += 1) {
      const key = await createOrg(`Producer ${p}`, 'PRODUCER');
      for (let i = 0; i < 5; i += 1) {
        const response = await graphql<{ registerPackagingType: { userErrors: unknown[] } }>(service.url,
          'mutation($input: PackagingTypeInput!) { registerPackagingType(input: $input) { userErrors { code } } }',
          { key, variables: { input: greenBox(`P${p}-${i}`) } });
        expect(response.data?.registerPackagingType.userErrors).to.deep.equal([]);
      }
    }
  });
  after(() => service.dispose());

  async function commandsFor(first: number): Promise<{ rows: number; commands: string[] }> {
    commands.length = 0;
    const response = await graphql<{ packagingTypes: { edges: { node: { producer: { name: string } } }[] } }>(service.url, LIST, { key: platformKey, variables: { first } });
    expect(response.errors).to.equal(undefined);
    return { rows: response.data?.packagingTypes.edges.length ?? 0, commands: [...commands] };
  }

  it('lists 50 packaging types with their producers in as many store commands as it lists 5', async () => {
    await commandsFor(1);
    const small = await commandsFor(5);
    const large = await commandsFor(50);
    expect(small.rows).to.equal(5);
    expect(large.rows).to.equal(50);
    expect(large.commands).to.deep.equal(small.commands);
    // the page, the count, one batch of producers (the key and the catalogue's version are held in memory)
    expect(large.commands.filter((c) => c !== 'getMore')).to.have.length.at.most(3);
  });
});
