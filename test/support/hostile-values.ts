// fast-check arbitraries for what a hostile or careless client sends a GraphQL API: values of the wrong type, huge
// and negative numbers, NaN-like strings, deep nesting, odd unicode, very long strings, nulls, NoSQL operators;
// values of the right type built from the schema, so requests also get past validation into the resolvers; broken
// documents; and request bodies that are not GraphQL requests at all.
import fc from 'fast-check';
import {
  getNamedType,
  isEnumType,
  isInputObjectType,
  isListType,
  isNonNullType,
  isScalarType,
  type GraphQLInputType,
} from 'graphql';

/** Real values of the seeded data (ids, serials, refs, periods), so that some calls find something. */
export type Pools = Readonly<Record<'ids' | 'strings', readonly string[]>>;

const nested = (depth: number, leaf: unknown, asArray: boolean): unknown => {
  let value = leaf;
  for (let i = 0; i < depth; i += 1) value = asArray ? [value] : { a: value };
  return value;
};

const TRICKY_STRINGS = [
  '', ' ', '\u0000', '\t\n\r', 'NaN', 'Infinity', '-Infinity', '1e999', '-0', '0x1F', ' 42 ', '4.2', 'null', 'undefined', 'true',
  '[]', '{}', '{"$gt":""}', '$where', '$ne', 'sleep(1000)', '.*', '^', '../../etc/passwd', '%00', '%n%s', '<script>alert(1)</script>',
  "' OR '1'='1", '\u202eevil', '\uFEFF', '\uD800', '\uDFFF', '𝕏𝕐ℤ', 'ﷺ', 'e\u0301', '👩‍👩‍👧‍👦', 'Ǳ', 'İ', 'ß', '2026', '2026-H1', '2026-Q3',
  '2026-13', '0000-00', '9999-12', '2026-02-30', '1970-01-01T00:00:00Z', 'glk_0000000000000000_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA',
  '000000000000000000000000', 'ffffffffffffffffffffffff', 'ZmZmZmZmZmZmZmZmZmZmZmZm', 'c2VxOjE', 'c2VxOjk5OTk5OTk5OTk5OTk5OTk5OTk5', '__proto__', 'constructor',
  'a@b', 'x@example.com', 'x@example.com\r\nBcc: y@example.com', '=HYPERLINK("http://x")', '+SUM(1,2)',
];

const HUGE_NUMBERS = [2 ** 31, -(2 ** 31) - 1, 2 ** 53, 2 ** 53 + 2, -(2 ** 53), 1e21, 1e308, -1e308, 5e-324, -0, 0.5, -0.5, 1.0000001, 2 ** 31 - 1, -(2 ** 31)];

/** A string somebody might send, from empty to very long, plain to pathological. */
export const hostileString: fc.Arbitrary<string> = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom(...TRICKY_STRINGS) },
  { weight: 2, arbitrary: fc.string({ maxLength: 40 }) },
  { weight: 2, arbitrary: fc.string({ unit: 'grapheme', maxLength: 40 }) },
  { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 40 }) },
  { weight: 1, arbitrary: fc.tuple(fc.constantFrom('x', 'é', '𝕏', '\u0000', 'ab '), fc.integer({ min: 200, max: 20_000 })).map(([s, n]) => s.repeat(n)) },
);

/** Any JSON value of the wrong kind, from null to a structure thousands of levels deep. */
export const hostileValue: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 3, arbitrary: fc.constant(null) },
  { weight: 3, arbitrary: hostileString },
  { weight: 2, arbitrary: fc.constantFrom(...HUGE_NUMBERS) },
  { weight: 2, arbitrary: fc.integer() },
  { weight: 1, arbitrary: fc.double({ noNaN: true, noDefaultInfinity: true }) },
  { weight: 1, arbitrary: fc.boolean() },
  { weight: 1, arbitrary: fc.constantFrom({ $gt: '' }, { $ne: null }, { $where: 'sleep(100)' }, { $regex: '.*' }, JSON.parse('{"__proto__": {"admin": true}}') as unknown, { constructor: { prototype: {} } }) },
  { weight: 1, arbitrary: fc.jsonValue({ maxDepth: 3 }) },
  { weight: 1, arbitrary: fc.tuple(fc.integer({ min: 20, max: 2500 }), fc.boolean()).map(([depth, asArray]) => nested(depth, 1, asArray)) },
  { weight: 1, arbitrary: fc.integer({ min: 100, max: 20_000 }).map((n) => Array.from({ length: n }, (_, i) => i)) },
);

