// Indexes an earlier version declared and no query uses are dropped when a store is opened (server/db/connection.ts),
// on the real store: a database an earlier version built keeps working, and its inserts stop paying for them.
import { expect } from 'chai';
import { openStore, type Store } from '../../server/db/connection.js';
import { dropDatabase, testStoreUri } from '../support/services.js';

describe('retired indexes', () => {
  let uri = '';
  let store: Store | null = null;

  before(() => { uri = testStoreUri('retired_indexes'); });
  afterEach(async () => {
    await store?.close();
    store = null;
  });
  after(() => dropDatabase(uri));

  const indexNames = async (opened: Store) => (await opened.models.CreditEntry.collection.indexes()).map((index) => index.name).sort();

  it('drops the ledger entries\' counterparty index an earlier version built, and keeps every declared one', async () => {
    store = await openStore(uri);
    const declared = await indexNames(store);
    expect(declared).to.include.members(['account_1_seq_1', 'platformId_1_idempotencyKey_1', 'kind_1_expiresAt_1', 'kind_1_createdAt_1']);
    expect(declared).to.not.include('counterparty_1');

    // As an earlier version left the database.
    const db = store.connection.db;
    if (!db) throw new Error('the store has no database');
    await db.command({ createIndexes: 'credit_entries', indexes: [{ key: { counterparty: 1 }, name: 'counterparty_1' }] });
    expect(await indexNames(store)).to.include('counterparty_1');
    await store.close();

    store = await openStore(uri);
    expect(await indexNames(store)).to.deep.equal(declared);
  });

  it('lets processes opened at once against an older database all start, whichever drops it', async () => {
    store = await openStore(uri);
    const declared = await indexNames(store);
    const db = store.connection.db;
    if (!db) throw new Error('the store has no database');
    await db.command({ createIndexes: 'credit_entries', indexes: [{ key: { counterparty: 1 }, name: 'counterparty_1' }] });
    const opened = await Promise.all([openStore(uri), openStore(uri), openStore(uri)]);
    try {
      for (const other of opened) expect(await indexNames(other)).to.deep.equal(declared);
    } finally {
      await Promise.all(opened.map((other) => other.close()));
    }
  });

  it('opens a store that never had it, twice over', async () => {
    store = await openStore(uri);
    const first = await indexNames(store);
    await store.close();
    store = await openStore(uri);
    expect(await indexNames(store)).to.deep.equal(first);
  });
});
