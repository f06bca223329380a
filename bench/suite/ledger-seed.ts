// Seeds consumers' credit chains straight into the store, fast: valid chain documents (as the ledger's append
// writes them, computed with the same pure rules) inserted with insertMany in batches, with their `credit_keys` and
// `credit_head_hints` documents and one green-level snapshot per consumer. Redemptions on these consumers are valid:
// every pair of entries is an EARN_PENDING and its EARN_POSTED, leaving a lot of available credits.
import mongoose, { type Types } from 'mongoose';
import type { CreditEntryDoc, CreditHeadHintDoc, StoredCreditEntryDoc } from '../../server/db/models/credit-entry.js';
import { storedEntryOf } from '../../server/db/credit-entry-text.js';
import type { LevelSnapshotDoc } from '../../server/db/models/green-level.js';
import { EMPTY_ACCOUNT, earnPending, postPending, type AccountState, type EntryDraft, type LedgerStep } from '../../server/domain/credit-ledger.js';
import { headHintOf } from '../../server/services/credit-ledger.js';

/** Entries per consumer: EARN_PENDING + EARN_POSTED pairs. */
export const ENTRIES_PER_CONSUMER = 10;
/** Credits each earning pair makes available; a consumer starts with 5 x 20 = 100. */
const CREDITS_PER_PAIR = 20;
const BATCH = 1000;
/** Batches in flight at once (the store commits one writer at a time; two keep it busy). */
const PARALLEL = 2;
const YEAR_MS = 365 * 24 * 3600 * 1000;

export const consumerRefOf = (n: number): string => `suite-consumer-${String(n).padStart(6, '0')}`;

function draftOf(step: LedgerStep): EntryDraft {
  if ('refused' in step) throw new Error(`seeding: the ledger rules refused an entry: ${step.message}`);
  return step.entry;
}

/** One consumer's chain of ENTRIES_PER_CONSUMER entries, from an empty account. */
function chainOf(platformId: Types.ObjectId, consumerRef: string, createdAt: Date): CreditEntryDoc[] {
  const account = `${platformId.toHexString()}:${consumerRef}`;
  const entries: CreditEntryDoc[] = [];
  let state: AccountState = EMPTY_ACCOUNT;
  const expiresAtMs = createdAt.getTime() + YEAR_MS;
  for (let pair = 0; entries.length < ENTRIES_PER_CONSUMER; pair += 1) {
    // A different day per pair, so no daily cap applies.
    const day = new Date(createdAt.getTime() - (pair + 1) * 24 * 3600 * 1000).toISOString().slice(0, 10);
    const steps = [
      (s: AccountState) => earnPending(s, { amount: CREDITS_PER_PAIR, day, dailyCap: 1_000_000, reason: `bench order ${String(pair)}` }),
      (s: AccountState) => postPending(s, { amount: CREDITS_PER_PAIR, expiresAtMs, reason: `bench order ${String(pair)} delivered` }),
    ];
    for (const compute of steps) {
      const draft = draftOf(compute(state));
      const after = draft.after;
      const key = `bench-seed:${consumerRef}:${String(after.seq)}`;
      entries.push({
        _id: `${account}:${String(after.seq)}`,
        account,
        platformId,
        consumerRef,
        seq: after.seq,
        kind: draft.kind,
        amount: draft.amount,
        consumerDelta: after.available + after.pending - (state.available + state.pending),
        counterparty: `issuance:${platformId.toHexString()}`,
        reason: draft.reason,
        idempotencyKey: key,
        sourceFact: key,
        ruleVersion: 1,
        allocations: [...draft.allocations],
        expiresAt: draft.expiresAtMs === null ? null : new Date(draft.expiresAtMs),
        available: after.available,
        pending: after.pending,
        lifetimeEarned: after.lifetimeEarned,
        lots: [...after.lots],
        recentEarnings: [...after.recentEarnings],
        createdAt,
      });
      state = after;
    }
  }
  return entries;
}

export interface LedgerSeedResult {
  readonly consumers: number;
  readonly entries: number;
  readonly ms: number;
}

/** Adds consumers `from` .. `to - 1` (their chains, keys, hints and level snapshots). */
export async function seedLedger(
  mongodbUri: string,
  platformId: Types.ObjectId,
  from: number,
  to: number,
  signal: AbortSignal,
  progress: (line: string) => void,
): Promise<LedgerSeedResult> {
  const started = Date.now();
  const connection = await mongoose.createConnection(mongodbUri, { serverSelectionTimeoutMS: 5000 }).asPromise();
  try {
    const db = connection.db;
    if (!db) throw new Error('seeding: no database handle');
    const entriesCollection = db.collection<StoredCreditEntryDoc>('credit_entries');
    const keys = db.collection<{ _id: string; entryId: string }>('credit_keys');
    const hints = db.collection<CreditHeadHintDoc>('credit_head_hints');
    const snapshots = db.collection<LevelSnapshotDoc>('green_level_snapshots');
    const consumersPerBatch = BATCH / ENTRIES_PER_CONSUMER;
    const createdAt = new Date();
    let entries = 0;
    let lastReport = Date.now();
    const batchStarts: number[] = [];
    for (let start = from; start < to; start += consumersPerBatch) batchStarts.push(start);
    let next = 0;
    const loop = async (): Promise<void> => {
      for (let i = next++; i < batchStarts.length; i = next++) {
        signal.throwIfAborted();
        const start = batchStarts[i] ?? to;
        const end = Math.min(to, start + consumersPerBatch);
        const chains: CreditEntryDoc[] = [];
        const accounts: { account: string; consumerRef: string; newest: CreditEntryDoc | null }[] = [];
        for (let n = start; n < end; n += 1) {
          const consumerRef = consumerRefOf(n);
          const chain = chainOf(platformId, consumerRef, createdAt);
          chains.push(...chain);
          accounts.push({ account: `${platformId.toHexString()}:${consumerRef}`, consumerRef, newest: chain.at(-1) ?? null });
        }
        // As the ledger writes them: the entry first, then its key and the head hint.
        await entriesCollection.insertMany(chains.map(storedEntryOf), { ordered: false });
        await keys.insertMany(
          chains.map((e) => ({ _id: `${platformId.toHexString()}:${e.idempotencyKey}`, entryId: e._id })),
          { ordered: false },
        );
        // At the head, with its state (the ledger moves a hint every HINT_EVERY entries: a real account's may lag).
        await hints.insertMany(accounts.flatMap((a) => (a.newest ? [headHintOf(a.newest)] : [])), { ordered: false });
        await snapshots.insertMany(
          accounts.map((a) => ({
            _id: a.account,
            platformId,
            consumerRef: a.consumerRef,
            greenChoices: 3,
            packagedParcels: 5,
            itemsReturned: 0,
            windowStart: new Date(createdAt.getTime() - YEAR_MS),
            computedAt: createdAt,
          })),
          { ordered: false },
        );
        entries += chains.length;
        if (Date.now() - lastReport > 10_000) {
          lastReport = Date.now();
          progress(`  seeded ${String(entries)} of ${String((to - from) * ENTRIES_PER_CONSUMER)} ledger entries...`);
        }
      }
    };
    await Promise.all(Array.from({ length: PARALLEL }, loop));
    return { consumers: to - from, entries, ms: Date.now() - started };
  } finally {
    await connection.close();
  }
}
