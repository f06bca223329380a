import { expect } from 'chai';
import { GraphQLError } from 'graphql';
import { formatError } from '../../graphql/errors.js';

describe('GraphQL error shaping', () => {
  const internal = { message: 'connection pool closed at db.ts:12', path: ['viewer'], extensions: { code: 'INTERNAL_SERVER_ERROR', stacktrace: ['at db.ts:12'] } };

  it('hides the message and stack of an unexpected error in production', () => {
    const shaped = formatError(true)(internal);
    expect(shaped).to.deep.equal({ message: 'Internal server error', path: ['viewer'], extensions: { code: 'INTERNAL_SERVER_ERROR' } });
  });

  it('keeps client errors readable in production', () => {
    const error = { message: 'A valid API key is required', extensions: { code: 'UNAUTHENTICATED' } };
    expect(formatError(true)(error)).to.equal(error);
  });

  it('keeps everything outside production', () => {
    expect(formatError(false)(internal)).to.equal(internal);
  });

  it('gives a query limit its own code back from Apollo\'s GRAPHQL_VALIDATION_FAILED, in production too', () => {
    const limit = new GraphQLError('too deep', { extensions: { code: 'QUERY_TOO_DEEP', depth: 13, maxDepth: 12 } });
    const validation = new GraphQLError('too deep', { originalError: limit, extensions: { code: 'GRAPHQL_VALIDATION_FAILED', depth: 13, maxDepth: 12 } });
    const shaped = formatError(true)({ message: 'too deep', extensions: { code: 'GRAPHQL_VALIDATION_FAILED', depth: 13, maxDepth: 12 } }, validation);
    expect(shaped).to.deep.equal({ message: 'too deep', extensions: { code: 'QUERY_TOO_DEEP', depth: 13, maxDepth: 12 } });
  });
});
