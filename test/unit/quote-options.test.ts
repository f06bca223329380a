import { expect } from 'chai';
import type { PackagingClass } from '../../server/domain/packaging.js';
import { GREENNESS_ORDER, recommendOption } from '../../server/domain/quote-options.js';

const option = (packagingClass: PackagingClass, priceMinor: number, ownPackaging = false) => ({ packagingClass, priceMinor, ownPackaging, id: `${packagingClass}-${priceMinor}` });

describe('recommended option', () => {
  it('ranks own packaging, then REUSABLE, GREEN, REDUCED, STANDARD', () => {
    expect(GREENNESS_ORDER).to.deep.equal(['OWN_PACKAGING', 'REUSABLE', 'GREEN', 'REDUCED', 'STANDARD']);
  });

  it('recommends nothing (-1) for no options', () => {
    expect(recommendOption([])).to.equal(-1);
  });

  it('recommends own packaging over a cheaper reusable box', () => {
    expect(recommendOption([option('REUSABLE', -100), option('REDUCED', 0, true)])).to.equal(1);
  });

  it('recommends each class over the next one down even when dearer', () => {
    expect(recommendOption([option('GREEN', 0), option('REUSABLE', 500)])).to.equal(1);
    expect(recommendOption([option('REDUCED', -50), option('GREEN', 100)])).to.equal(1);
    expect(recommendOption([option('STANDARD', 0), option('REDUCED', 10)])).to.equal(1);
  });

  it('recommends the cheaper of two equally green options', () => {
    expect(recommendOption([option('GREEN', 30), option('GREEN', 10), option('GREEN', 20)])).to.equal(1);
  });

  it('recommends the first of equally green, equally priced options', () => {
    expect(recommendOption([option('STANDARD', 0), option('GREEN', 10), option('GREEN', 10)])).to.equal(1);
  });

  it('ranks NON_COMPLIANT after STANDARD', () => {
    expect(recommendOption([option('NON_COMPLIANT', -1000), option('STANDARD', 100)])).to.equal(1);
  });
});
