import { Types, type Schema } from 'mongoose';

// The document Mongoose would insert, made without building a Mongoose document. Group inserts (group-commit.ts)
// used `new Model(doc)`, `validate()` and `toBSON()` per document: about 90-105 µs of CPU for a ledger entry, for
// documents our own code built with the right types. For a schema of flat paths (strings, numbers, dates, object ids,
// booleans, mixed values) with no validator but `required` and `enum` and no setter, the caster checks that each value
// already has its path's type and copies it, applying the path's default where the value is undefined, in the
// schema's order. Anything it cannot vouch for (a value Mongoose would cast or refuse, a mixed value Mongoose would
// reshape) answers null, and the caller takes Mongoose's path, which casts it or explains the refusal.
// test/unit/plain-cast.test.ts checks, model by model, that both paths give the same BSON bytes.

export type PlainCaster = (doc: Readonly<Record<string, unknown>>) => Record<string, unknown> | null;

interface PathRule {
  readonly name: string;
  readonly accepts: (value: unknown) => boolean;
  readonly required: boolean;
  readonly defaultValue: (() => unknown) | undefined;
  /** Mongoose applies a function default after the given values (unless marked to run before), so it comes last. */
  readonly lateDefault: boolean;
  readonly enumValues: ReadonlySet<unknown> | null;
}

/** Mongoose's `clone` skips these keys, so a mixed value holding one is left to Mongoose. */
const SPECIAL_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

const isPlainObject = (value: object): boolean => {
  const prototype = Object.getPrototypeOf(value) as unknown;
  return prototype === Object.prototype || prototype === null;
};

/**
 * A mixed value that Mongoose's `toBSON` would copy unchanged: JSON-like values, dates and object ids. It drops
 * undefined members and empty objects outside arrays (the schema's default `minimize`), so a value holding either is
 * not one.
 */
function keptAsIs(value: unknown, inArray: boolean): boolean {
  if (value === null || typeof value === 'string' || typeof value === 'boolean' || typeof value === 'number') return true;
  if (typeof value !== 'object') return false;
  if (value instanceof Date) return !Number.isNaN(value.getTime());
  if (value instanceof Types.ObjectId) return true;
  if (Array.isArray(value)) return value.every((item) => item !== undefined && keptAsIs(item, true));
  if (!isPlainObject(value)) return false;
  const keys = Object.keys(value);
  if (keys.length === 0) return inArray;
  return keys.every((key) => {
    const member = (value as Record<string, unknown>)[key];
    return !SPECIAL_KEYS.has(key) && member !== undefined && keptAsIs(member, false);
  });
}

const ACCEPTS: Readonly<Record<string, (value: unknown) => boolean>> = {
  String: (value) => typeof value === 'string',
  Number: (value) => typeof value === 'number' && !Number.isNaN(value),
  Boolean: (value) => typeof value === 'boolean',
  Date: (value) => value instanceof Date && !Number.isNaN(value.getTime()),
  ObjectId: (value) => value instanceof Types.ObjectId,
  Mixed: (value) => keptAsIs(value, false),
};

/** What Mongoose keeps of a schema path, as far as this module reads it. */
interface PathLike {
  readonly instance: string;
  readonly isRequired?: boolean;
  readonly validators: readonly { readonly type?: string }[];
  readonly setters: readonly unknown[];
  readonly defaultValue?: unknown;
  readonly enumValues?: readonly unknown[];
  readonly options?: { readonly auto?: boolean };
}

function ruleOf(name: string, path: PathLike): PathRule | null {
  const accepts = ACCEPTS[path.instance];
  // An automatic `_id` has one setter, which only makes an id where none is given, as its default does here.
  const setters = path.instance === 'ObjectId' && path.options?.auto === true ? path.setters.length - 1 : path.setters.length;
  if (!accepts || name.includes('.') || setters > 0) return null;
  if (!path.validators.every((v) => v.type === 'required' || v.type === 'enum')) return null;
  const { defaultValue } = path;
  // An object default would be shared between documents; Mongoose keeps `default: []` as the function `Array`.
  if (defaultValue !== null && typeof defaultValue === 'object') return null;
  return {
    name,
    accepts,
    required: path.isRequired === true,
    // A function default (an auto _id, `Array`) is called for each document, as Mongoose does.
    defaultValue: defaultValue === undefined
      ? undefined
      : typeof defaultValue === 'function' ? defaultValue as () => unknown : () => defaultValue,
    lateDefault: typeof defaultValue === 'function' && (defaultValue as { $runBeforeSetters?: boolean }).$runBeforeSetters !== true,
    enumValues: path.enumValues && path.enumValues.length > 0 ? new Set(path.enumValues) : null,
  };
}

/** How many `pre('validate')` hooks the schema has (they would run in `validate()`, which the caster replaces). */
function validateHooksOf(schema: Schema): number {
  const hooks = (schema as unknown as { s?: { hooks?: { _pres?: Map<string, unknown[]> } } }).s?.hooks?._pres;
  // Hooks kept where this module does not know to look: trust none.
  if (!(hooks instanceof Map)) return Number.POSITIVE_INFINITY;
  return hooks.get('validate')?.length ?? 0;
}

/** The caster of `schema`'s documents; null when its paths are not all of the kinds above. */
export function compilePlainCaster(schema: Schema): PlainCaster | null {
  if (schema.get('strict') !== true || schema.get('minimize') === false || validateHooksOf(schema) > 0) return null;
  const rules: PathRule[] = [];
  for (const [name, path] of Object.entries(schema.paths)) {
    const rule = ruleOf(name, path as unknown as PathLike);
    if (!rule) return null;
    rules.push(rule);
  }
  return (doc) => {
    const raw: Record<string, unknown> = {};
    const late: [string, unknown][] = [];
    for (const rule of rules) {
      let value = doc[rule.name];
      if (value === undefined && rule.defaultValue) {
        value = rule.defaultValue();
        if (rule.lateDefault && value !== undefined && value !== null && rule.accepts(value)) {
          late.push([rule.name, value]);
          continue;
        }
      }
      if (value === undefined || value === null) {
        if (rule.required) return null;
        if (value === null) raw[rule.name] = null;
        continue;
      }
      if (!rule.accepts(value) || (rule.enumValues && !rule.enumValues.has(value))) return null;
      // Mongoose's `required` refuses an empty string.
      if (rule.required && value === '') return null;
      raw[rule.name] = value;
    }
    for (const [name, value] of late) raw[name] = value;
    return raw;
  };
}
