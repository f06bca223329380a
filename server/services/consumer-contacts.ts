import type { Types } from 'mongoose';
import { isDuplicateKeyError } from '../db/connection.js';
import type { ConsumerContactDoc } from '../db/models/consumer-contact.js';
import type { Models } from '../db/models/index.js';
import { checkRef } from '../domain/checkout-input.js';
import { parseConsumerContact, type ConsumerContactInput } from '../domain/consumer-contact.js';
import { fail, succeed, type Outcome } from '../domain/user-error.js';
import { accountOf } from './credit-ledger.js';

/** Consumers' mail addresses, per platform: set with consent, read back and removed by that platform only. */
export interface ConsumerContactsService {
  set(platformId: Types.ObjectId, input: ConsumerContactInput): Promise<Outcome<ConsumerContactDoc>>;
  get(platformId: Types.ObjectId, consumerRef: string): Promise<ConsumerContactDoc | null>;
  /** Forgets the address; true when there was one. */
  remove(platformId: Types.ObjectId, consumerRef: string): Promise<Outcome<{ removed: boolean }>>;
}

export function createConsumerContactsService(models: Models, now: () => Date = () => new Date()): ConsumerContactsService {
  const { ConsumerContact } = models;
  return {
    async set(platformId, input) {
      const parsed = parseConsumerContact(input);
      if (!parsed.contact) return fail(...parsed.errors);
      const _id = accountOf(platformId, parsed.contact.consumerRef);
      const existing = await ConsumerContact.findById(_id).lean();
      // Setting the same address again keeps the first consent's date.
      if (existing?.email === parsed.contact.email) return succeed(existing);
      const doc: ConsumerContactDoc = { _id, platformId, consumerRef: parsed.contact.consumerRef, email: parsed.contact.email, consentedAt: now() };
      try {
        await ConsumerContact.replaceOne({ _id }, doc, { upsert: true });
      } catch (error) {
        // Two upserts raced to insert: the address now exists, so this one replaces it.
        if (!isDuplicateKeyError(error)) throw error;
        await ConsumerContact.replaceOne({ _id }, doc);
      }
      return succeed(doc);
    },

    get: (platformId, consumerRef) => ConsumerContact.findById(accountOf(platformId, consumerRef)).lean(),

    async remove(platformId, consumerRef) {
      const refError = checkRef(consumerRef, ['consumerRef'], 'consumerRef');
      if (refError) return fail(refError);
      const result = await ConsumerContact.deleteOne({ _id: accountOf(platformId, consumerRef) });
      return succeed({ removed: result.deletedCount > 0 });
    },
  };
}
