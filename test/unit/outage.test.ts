import { expect } from 'chai';
import { GraphQLError } from 'graphql';
import mongoose from 'mongoose';
import { formatError } from '../../graphql/errors.js';
import { SERVICE_UNAVAILABLE, isOutageError } from '../../server/outage.js';

const named = (name: string, message = 'x'): Error => Object.assign(new Error(message), { name });
const withCode = (code: string): Error => Object.assign(new Error(`connect ${code} 127.0.0.1:6379`), { code });

describe('telling a dependency outage from other failures', () => {
  const outages: [string, unknown][] = [
    ['a driver network error', new mongoose.mongo.MongoNetworkError('connection 3 to 127.0.0.1:27017 closed')],
    ['a driver network timeout', new mongoose.mongo.MongoNetworkTimeoutError('connection timed out')],
    ['a server selection timeout', named('MongoServerSelectionError', 'Server selection timed out after 5000 ms')],
    ['mongoose failing to select a server', named('MongooseServerSelectionError')],
    ['a client that is not connected', new mongoose.mongo.MongoNotConnectedError('Client must be connected')],
    ['a cleared connection pool', named('MongoPoolClearedError')],
    ['a closed topology (shutting down)', new mongoose.mongo.MongoTopologyClosedError()],
    ['a read past maxTimeMS', new mongoose.mongo.MongoServerError({ ok: 0, code: 50, errmsg: 'operation exceeded time limit' })],
    ['a primary stepping down', new mongoose.mongo.MongoServerError({ ok: 0, code: 189, errmsg: 'stepped down' })],
    ['FerretDB cancelling a query as it shuts down', new mongoose.mongo.MongoServerError({ ok: 0, code: 1, codeName: 'InternalError', errmsg: '[msg_find.go:344 handler.handleMaxTimeMSError] [query_iterator.go:79 sqlite.(*queryIterator).Next] context canceled after delay' })],
    ['ioredis retries used up', named('MaxRetriesPerRequestError', 'Reached the max retries per request limit (which is 1). Refer to "maxRetriesPerRequest" option for details.')],
    ['an ioredis command timeout', new Error('Command timed out')],
    ['a closed ioredis connection', new Error('Connection is closed.')],
    ['an offline ioredis client', new Error("Stream isn't writeable and enableOfflineQueue options is false")],
    ['a Redis still loading its data', named('ReplyError', 'LOADING Redis is loading the dataset in memory')],
    ['a refused connection', withCode('ECONNREFUSED')],
    ['a reset connection', withCode('ECONNRESET')],
  ];
  for (const [what, error] of outages) {
    it(`classifies ${what} as an outage`, () => {
      expect(isOutageError(error)).to.equal(true);
    });
  }

  it('finds the outage behind GraphQL and cause wrappers', () => {
    const driver = new mongoose.mongo.MongoNetworkError('socket closed');
    const located = new GraphQLError('socket closed', { originalError: new Error('wrapped', { cause: driver }) });
    expect(isOutageError(located)).to.equal(true);
  });

  const others: [string, unknown][] = [
    ['a duplicate key', new mongoose.mongo.MongoServerError({ ok: 0, code: 11000, errmsg: 'E11000 duplicate key' })],
    ['another internal error of the store', new mongoose.mongo.MongoServerError({ ok: 0, code: 1, codeName: 'InternalError', errmsg: 'unexpected nil value' })],
    ['a validation error', new mongoose.Error.ValidationError()],
    ['a plain bug', new TypeError("Cannot read properties of undefined (reading 'id')")],
    ['a typed client error', new GraphQLError('nope', { extensions: { code: 'FORBIDDEN' } })],
    ['a message that merely mentions a timeout', new Error('Command timed out while parsing input')],
    ['a non-Mongo error carrying code 50', Object.assign(new Error('fifty'), { code: 50 })],
    ['no error at all', undefined],
    ['a string', 'ECONNREFUSED'],
  ];
  for (const [what, error] of others) {
    it(`does not classify ${what} as an outage`, () => {
      expect(isOutageError(error)).to.equal(false);
    });
  }

  it('stops following a cycle of causes', () => {
    const a: { cause?: unknown } = {};
    const b = { cause: a };
    a.cause = b;
    expect(isOutageError(a)).to.equal(false);
  });
});

describe('GraphQL shaping of an outage', () => {
  const driver = new mongoose.mongo.MongoNetworkError('connection 7 to 127.0.0.1:27017 closed');
  const thrown = new GraphQLError(driver.message, { originalError: driver, path: ['viewer'] });
  const formatted = { message: driver.message, path: ['viewer'], extensions: { code: 'INTERNAL_SERVER_ERROR', stacktrace: ['at pool.ts:1'] } };

  it('answers SERVICE_UNAVAILABLE without internal detail in production', () => {
    const shaped = formatError(true)(formatted, thrown);
    expect(shaped.extensions).to.deep.equal({ code: SERVICE_UNAVAILABLE });
    expect(shaped.message).not.to.include('27017');
    expect(shaped.path).to.deep.equal(['viewer']);
  });

  it('keeps other internal errors INTERNAL_SERVER_ERROR', () => {
    const bug = new GraphQLError('x is undefined', { originalError: new TypeError('x is undefined') });
    expect(formatError(true)({ message: 'x is undefined', extensions: { code: 'INTERNAL_SERVER_ERROR' } }, bug).extensions?.code).to.equal('INTERNAL_SERVER_ERROR');
  });
});
