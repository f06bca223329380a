import type { Model } from 'mongoose';
import { isDuplicateKeyError } from './duplicate-key.js';
import { compilePlainCaster } from './plain-cast.js';

// Group commit: inserts into one collection that arrive at the same moment share one unordered `insertMany`. The
// store's fixed cost per call (a round trip, a transaction, on the embedded store a commit) is then paid once for the
// group instead of once per document. Each caller still gets its own document's outcome: inserted, or a duplicate
// key (the unique indexes decide exactly as they do for a single insert), or the error that stopped its document.

export type InsertOutcome = 'inserted' | 'duplicate';

export interface GroupInserter<T> {
  /** Inserts `doc` with the documents other callers insert at the same moment. */
  insert(doc: T): Promise<InsertOutcome>;
}

export interface GroupCommitOptions {
  /** Documents per `insertMany` at most; a full group is sent at once. */
  readonly maxBatch?: number;
  /**
   * How long the first document of a group waits for others, in ms. 0 waits only for the current turn of the event
   * loop: requests being handled at the same moment join, and a lone request is not delayed. Default: the process's
   * window (`setGroupCommitWindow`, 0 unless set).
   */
  readonly windowMs?: number;
  /** Called once per `insertMany` sent, with its size (metrics, benchmarks). */
  readonly onFlush?: (size: number) => void;
}

interface Waiting<T> {
  readonly doc: T;
  readonly resolve: (outcome: InsertOutcome) => void;
  readonly reject: (error: unknown) => void;
}

/** What the driver reports per document of an unordered `insertMany` that failed for some of them. */
interface WriteErrorLike {
  readonly index: number;
  readonly code?: number;
  readonly err?: { readonly code?: number };
}

function writeErrorsOf(error: unknown): readonly WriteErrorLike[] | null {
  if (typeof error !== 'object' || error === null || !('writeErrors' in error)) return null;
  const { writeErrors } = error;
  if (Array.isArray(writeErrors)) return writeErrors as WriteErrorLike[];
  // The driver reports a single write error as the object itself.
  if (typeof writeErrors === 'object' && writeErrors !== null && 'index' in writeErrors) return [writeErrors as WriteErrorLike];
  return null;
}

const codeOf = (writeError: WriteErrorLike) => writeError.code ?? writeError.err?.code;

/** A group inserter as its collection's write lane sees it. */
interface LaneMember {
  /** Takes the next group (at most maxBatch documents, in the callers' order); empty when nothing waits. */
  take(): readonly Waiting<unknown>[];
  readonly waiting: number;
  send(group: readonly Waiting<unknown>[]): Promise<void>;
}

/**
 * One group in flight per collection of a connection: while a group is being written, the documents that arrive
 * gather into the next groups, which are sent one after the other as soon as it is answered (the classic group commit
 * of a write-ahead log). A single-writer store (SQLite under the embedded FerretDB) then sees at most one write per
 * collection of this process compete for its lock: competing writes there wait in SQLite's busy handler, which
 * sleeps in steps of up to 100 ms, and measured 8 writers at once gave a 180-240 ms p99 where a lane per collection
 * gave 10-11 ms and three to four times the rate (`npm run bench:write-lane`, BENCHMARKS.md "One write lane per
 * collection"); one lane for the whole connection was no better there, and made a request's inserts into different
 * collections wait for each other. A store that takes parallel writes well (MongoDB) loses at most one round trip of
 * latency to the lane and gets bigger batches.
 */
class WriteLane {
  private readonly ready = new Set<LaneMember>();
  private busy = false;
  private idle: Promise<void> = Promise.resolve();
  private markIdle: () => void = () => undefined;

  /** `member` has documents waiting: they go in the next turn. */
  request(member: LaneMember): void {
    this.ready.add(member);
    if (this.busy) return;
    this.busy = true;
    this.idle = new Promise((resolve) => { this.markIdle = resolve; });
    void this.run();
  }

  /** Resolves when nothing waits and nothing is in flight (a store closing lets its last writes land first). */
  settled(): Promise<void> {
    return this.idle;
  }

  private async run(): Promise<void> {
    try {
      while (this.ready.size > 0) {
        const turn = [...this.ready];
        this.ready.clear();
        for (const member of turn) {
          const group = member.take();
          if (member.waiting > 0) this.ready.add(member);
          if (group.length === 0) continue;
          // send answers every document; should it fail unexpectedly, no caller is left waiting.
          await member.send(group).catch((error: unknown) => { for (const w of group) w.reject(error); });
        }
      }
    } finally {
      this.busy = false;
      this.markIdle();
    }
  }
}

