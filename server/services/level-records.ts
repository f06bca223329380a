import type { LevelActivity } from '../domain/green-level.js';
import { levelRecordsKeyOf } from '../db/keys.js';

// The consumers' level records as the last level run counted them, copied to Redis so a quote that has not seen a
// consumer lately reads one hash field instead of the store (at 10x the consumers, that read by `_id` doubled a
// quote's time). The store's snapshots stay the truth: the copy is a cache of one run's output, written whole under
// that run's generation before the generation is named current, so a generation that is named is complete, and a
// consumer missing from it has no record. When Redis lost the copy (no current generation), or cannot answer, the
// caller reads the store.

/** Where the copy lives: a few hash and value commands on the queues' Redis (below its key prefix). */
export interface LevelRecordStore {
  putExpiring(key: string, value: string, ttlMs: number): Promise<void>;
  getExpiring(key: string): Promise<string | null>;
  putHashFields(key: string, fields: Readonly<Record<string, string>>, ttlMs: number): Promise<void>;
  getHashField(key: string, field: string): Promise<string | null>;
  expire(key: string, ttlMs: number): Promise<void>;
}

export interface LevelRecordsCopy {
  /** Writes one run's records (every account that has one) and names the run current. */
  publish(generation: number, records: ReadonlyMap<string, LevelActivity>): Promise<void>;
  /** The account's record from the current copy; null: no record; undefined: no copy to answer from. */
  read(account: string): Promise<LevelActivity | null | undefined>;
}

const CURRENT = 'levels:current';
/**
 * How long a copy is kept without a newer run: two runs' interval (the job runs every 6 hours) and some. A copy that
 * outlives it without a successor is dropped, and reads go to the store until the next run.
 */
export const LEVEL_COPY_TTL_MS = 13 * 3600 * 1000;
/** How long the previous copy stays once a new one is current: readers that read the old name finish with it. */
const PREVIOUS_KEPT_MS = 5 * 60 * 1000;
/** How long a process trusts the current generation's name it read. */
const CURRENT_READ_TTL_MS = 1000;
const FIELDS_PER_WRITE = 1000;

/** A record as one hash field: `greenChoices,packagedParcels,itemsReturned,co2eAvoidedGrams`. */
const encode = (a: LevelActivity): string => `${String(a.greenChoices)},${String(a.packagedParcels)},${String(a.itemsReturned)},${String(a.co2eAvoidedGrams)}`;

function decode(value: string): LevelActivity | undefined {
  const parts = value.split(',').map(Number);
  if (parts.length !== 4 || !parts.every((n) => Number.isSafeInteger(n) && n >= 0)) return undefined;
  const [greenChoices = 0, packagedParcels = 0, itemsReturned = 0, co2eAvoidedGrams = 0] = parts;
  return { greenChoices, packagedParcels, itemsReturned, co2eAvoidedGrams };
}

export function createLevelRecordsCopy(store: LevelRecordStore, nowMs: () => number = () => Date.now()): LevelRecordsCopy {
  let current: { readonly generation: string | null; readonly readAtMs: number } | null = null;

  async function currentGeneration(): Promise<string | null> {
    if (current && nowMs() - current.readAtMs < CURRENT_READ_TTL_MS) return current.generation;
    const generation = await store.getExpiring(CURRENT);
    current = { generation, readAtMs: nowMs() };
    return generation;
  }

  return {
    async publish(generation, records) {
      const name = String(generation);
      const entries = [...records];
      try {
        for (let i = 0; i < entries.length; i += FIELDS_PER_WRITE) {
          const fields = Object.fromEntries(entries.slice(i, i + FIELDS_PER_WRITE).map(([account, activity]) => [account, encode(activity)]));
          await store.putHashFields(levelRecordsKeyOf(name), fields, LEVEL_COPY_TTL_MS);
        }
        const previous = await store.getExpiring(CURRENT);
        await store.putExpiring(CURRENT, name, LEVEL_COPY_TTL_MS);
        if (previous !== null && previous !== name) await store.expire(levelRecordsKeyOf(previous), PREVIOUS_KEPT_MS);
        current = { generation: name, readAtMs: nowMs() };
      } catch (error) {
        // The older copy no longer matches the store: no copy at all, so reads go to the store until the next run.
        current = null;
        await store.expire(CURRENT, 1).catch(() => undefined);
        throw error;
      }
    },

    async read(account) {
      const generation = await currentGeneration();
      if (generation === null) return undefined;
      const value = await store.getHashField(levelRecordsKeyOf(generation), account);
      if (value === null) return null;
      return decode(value);
    },
  };
}
