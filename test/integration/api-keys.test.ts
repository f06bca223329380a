// Key rotation and revocation on the real store: what authenticates afterwards, who may do it, and what concurrent
// rotations and revocations leave behind (an extra key at worst, never an organization without one).
import { expect } from 'chai';
import { createLocalChangeFeed } from '../../server/change-feed.js';
import { parseApiKey } from '../../server/services/api-key-secret.js';
import { createIdentityService, type OrganizationView, type Principal } from '../../server/services/identity.js';
import { startHarness, type Harness } from '../support/harness.js';
import { pinnedClock } from '../support/test-clock.js';

describe('API keys: rotation and revocation on the real store', () => {
  let harness: Harness;
  const clock = pinnedClock('2027-12-31T23:30:00Z');
  before(async () => { harness = await startHarness('api_keys', { smtpUrl: null }, { clock: clock.now }); });
  after(async () => { await harness.dispose(); });

  const admin: Principal = { kind: 'ADMIN' };
  const idOf = (key: string) => parseApiKey(key)?.id ?? '';

  async function organization(name: string): Promise<{ organization: OrganizationView; key: string; caller: Principal }> {
    const outcome = await harness.services.identity.createOrganization({ name, kind: 'PLATFORM' });
    if (!outcome.ok) throw new Error('refused');
    const { organization, apiKey } = outcome.value;
    return { organization, key: apiKey, caller: { kind: 'ORGANIZATION', organization, keyId: idOf(apiKey) } };
  }

  const authenticates = async (key: string) => (await harness.services.identity.authenticate(key)) !== null;

  it('authenticates with the key id in the principal, and rotation refuses the old key at once and accepts the new', async () => {
    const shop = await organization('Rotating Shop');
    const principal = await harness.services.identity.authenticate(shop.key);
    expect(principal?.kind === 'ORGANIZATION' ? principal.keyId : null).to.equal(idOf(shop.key));

    const rotated = await harness.services.identity.rotateApiKey(shop.caller, {});
    if (!rotated.ok) throw new Error(JSON.stringify(rotated.errors));
    expect(rotated.value.key.replaces).to.equal(idOf(shop.key));
    expect(rotated.value.replaced._id).to.equal(idOf(shop.key));
    expect(rotated.value.replaced.revokedAt).to.be.instanceOf(Date);
    expect(await authenticates(shop.key), 'old key').to.equal(false);
    expect(await authenticates(rotated.value.apiKey), 'new key').to.equal(true);

    const stored = await harness.store.models.ApiKey.find({ organizationId: shop.organization._id }).lean();
    expect(stored).to.have.length(2);
    expect(JSON.stringify(stored)).not.to.contain(parseApiKey(rotated.value.apiKey)?.secret);
  });

  it('keeps the old key working through the overlap, then not', async () => {
    let clock = Date.UTC(2026, 2, 1);
    const identity = createIdentityService(harness.store.models, { adminApiKey: 'unused-admin-key-0123456789', now: () => new Date(clock), changes: createLocalChangeFeed() });
    const shop = await organization('Overlap Shop');
    const rotated = await identity.rotateApiKey(shop.caller, { overlapSeconds: 600 });
    if (!rotated.ok) throw new Error(JSON.stringify(rotated.errors));
    expect(rotated.value.replaced.revokedAt?.getTime()).to.equal(clock + 600_000);
    clock += 599_000;
    expect(await identity.authenticate(shop.key), 'within the overlap').not.to.equal(null);
    expect(await identity.authenticate(rotated.value.apiKey)).not.to.equal(null);
    clock += 1000;
    expect(await identity.authenticate(shop.key), 'after the overlap').to.equal(null);
    expect(await identity.authenticate(rotated.value.apiKey)).not.to.equal(null);
  });

  it('revokes a key now, even one a rotation gave an overlap, and revoking again changes nothing', async () => {
    const shop = await organization('Revoking Shop');
    const rotated = await harness.services.identity.rotateApiKey(shop.caller, { overlapSeconds: 3600 });
    if (!rotated.ok) throw new Error('refused');
    expect(await authenticates(shop.key), 'in its overlap').to.equal(true);
    const asked = clock.nowMs();
    const newest: Principal = { kind: 'ORGANIZATION', organization: shop.organization, keyId: rotated.value.key._id };
    const revoked = await harness.services.identity.revokeApiKey(newest, idOf(shop.key));
    if (!revoked.ok) throw new Error(JSON.stringify(revoked.errors));
    // now, not at the end of the hour's overlap the rotation gave it
    expect(revoked.value.revokedAt?.getTime()).to.be.within(asked, clock.nowMs());
    expect(await authenticates(shop.key)).to.equal(false);
    const again = await harness.services.identity.revokeApiKey(newest, idOf(shop.key));
    expect(again.ok && again.value.revokedAt?.getTime()).to.equal(revoked.value.revokedAt?.getTime());
    // A later rotation with an overlap does not bring a revoked key back.
    const byOperator = await harness.services.identity.rotateApiKey(admin, { keyId: idOf(shop.key), overlapSeconds: 3600 });
    expect(byOperator.ok).to.equal(true);
    expect(await authenticates(shop.key)).to.equal(false);
  });

  it('lets an organization manage only its own keys: a foreign key is NOT_FOUND and stays untouched', async () => {
    const mine = await organization('Mine');
    const theirs = await organization('Theirs');
    const revoke = await harness.services.identity.revokeApiKey(mine.caller, idOf(theirs.key));
    const rotate = await harness.services.identity.rotateApiKey(mine.caller, { keyId: idOf(theirs.key) });
    for (const outcome of [revoke, rotate]) expect(outcome.ok ? [] : outcome.errors.map((e) => e.code)).to.deep.equal(['NOT_FOUND']);
    const unknown = await harness.services.identity.revokeApiKey(mine.caller, '0000000000000000');
    expect(unknown.ok ? [] : unknown.errors.map((e) => e.code)).to.deep.equal(['NOT_FOUND']);
    expect(await authenticates(theirs.key)).to.equal(true);
    expect(await harness.store.models.ApiKey.countDocuments({ organizationId: theirs.organization._id })).to.equal(1);
  });

  it('lets the operator revoke and rotate any organization’s key, even a revoked one; an organization may not re-key a revoked key', async () => {
    const shop = await organization('Locked Out');
    const revoked = await harness.services.identity.revokeApiKey(admin, idOf(shop.key));
    expect(revoked.ok).to.equal(true);
    expect(await authenticates(shop.key)).to.equal(false);

    const bySelf = await harness.services.identity.rotateApiKey(shop.caller, { keyId: idOf(shop.key) });
    expect(bySelf.ok ? [] : bySelf.errors.map((e) => e.code)).to.deep.equal(['API_KEY_REVOKED']);

    const byOperator = await harness.services.identity.rotateApiKey(admin, { keyId: idOf(shop.key) });
    if (!byOperator.ok) throw new Error(JSON.stringify(byOperator.errors));
    const principal = await harness.services.identity.authenticate(byOperator.value.apiKey);
    expect(principal?.kind === 'ORGANIZATION' ? principal.organization._id.toHexString() : null).to.equal(shop.organization._id.toHexString());
  });

  it('leaves one or two working new keys and no working old key when one key is rotated twice at once', async () => {
    const shop = await organization('Twice Rotated');
    const outcomes = await Promise.all([1, 2].map(() => harness.services.identity.rotateApiKey(shop.caller, {})));
    // Both rotations run, or the later one finds the other's new key already stored: the old key is then no longer the
    // organization's newest, and that rotation is refused.
    const newKeys = outcomes.flatMap((o) => (o.ok ? [o.value.apiKey] : []));
    const refusals = outcomes.flatMap((o) => (o.ok ? [] : o.errors.map((e) => e.code)));
    expect(newKeys).to.have.length(2 - refusals.length);
    expect(refusals).to.deep.equal(refusals.length === 0 ? [] : ['NOT_NEWEST_KEY']);
    expect(new Set(newKeys).size).to.equal(newKeys.length);
    for (const key of newKeys) expect(await authenticates(key), key.slice(0, 21)).to.equal(true);
    expect(await authenticates(shop.key)).to.equal(false);
  });

  it('ends a key now when a revocation races a rotation that asked for an overlap', async () => {
    for (let round = 0; round < 5; round += 1) {
      const shop = await organization(`Race ${String(round)}`);
      const [rotated, revoked] = await Promise.all([
        harness.services.identity.rotateApiKey(shop.caller, { overlapSeconds: 3600 }),
        harness.services.identity.revokeApiKey(shop.caller, idOf(shop.key)),
      ]);
      // Either order is fair. A revocation that ran first ends the key now: a rotation that read the key before it
      // succeeds (and its overlap does not outlive the revocation), one that read it after is refused, since a
      // revoked key may not rotate itself. A rotation that ran first leaves the old key in its overlap, no longer
      // its organization's newest, and so no longer allowed to revoke.
      if (!revoked.ok) {
        expect(revoked.errors.map((e) => e.code), `round ${String(round)}: the revocation`).to.deep.equal(['NOT_NEWEST_KEY']);
        expect(rotated.ok, `round ${String(round)}: the rotation that won`).to.equal(true);
        expect(await authenticates(shop.key), `round ${String(round)}: in its overlap`).to.equal(true);
      } else {
        if (!rotated.ok) expect(rotated.errors.map((e) => e.code), `round ${String(round)}: the rotation`).to.deep.equal(['API_KEY_REVOKED']);
        expect(await authenticates(shop.key), `round ${String(round)}`).to.equal(false);
      }
      if (rotated.ok) expect(await authenticates(rotated.value.apiKey)).to.equal(true);
    }
  });

  it('lets a key in its overlap call the API but not rotate or revoke keys: only the newest key and the operator may', async () => {
    const shop = await organization('Leaked Old Key');
    const rotated = await harness.services.identity.rotateApiKey(shop.caller, { overlapSeconds: 3600 });
    if (!rotated.ok) throw new Error(JSON.stringify(rotated.errors));
    const newKeyId = rotated.value.key._id;
    expect(await authenticates(shop.key), 'the old key still calls the API').to.equal(true);
    // What a thief holding the old key would try: lock the owner out.
    const attempts = [
      await harness.services.identity.revokeApiKey(shop.caller, newKeyId),
      await harness.services.identity.rotateApiKey(shop.caller, {}),
      await harness.services.identity.rotateApiKey(shop.caller, { keyId: newKeyId }),
      await harness.services.identity.revokeApiKey(shop.caller, idOf(shop.key)),
    ];
    for (const outcome of attempts) expect(outcome.ok ? [] : outcome.errors.map((e) => e.code)).to.deep.equal(['NOT_NEWEST_KEY']);
    expect(await authenticates(rotated.value.apiKey), 'the owner keeps the new key').to.equal(true);
    expect(await harness.store.models.ApiKey.countDocuments({ organizationId: shop.organization._id }), 'no key issued').to.equal(2);
    // The newest key ends the old one; the operator may act on any key.
    const newest: Principal = { kind: 'ORGANIZATION', organization: shop.organization, keyId: newKeyId };
    expect((await harness.services.identity.revokeApiKey(newest, idOf(shop.key))).ok).to.equal(true);
    expect(await authenticates(shop.key)).to.equal(false);
    expect((await harness.services.identity.rotateApiKey(admin, { keyId: newKeyId, overlapSeconds: 60 })).ok).to.equal(true);
  });

  it('lists an organization’s keys oldest first, in pages, with revoked ones marked', async () => {
    const shop = await organization('Listed');
    const second = await harness.services.identity.rotateApiKey(shop.caller, { overlapSeconds: 60 });
    if (!second.ok) throw new Error('refused');
    const third = await harness.services.identity.rotateApiKey({ kind: 'ORGANIZATION', organization: shop.organization, keyId: second.value.key._id }, {});
    if (!third.ok) throw new Error('refused');
    const page1 = await harness.services.identity.apiKeys(shop.organization._id, { first: 2, afterKeyId: null });
    expect(page1?.nodes.map((k) => k._id)).to.deep.equal([idOf(shop.key), second.value.key._id]);
    expect(page1).to.include({ totalCount: 3, hasNextPage: true });
    expect(page1?.nodes.map((k) => k.revokedAt instanceof Date)).to.deep.equal([true, true]);
    const page2 = await harness.services.identity.apiKeys(shop.organization._id, { first: 2, afterKeyId: second.value.key._id });
    expect(page2?.nodes.map((k) => k._id)).to.deep.equal([third.value.key._id]);
    expect(page2?.hasNextPage).to.equal(false);
    expect(await harness.services.identity.apiKeys(shop.organization._id, { first: 2, afterKeyId: '0000000000000000' })).to.equal(null);
  });
});
