import type { Types } from 'mongoose';
import { groupInsert } from '../db/group-commit.js';
import type { ContactRevisionDoc, LegacyContactDoc } from '../db/models/consumer-contact.js';
import type { Models } from '../db/models/index.js';
import { accountOf, contactRevisionIdOf, contactSealContextOf } from '../db/keys.js';
import { checkReference } from '../domain/references.js';
import { parseConsumerContact, type ConsumerContactInput } from '../domain/consumer-contact.js';
import type { MailLocale } from '../domain/mail-locale.js';
import { fail, succeed, type Outcome } from '../domain/user-error.js';
import { UnreadableSealError, type PersonalDataCipher } from './personal-data-cipher.js';

/** A contact as the services use it: the address opened. It exists in clear only in memory. */
export interface StoredContact {
  /** The credit account: `<platformId>:<consumerRef>`. */
  readonly _id: string;
  readonly platformId: Types.ObjectId;
  readonly consumerRef: string;
  readonly email: string;
  /** The language the consumer's mail is written in; null: the platform's own. */
  readonly locale: MailLocale | null;
  readonly consentedAt: Date;
}

/** Consumers' mail addresses, per platform: set with consent, read back and removed by that platform only. */
export interface ConsumerContactsService {
  set(platformId: Types.ObjectId, input: ConsumerContactInput): Promise<Outcome<StoredContact>>;
  get(platformId: Types.ObjectId, consumerRef: string): Promise<StoredContact | null>;
  /** Forgets the address; true when there was one. */
  remove(platformId: Types.ObjectId, consumerRef: string): Promise<Outcome<{ removed: boolean }>>;
  /** The contacts of these accounts that exist; `unreadable` counts those no configured key opens (left out). */
  byAccounts(accounts: readonly string[]): Promise<{ contacts: StoredContact[]; unreadable: number }>;
  /**
   * Seals every address still in clear (stored before encryption) or under a retired key with the current key, as a
   * new revision. Safe to repeat and to run from several processes and beside a platform's changes: a re-seal only
   * follows the revision it read, so a concurrent set or removal always wins.
   */
  sealStored(): Promise<{ sealed: number; unreadable: number }>;
}

const BATCH = 500;
/** How often a platform's change retries when other changes to the same contact keep taking the next revision. */
const WRITE_ATTEMPTS = 8;
/** The sealed address is bound to its account: copied into another consumer's revision, it does not open. */

/** The newest revision of an account as read: revision 0 is a contact stored before revisions (or none at all). */
interface Head {
  readonly account: string;
  readonly rev: number;
  readonly stored: ContactRevisionDoc | LegacyContactDoc | null;
}

const isRemoval = (stored: Head['stored']) => stored !== null && 'removed' in stored && stored.removed;

