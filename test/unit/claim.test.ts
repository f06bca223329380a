// The one way a request is recorded under its key (server/db/claim.ts): insert first, read what holds the key on a
// collision. The store's side (a real unique index answering 11000) is covered by the integration and e2e tests.
import { expect } from 'chai';
import { DUPLICATE, claimOrReplay, insertOnce, priorClaim } from '../../server/db/claim.js';

const duplicateKey = () => Promise.reject(Object.assign(new Error('E11000 duplicate key'), { code: 11000 }));
const holder = (first: { hash: string } | null, hash: string) => ({ first: () => Promise.resolve(first), sameRequest: (f: { hash: string }) => f.hash === hash });

describe('claim or replay (server/db/claim.ts)', () => {
  it('answers an insert with its result, a duplicate key with DUPLICATE, and throws any other error', async () => {
    expect(await insertOnce(Promise.resolve(7))).to.equal(7);
    expect(await insertOnce(duplicateKey())).to.equal(DUPLICATE);
    const other = Object.assign(new Error('network'), { code: 89 });
    let thrown: unknown = null;
    await insertOnce(Promise.reject(other)).catch((error: unknown) => { thrown = error; });
    expect(thrown).to.equal(other);
  });

  it('tells nothing yet, the same request and another request apart', async () => {
    expect(await priorClaim(holder(null, 'a'))).to.equal(null);
    expect(await priorClaim(holder({ hash: 'a' }, 'a'))).to.deep.equal({ kind: 'replay', first: { hash: 'a' } });
    expect(await priorClaim(holder({ hash: 'a' }, 'b'))).to.deep.equal({ kind: 'reused', first: { hash: 'a' } });
  });

  it('claims when the insert wins, replays or refuses on a collision, and says when the key holds nothing', async () => {
    expect(await claimOrReplay(insertOnce(Promise.resolve('doc')), holder({ hash: 'a' }, 'b'))).to.deep.equal({ kind: 'claimed', inserted: 'doc' });
    expect(await claimOrReplay(insertOnce(duplicateKey()), holder({ hash: 'a' }, 'a'))).to.deep.equal({ kind: 'replay', first: { hash: 'a' } });
    expect(await claimOrReplay(insertOnce(duplicateKey()), holder({ hash: 'a' }, 'b'))).to.deep.equal({ kind: 'reused', first: { hash: 'a' } });
    expect(await claimOrReplay(insertOnce(duplicateKey()), holder(null, 'a'))).to.deep.equal({ kind: 'taken' });
  });
});
