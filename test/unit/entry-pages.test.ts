// A page of a credit account's entries by seq, forward and backward (issue #19, item 5).
import { expect } from 'chai';
import { entrySeqRange } from '../../server/services/credits.js';

describe('entry pages by seq', () => {
  it('reads forward from the start or after a seq, never past the newest', () => {
    expect(entrySeqRange({ first: 2, afterSeq: 0 }, 3)).to.deep.equal({ from: 1, to: 2 });
    expect(entrySeqRange({ first: 2, afterSeq: 2 }, 3)).to.deep.equal({ from: 3, to: 3 });
    expect(entrySeqRange({ first: 2, afterSeq: 3 }, 3)).to.deep.equal({ from: 4, to: 3 });
  });

  it('reads backward from the newest or before a seq, never before the first', () => {
    expect(entrySeqRange({ last: 2, beforeSeq: null }, 3)).to.deep.equal({ from: 2, to: 3 });
    expect(entrySeqRange({ last: 2, beforeSeq: 2 }, 3)).to.deep.equal({ from: 1, to: 1 });
    expect(entrySeqRange({ last: 5, beforeSeq: 1 }, 3)).to.deep.equal({ from: 1, to: 0 });
    expect(entrySeqRange({ last: 2, beforeSeq: 9 }, 3), 'a cursor past the newest reads up to the newest').to.deep.equal({ from: 2, to: 3 });
    expect(entrySeqRange({ last: 2, beforeSeq: null }, 0), 'an empty account').to.deep.equal({ from: 1, to: 0 });
  });
});
