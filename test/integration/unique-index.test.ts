// The primitive every idempotency guarantee stands on: on the real store a unique index turns a second insert of
// the same key into duplicate-key error 11000, also when the inserts race from separate connections. Updates are
// not atomic on FerretDB (STACK.md), so nothing else may carry that guarantee.
import { expect } from 'chai';
import mongoose, { Schema, type Connection } from 'mongoose';
import { isDuplicateKeyError } from '../../server/db/connection.js';
import { dropDatabase, testStoreUri } from '../support/services.js';

interface KeyedDoc { key: string }
interface ChainDoc { account: string; seq: number; note: string }

const keyed = new Schema<KeyedDoc>({ key: { type: String, required: true } }, { collection: 'keyed' });
keyed.index({ key: 1 }, { unique: true });
const chain = new Schema<ChainDoc>(
  { account: { type: String, required: true }, seq: { type: Number, required: true }, note: String },
  { collection: 'chain' },
);
chain.index({ account: 1, seq: 1 }, { unique: true });

async function connect(uri: string): Promise<Connection> {
  const connection = await mongoose.createConnection(uri, { autoIndex: false }).asPromise();
  await connection.model('Keyed', keyed).createIndexes();
  await connection.model('Chain', chain).createIndexes();
  return connection;
}

async function insertOutcome(insert: () => Promise<unknown>): Promise<'inserted' | 'duplicate'> {
  try {
    await insert();
    return 'inserted';
  } catch (error) {
    if (isDuplicateKeyError(error)) return 'duplicate';
    throw error;
  }
}

describe('unique indexes on the real store', () => {
  let uri = '';
  const connections: Connection[] = [];

  before(async () => {
    uri = testStoreUri('unique');
    for (let i = 0; i < 4; i += 1) connections.push(await connect(uri));
  });
  after(async () => {
    await Promise.all(connections.map((c) => c.close()));
    await dropDatabase(uri);
  });

  const first = () => {
    const connection = connections[0];
    if (!connection) throw new Error('not connected');
    return connection;
  };

  it('turns a second insert of the same single-field key into error 11000', async () => {
    const Keyed = first().model<KeyedDoc>('Keyed');
    await Keyed.create({ key: 'order-1' });
    const error = await Keyed.create({ key: 'order-1' }).then(() => null, (e: unknown) => e);
    expect(error).to.have.property('code', 11000);
    expect(await Keyed.countDocuments({ key: 'order-1' })).to.equal(1);
  });

  it('turns a second insert of the same compound key into error 11000, and lets other combinations in', async () => {
    const Chain = first().model<ChainDoc>('Chain');
    await Chain.create({ account: 'a', seq: 1, note: 'first' });
    await Chain.create({ account: 'a', seq: 2, note: 'next seq' });
    await Chain.create({ account: 'b', seq: 1, note: 'other account' });
    const error = await Chain.create({ account: 'a', seq: 1, note: 'again' }).then(() => null, (e: unknown) => e);
    expect(error).to.have.property('code', 11000);
    expect(await Chain.find({ account: 'a', seq: 1 }).lean()).to.have.length(1);
  });

  it('lets exactly one of many racing inserts of one key win, from separate connections', async () => {
    const rounds = 25;
    for (let round = 0; round < rounds; round += 1) {
      const outcomes = await Promise.all(
        connections.map((connection) =>
          insertOutcome(() => connection.model<ChainDoc>('Chain').create({ account: 'race', seq: round, note: connection.id.toString() })),
        ),
      );
      expect(outcomes.filter((o) => o === 'inserted'), `round ${round}`).to.have.length(1);
      expect(outcomes.filter((o) => o === 'duplicate'), `round ${round}`).to.have.length(connections.length - 1);
    }
    expect(await first().model<ChainDoc>('Chain').countDocuments({ account: 'race' })).to.equal(rounds);
  });
});
