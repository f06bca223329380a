// Authentication keeps what it read of a key for a moment (server/services/key-views.ts). A revocation must still
// reach every process: the revoking one refuses the key in its very next request, another hears of it by pub/sub
// (a process that keeps views for an hour), and a process that hears nothing stops trusting its view when it expires.
import { expect } from 'chai';
import { parseApiKey } from '../../server/services/api-key-secret.js';
import { createServices, type Services } from '../../server/services/index.js';
import { startHarness, testContactCipher, type Harness } from '../support/harness.js';
import { TEST_ADMIN_KEY, eventually, testLogger, testQueuePrefix, testStoreUri } from '../support/services.js';

/** How long a test waits for another process to follow a change (views expire after 1 s). */
const WITHIN_MS = 3000;

describe('key views shared by several processes', () => {
  let writer: Harness;
  /** Keeps a view for an hour: only pub/sub makes it forget one. */
  let listening: Harness;
  /** Hears no notices (its feed is its own): only expiry makes it read again. */
  let deaf: Services;
  before(async () => {
    const where = { uri: testStoreUri('key_views'), prefix: testQueuePrefix('key_views') };
    writer = await startHarness('key_views', { smtpUrl: null }, where);
    listening = await startHarness('key_views', { smtpUrl: null }, { ...where, memoryLimits: { keyViewTtlMs: 3_600_000 } });
    deaf = createServices({
      models: writer.store.models, queues: writer.queues, transport: writer.transport, adminApiKey: TEST_ADMIN_KEY,
      mailFrom: 'x@greenloop.test', operatorEmail: null, logger: testLogger(), contactCipher: testContactCipher(),
    });
  });
  after(async () => {
    deaf.close();
    await listening.close();
    await writer.dispose();
  });

  const processes = () => [['writer', writer.services], ['listening', listening.services], ['deaf', deaf]] as const;

  async function refusedEverywhere(key: string): Promise<void> {
    expect(await writer.services.identity.authenticate(key), 'the revoking process, at once').to.equal(null);
    for (const [name, services] of processes()) {
      await eventually(async () => ((await services.identity.authenticate(key)) === null ? true : undefined), WITHIN_MS, `${name} to refuse the key`);
    }
  }

  it('refuses a revoked key in every process', async () => {
    const created = await writer.services.identity.createOrganization({ name: 'Viewed Shop', kind: 'PLATFORM' });
    if (!created.ok) throw new Error('refused');
    const { organization, apiKey } = created.value;
    for (const [name, services] of processes()) expect(await services.identity.authenticate(apiKey), name).not.to.equal(null);

    const caller = { kind: 'ORGANIZATION', organization, keyId: parseApiKey(apiKey)?.id ?? '' } as const;
    const rotated = await writer.services.identity.rotateApiKey(caller, { overlapSeconds: 0 });
    if (!rotated.ok) throw new Error(JSON.stringify(rotated.errors));
    await refusedEverywhere(apiKey);
    for (const [name, services] of processes()) expect(await services.identity.authenticate(rotated.value.apiKey), name).not.to.equal(null);

    const revoked = await writer.services.identity.revokeApiKey({ kind: 'ADMIN' }, rotated.value.key._id);
    expect(revoked.ok).to.equal(true);
    await refusedEverywhere(rotated.value.apiKey);
  });

  it('shows an organization’s changed preferences in every process', async () => {
    const created = await writer.services.identity.createOrganization({ name: 'Moving Shop', kind: 'PLATFORM' });
    if (!created.ok) throw new Error('refused');
    const { apiKey } = created.value;
    for (const [, services] of processes()) expect(await services.identity.authenticate(apiKey)).not.to.equal(null);
    const changed = await writer.services.identity.updatePreferences({ kind: 'ADMIN' }, { organizationId: created.value.organization._id.toHexString(), locale: 'ZH_CN' });
    expect(changed.ok).to.equal(true);
    for (const [name, services] of processes()) {
      await eventually(async () => {
        const principal = await services.identity.authenticate(apiKey);
        return principal?.kind === 'ORGANIZATION' && principal.organization.locale === 'ZH_CN' ? true : undefined;
      }, WITHIN_MS, `${name} to see the new locale`);
    }
  });
});