/** Each connection's lanes, by collection. */
const lanes = new WeakMap<object, Map<string, WriteLane>>();
function laneOf(connection: object, collection: string): WriteLane {
  let ofConnection = lanes.get(connection);
  if (!ofConnection) {
    ofConnection = new Map();
    lanes.set(connection, ofConnection);
  }
  let lane = ofConnection.get(collection);
  if (!lane) {
    lane = new WriteLane();
    ofConnection.set(collection, lane);
  }
  return lane;
}

/** Resolves once the group inserts made on `connection` so far are answered. */
export async function groupInsertsSettled(connection: object): Promise<void> {
  await Promise.all([...(lanes.get(connection)?.values() ?? [])].map((lane) => lane.settled()));
}

export function createGroupInserter<T>(model: Model<T>, options: GroupCommitOptions = {}): GroupInserter<T> {
  const maxBatch = options.maxBatch ?? 256;
  const lane = laneOf(model.db, model.collection.collectionName);
  const caster = compilePlainCaster(model.schema);
  let waiting: Waiting<T>[] = [];
  let scheduled = false;

  async function send(group: readonly Waiting<T>[]): Promise<void> {
    options.onFlush?.(group.length);
    // Cast and validate each document as a single insert would (defaults, types, required fields): a document the
    // schema refuses fails alone, before the store is asked. The driver then inserts what the schema made; Mongoose's
    // save machinery (change tracking, hooks, versioning), which these never-edited documents do not use, is skipped.
    // A document whose values already have their paths' types is copied by the plain caster (plain-cast.ts) instead
    // of through a Mongoose document: the same document, for a fraction of the CPU.
    const checked = await Promise.all(group.map(async (w) => {
      const plain = caster?.(w.doc as Record<string, unknown>);
      if (plain) return { waiting: w, raw: plain };
      try {
        const document = new model(w.doc);
        await document.validate();
        return { waiting: w, raw: document.toBSON() };
      } catch (invalid) {
        w.reject(invalid);
        return null;
      }
    }));
    // In the callers' order, so that of two documents with one key the first one asked for wins.
    const valid = checked.filter((c) => c !== null);
    const [only] = valid;
    if (!only) return;
    try {
      if (valid.length === 1) await model.collection.insertOne(only.raw as never);
      else await model.collection.insertMany(valid.map((v) => v.raw) as never[], { ordered: false });
      for (const v of valid) v.waiting.resolve('inserted');
    } catch (error) {
      if (valid.length === 1 && isDuplicateKeyError(error)) {
        only.waiting.resolve('duplicate');
        return;
      }
      const writeErrors = writeErrorsOf(error);
      if (!writeErrors) {
        // The call itself failed (the store away, a time limit): no document knows its fate, each caller sees the
        // error as it would for its own insert, and its retry meets the unique index if the insert did happen.
        for (const v of valid) v.waiting.reject(error);
        return;
      }
      const failed = new Map(writeErrors.map((e) => [e.index, e]));
      valid.forEach((v, index) => {
        const writeError = failed.get(index);
        if (!writeError) v.waiting.resolve('inserted');
        else if (codeOf(writeError) === 11000) v.waiting.resolve('duplicate');
        else v.waiting.reject(error);
      });
    }
  }

  const member: LaneMember = {
    take() {
      const group = waiting.slice(0, maxBatch);
      waiting = waiting.slice(maxBatch);
      return group;
    },
    get waiting() {
      return waiting.length;
    },
    send,
  };

  function ready(): void {
    scheduled = false;
    lane.request(member);
  }

  return {
    insert(doc) {
      return new Promise<InsertOutcome>((resolve, reject) => {
        waiting.push({ doc, resolve, reject });
        if (waiting.length >= maxBatch) {
          lane.request(member);
          return;
        }
        if (scheduled) return;
        scheduled = true;
        const windowMs = options.windowMs ?? processWindowMs;
        if (windowMs > 0) setTimeout(ready, windowMs);
        else setImmediate(ready);
      });
    },
  };
}

let processWindowMs = 0;

/**
 * How long the first document of a group waits for others in this process, where an inserter names no window of its
 * own. A worker waits a couple of milliseconds, so the jobs it runs at once share their inserts (their requests do not
 * arrive in one turn of the event loop as an API's do); an API waits for nothing. Set by the composition root.
 */
export function setGroupCommitWindow(ms: number): void {
  processWindowMs = Math.max(0, ms);
}

const inserters = new WeakMap<object, GroupInserter<unknown>>();

/**
 * Inserts `doc` through its model's group inserter (one per model, so per connection): the hot-path writes use
 * this instead of `Model.create`, and a duplicate key comes back as 'duplicate' instead of an error.
 */
export function groupInsert<T>(model: Model<T>, doc: T): Promise<InsertOutcome> {
  let inserter = inserters.get(model) as GroupInserter<T> | undefined;
  if (!inserter) {
    inserter = createGroupInserter(model);
    inserters.set(model, inserter);
  }
  return inserter.insert(doc);
}
