import { ApolloServer } from '@apollo/server';
import { expect } from 'chai';
import pino from 'pino';
import { buildContext, type GraphQLContext } from '../../graphql/context.js';
import type { Services } from '../../server/services/index.js';

// Apollo copies each request's context before running it; the copy must not make what the context makes lazily.
describe('a GraphQL request context', () => {
  const typeDefs = 'type Query { plain: String, logged: String, loadersKept: Boolean }';
  const resolvers = {
    Query: {
      plain: () => 'ok',
      logged: (_: unknown, __: unknown, context: GraphQLContext) => {
        context.log.info('asked');
        return 'ok';
      },
      loadersKept: (_: unknown, __: unknown, context: GraphQLContext) => context.loaders === context.loaders,
    },
  };
  const server = new ApolloServer<GraphQLContext>({ typeDefs, resolvers });
  before(() => server.start());
  after(() => server.stop());

  function counted() {
    let made = 0;
    const logger = pino({ enabled: false });
    const context = buildContext({} as Services, null, () => {
      made += 1;
      return logger;
    });
    return { context, made: () => made };
  }

  it('makes no logger for a request whose resolvers log nothing, through Apollo\'s copy of the context', async () => {
    const { context, made } = counted();
    const response = await server.executeOperation({ query: '{ plain }' }, { contextValue: context });
    expect(response.body.kind === 'single' && response.body.singleResult.data).to.deep.equal({ plain: 'ok' });
    expect(made()).to.equal(0);
  });

  it('makes the logger when a resolver asks for it', async () => {
    const { context, made } = counted();
    await server.executeOperation({ query: '{ logged }' }, { contextValue: context });
    expect(made()).to.equal(1);
  });

  it('makes the request\'s loaders once and keeps them', async () => {
    const { context } = counted();
    const response = await server.executeOperation({ query: '{ loadersKept }' }, { contextValue: context });
    expect(response.body.kind === 'single' && response.body.singleResult.data).to.deep.equal({ loadersKept: true });
  });
});
