import mongoose, { type Connection } from 'mongoose';
import { createModels, type Models } from './models/index.js';

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
  /** Server-side time limit of reads (find, count, aggregate, findAndModify: maxTimeMS); default 30 s. */
  readonly queryTimeoutMs?: number;
}

export const DEFAULT_QUERY_TIMEOUT_MS = 30_000;

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
  // Mongoose adds this connection option to every find, count, distinct, aggregate and findAndModify it sends;
  // FerretDB enforces it on find and aggregate and ignores it elsewhere (its writes are short by construction).
  connection.set('maxTimeMS', queryTimeoutMs);
  const models = createModels(connection);
  await Promise.all(Object.values(models).map((model) => model.createIndexes()));

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
      await connection.close();
    },
  };
}

/** MongoDB's duplicate-key error: the primitive every idempotency guarantee stands on. */
export function isDuplicateKeyError(error: unknown): boolean {
  return typeof error === 'object' && error !== null && 'code' in error && error.code === 11000;
}
