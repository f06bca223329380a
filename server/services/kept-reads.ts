// Reads kept in a process's memory for a moment, for hot paths that would otherwise read the same document by `_id`
// on every request. Whoever changes the data tells every process to forget (the change feed); the age limit covers
// a notice that never arrived. A read that began before a forget may hold what changed, and is not kept.

export interface KeptReadsOptions<V> {
  /** The longest a value read is answered from memory. */
  readonly ttlMs: number;
  /** Values kept at most; the oldest read goes first. */
  readonly max: number;
  /** Whether a value read is kept (default: all); one not kept is read again next time. */
  readonly keep?: (value: V) => boolean;
}

export interface KeptReads<V> {
  /** The value, from memory when read less than `ttlMs` ago; concurrent reads of one key share one read. */
  get(key: string): Promise<V>;
  /** Forgets one key's value, or every value `which` picks, or all of them. */
  forget(which?: string | ((value: V) => boolean)): void;
}

export function keptReads<V>(read: (key: string) => Promise<V>, options: KeptReadsOptions<V>): KeptReads<V> {
  const kept = new Map<string, { readonly value: V; readonly readAt: number }>();
  const reading = new Map<string, Promise<V>>();
  /** Moves on every forget: a read that began before one is answered but not kept. */
  let forgets = 0;

  function readAndKeep(key: string): Promise<V> {
    const before = forgets;
    const done = () => { if (reading.get(key) === promise) reading.delete(key); };
    const promise = read(key).then((value) => {
      done();
      if (forgets === before && (options.keep?.(value) ?? true)) {
        kept.delete(key);
        kept.set(key, { value, readAt: performance.now() });
        if (kept.size > options.max) kept.delete(kept.keys().next().value ?? key);
      }
      return value;
    }, (error: unknown) => {
      done();
      throw error;
    });
    reading.set(key, promise);
    return promise;
  }

  return {
    get(key) {
      const hit = kept.get(key);
      if (hit && performance.now() - hit.readAt < options.ttlMs) return Promise.resolve(hit.value);
      return reading.get(key) ?? readAndKeep(key);
    },
    forget(which) {
      forgets += 1;
      if (which === undefined) {
        kept.clear();
        reading.clear();
      } else if (typeof which === 'string') {
        kept.delete(which);
        reading.delete(which);
      } else {
        for (const [key, { value }] of kept) if (which(value)) kept.delete(key);
        reading.clear();
      }
    },
  };
}
