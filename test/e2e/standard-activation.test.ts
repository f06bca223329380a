import { expect } from 'chai';
import { REFERENCE_STANDARD } from '../../server/domain/standard.js';
import { graphql } from '../support/graphql-client.js';
import { startService, type RunningService } from '../support/harness.js';
import { greenBox } from '../support/packaging-fixtures.js';
import { TEST_ADMIN_KEY, eventually } from '../support/services.js';

const ACTIVATE = `mutation($input: StandardInput!) { activateStandard(input: $input) { standard { version } userErrors { code field message } } }`;
const TYPE = `query($id: ID!) { packagingType(id: $id) { classification { packagingClass standardVersion reasons } } }`;

/** The reference standard as a StandardInput, with some thresholds changed. */
function standardInput(version: string, minRecycledContentPct: number) {
  const { reusable, ...rest } = REFERENCE_STANDARD;
  return { ...rest, version, reusableMinDesignedCycles: reusable.minDesignedCycles, green: { ...rest.green, minRecycledContentPct } };
}

interface Activated { activateStandard: { standard: { version: string } | null; userErrors: { code: string; field: string[] | null; message: string }[] } }

describe('activating a new standard version', () => {
  let service: RunningService;
  let producerKey = '';
  let regulatorKey = '';
  before(async () => {
    service = await startService('e2e_standard');
    const create = async (kind: string) => {
      const created = await graphql<{ createOrganization: { apiKey: string } }>(service.url,
        'mutation($kind: OrganizationKind!) { createOrganization(input: { name: "Org", kind: $kind }) { apiKey } }', { key: TEST_ADMIN_KEY, variables: { kind } });
      return created.data?.createOrganization.apiKey ?? '';
    };
    producerKey = await create('PRODUCER');
    regulatorKey = await create('REGULATOR');
  });
  after(() => service.dispose());

  it('re-classifies every packaging type in a job that reports progress, and keeps the history', async () => {
    const ids: string[] = [];
    for (let i = 0; i < 5; i += 1) {
      const registered = await graphql<{ registerPackagingType: { packagingType: { id: string } } }>(service.url,
        'mutation($input: PackagingTypeInput!) { registerPackagingType(input: $input) { packagingType { id } } }',
        { key: producerKey, variables: { input: greenBox(`G-${i}`) } });
      ids.push(registered.data?.registerPackagingType.packagingType.id ?? '');
    }
    const before = await graphql<{ packagingType: { classification: { packagingClass: string; standardVersion: string } } }>(service.url, TYPE, { key: producerKey, variables: { id: ids[0] } });
    expect(before.data?.packagingType.classification).to.include({ packagingClass: 'GREEN', standardVersion: 'GL-STD-2026.2' });

    // 60 % recycled content no longer makes GREEN when the standard asks for 70 %
    const activated = await graphql<Activated>(service.url, ACTIVATE, { key: regulatorKey, variables: { input: standardInput('GL-STD-2027.1', 70) } });
    expect(activated.data?.activateStandard).to.deep.equal({ standard: { version: 'GL-STD-2027.1' }, userErrors: [] });

    const queue = service.running.queues.queue('reclassify');
    const job = await eventually(async () => (await queue.getCompleted())[0], 15_000, 'the reclassify job');
    expect(job.progress()).to.equal(100);
    expect(job.returnvalue).to.deep.equal({ total: 5, changed: 5, skipped: false });

    for (const id of ids) {
      const after = await graphql<{ packagingType: { classification: { packagingClass: string; standardVersion: string; reasons: string[] } } }>(service.url, TYPE, { key: producerKey, variables: { id } });
      expect(after.data?.packagingType.classification).to.include({ packagingClass: 'STANDARD', standardVersion: 'GL-STD-2027.1' });
      expect(after.data?.packagingType.classification.reasons.join(' ')).to.contain('70');
    }
    expect(await service.running.store.models.PackagingClassification.countDocuments({ packagingTypeId: ids[0] })).to.equal(2);
    const standard = await graphql<{ standard: { version: string } }>(service.url, '{ standard { version } }', { key: producerKey });
    expect(standard.data?.standard.version).to.equal('GL-STD-2027.1');
  });

  it('refuses an existing version with other thresholds, an inconsistent or future standard, and callers other than regulators', async () => {
    const changed = await graphql<Activated>(service.url, ACTIVATE, { key: regulatorKey, variables: { input: standardInput('GL-STD-2027.1', 50) } });
    expect(changed.data?.activateStandard.userErrors.map((e) => [e.code, e.field?.join('.')])).to.deep.equal([['VALIDATION', 'input.version']]);

    const inconsistent = standardInput('GL-STD-BROKEN', 30);
    const broken = await graphql<Activated>(service.url, ACTIVATE, {
      key: regulatorKey,
      variables: { input: { ...inconsistent, maxEmptySpaceRatio: 1.5, gradeBands: [{ grade: 'A', minRecyclableSharePct: 70 }, { grade: 'B', minRecyclableSharePct: 80 }] } },
    });
    expect(broken.data?.activateStandard.standard).to.equal(null);
    expect(broken.data?.activateStandard.userErrors.length).to.be.at.least(2);
    expect(await service.running.store.models.Standard.exists({ _id: 'GL-STD-BROKEN' })).to.equal(null);

    const future = await graphql<Activated>(service.url, ACTIVATE, { key: regulatorKey, variables: { input: { ...standardInput('GL-STD-2099.1', 30), effectiveFrom: '2099-01-01' } } });
    expect(future.data?.activateStandard.userErrors.map((e) => e.field?.join('.'))).to.deep.equal(['input.effectiveFrom']);

    for (const key of [producerKey, TEST_ADMIN_KEY]) {
      const denied = await graphql<Activated>(service.url, ACTIVATE, { key, variables: { input: standardInput('GL-STD-2028.1', 30) } });
      expect(denied.errors?.map((e) => e.extensions?.code)).to.deep.equal(['FORBIDDEN']);
    }
  });
});
