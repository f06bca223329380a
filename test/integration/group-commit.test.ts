// Group commit on the real store: concurrent inserts share one unordered insertMany, and every caller still gets
// its own document's outcome, a duplicate key mapped to the document that caused it and to no other.
import { expect } from 'chai';
import mongoose, { Schema, type Connection, type Model } from 'mongoose';
import { setTimeout as sleep } from 'node:timers/promises';
import { createGroupInserter, groupInsertsSettled } from '../../server/db/group-commit.js';
import { dropDatabase, testStoreUri } from '../support/services.js';

interface KeyedDoc { _id: string; owner: string; n: number }

const keyed = new Schema<KeyedDoc>(
  { _id: { type: String, required: true }, owner: { type: String, required: true }, n: { type: Number, required: true } },
  { collection: 'group_keyed', versionKey: false },
);
keyed.index({ owner: 1, n: 1 }, { unique: true });

/** A document whose owner is 'gated' validates only once the test opens the gate: a group held in flight at will. */
let gate: Promise<void> = Promise.resolve();
const gated = new Schema<KeyedDoc>(
  {
    _id: { type: String, required: true },
    owner: { type: String, required: true, validate: { validator: async (owner: string) => { if (owner === 'gated') await gate; return true; } } },
    n: { type: Number, required: true },
  },
  { collection: 'group_gated', versionKey: false },
);

describe('group commit on the real store', () => {
  let uri = '';
  let connection: Connection;
  let Keyed: Model<KeyedDoc>;
  let Gated: Model<KeyedDoc>;

  before(async () => {
    uri = testStoreUri('group_commit');
    connection = await mongoose.createConnection(uri, { autoIndex: false }).asPromise();
    Keyed = connection.model<KeyedDoc>('GroupKeyed', keyed);
    Gated = connection.model<KeyedDoc>('GroupGated', gated);
    await Keyed.createIndexes();
  });
  after(async () => {
    await connection.close();
    await dropDatabase(uri);
  });

  it('sends inserts made at the same moment as one insertMany and answers each caller', async () => {
    const flushes: number[] = [];
    const inserter = createGroupInserter(Keyed, { onFlush: (size) => flushes.push(size) });
    const outcomes = await Promise.all(Array.from({ length: 20 }, (_, i) => inserter.insert({ _id: `a${String(i)}`, owner: 'a', n: i })));
    expect(outcomes).to.deep.equal(Array.from({ length: 20 }, () => 'inserted'));
    expect(flushes).to.deep.equal([20]);
    expect(await Keyed.countDocuments({ owner: 'a' })).to.equal(20);
  });

  it('maps each duplicate key to its own document, on _id or on another unique index, and inserts the rest', async () => {
    await Keyed.create({ _id: 'b-existing', owner: 'b', n: 0 });
    const flushes: number[] = [];
    const inserter = createGroupInserter(Keyed, { onFlush: (size) => flushes.push(size) });
    const docs: KeyedDoc[] = [
      { _id: 'b1', owner: 'b', n: 1 },
      { _id: 'b-existing', owner: 'b', n: 99 }, // the same _id as a stored document
      { _id: 'b2', owner: 'b', n: 2 },
      { _id: 'b3', owner: 'b', n: 0 }, // the same (owner, n) as a stored document
      { _id: 'b4', owner: 'b', n: 4 },
      { _id: 'b4', owner: 'b', n: 5 }, // the same _id as an earlier document of this very group
      { _id: 'b6', owner: 'b', n: 6 },
    ];
    const outcomes = await Promise.all(docs.map((doc) => inserter.insert(doc)));
    expect(flushes).to.deep.equal([docs.length]);
    expect(outcomes).to.deep.equal(['inserted', 'duplicate', 'inserted', 'duplicate', 'inserted', 'duplicate', 'inserted']);
    const stored = await Keyed.find({ owner: 'b' }).sort({ _id: 1 }).lean();
    expect(stored.map((d) => [d._id, d.n])).to.deep.equal([['b-existing', 0], ['b1', 1], ['b2', 2], ['b4', 4], ['b6', 6]]);
  });

  it('splits a burst larger than a group into groups of at most maxBatch', async () => {
    const flushes: number[] = [];
    const inserter = createGroupInserter(Keyed, { maxBatch: 8, onFlush: (size) => flushes.push(size) });
    const outcomes = await Promise.all(Array.from({ length: 19 }, (_, i) => inserter.insert({ _id: `c${String(i)}`, owner: 'c', n: i })));
    expect(outcomes.every((o) => o === 'inserted')).to.equal(true);
    expect(flushes).to.deep.equal([8, 8, 3]);
    expect(await Keyed.countDocuments({ owner: 'c' })).to.equal(19);
  });

  it('inserts a lone document at once, and rejects a document the store refuses for another reason', async () => {
    const inserter = createGroupInserter(Keyed);
    expect(await inserter.insert({ _id: 'd1', owner: 'd', n: 1 })).to.equal('inserted');
    expect(await inserter.insert({ _id: 'd1', owner: 'd', n: 2 })).to.equal('duplicate');
    // Invalid for the schema: the caller gets the error, and a valid neighbour in the same group is not harmed.
    const invalid = { _id: 'd2', owner: 'd' } as unknown as KeyedDoc;
    const [bad, good] = await Promise.allSettled([inserter.insert(invalid), inserter.insert({ _id: 'd3', owner: 'd', n: 3 })]);
    expect(bad.status).to.equal('rejected');
    expect(good).to.deep.equal({ status: 'fulfilled', value: 'inserted' });
    expect(await Keyed.exists({ _id: 'd2' })).to.equal(null);
  });

  it('keeps one group in flight per collection: what arrives meanwhile waits and goes as the next group; other collections go on', async () => {
    let open: () => void = () => undefined;
    gate = new Promise((resolve) => { open = resolve; });
    const flushes: string[] = [];
    const first = createGroupInserter(Gated, { onFlush: (size) => flushes.push(`gated ${String(size)}`) });
    const second = createGroupInserter(Keyed, { onFlush: (size) => flushes.push(`keyed ${String(size)}`) });
    const held = first.insert({ _id: 'e0', owner: 'gated', n: 0 });
    await sleep(20);
    expect(flushes, 'the first group is in flight (held by its validation)').to.deep.equal(['gated 1']);
    const later: Promise<string>[] = [];
    const others: Promise<string>[] = [];
    for (let i = 1; i <= 5; i += 1) {
      later.push(first.insert({ _id: `e${String(i)}`, owner: 'e', n: i }));
      others.push(second.insert({ _id: `e${String(i)}`, owner: 'e', n: i }));
      await sleep(5);
    }
    expect(await Promise.all(others), 'another collection is written meanwhile').to.deep.equal(Array.from({ length: 5 }, () => 'inserted'));
    expect(flushes.filter((f) => f.startsWith('gated')), 'nothing more of the held collection was sent').to.deep.equal(['gated 1']);
    let settled = false;
    const allSettled = groupInsertsSettled(connection).then(() => { settled = true; });
    await sleep(5);
    expect(settled, 'a group in flight is not settled').to.equal(false);
    open();
    expect(await held).to.equal('inserted');
    expect(await Promise.all(later)).to.deep.equal(Array.from({ length: 5 }, () => 'inserted'));
    await allSettled;
    expect(flushes.filter((f) => f.startsWith('gated'))).to.deep.equal(['gated 1', 'gated 5']);
    expect(await Gated.countDocuments({})).to.equal(6);
    expect(await Keyed.countDocuments({ owner: 'e' })).to.equal(5);
  });
});