export function createConsumerContactsService(models: Pick<Models, 'ContactHead' | 'ContactRevision' | 'LegacyContact'>, cipher: PersonalDataCipher, now: () => Date = () => new Date()): ConsumerContactsService {
  const { ContactRevision, ContactHead, LegacyContact } = models;

  function open(account: string, stored: ContactRevisionDoc | LegacyContactDoc): StoredContact | null {
    if (isRemoval(stored)) return null;
    let email: string;
    if (stored.sealedEmail) email = cipher.open(stored.sealedEmail, contactSealContextOf(account));
    else if ('email' in stored && stored.email !== undefined) email = stored.email;
    else throw new Error(`the contact of ${account} holds no address`);
    if (!stored.consentedAt) throw new Error(`the contact of ${account} holds no consent date`);
    return { _id: account, platformId: stored.platformId, consumerRef: stored.consumerRef, email, locale: stored.locale ?? null, consentedAt: stored.consentedAt };
  }

  function openOrNull(account: string, stored: ContactRevisionDoc | LegacyContactDoc): StoredContact | null {
    try {
      return open(account, stored);
    } catch (error) {
      if (error instanceof UnreadableSealError) return null;
      throw error;
    }
  }

  /** The newest revisions of these accounts: from each one's hint (or revision 0), then forward while one follows. */
  async function headsOf(accounts: readonly string[]): Promise<Head[]> {
    const hints = new Map((await ContactHead.find({ _id: { $in: accounts } }).lean()).map((h) => [h._id, h.rev]));
    const hinted = accounts.filter((a) => (hints.get(a) ?? 0) > 0);
    const [revisions, legacy] = await Promise.all([
      hinted.length > 0 ? ContactRevision.find({ _id: { $in: hinted.map((a) => contactRevisionIdOf(a, hints.get(a) ?? 0)) } }).lean() : [],
      hinted.length < accounts.length ? LegacyContact.find({ _id: { $in: accounts.filter((a) => !hints.get(a)) } }).lean() : [],
    ]);
    const heads = new Map<string, Head>(accounts.map((account) => [account, { account, rev: 0, stored: null }]));
    for (const doc of legacy) heads.set(doc._id, { account: doc._id, rev: 0, stored: doc });
    for (const doc of revisions) heads.set(doc.account, { account: doc.account, rev: doc.rev, stored: doc });
    // Revisions are never removed, only emptied, so the one a hint names is found; what follows it is newer.
    let open = [...heads.values()];
    while (open.length > 0) {
      const next = await ContactRevision.find({ _id: { $in: open.map((h) => contactRevisionIdOf(h.account, h.rev + 1)) } }).lean();
      for (const doc of next) heads.set(doc.account, { account: doc.account, rev: doc.rev, stored: doc });
      open = next.map((doc) => heads.get(doc.account)).filter((h): h is Head => h !== undefined);
    }
    return accounts.map((a) => heads.get(a) ?? { account: a, rev: 0, stored: null });
  }

  async function headOf(account: string): Promise<Head> {
    const [head] = await headsOf([account]);
    if (!head) throw new Error(`no head read for ${account}`);
    return head;
  }

  /**
   * Inserts the revision after `head`: 'taken' when another change got there first. Then, best effort, moves the
   * hint and empties what the new revision replaces (a legacy contact is removed).
   */
  async function follow(head: Head, platformId: Types.ObjectId, consumerRef: string, contact: StoredContact | null): Promise<'written' | 'taken'> {
    const rev = head.rev + 1;
    const revision: ContactRevisionDoc = {
      _id: contactRevisionIdOf(head.account, rev),
      account: head.account,
      rev,
      platformId,
      consumerRef,
      ...(contact ? { sealedEmail: cipher.seal(contact.email, contactSealContextOf(head.account)), consentedAt: contact.consentedAt, ...(contact.locale === null ? {} : { locale: contact.locale }) } : {}),
      removed: contact === null,
      writtenAt: now(),
    };
    if ((await groupInsert(ContactRevision, revision)) === 'duplicate') return 'taken';
    await Promise.all([
      ContactHead.updateOne({ _id: head.account }, { $max: { rev } }, { upsert: true }).catch(() => undefined),
      head.rev === 0
        ? LegacyContact.deleteOne({ _id: head.account })
        : ContactRevision.updateOne({ _id: contactRevisionIdOf(head.account, head.rev) }, { $unset: { sealedEmail: 1, locale: 1, consentedAt: 1 } }),
    ]);
    return 'written';
  }

  return {
    async set(platformId, input) {
      const parsed = parseConsumerContact(input);
      if (!parsed.contact) return fail(...parsed.errors);
      const account = accountOf(platformId, parsed.contact.consumerRef);
      for (let attempt = 0; attempt < WRITE_ATTEMPTS; attempt += 1) {
        const head = await headOf(account);
        const existing = head.stored ? openOrNull(account, head.stored) : null;
        // Setting the same address again keeps the first consent's date (and writes nothing when already sealed).
        const sameAddress = existing?.email === parsed.contact.email;
        const sealedNow = head.stored?.sealedEmail?.kid === cipher.currentKeyId && head.rev > 0;
        if (existing && sameAddress && existing.locale === parsed.contact.locale && sealedNow) return succeed(existing);
        const contact: StoredContact = {
          _id: account,
          platformId,
          consumerRef: parsed.contact.consumerRef,
          email: parsed.contact.email,
          locale: parsed.contact.locale,
          consentedAt: existing && sameAddress ? existing.consentedAt : now(),
        };
        if ((await follow(head, platformId, contact.consumerRef, contact)) === 'written') return succeed(contact);
      }
      throw new Error(`the contact of ${account} kept changing under ${String(WRITE_ATTEMPTS)} attempts`);
    },

    async get(platformId, consumerRef) {
      const account = accountOf(platformId, consumerRef);
      const head = await headOf(account);
      return head.stored ? open(account, head.stored) : null;
    },

    async remove(platformId, consumerRef) {
      const refError = checkReference('consumerRef', consumerRef, ['consumerRef']);
      if (refError) return fail(refError);
      const account = accountOf(platformId, consumerRef);
      for (let attempt = 0; attempt < WRITE_ATTEMPTS; attempt += 1) {
        const head = await headOf(account);
        if (head.stored === null || isRemoval(head.stored)) return succeed({ removed: false });
        if ((await follow(head, platformId, consumerRef, null)) === 'written') return succeed({ removed: true });
      }
      throw new Error(`the contact of ${account} kept changing under ${String(WRITE_ATTEMPTS)} attempts`);
    },

    async byAccounts(accounts) {
      const contacts: StoredContact[] = [];
      let unreadable = 0;
      for (let i = 0; i < accounts.length; i += BATCH) {
        for (const head of await headsOf(accounts.slice(i, i + BATCH))) {
          if (!head.stored || isRemoval(head.stored)) continue;
          const contact = openOrNull(head.account, head.stored);
          if (contact) contacts.push(contact);
          else unreadable += 1;
        }
      }
      return { contacts, unreadable };
    },

    async sealStored() {
      let sealed = 0;
      let unreadable = 0;
      const stale = [
        ...(await LegacyContact.find({}, { _id: 1 }).lean()).map((doc) => doc._id),
        ...(await ContactRevision.find({ sealedEmail: { $exists: true }, 'sealedEmail.kid': { $ne: cipher.currentKeyId } }, { account: 1 }).lean()).map((doc) => doc.account),
      ];
      for (let i = 0; i < stale.length; i += BATCH) {
        for (const head of await headsOf([...new Set(stale.slice(i, i + BATCH))])) {
          if (!head.stored || isRemoval(head.stored) || (head.rev > 0 && head.stored.sealedEmail?.kid === cipher.currentKeyId)) continue;
          const contact = openOrNull(head.account, head.stored);
          if (!contact) {
            unreadable += 1;
            continue;
          }
          // Only after the revision read: a platform's concurrent change takes the place and wins.
          if ((await follow(head, contact.platformId, contact.consumerRef, contact)) === 'written') sealed += 1;
        }
      }
      return { sealed, unreadable };
    },
  };
}
