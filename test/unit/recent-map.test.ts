import { expect } from 'chai';
import { RecentMap } from '../../server/services/recent-map.js';

describe('RecentMap', () => {
  it('keeps the most recently set entries up to its size, the oldest set first out', () => {
    const map = new RecentMap<string, number>(2);
    map.set('a', 1);
    map.set('b', 2);
    map.set('a', 3); // set again: now the newest
    map.set('c', 4);
    expect([map.get('a'), map.get('b'), map.get('c')]).to.deep.equal([3, undefined, 4]);
  });
});
