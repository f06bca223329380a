import { expect } from 'chai';
import { Types } from 'mongoose';
import { openStore, type Store } from '../../server/db/connection.js';
import { dropDatabase, testStoreUri } from '../support/services.js';
import { systemNow } from '../support/test-clock.js';

/** The maxTimeMS each command sent, by command name, from the driver's command events. */
function recordTimeLimits(store: Store): Map<string, unknown[]> {
  const seen = new Map<string, unknown[]>();
  store.connection.getClient().on('commandStarted', (event: { commandName: string; command: Record<string, unknown> }) => {
    seen.set(event.commandName, [...(seen.get(event.commandName) ?? []), event.command.maxTimeMS]);
  });
  return seen;
}

describe('store reads carry a server-side time limit', () => {
  let uris: string[] = [];
  let first: Store;
  let second: Store;

  before(async () => {
    uris = [testStoreUri('time_limits_a'), testStoreUri('time_limits_b')];
    [first, second] = await Promise.all([
      openStore(uris[0] ?? '', { monitorCommands: true, queryTimeoutMs: 1234 }),
      openStore(uris[1] ?? '', { monitorCommands: true, queryTimeoutMs: 4321 }),
    ]);
  });
  after(async () => {
    await Promise.all([first.close(), second.close()]);
    await Promise.all(uris.map((uri) => dropDatabase(uri)));
  });

  it('sends maxTimeMS with finds, counts and find-and-modify, each store its own, and none with distinct (FerretDB refuses it there)', async () => {
    const seen = recordTimeLimits(first);
    const { Organization } = first.models;
    const id = new Types.ObjectId();
    await Organization.create({ _id: id, name: 'Timed', kind: 'PRODUCER', createdAt: systemNow() });
    await Organization.findById(id).lean();
    await Organization.find({ kind: 'PRODUCER' }).lean();
    await Organization.countDocuments({ kind: 'PRODUCER' });
    await Organization.findOneAndUpdate({ _id: id }, { $set: { name: 'Timed again' } }).lean();
    expect(await Organization.distinct('kind')).to.deep.equal(['PRODUCER']);

    expect(seen.get('find')).to.deep.equal([1234, 1234]);
    expect(seen.get('aggregate')).to.deep.equal([1234]);
    expect(seen.get('findAndModify')).to.deep.equal([1234]);
    expect(seen.get('distinct')).to.deep.equal([undefined]);
    expect(seen.get('insert')).to.deep.equal([undefined]);

    const other = recordTimeLimits(second);
    await second.models.Organization.find({}).lean();
    expect(other.get('find')).to.deep.equal([4321]);
  });

  it('leaves a limit the caller set alone', async () => {
    const seen = recordTimeLimits(first);
    await first.models.Organization.find({}).maxTimeMS(99).lean();
    expect(seen.get('find')).to.deep.equal([99]);
  });
});
