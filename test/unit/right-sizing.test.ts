import { expect } from 'chai';
import { parsePeriod } from '../../server/domain/period.js';
import { bucketSides, monthsOf, sizeBucket, unmetSizes } from '../../server/domain/right-sizing.js';

describe('right-sizing counts', () => {
  it('buckets a parcel by its sides, shortest first, each rounded up to 10 mm', () => {
    expect(sizeBucket({ lengthMm: 401, widthMm: 90, heightMm: 250 })).to.equal('90x250x410');
    expect(sizeBucket({ lengthMm: 10, widthMm: 10, heightMm: 11 })).to.equal('10x10x20');
    expect(bucketSides('90x250x410')).to.deep.equal({ shortMm: 90, middleMm: 250, longMm: 410 });
    expect(bucketSides('90x250')).to.equal(null);
  });

  it('spans a period’s months, and sums them most asked first', () => {
    const quarter = parsePeriod('2026-Q4');
    if (!quarter) throw new Error('period');
    expect(monthsOf(quarter)).to.deep.equal(['2026-10', '2026-11', '2026-12']);
    expect(unmetSizes([{ '90x250x410': '3', '10x10x20': '5' }, { '90x250x410': '4', 'junk': '9' }], 10)).to.deep.equal([
      { bucket: '90x250x410', quotes: 7 }, { bucket: '10x10x20', quotes: 5 },
    ]);
    expect(unmetSizes([{ a: '1', '10x10x20': '1', '20x20x20': '1' }], 1)).to.deep.equal([{ bucket: '10x10x20', quotes: 1 }]);
  });
});