const realOr = (pool: readonly string[], other: fc.Arbitrary<string>): fc.Arbitrary<string> =>
  pool.length > 0 ? fc.oneof({ weight: 2, arbitrary: fc.constantFrom(...pool) }, { weight: 3, arbitrary: other }) : other;

function scalarValue(name: string, pools: Pools): fc.Arbitrary<unknown> {
  switch (name) {
    case 'Int': return fc.oneof(fc.integer({ min: -(2 ** 31), max: 2 ** 31 - 1 }), fc.integer({ min: -5, max: 200 }), fc.constantFrom(0, 1, 100, 101, 1000, 1001, 100_000, 1_000_000, 2 ** 31 - 1, -(2 ** 31)));
    case 'Float': return fc.oneof(fc.double({ noNaN: true, noDefaultInfinity: true, min: -1e12, max: 1e12 }), fc.constantFrom(0, -0, 0.5, 1e-9, 100, 1e308, -1e308));
    case 'Boolean': return fc.boolean();
    case 'ID': return realOr(pools.ids, hostileString);
    case 'DateTime': return fc.oneof(fc.date({ noInvalidDate: true }).map((d) => d.toISOString()), fc.constantFrom('2026-02-30T00:00:00Z', 'yesterday', '2026-11-29', '+275760-09-13T00:00:00.000Z', '0'));
    default: return realOr(pools.strings, hostileString);
  }
}

/**
 * A value for an input type: mostly of the right shape (so that requests reach the resolvers and services), with
 * hostile values mixed in at every level.
 */
export function inputValue(type: GraphQLInputType, pools: Pools, hostileWeight = 1): fc.Arbitrary<unknown> {
  const hostile = { weight: hostileWeight, arbitrary: hostileValue };
  if (isNonNullType(type)) return fc.oneof({ weight: 6, arbitrary: inputValue(type.ofType, pools, hostileWeight).filter((v) => v !== null) }, hostile);
  if (isListType(type)) {
    const item = inputValue(type.ofType, pools, hostileWeight);
    // A long list repeats one small item: long lists of long values would only test the body limit, again and again.
    const long = fc.tuple(item, fc.integer({ min: 900, max: 1100 })).map(([v, n]) => Array<unknown>(n).fill(v === undefined || JSON.stringify(v).length <= 200 ? v : null));
    return fc.oneof({ weight: 6, arbitrary: fc.array(item, { maxLength: 4 }) }, { weight: 1, arbitrary: long }, hostile);
  }
  const named = getNamedType(type);
  if (isEnumType(named)) return fc.oneof({ weight: 6, arbitrary: fc.constantFrom(...named.getValues().map((v) => v.name)) }, hostile);
  if (isInputObjectType(named)) {
    const fields = Object.values(named.getFields());
    const shape = Object.fromEntries(fields.map((f) => [f.name, inputValue(f.type, pools, hostileWeight)]));
    const required = fields.filter((f) => isNonNullType(f.type)).map((f) => f.name);
    return fc.oneof({ weight: 6, arbitrary: fc.record(shape, { requiredKeys: required }) }, hostile);
  }
  if (isScalarType(named)) return fc.oneof({ weight: 6, arbitrary: scalarValue(named.name, pools) }, hostile);
  return hostileValue;
}

const TOKENS = [
  '{', '}', '(', ')', '[', ']', ':', '!', '$', '$input', '...', '@', '@skip(if: true)', '@include', '=', '|', '&', '#', '"', '"""', '\\u0000',
  'query', 'mutation', 'subscription', 'fragment', 'on', 'Query', 'Mutation', '__typename', '__schema', '__type(name: "Query")', 'null', 'true',
  '1', '-1', '1e999', '0x1', 'input', 'first', 'id', 'nodes', 'edges', 'userErrors', 'code', '\n', ' ', ',',
];

/** Text that may or may not be a GraphQL document: characters, tokens, or pieces of real documents. */
export function documentText(fieldNames: readonly string[], validDocuments: readonly string[]): fc.Arbitrary<string> {
  const token = fc.oneof(fc.constantFrom(...TOKENS), fc.constantFrom(...fieldNames));
  return fc.oneof(
    fc.string({ maxLength: 200 }),
    fc.string({ unit: 'grapheme', maxLength: 100 }),
    fc.array(token, { maxLength: 60 }).map((ts) => ts.join(' ')),
    mutatedDocument(validDocuments),
  );
}

