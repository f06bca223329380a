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
}

export async function openStore(uri: string, options: StoreOptions = {}): Promise<Store> {
  const connection = mongoose.createConnection(uri, {
    serverSelectionTimeoutMS: 5000,
    // Fail fast instead of queueing commands while the store is away; jobs retry, requests get an error.
    bufferCommands: false,
    autoIndex: false,
    autoCreate: true,
    monitorCommands: options.monitorCommands ?? false,
  });
  await connection.asPromise();
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
