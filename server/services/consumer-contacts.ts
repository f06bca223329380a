import type { Types } from 'mongoose';
import { isDuplicateKeyError } from '../db/connection.js';
import type { ConsumerContactDoc } from '../db/models/consumer-contact.js';
import type { Models } from '../db/models/index.js';
import { checkReference } from '../domain/references.js';
import { parseConsumerContact, type ConsumerContactInput } from '../domain/consumer-contact.js';
import type { MailLocale } from '../domain/mail-locale.js';
import { fail, succeed, type Outcome } from '../domain/user-error.js';
import { accountOf } from './credit-ledger.js';
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
   * Seals every address still in clear (stored before encryption) or under a retired key with the current key.
   * Safe to repeat and to run from several processes: each rewrite only applies if the document did not change.
   */
  sealStored(): Promise<{ sealed: number; unreadable: number }>;
}

const BATCH = 500;
/** The sealed address is bound to its document: copied into another consumer's document, it does not open. */
const sealContext = (id: string) => `consumer_contacts:${id}`;

export function createConsumerContactsService(models: Models, cipher: PersonalDataCipher, now: () => Date = () => new Date()): ConsumerContactsService {
  const { ConsumerContact } = models;

  function open(doc: ConsumerContactDoc): StoredContact {
    let email: string;
    if (doc.sealedEmail) email = cipher.open(doc.sealedEmail, sealContext(doc._id));
    else if (doc.email !== undefined) email = doc.email;
    else throw new Error('a consumer contact holds no address');
    return { _id: doc._id, platformId: doc.platformId, consumerRef: doc.consumerRef, email, locale: doc.locale ?? null, consentedAt: doc.consentedAt };
  }

  const toDoc = (contact: StoredContact): ConsumerContactDoc => ({
    _id: contact._id,
    platformId: contact.platformId,
    consumerRef: contact.consumerRef,
    sealedEmail: cipher.seal(contact.email, sealContext(contact._id)),
    ...(contact.locale === null ? {} : { locale: contact.locale }),
    consentedAt: contact.consentedAt,
  });

  return {
    async set(platformId, input) {
      const parsed = parseConsumerContact(input);
      if (!parsed.contact) return fail(...parsed.errors);
      const _id = accountOf(platformId, parsed.contact.consumerRef);
      const stored = await ConsumerContact.findById(_id).lean();
      const existing = stored ? openOrNull(stored) : null;
      // Setting the same address again keeps the first consent's date (and rewrites nothing when already sealed).
      if (existing?.email === parsed.contact.email && existing.locale === parsed.contact.locale && stored?.sealedEmail?.kid === cipher.currentKeyId) return succeed(existing);
      const contact: StoredContact = {
        _id,
        platformId,
        consumerRef: parsed.contact.consumerRef,
        email: parsed.contact.email,
        locale: parsed.contact.locale,
        consentedAt: existing?.email === parsed.contact.email ? existing.consentedAt : now(),
      };
      // A replacement, so an address stored in clear before encryption leaves no trace in the document.
      const doc = toDoc(contact);
      try {
        await ConsumerContact.replaceOne({ _id }, doc, { upsert: true });
      } catch (error) {
        // Two upserts raced to insert: the address now exists, so this one replaces it.
        if (!isDuplicateKeyError(error)) throw error;
        await ConsumerContact.replaceOne({ _id }, doc);
      }
      return succeed(contact);
    },

    async get(platformId, consumerRef) {
      const doc = await ConsumerContact.findById(accountOf(platformId, consumerRef)).lean();
      return doc ? open(doc) : null;
    },

    async remove(platformId, consumerRef) {
      const refError = checkReference('consumerRef', consumerRef, ['consumerRef']);
      if (refError) return fail(refError);
      const result = await ConsumerContact.deleteOne({ _id: accountOf(platformId, consumerRef) });
      return succeed({ removed: result.deletedCount > 0 });
    },

    async byAccounts(accounts) {
      const contacts: StoredContact[] = [];
      let unreadable = 0;
      for (let i = 0; i < accounts.length; i += BATCH) {
        for (const doc of await ConsumerContact.find({ _id: { $in: accounts.slice(i, i + BATCH) } }).lean()) {
          const contact = openOrNull(doc);
          if (contact) contacts.push(contact);
          else unreadable += 1;
        }
      }
      return { contacts, unreadable };
    },

    async sealStored() {
      let sealed = 0;
      let unreadable = 0;
      const stale = await ConsumerContact.find({ $or: [{ sealedEmail: { $exists: false } }, { 'sealedEmail.kid': { $ne: cipher.currentKeyId } }] }).lean();
      for (const doc of stale) {
        const contact = openOrNull(doc);
        if (!contact) {
          unreadable += 1;
          continue;
        }
        // Only if the document is still the one read: a platform's concurrent set() wins.
        const unchanged = doc.sealedEmail ? { _id: doc._id, 'sealedEmail.ct': doc.sealedEmail.ct } : { _id: doc._id, email: doc.email };
        const result = await ConsumerContact.replaceOne(unchanged, toDoc(contact));
        sealed += result.modifiedCount;
      }
      return { sealed, unreadable };
    },
  };

  function openOrNull(doc: ConsumerContactDoc): StoredContact | null {
    try {
      return open(doc);
    } catch (error) {
      if (error instanceof UnreadableSealError) return null;
      throw error;
    }
  }
}