/** A valid document, damaged: characters deleted, tokens inserted, a piece duplicated, truncated. */
export function mutatedDocument(validDocuments: readonly string[]): fc.Arbitrary<string> {
  const edit = fc.tuple(fc.constantFrom('delete', 'insert', 'duplicate', 'truncate', 'swap'), fc.nat(), fc.nat({ max: 20 }), fc.constantFrom(...TOKENS));
  return fc.tuple(fc.constantFrom(...validDocuments), fc.array(edit, { minLength: 1, maxLength: 4 })).map(([document, edits]) =>
    edits.reduce((text, [kind, at, length, token]) => {
      const i = text.length === 0 ? 0 : at % text.length;
      switch (kind) {
        case 'delete': return text.slice(0, i) + text.slice(i + length + 1);
        case 'insert': return `${text.slice(0, i)} ${token} ${text.slice(i)}`;
        case 'duplicate': return text.slice(0, i + length) + text.slice(i);
        case 'truncate': return text.slice(0, i);
        case 'swap': return text.slice(i) + text.slice(0, i);
      }
    }, document));
}

/** Documents that are valid GraphQL but ask for trouble: many aliases, deep nesting, fragment cycles, introspection loops. */
export function abusiveDocument(): fc.Arbitrary<string> {
  return fc.oneof(
    fc.integer({ min: 2, max: 200 }).map((n) => `{ ${Array.from({ length: n }, (_, i) => `a${String(i)}: standard { version }`).join(' ')} }`),
    fc.integer({ min: 2, max: 60 }).map((n) => `{ ${'packagingTypes(first: 100) { nodes { producer { apiKeys(first: 100) { nodes { id } } } } } '.repeat(n).trim()} }`),
    fc.integer({ min: 5, max: 400 }).map((n) => `{ __schema { types { ${'fields { type { ofType { '.repeat(n)}name${' } } }'.repeat(n)} } } }`),
    fc.integer({ min: 5, max: 400 }).map((n) => `{ ${'__type(name: "Query") { fields { type { '.repeat(n)}name${' } } }'.repeat(n)} }`),
    fc.constant('query { ...A } fragment A on Query { ...B } fragment B on Query { ...A }'),
    fc.constant('query A { viewer { id } } query A { viewer { id } }'),
    fc.constant('query { viewer { id } } mutation { createOrganization(input: {name: "x", kind: PRODUCER}) { apiKey } }'),
    fc.integer({ min: 100, max: 5000 }).map((n) => `{ viewer { id ${'@skip(if: false) '.repeat(n)} } }`),
    fc.integer({ min: 100, max: 20_000 }).map((n) => `{ ${'('.repeat(n)} }`),
    fc.constant('subscription { viewer { id } }'),
  );
}

/** A request body that is not a proper GraphQL request: not JSON, the wrong JSON, or a GraphQL request gone odd. */
export function malformedBody(documents: fc.Arbitrary<string>): fc.Arbitrary<{ body: string; contentType: string }> {
  const json = (value: unknown) => ({ body: JSON.stringify(value), contentType: 'application/json' });
  return fc.oneof(
    fc.string({ maxLength: 200 }).map((body) => ({ body, contentType: 'application/json' })),
    fc.constantFrom('{', '{"query": ', '[', 'null', '""', '0', '{"query": "{ viewer { id } }"', '\u0000', '{"query": "\\ud800"}').map((body) => ({ body, contentType: 'application/json' })),
    fc.jsonValue({ maxDepth: 3 }).map(json),
    fc.record({ query: hostileValue, variables: hostileValue }, { requiredKeys: [] }).map(json),
    fc.tuple(documents, hostileValue).map(([query, variables]) => json({ query, variables })),
    fc.tuple(documents, hostileString).map(([query, operationName]) => json({ query, operationName })),
    fc.array(documents.map((query) => ({ query })), { minLength: 1, maxLength: 5 }).map(json),
    fc.tuple(documents, fc.string({ maxLength: 70 })).map(([query, sha256Hash]) => json({ query, extensions: { persistedQuery: { version: 1, sha256Hash } } })),
    fc.string({ maxLength: 70 }).map((sha256Hash) => json({ extensions: { persistedQuery: { version: 1, sha256Hash } } })),
    fc.integer({ min: 1000, max: 200_000 }).map((n) => ({ body: `${'['.repeat(n)}${']'.repeat(n)}`, contentType: 'application/json' })),
    fc.integer({ min: 1000, max: 100_000 }).map((n) => ({ body: `{"query": "{ viewer { id } }", "variables": ${'{"a":'.repeat(n)}1${'}'.repeat(n)}}`, contentType: 'application/json' })),
    documents.map((query) => ({ body: JSON.stringify({ query }), contentType: 'text/plain' })),
    documents.map((query) => ({ body: query, contentType: 'application/graphql' })),
    documents.map((query) => ({ body: new URLSearchParams({ query }).toString(), contentType: 'application/x-www-form-urlencoded' })),
  );
}
