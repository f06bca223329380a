import { Types } from 'mongoose';
import { DUPLICATE, insertOnce } from '../db/claim.js';
import type { AssortmentDoc } from '../db/models/assortment.js';
import type { Models } from '../db/models/index.js';
import { MAX_ASSORTMENT_TYPES } from '../domain/assortment.js';
import { checkReference } from '../domain/references.js';
import { fail, notFoundError, succeed, validationError, type Outcome, type UserError } from '../domain/user-error.js';
import type { ReferenceData } from './reference-data.js';

// A platform's assortment, stored as insert-only versions per scope (the platform, or one warehouse) and served to
// quotes from the reference snapshot (reference-data.ts), so it costs a quote nothing.

export interface AssortmentInput {
  readonly packagingTypeIds: readonly string[];
  readonly warehouseRef?: string | null;
}

/** One version of what a platform (or one of its warehouses) stocks, as the API shows it. */
export interface AssortmentView {
  readonly platformId: Types.ObjectId;
  /** '' for the platform as a whole; else the warehouse's reference. */
  readonly warehouseRef: string;
  readonly version: number;
  readonly packagingTypeIds: readonly Types.ObjectId[];
  readonly createdAt: Date;
}

export interface AssortmentsService {
  /** Stores the scope's next version; the same types as now (in any order) add none. */
  set(platformId: Types.ObjectId, input: AssortmentInput): Promise<Outcome<AssortmentView>>;
  /** The scope's own newest version (a warehouse's, or the platform's with warehouseRef null); null when it has none. */
  get(platformId: Types.ObjectId, warehouseRef: string | null): Promise<AssortmentView | null>;
}

export function createAssortmentsService(models: Pick<Models, 'Assortment'>, reference: ReferenceData, now: () => Date = () => new Date()): AssortmentsService {
  const { Assortment } = models;
  const newest = async (platformId: Types.ObjectId, warehouseRef: string) =>
    (await Assortment.find({ platformId, warehouseRef }).sort({ version: -1 }).limit(1).lean())[0] ?? null;

  return {
    get: (platformId, warehouseRef) => newest(platformId, warehouseRef ?? ''),

    async set(platformId, input) {
      const errors: UserError[] = [];
      const warehouseRef = input.warehouseRef ?? null;
      const refError = warehouseRef === null ? null : checkReference('warehouseRef', warehouseRef, ['input', 'warehouseRef']);
      if (refError) errors.push(refError);
      if (input.packagingTypeIds.length > MAX_ASSORTMENT_TYPES) {
        errors.push(validationError(['input', 'packagingTypeIds'], `an assortment names at most ${String(MAX_ASSORTMENT_TYPES)} packaging types`));
      }
      const snapshot = await reference.current();
      const ids = new Map<string, Types.ObjectId>();
      input.packagingTypeIds.forEach((id, i) => {
        if (!Types.ObjectId.isValid(id) || !snapshot.packagingType(id)) {
          errors.push(notFoundError(['input', 'packagingTypeIds', String(i)], 'no packaging type has this id'));
          return;
        }
        ids.set(id, new Types.ObjectId(id));
      });
      if (errors.length > 0) return fail(...errors);

      const packagingTypeIds = [...ids.values()].sort((a, b) => a.toHexString().localeCompare(b.toHexString()));
      const same = (doc: AssortmentDoc) => doc.packagingTypeIds.length === packagingTypeIds.length && doc.packagingTypeIds.every((id, i) => id.equals(packagingTypeIds[i]));
      for (;;) {
        const head = await newest(platformId, warehouseRef ?? '');
        if (head && same(head)) return succeed(head);
        const doc: AssortmentDoc = { _id: new Types.ObjectId(), platformId, warehouseRef: warehouseRef ?? '', version: (head?.version ?? 0) + 1, packagingTypeIds, createdAt: now() };
        // Another request may take this version first: then read the new head and try again.
        if ((await insertOnce(Assortment.create(doc))) !== DUPLICATE) {
          await reference.changed();
          return succeed(doc);
        }
      }
    },
  };
}
