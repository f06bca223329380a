import mongoose from 'mongoose';

const BATCH = 500;

/**
 * Copies every collection of the database at `fromUri` into the (empty) one at `toUri`, documents only: the service
 * builds its indexes when it starts on the copy. Each configuration then starts from the same seeded catalogue and
 * the same prepared quotes, with no orders yet. Returns how many documents it copied.
 */
export async function cloneDatabase(fromUri: string, toUri: string): Promise<number> {
  const source = new mongoose.mongo.MongoClient(fromUri, { serverSelectionTimeoutMS: 5000 });
  const target = new mongoose.mongo.MongoClient(toUri, { serverSelectionTimeoutMS: 5000 });
  await Promise.all([source.connect(), target.connect()]);
  try {
    const from = source.db();
    const to = target.db();
    let copied = 0;
    const collections = await from.listCollections({}, { nameOnly: true }).toArray();
    for (const { name } of collections) {
      if (name.startsWith('system.')) continue;
      await to.createCollection(name);
      let batch: mongoose.mongo.Document[] = [];
      for await (const doc of from.collection(name).find({})) {
        batch.push(doc);
        if (batch.length === BATCH) {
          await to.collection(name).insertMany(batch, { ordered: true });
          copied += batch.length;
          batch = [];
        }
      }
      if (batch.length > 0) {
        await to.collection(name).insertMany(batch, { ordered: true });
        copied += batch.length;
      }
    }
    return copied;
  } finally {
    await Promise.all([source.close(), target.close()]);
  }
}
