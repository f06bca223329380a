import { expect } from 'chai';
import { Kind, buildSchema, getIntrospectionQuery, parse, specifiedRules, validate, type GraphQLSchema, type OperationDefinitionNode } from 'graphql';
import { FIELD_WEIGHTS, LIST_SIZE_UNSIZED, QUERY_LIMITS, TOTAL_COUNT_WEIGHT, fragmentsOf, limitErrors, measureOperation, queryLimitsRule } from '../../graphql/limits.js';
import { PAGE_SIZE_DEFAULT, PAGE_SIZE_MAX } from '../../graphql/pagination.js';
import { typeDefs } from '../../graphql/schema/index.js';

// A small schema with the shapes that matter: a connection with `first`, a plain list, a list with `first`, a cycle.
const schema = buildSchema(/* GraphQL */ `
  type Query { shop: Shop products(first: Int, after: String): ProductConnection! tags(first: Int): [String!]! }
  type Shop { name: String! owner: Person! }
  type Person { name: String! friends: [Person!]! shop: Shop }
  type ProductConnection { totalCount: Int! edges: [ProductEdge!]! nodes: [Product!]! }
  type ProductEdge { cursor: String! node: Product! }
  type Product { id: ID! name: String! options: [Option!]! maker: Person! }
  type Option { id: ID! price: Int! }
`);
const apiSchema = buildSchema(typeDefs.join('\n'));

