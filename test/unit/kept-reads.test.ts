import { expect } from 'chai';
import { keptReads } from '../../server/services/kept-reads.js';

/** A read that counts its calls and answers when the test says so. */
function controlledRead() {
  const calls: string[] = [];
  const pending: ((value: string) => void)[] = [];
  return {
    calls,
    read: (key: string) => {
      calls.push(key);
      return new Promise<string>((resolve) => { pending.push((value) => { resolve(`${key}=${value}`); }); });
    },
    answer: (value: string) => { for (const resolve of pending.splice(0)) resolve(value); },
  };
}

describe('reads kept in memory (kept-reads.ts)', () => {
  it('answers a key from memory once read, and shares one read among concurrent callers', async () => {
    const store = controlledRead();
    const kept = keptReads(store.read, { ttlMs: 3_600_000, max: 10 });
    const both = Promise.all([kept.get('a'), kept.get('a')]);
    store.answer('1');
    expect(await both).to.deep.equal(['a=1', 'a=1']);
    expect(await kept.get('a')).to.equal('a=1');
    expect(store.calls).to.deep.equal(['a']);
  });

  it('reads again after the age limit', async () => {
    const store = controlledRead();
    const kept = keptReads(store.read, { ttlMs: 0, max: 10 });
    const first = kept.get('a');
    store.answer('1');
    await first;
    const second = kept.get('a');
    store.answer('2');
    expect(await second).to.equal('a=2');
    expect(store.calls).to.deep.equal(['a', 'a']);
  });

  it('forgets one key, the values a test picks, or all', async () => {
    const store = controlledRead();
    const kept = keptReads(store.read, { ttlMs: 3_600_000, max: 10 });
    const warm = Promise.all(['a', 'b', 'c'].map((k) => kept.get(k)));
    store.answer('1');
    await warm;
    kept.forget('a');
    kept.forget((value) => value === 'b=1');
    const again = Promise.all(['a', 'b', 'c'].map((k) => kept.get(k)));
    store.answer('2');
    expect(await again).to.deep.equal(['a=2', 'b=2', 'c=1']);
    kept.forget();
    const all = kept.get('c');
    store.answer('3');
    expect(await all).to.equal('c=3');
  });

  it('does not keep a value whose read began before a forget: it may hold what changed', async () => {
    const store = controlledRead();
    const kept = keptReads(store.read, { ttlMs: 3_600_000, max: 10 });
    const stale = kept.get('a');
    kept.forget('a');
    store.answer('old');
    expect(await stale).to.equal('a=old');
    const fresh = kept.get('a');
    store.answer('new');
    expect(await fresh).to.equal('a=new');
    expect(store.calls).to.deep.equal(['a', 'a']);
  });

  it('keeps only what `keep` accepts, and at most `max` values, dropping the oldest read', async () => {
    const store = controlledRead();
    const kept = keptReads(store.read, { ttlMs: 3_600_000, max: 2, keep: (value) => !value.startsWith('x') });
    const warm = Promise.all(['x', 'a', 'b', 'c'].map((k) => kept.get(k)));
    store.answer('1');
    await warm;
    store.calls.length = 0;
    const again = Promise.all(['x', 'a', 'b', 'c'].map((k) => kept.get(k)));
    store.answer('2');
    expect(await again).to.deep.equal(['x=2', 'a=2', 'b=1', 'c=1']);
    expect(store.calls, 'x was never kept, a was dropped for c').to.deep.equal(['x', 'a']);
  });
});
