import type { Types } from 'mongoose';
import { DUPLICATE, insertOnce } from '../db/claim.js';
import type { PlatformRulesModel } from '../db/models/platform-rules.js';
import { fail, succeed, type Outcome, type UserError } from '../domain/user-error.js';

/** A platform's versioned rule set: the defaults (version 0) until it sets its own, then its newest version. */
export interface VersionedRules<R, I> {
  current(platformId: Types.ObjectId): Promise<R>;
  /** Validates the whole set and stores it as the next version; the same rules as the current ones add nothing. */
  set(platformId: Types.ObjectId, input: I): Promise<Outcome<R>>;
}

type Parse<R, I> = (input: I, version: number) => { rules: R; errors: [] } | { rules: null; errors: UserError[] };

const sameRules = <R extends { version: number }>(a: R, b: R) =>
  JSON.stringify({ ...a, version: 0 }) === JSON.stringify({ ...b, version: 0 });

/** The store side of a rule set, bound to its concrete model (mongoose's types do not survive a generic here). */
export interface RulesStore<R> {
  latest(platformId: Types.ObjectId): Promise<R | null>;
  insert(platformId: Types.ObjectId, rules: R): Promise<void>;
}

export function rulesStore<R extends { version: number }>(typed: PlatformRulesModel<R>, now: () => Date = () => new Date()): RulesStore<R> {
  // mongoose cannot resolve its query types over an unresolved R; the rules are opaque data to this store.
  const model = typed as unknown as PlatformRulesModel<object>;
  return {
    async latest(platformId) {
      const found = await model.find({ platformId }).sort({ version: -1 }).limit(1).lean();
      return (found[0]?.rules as R | undefined) ?? null;
    },
    async insert(platformId, rules) {
      await model.create({ platformId, version: rules.version, rules, createdAt: now() });
    },
  };
}

export function createVersionedRules<R extends { version: number }, I>(store: RulesStore<R>, defaults: R, parse: Parse<R, I>, announceChange: () => Promise<void> = () => Promise.resolve()): VersionedRules<R, I> {
  async function current(platformId: Types.ObjectId): Promise<R> {
    return (await store.latest(platformId)) ?? defaults;
  }
  return {
    current,
    async set(platformId, input) {
      for (;;) {
        const head = await current(platformId);
        const parsed = parse(input, head.version + 1);
        if (!parsed.rules) return fail(...parsed.errors);
        if (head.version > 0 && sameRules(head, parsed.rules)) return succeed(head);
        // Another request may take this version number first: then read the new head and try again.
        if ((await insertOnce(store.insert(platformId, parsed.rules))) !== DUPLICATE) {
          await announceChange();
          return succeed(parsed.rules);
        }
      }
    },
  };
}