function measure(query: string, variables?: Record<string, unknown>, against: GraphQLSchema = schema) {
  const document = parse(query);
  const operation = document.definitions.find((d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION);
  if (!operation) throw new Error('no operation');
  return measureOperation(against, operation, fragmentsOf(document), variables);
}

function limitCodes(query: string, against: GraphQLSchema = schema, limits = QUERY_LIMITS): unknown[] {
  return validate(against, parse(query), [...specifiedRules, queryLimitsRule(limits)]).map((e) => e.extensions.code);
}

describe('query limits: measuring', () => {
  it('counts one per field, and the depth of the deepest path', () => {
    expect(measure('{ shop { name owner { name } } }')).to.include({ cost: 4, depth: 3 });
  });

  it('multiplies what is inside a connection by its literal `first`', () => {
    // products 1 + totalCount (a count of the whole list) + nodes 1 + 7 nodes x (id, name)
    expect(measure('{ products(first: 7) { totalCount nodes { id name } } }').cost).to.equal(1 + TOTAL_COUNT_WEIGHT + 1 + 7 * 2);
  });

  it('weighs the fields whose work grows with the data: rankings and green impact sum a whole period', () => {
    const ranking = FIELD_WEIGHTS['Query.rankings'] ?? 0;
    expect(ranking).to.be.greaterThan(1);
    expect(FIELD_WEIGHTS['Query.greenImpact'] ?? 0).to.be.greaterThan(1);
    // rankings (its weight), then 20 rows (the default `first`) of rank and score
    expect(measure('{ rankings(kind: PRODUCER, period: "2026") { rank score } }', undefined, apiSchema).cost).to.equal(ranking + PAGE_SIZE_DEFAULT * 2);
    // Thirty rankings in one document cost what thirty requests would.
    const many = Array.from({ length: 30 }, (_, i) => `r${String(i)}: rankings(kind: PLATFORM, period: "2026", first: 1) { rank }`).join(' ');
    expect(measure(`{ ${many} }`, undefined, apiSchema).cost).to.equal(30 * (ranking + 1));
  });

  it('sizes a connection without `first` as the default page', () => {
    expect(measure('{ products { nodes { id } } }').cost).to.equal(2 + PAGE_SIZE_DEFAULT);
  });

  it('clamps `first` to the page cap, leaving the resolver to refuse what is out of range', () => {
    expect(measure('{ products(first: 1000000) { nodes { id } } }').cost).to.equal(2 + PAGE_SIZE_MAX);
  });

  it('sizes a variable `first` by its value when known, else its default, else the page cap', () => {
    const query = 'query Q($n: Int) { products(first: $n) { nodes { id } } }';
    expect(measure(query, { n: 5 }).cost).to.equal(2 + 5);
    expect(measure(query).cost).to.equal(2 + PAGE_SIZE_MAX);
    expect(measure('query Q($n: Int = 3) { products(first: $n) { nodes { id } } }').cost).to.equal(2 + 3);
  });

  it('multiplies nested lists: a list without a size counts LIST_SIZE_UNSIZED', () => {
    // products 1, nodes 1, 10 x (options 1 + 10 x price 1)
    expect(measure('{ products(first: 10) { nodes { options { price } } } }').cost).to.equal(2 + 10 * (1 + LIST_SIZE_UNSIZED));
    expect(measure('{ shop { owner { friends { friends { name } } } } }').cost).to.equal(3 + LIST_SIZE_UNSIZED * (1 + LIST_SIZE_UNSIZED));
  });

  it('sizes a list field with its own `first` (a plain list, not a connection)', () => {
    expect(measure('{ tags(first: 4) }').cost).to.equal(1);
    expect(measure('{ products(first: 2) { edges { node { maker { name } } } } }').cost).to.equal(2 + 2 * 3);
  });

  it('expands fragments (named and inline) where they are spread', () => {
    const query = `{ products(first: 3) { nodes { ...P } } shop { ... on Shop { name } } }
      fragment P on Product { id maker { name } }`;
    expect(measure(query)).to.include({ cost: 2 + 3 * 3 + 2, depth: 4 });
  });

  it('survives a fragment cycle (the standard rules report it)', () => {
    const query = '{ shop { ...A } } fragment A on Shop { owner { shop { ...A } } }';
    expect(() => measure(query)).not.to.throw();
    const errors = validate(schema, parse(query), [...specifiedRules, queryLimitsRule()]);
    expect(errors.map((e) => e.message)).to.deep.equal(['Cannot spread fragment "A" within itself.']);
  });

  it('counts aliases, fragments included', () => {
    expect(measure('{ a: shop { name } b: shop { n: name } ...F } fragment F on Query { c: shop { name } }').aliases).to.equal(4);
  });

  it('leaves introspection out of depth and cost but counts how often it follows types to their fields', () => {
    const standard = measure(getIntrospectionQuery(), undefined, apiSchema);
    expect(standard).to.include({ cost: 0, depth: 0, introspectionNesting: 1 });
    const nested = measure('{ __schema { types { fields { type { fields { type { name } } } } } } }', undefined, apiSchema);
    expect(nested.introspectionNesting).to.equal(2);
  });
});

// A page (a connection) holding a list with its own `first`, a list without one, and a non-list object; an interface.
const pagedSchema = buildSchema(/* GraphQL */ `
  type Query { page(first: Int): Page node: Node }
  type Page { items(first: Int): [Item!]! rest: [Item!]! info: Info! }
  type Info { items: [Item!]! }
  interface Node { id: ID! }
  type Item implements Node { id: ID! }
`);

describe('query limits: measuring, branch by branch', () => {
  it('counts `__typename` as one field resolved per row, one level deep', () => {
    // products 1, __typename 1, nodes 1, 3 nodes x __typename
    expect(measure('{ products(first: 3) { __typename nodes { __typename } } }')).to.include({ cost: 6, depth: 3 });
  });

  it('sizes a literal `first` of null as the default page, a negative one as none, and any other literal as the cap', () => {
    expect(measure('{ products(first: null) { nodes { id } } }').cost).to.equal(2 + PAGE_SIZE_DEFAULT);
    expect(measure('{ products(first: -5) { nodes { id } } }').cost).to.equal(2);
    expect(measure('{ products(first: "7") { nodes { id } } }').cost).to.equal(2 + PAGE_SIZE_MAX);
    expect(measure('{ products(first: 2.5) { nodes { id } } }').cost).to.equal(2 + PAGE_SIZE_MAX);
  });

  it('sizes a variable `first` given as null as the default page, as a non-number as the cap, and clamps a number', () => {
    const query = 'query Q($n: Int = 3) { products(first: $n) { nodes { id } } }';
    expect(measure(query, { n: null }).cost).to.equal(2 + PAGE_SIZE_DEFAULT);
    expect(measure(query, { n: '5' }).cost).to.equal(2 + PAGE_SIZE_MAX);
    expect(measure(query, { n: 500 }).cost).to.equal(2 + PAGE_SIZE_MAX);
    expect(measure(query, { n: -1 }).cost).to.equal(2);
    expect(measure(query, { n: 4 }).cost, 'a given value wins over the default').to.equal(2 + 4);
    expect(measure(query, {}).cost, 'a variable the request leaves out counts its default').to.equal(2 + 3);
    expect(measure('query Q($n: Int) { products(first: $n) { nodes { id } } }', {}).cost).to.equal(2 + PAGE_SIZE_MAX);
    expect(measure('query Q($n: Int = null) { products(first: $n) { nodes { id } } }').cost).to.equal(2 + PAGE_SIZE_DEFAULT);
  });

  it("applies a connection's size to the lists directly inside it, fragments included, and no deeper", () => {
    const query = `{ products(first: 7) { ...C ... on ProductConnection { edges { cursor } } } }
      fragment C on ProductConnection { nodes { id } }`;
    expect(measure(query).cost).to.equal(1 + (1 + 7) + (1 + 7));
    // products 1, nodes 1, 3 nodes x (options 1 + LIST_SIZE_UNSIZED options x price)
    expect(measure('{ products(first: 3) { nodes { options { price } } } }').cost).to.equal(2 + 3 * (1 + LIST_SIZE_UNSIZED));
  });

  it("sizes a list inside a connection by its own `first` first, and a non-list child's lists as unsized", () => {
    // page 1, items 1 + 2 x id, rest 1 + 5 x id
    expect(measure('{ page(first: 5) { items(first: 2) { id } rest { id } } }', undefined, pagedSchema).cost).to.equal(1 + (1 + 2) + (1 + 5));
    // page 1, info 1, items 1 + LIST_SIZE_UNSIZED x id
    expect(measure('{ page(first: 5) { info { items { id } } } }', undefined, pagedSchema).cost).to.equal(3 + LIST_SIZE_UNSIZED);
  });

  it('measures the fields of an interface, and of a fragment on one of its types', () => {
    expect(measure('{ node { id ... on Item { id } } }', undefined, pagedSchema)).to.include({ cost: 3, depth: 2 });
  });

  it('skips spreads of unknown fragments and fragments on unknown types', () => {
    const query = '{ shop { name ...Missing ... on Nope { x } } ...G } fragment G on Nope { y }';
    expect(measure(query)).to.include({ cost: 2, depth: 2, aliases: 0 });
  });

  it('counts the nesting of unknown fields through inline fragments and named fragments, cutting fragment cycles', () => {
    const query = '{ shop { a { ... on X { b { c } } ...F ...Missing } } } fragment F on Y { d { e { f } } }';
    // shop, a, then F: d { e { f } }
    expect(measure(query)).to.include({ cost: 1, depth: 5 });
    expect(measure('{ shop { a { ...F } } } fragment F on Y { d { ...F } }')).to.include({ cost: 1, depth: 3 });
  });

  it('treats `__schema` below the root as a field the schema does not know', () => {
    expect(measure('{ shop { __schema { types { fields { name } } } } }')).to.include({ cost: 1, depth: 5, introspectionNesting: 0 });
  });

  it('counts aliases inside introspection, `__type` and introspection spread into the root, and only the lists of a __Type', () => {
    expect(measure('{ t: __type(name: "Query") { f: fields { n: name } } }', undefined, apiSchema))
      .to.deep.equal({ cost: 0, depth: 0, aliases: 3, introspectionNesting: 1 });
    expect(measure('{ __type(name: "Query") { fields { type { fields { name } } } } }', undefined, apiSchema).introspectionNesting).to.equal(2);
    const spread = '{ ...I } fragment I on Query { __schema { types { ...T } } } fragment T on __Type { fields { type { ... on __Type { inputFields { name } } } } }';
    expect(measure(spread, undefined, apiSchema)).to.deep.equal({ cost: 0, depth: 0, aliases: 0, introspectionNesting: 2 });
    expect(measure('{ __schema { types { ofType { ofType { name } } } queryType { name } } }', undefined, apiSchema).introspectionNesting).to.equal(0);
    expect(measure('{ __schema { types { ...T } } } fragment T on __Type { fields { type { ...T } } }', undefined, apiSchema).introspectionNesting).to.equal(1);
  });

  it('measures nothing of an operation whose root type the schema lacks', () => {
    expect(measure('subscription { a: shop { name } }')).to.deep.equal({ cost: 0, depth: 0, aliases: 0, introspectionNesting: 0 });
  });
});

describe('query limits: validation rule', () => {
  it('lets the standard introspection query through', () => {
    expect(limitCodes(getIntrospectionQuery(), apiSchema)).to.deep.equal([]);
  });

  it('lets the deepest and widest legitimate queries of the API through', () => {
    const deepest = `{ packagingTypes(first: 100) { totalCount pageInfo { hasNextPage endCursor }
      edges { cursor node { id sku name material format massGrams recycledContentPct recyclableSharePct certifications
        innerDimensions { lengthMm widthMm heightMm }
        classification { packagingClass grade reasons standardVersion }
        producer { id name kind registrationNumber } } } } }`;
    expect(limitCodes(deepest, apiSchema)).to.deep.equal([]);
    const credits = '{ creditAccount(consumerRef: "c") { available pending level { name } entries(first: 100) { edges { node { seq kind amount available pending reason createdAt expiresAt } } } } }';
    expect(limitCodes(credits, apiSchema)).to.deep.equal([]);
  });

  it('refuses a query deeper than the limit with QUERY_TOO_DEEP, its depth and the limit', () => {
    const deep = `{ shop { owner { ${'shop { owner { '.repeat(6)}name${' } }'.repeat(6)} } } }`;
    const errors = validate(schema, parse(deep), [queryLimitsRule()]);
    expect(errors).to.have.length(1);
    expect(errors[0]?.extensions).to.deep.equal({ code: 'QUERY_TOO_DEEP', depth: 15, maxDepth: QUERY_LIMITS.maxDepth });
  });

  it('counts the nesting of fields the schema does not know, so garbage nesting is refused as too deep', () => {
    const garbage = `{ shop { ${'a { '.repeat(20)}b${' }'.repeat(20)} } }`;
    expect(measure(garbage)).to.include({ depth: 22, cost: 1 });
    expect(limitCodes(garbage)).to.include('QUERY_TOO_DEEP');
  });

  it('refuses nested pages that multiply past the cost limit with QUERY_TOO_COMPLEX, the cost and the limit', () => {
    const query = '{ products(first: 100) { nodes { maker { friends { friends { name } } } } } }';
    const expected = 2 + 100 * (1 + 1 + LIST_SIZE_UNSIZED * (1 + LIST_SIZE_UNSIZED));
    const errors = validate(schema, parse(query), [queryLimitsRule()]);
    expect(errors.map((e) => e.extensions)).to.deep.equal([{ code: 'QUERY_TOO_COMPLEX', cost: expected, maxCost: QUERY_LIMITS.maxCost }]);
  });

  it('refuses aliased copies of a page past the cost limit, and too many aliases', () => {
    const copies = Array.from({ length: 31 }, (_, i) => `p${i}: products(first: 100) { nodes { id name maker { name } } }`).join(' ');
    expect(limitCodes(`{ ${copies} }`)).to.have.members(['QUERY_TOO_COMPLEX', 'TOO_MANY_ALIASES']);
  });

  it('refuses introspection that follows types to fields twice on one path', () => {
    expect(limitCodes('{ __schema { types { fields { type { fields { name } } } } } }', apiSchema)).to.deep.equal(['INTROSPECTION_TOO_NESTED']);
  });

  it('measures every operation of a document', () => {
    const tooDeep = `query B { shop { owner { ${'shop { owner { '.repeat(6)}name${' } }'.repeat(6)} } } }`;
    expect(limitCodes(`query A { shop { name } } ${tooDeep}`)).to.deep.equal(['QUERY_TOO_DEEP']);
  });

  it('reports every limit a measure breaks, and none for one within them', () => {
    const within = { depth: 12, cost: 10_000, aliases: 30, introspectionNesting: 1 };
    expect(limitErrors(within, QUERY_LIMITS)).to.deep.equal([]);
    const beyond = { depth: 13, cost: 10_001, aliases: 31, introspectionNesting: 2 };
    expect(limitErrors(beyond, QUERY_LIMITS).map((e) => e.extensions.code)).to.deep.equal(['QUERY_TOO_DEEP', 'QUERY_TOO_COMPLEX', 'TOO_MANY_ALIASES', 'INTROSPECTION_TOO_NESTED']);
  });
});
