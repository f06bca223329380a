// Mail addresses at rest: what the store holds when read through the driver (no address in clear), what the
// services read back, addresses stored in clear before encryption, and a change of key.
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'chai';
import { Types } from 'mongoose';
import { startWorker } from '../../jobs/worker.js';
import { createConsumerContactsService } from '../../server/services/consumer-contacts.js';
import { accountOf } from '../../server/db/keys.js';
import { createPersonalDataCipher, keyIdOf, type SealedText } from '../../server/services/personal-data-cipher.js';
import { startHarness, testContactCipher, type Harness } from '../support/harness.js';
import { eventually, testLogger } from '../support/services.js';
import { systemNow } from '../support/test-clock.js';

interface RawContact { _id: string; platformId: Types.ObjectId; consumerRef: string; email?: string; sealedEmail?: SealedText; consentedAt: Date }
interface RawRevision { _id: string; account: string; rev: number; sealedEmail?: SealedText; consentedAt?: Date; removed: boolean }

describe('mail addresses encrypted at rest', () => {
  let harness: Harness;
  let outbox = '';
  const platformId = new Types.ObjectId();
  before(async () => {
    outbox = await mkdtemp(join(tmpdir(), 'greenloop-sealed-outbox-'));
    harness = await startHarness('contact_encryption', { smtpUrl: null, outboxDir: outbox });
  });
  after(async () => {
    await harness.dispose();
    await rm(outbox, { recursive: true, force: true });
  });

  /** The collections as the driver returns them: no mongoose, no decryption. */
  const db = () => {
    const connected = harness.store.connection.db;
    if (!connected) throw new Error('not connected');
    return connected;
  };
  /** Contacts stored before revisions existed. */
  const legacyContacts = () => db().collection<RawContact>('consumer_contacts');
  const revisions = () => db().collection<RawRevision>('consumer_contact_revisions');
  const newest = async (consumerRef: string) => (await revisions().find({ account: accountOf(platformId, consumerRef) }).sort({ rev: -1 }).limit(1).toArray())[0] ?? null;
  const mails = () => db().collection('mails');

  it('stores a consumer’s address sealed: the driver sees a key id, nonce, tag and ciphertext, never the address', async () => {
    const set = await harness.services.contacts.set(platformId, { consumerRef: 'zoe-7', email: 'zoe.liang@example.com', consent: true });
    expect(set.ok && set.value.email).to.equal('zoe.liang@example.com');
    const stored = await newest('zoe-7');
    if (!stored) throw new Error('nothing stored');
    const text = JSON.stringify(stored);
    expect(text).not.to.contain('zoe.liang').and.not.to.contain('example.com');
    expect(stored).not.to.have.property('email');
    expect(stored.sealedEmail).to.have.keys(['kid', 'iv', 'tag', 'ct']);
    expect(stored.sealedEmail?.kid).to.equal(testContactCipher().currentKeyId);
    expect((await harness.services.contacts.get(platformId, 'zoe-7'))?.email).to.equal('zoe.liang@example.com');
  });

  it('keeps the first consent date when the same address is set again, and re-seals a changed one', async () => {
    const first = await harness.services.contacts.set(platformId, { consumerRef: 'ann-2', email: 'ann@example.com', consent: true });
    const firstRaw = await newest('ann-2');
    const again = await harness.services.contacts.set(platformId, { consumerRef: 'ann-2', email: 'ann@example.com', consent: true });
    expect(again.ok && again.value.consentedAt.getTime()).to.equal(first.ok && first.value.consentedAt.getTime());
    const changed = await harness.services.contacts.set(platformId, { consumerRef: 'ann-2', email: 'ann.new@example.com', consent: true });
    expect(changed.ok && changed.value.email).to.equal('ann.new@example.com');
    const changedRaw = await newest('ann-2');
    expect(changedRaw?.sealedEmail?.ct).not.to.equal(firstRaw?.sealedEmail?.ct);
    expect(JSON.stringify(changedRaw)).not.to.contain('ann.new').and.not.to.contain('example.com');
    // Not kept as history: only the newest revision holds an address.
    const all = await revisions().find({ account: accountOf(platformId, 'ann-2') }).sort({ rev: 1 }).toArray();
    expect(all.map((r) => [r.rev, r.sealedEmail !== undefined])).to.deep.equal([[1, false], [2, true]]);
  });

  it('reads addresses stored in clear before encryption, and the start-up pass seals them, once', async () => {
    const legacyId = accountOf(platformId, 'old-timer');
    await legacyContacts().insertOne({ _id: legacyId, platformId, consumerRef: 'old-timer', email: 'old.timer@example.com', consentedAt: new Date('2025-01-01T00:00:00Z') });
    expect((await harness.services.contacts.get(platformId, 'old-timer'))?.email, 'read in clear').to.equal('old.timer@example.com');
    expect((await harness.services.contacts.byAccounts([legacyId])).contacts.map((c) => c.email)).to.deep.equal(['old.timer@example.com']);

    const pass = await harness.services.contacts.sealStored();
    expect(pass).to.deep.equal({ sealed: 1, unreadable: 0 });
    expect(await legacyContacts().findOne({ _id: legacyId }), 'the contact in clear is gone').to.equal(null);
    const stored = await newest('old-timer');
    expect(JSON.stringify(stored)).not.to.contain('old.timer');
    expect(stored?.sealedEmail?.kid).to.equal(testContactCipher().currentKeyId);
    const contact = await harness.services.contacts.get(platformId, 'old-timer');
    expect(contact?.email).to.equal('old.timer@example.com');
    expect(contact?.consentedAt.toISOString(), 'the consent date survives').to.equal('2025-01-01T00:00:00.000Z');
    expect(await harness.services.contacts.sealStored(), 'nothing left').to.deep.equal({ sealed: 0, unreadable: 0 });
  });

  it('changes key: the old key stays readable from the retired list, the pass re-seals, then the old key can go', async () => {
    const oldKey = Buffer.alloc(32, 1);
    const newKey = Buffer.alloc(32, 2);
    const before = createConsumerContactsService(harness.store.models, createPersonalDataCipher({ current: oldKey, old: [] }));
    await before.set(platformId, { consumerRef: 'rekeyed', email: 'rekeyed@example.com', consent: true });

    const during = createConsumerContactsService(harness.store.models, createPersonalDataCipher({ current: newKey, old: [oldKey] }));
    expect((await during.get(platformId, 'rekeyed'))?.email).to.equal('rekeyed@example.com');
    const onlyNew = createConsumerContactsService(harness.store.models, createPersonalDataCipher({ current: newKey, old: [] }));
    expect((await onlyNew.byAccounts([accountOf(platformId, 'rekeyed')])).unreadable, 'not yet re-sealed').to.equal(1);

    const pass = await during.sealStored();
    // Everything else in the collection was sealed under the test key, which `during` does not hold.
    expect(pass.sealed).to.equal(1);
    const stored = await newest('rekeyed');
    expect(stored?.sealedEmail?.kid).to.equal(keyIdOf(newKey));
    expect((await onlyNew.get(platformId, 'rekeyed'))?.email).to.equal('rekeyed@example.com');
    await harness.services.contacts.remove(platformId, 'rekeyed');
  });

  it('lets a platform’s change win over the re-seal pass running at the same time, and never loses either', async () => {
    const oldKey = Buffer.alloc(32, 3);
    const newKey = Buffer.alloc(32, 4);
    const before = createConsumerContactsService(harness.store.models, createPersonalDataCipher({ current: oldKey, old: [] }));
    const during = createConsumerContactsService(harness.store.models, createPersonalDataCipher({ current: newKey, old: [oldKey] }));
    for (let round = 0; round < 12; round += 1) {
      const consumerRef = `raced-${String(round)}`;
      await before.set(platformId, { consumerRef, email: `old-${String(round)}@example.com`, consent: true });
      await Promise.all([
        during.sealStored(),
        during.set(platformId, { consumerRef, email: `new-${String(round)}@example.com`, consent: true }),
        during.sealStored(),
      ]);
      const contact = await during.get(platformId, consumerRef);
      expect(contact?.email, `round ${String(round)}`).to.equal(`new-${String(round)}@example.com`);
    }
    expect((await during.sealStored()).sealed, 'every address under the new key').to.equal(0);
  });

  it('records mail with the recipient sealed, delivers to the right address, and seals mails recorded in clear', async () => {
    const queued = await harness.services.notifications.queueMail({ idempotencyKey: 'sealed-1', to: 'reader@example.com', subject: 'Sealed', text: 'Hello.' });
    if (!queued.ok) throw new Error('refused');
    const storedMail = await mails().findOne({ _id: new Types.ObjectId(queued.value.mailId) });
    expect(JSON.stringify(storedMail)).not.to.contain('reader@');
    expect(storedMail).not.to.have.property('to');
    // The same key and mail again is the same mail: the comparison opens the sealed recipient.
    expect(await harness.services.notifications.queueMail({ idempotencyKey: 'sealed-1', to: 'reader@example.com', subject: 'Sealed', text: 'Hello.' })).to.deep.equal(queued);
    const other = await harness.services.notifications.queueMail({ idempotencyKey: 'sealed-1', to: 'someone.else@example.com', subject: 'Sealed', text: 'Hello.' });
    expect(other.ok ? null : other.errors[0]?.code).to.equal('IDEMPOTENCY_KEY_REUSED');

    const legacy = await mails().insertOne({ idempotencyKey: 'legacy-1', to: 'legacy.reader@example.com', subject: 'Legacy', text: 'Old.', createdAt: systemNow() });
    await startWorker(harness.queues, harness.services, testLogger());
    await harness.services.notifications.sweepUndelivered(0);
    const files = await eventually(async () => {
      const names = await readdir(outbox);
      return names.length >= 2 ? names : undefined;
    }, 10_000, 'both mails in the outbox');
    const messages = await Promise.all(files.map((f) => readFile(join(outbox, f), 'utf8')));
    expect(messages.some((m) => /^To: reader@example.com$/m.test(m) && m.includes('Subject: Sealed'))).to.equal(true);
    expect(messages.some((m) => /^To: legacy.reader@example.com$/m.test(m) && m.includes('Subject: Legacy'))).to.equal(true);

    // startWorker ran the sealing pass in the background; it also seals the mail recorded in clear.
    const sealedLegacy = await eventually(async () => {
      const doc = await mails().findOne({ _id: legacy.insertedId });
      return doc && !('to' in doc) ? doc : undefined;
    }, 10_000, 'the legacy mail sealed');
    expect(JSON.stringify(sealedLegacy)).not.to.contain('legacy.reader');
    const asModel = await harness.store.models.Mail.findById(legacy.insertedId).lean();
    expect(asModel && harness.services.notifications.recipientOf(asModel)).to.equal('legacy.reader@example.com');
  });
});
