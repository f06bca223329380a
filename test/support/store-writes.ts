// Did anything get written? Two independent witnesses: the store's own document counts, collection by collection,
// and the driver's command events (which also see updates and deletes that leave the counts as they were).
import type { CommandSucceededEvent } from 'mongodb';
import type { Store } from '../../server/db/connection.js';

/** Documents per collection. */
export type Counts = Readonly<Record<string, number>>;

export async function documentCounts(store: Store): Promise<Counts> {
  const db = store.connection.db;
  if (!db) throw new Error('the store is not connected');
  const names = (await db.listCollections({}, { nameOnly: true }).toArray()).map((c) => c.name).sort();
  const counts = await Promise.all(names.map(async (name) => [name, await db.collection(name).countDocuments()] as const));
  return Object.fromEntries(counts);
}

/** The collections whose counts differ, as `name: before -> after`. */
export function countChanges(before: Counts, after: Counts): string[] {
  const names = new Set([...Object.keys(before), ...Object.keys(after)]);
  return [...names].filter((n) => before[n] !== after[n]).map((n) => `${n}: ${String(before[n] ?? 0)} -> ${String(after[n] ?? 0)}`);
}

const WRITE_COMMANDS = new Set(['insert', 'update', 'delete', 'findAndModify', 'drop', 'dropDatabase', 'create', 'createIndexes']);

/** A write the store acknowledged as changing something: inserted, matched-and-modified, upserted or deleted. */
export interface ObservedWrite {
  readonly command: string;
  readonly collection: string;
  readonly reply: unknown;
}

/**
 * Watches the store's connection (opened with `monitorCommands`) for writes that changed documents. A write that
 * changed nothing (an insert refused as a duplicate key, an update matching nothing) is not a write.
 */
export function watchWrites(store: Store): { take(): ObservedWrite[]; stop(): void } {
  const client = store.connection.getClient();
  const collections = new Map<number, string>();
  let writes: ObservedWrite[] = [];
  const started = (event: { requestId: number; commandName: string; command: Record<string, unknown> }) => {
    if (WRITE_COMMANDS.has(event.commandName)) collections.set(event.requestId, String(event.command[event.commandName]));
  };
  const succeeded = (event: CommandSucceededEvent) => {
    const collection = collections.get(event.requestId);
    if (collection === undefined) return;
    collections.delete(event.requestId);
    const reply = event.reply as { n?: number; nModified?: number; upserted?: unknown[]; value?: unknown; lastErrorObject?: { n?: number } };
    const changed = event.commandName === 'update'
      ? (reply.nModified ?? 0) > 0 || (reply.upserted?.length ?? 0) > 0
      : event.commandName === 'findAndModify'
        ? (reply.lastErrorObject?.n ?? 0) > 0
        : event.commandName === 'insert' || event.commandName === 'delete'
          ? (reply.n ?? 0) > 0
          : true;
    if (changed) writes.push({ command: event.commandName, collection, reply: event.reply });
  };
  client.on('commandStarted', started);
  client.on('commandSucceeded', succeeded);
  return {
    take() {
      const taken = writes;
      writes = [];
      return taken;
    },
    stop() {
      client.off('commandStarted', started);
      client.off('commandSucceeded', succeeded);
    },
  };
}
