import { expect } from 'chai';
import { Types } from 'mongoose';
import { parseApiKey } from '../../server/services/api-key-secret.js';
import { startHarness, type Harness } from '../support/harness.js';
import { TEST_ADMIN_KEY } from '../support/services.js';

describe('identity: organizations and API keys on the real store', () => {
  let harness: Harness;
  before(async () => { harness = await startHarness('identity', { smtpUrl: null }); });
  after(async () => { await harness.dispose(); });

  it('stores only the hash of a new key and authenticates the clear key to its organization', async () => {
    const outcome = await harness.services.identity.createOrganization({ name: 'Acme Boxes', kind: 'PRODUCER', contactEmail: 'ops@acme.example' });
    if (!outcome.ok) throw new Error('refused');
    const { apiKey, organization } = outcome.value;
    const stored = await harness.store.models.ApiKey.find({ organizationId: organization._id }).lean();
    expect(stored).to.have.length(1);
    const secret = parseApiKey(apiKey)?.secret ?? '';
    expect(secret).to.have.length(43);
    expect(JSON.stringify(stored)).not.to.contain(secret);
    const principal = await harness.services.identity.authenticate(apiKey);
    expect(principal?.kind).to.equal('ORGANIZATION');
    expect(principal?.kind === 'ORGANIZATION' ? principal.organization.name : null).to.equal('Acme Boxes');
  });

  it('refuses unknown, altered and malformed keys, and knows the operator key', async () => {
    const outcome = await harness.services.identity.createOrganization({ name: 'Shop', kind: 'PLATFORM' });
    if (!outcome.ok) throw new Error('refused');
    const key = outcome.value.apiKey;
    const altered = `${key.slice(0, -1)}${key.endsWith('A') ? 'B' : 'A'}`;
    for (const bad of [altered, 'glk_0000000000000000_' + 'a'.repeat(43), 'nonsense', '', null]) {
      expect(await harness.services.identity.authenticate(bad), String(bad)).to.equal(null);
    }
    expect(await harness.services.identity.authenticate(TEST_ADMIN_KEY)).to.deep.equal({ kind: 'ADMIN' });
  });

  it('returns validation errors and creates nothing for a bad organization', async () => {
    const before = await harness.store.models.Organization.countDocuments();
    const outcome = await harness.services.identity.createOrganization({ name: '', kind: 'PLATFORM', contactEmail: 'nope' });
    expect(outcome.ok).to.equal(false);
    expect(outcome.ok ? [] : outcome.errors.map((e) => e.field?.join('.'))).to.deep.equal(['input.name', 'input.contactEmail']);
    expect(await harness.store.models.Organization.countDocuments()).to.equal(before);
  });

  it('creates a fixed-id organization once even when ensured concurrently', async () => {
    const id = new Types.ObjectId();
    const demo = { name: 'Demo', kind: 'COLLECTOR' as const, registrationNumber: null, contactEmail: null };
    const results = await Promise.all([1, 2, 3, 4].map(() => harness.services.identity.ensureOrganization(id, demo)));
    expect(new Set(results.map((r) => r._id.toHexString()))).to.deep.equal(new Set([id.toHexString()]));
    expect(await harness.store.models.Organization.countDocuments({ _id: id })).to.equal(1);
  });
});
