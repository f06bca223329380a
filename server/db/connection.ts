import mongoose, { type Connection } from 'mongoose';
import { groupInsertsSettled } from './group-commit.js';
import { createModels, type Models } from './models/index.js';
import { setReadTimeLimit } from './read-time-limits.js';

export interface Store {
  readonly connection: Connection;
  readonly models: Models;
  /** True while the store answers a ping within `timeoutMs`. */
  ping(timeoutMs?: number): Promise<boolean>;
  close(): Promise<void>;
}

/**
 * Opens one connection (its own pool, not mongoose's global default) so that tests and tools can hold several
 * stores side by side, builds the indexes every model declares, and hands back the models bound to it.
 */
export interface StoreOptions {
  /** Emit the driver's command events (tests count store queries with them). */
  readonly monitorCommands?: boolean;
  /** Server-side time limit of reads (find, countDocuments, aggregate, findOneAndUpdate: maxTimeMS); default 30 s. */
  readonly queryTimeoutMs?: number;
}

export const DEFAULT_QUERY_TIMEOUT_MS = 30_000;
/** How long closing the store waits for the group inserts still in flight. */
const CLOSE_SETTLE_MS = 5000;

/**
 * Indexes an earlier version declared that no query uses: every insert still pays to keep them, so a store opened by
 * this version drops them (by name, only where they exist).
 */
const RETIRED_INDEXES: Partial<Record<keyof Models, readonly string[]>> = {
  // The ledger's reconciliation sums by counterparty over the whole collection, which no index serves.
  CreditEntry: ['counterparty_1'],
};

/** MongoDB's and FerretDB's code for dropping an index that is not there: another process dropped it first. */
const INDEX_NOT_FOUND = 27;

async function dropRetiredIndexes(models: Models): Promise<void> {
  for (const [name, indexes] of Object.entries(RETIRED_INDEXES)) {
    const { collection } = models[name as keyof Models];
    const present = new Set((await collection.indexes()).map((index) => index.name));
    for (const index of indexes) {
      if (!present.has(index)) continue;
      // Processes started together against an older database race to drop it; the others find it gone.
      await collection.dropIndex(index).catch((error: unknown) => {
        if ((error as { code?: unknown } | null)?.code !== INDEX_NOT_FOUND) throw error;
      });
    }
  }
}

export async function openStore(uri: string, options: StoreOptions = {}): Promise<Store> {
  const queryTimeoutMs = options.queryTimeoutMs ?? DEFAULT_QUERY_TIMEOUT_MS;
  const connection = mongoose.createConnection(uri, {
    // A store that is away fails a command after this long (MongoServerSelectionError: 503 at the edge).
    serverSelectionTimeoutMS: 5000,
    // A store that accepted a command and went silent (hung, not gone): the socket gives up after twice the query
    // limit, so a slow read fails with the server's own MaxTimeMSExpired first and the connection is kept.
    socketTimeoutMS: 2 * queryTimeoutMs,
    // Fail fast instead of queueing commands while the store is away; jobs retry, requests get an error.
    bufferCommands: false,
    autoIndex: false,
    autoCreate: true,
    monitorCommands: options.monitorCommands ?? false,
  });
  await connection.asPromise();
  setReadTimeLimit(connection, queryTimeoutMs);
  const models = createModels(connection);
  await Promise.all(Object.values(models).map((model) => model.createIndexes()));
  await dropRetiredIndexes(models);

  return {
    connection,
    models,
    async ping(timeoutMs = 1000) {
      const db = connection.db;
      if (!db) return false;
      let timer: NodeJS.Timeout | undefined;
      const timeout = new Promise<false>((resolve) => {
        timer = setTimeout(() => { resolve(false); }, timeoutMs);
      });
      try {
        return await Promise.race([db.command({ ping: 1 }).then(() => true, () => false), timeout]);
      } finally {
        clearTimeout(timer);
      }
    },
    async close() {
      // The writes still gathering in a group insert land first (the caller of each may not wait for it), for as
      // long as a store that answers needs; one that does not answer is closed anyway.
      let timer: NodeJS.Timeout | undefined;
      await Promise.race([groupInsertsSettled(connection), new Promise((resolve) => { timer = setTimeout(resolve, CLOSE_SETTLE_MS); })]);
      clearTimeout(timer);
      await connection.close();
    },
  };
}

export { isDuplicateKeyError } from './duplicate-key.js';
