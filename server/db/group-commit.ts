import type { Model } from 'mongoose';
import { isDuplicateKeyError } from './connection.js';

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

export function createGroupInserter<T>(model: Model<T>, options: GroupCommitOptions = {}): GroupInserter<T> {
  const maxBatch = options.maxBatch ?? 256;
  let waiting: Waiting<T>[] = [];
  let scheduled = false;

  async function send(group: readonly Waiting<T>[]): Promise<void> {
    options.onFlush?.(group.length);
    const [only] = group;
    if (only && group.length === 1) {
      // One document: a plain insert, with the store's own error for it.
      try {
        await model.create(only.doc);
        only.resolve('inserted');
      } catch (error) {
        if (isDuplicateKeyError(error)) only.resolve('duplicate');
        else only.reject(error);
      }
      return;
    }
    // Cast and validate each document as a single insert would (defaults, types, required fields): a document the
    // schema refuses fails alone, before the store is asked.
    const checked = await Promise.all(group.map(async (w) => {
      const document = new model(w.doc);
      try {
        await document.validate();
        return { waiting: w, raw: document.toBSON() };
      } catch (invalid) {
        w.reject(invalid);
        return null;
      }
    }));
    // In the callers' order, so that of two documents with one key the first one asked for wins.
    const valid = checked.filter((c) => c !== null);
    if (valid.length === 0) return;
    try {
      await model.collection.insertMany(valid.map((v) => v.raw) as never[], { ordered: false });
      for (const v of valid) v.waiting.resolve('inserted');
    } catch (error) {
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

  function flush(): void {
    scheduled = false;
    while (waiting.length > 0) {
      const group = waiting.slice(0, maxBatch);
      waiting = waiting.slice(maxBatch);
      void send(group);
    }
  }

  return {
    insert(doc) {
      return new Promise<InsertOutcome>((resolve, reject) => {
        waiting.push({ doc, resolve, reject });
        if (waiting.length >= maxBatch) {
          flush();
          return;
        }
        if (scheduled) return;
        scheduled = true;
        const windowMs = options.windowMs ?? processWindowMs;
        if (windowMs > 0) setTimeout(flush, windowMs);
        else setImmediate(flush);
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
