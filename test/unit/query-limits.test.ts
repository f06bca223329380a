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
