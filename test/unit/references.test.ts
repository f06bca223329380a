// Every reference a caller gives (consumerRef, orderRef, serial, SKU, warehouseRef, campaignRef) has one rule: characters and a length limit,
// with one typed VALIDATION error naming the field and the rule.
import { expect } from 'chai';
import { checkReference, isReference, type ReferenceKind } from '../../server/domain/references.js';

const LONGEST: Record<ReferenceKind, number> = { consumerRef: 128, orderRef: 128, serial: 64, sku: 64, warehouseRef: 64, campaignRef: 64 };

describe('references', () => {
  for (const kind of Object.keys(LONGEST) as ReferenceKind[]) {
    const longest = LONGEST[kind];
    it(`takes a ${kind} up to ${String(longest)} characters and refuses a longer one, bad characters, and 500 kB`, () => {
      expect(isReference(kind, `A${'1'.repeat(longest - 1)}`)).to.equal(true);
      for (const bad of [`A${'1'.repeat(longest)}`, 'a b c d', 'ab\u0000cd', 'abc\ud800d', 'x'.repeat(500_000), '', 'ab\ncd', 'ünïcode1']) {
        const error = checkReference(kind, bad, ['input', kind]);
        expect(error, JSON.stringify(bad.slice(0, 20))).to.deep.include({ code: 'VALIDATION', field: ['input', kind] });
        expect(error?.message).to.match(new RegExp(`^${kind} must be `));
      }
    });
  }

  it('keeps the rules each reference had: order refs with : @ # /, serials starting with a letter or digit', () => {
    expect(isReference('orderRef', 'shop:2026/11#42@eu')).to.equal(true);
    expect(isReference('consumerRef', 'c-1')).to.equal(true);
    expect(isReference('serial', 'CR-0001')).to.equal(true);
    expect(isReference('serial', '-CR-0001'), 'a serial starting with a dash').to.equal(false);
    expect(isReference('serial', 'CR1'), 'a serial of 3 characters').to.equal(false);
    expect(isReference('sku', 'BOX.M-2')).to.equal(true);
    expect(isReference('sku', 'BOX/M'), 'a SKU with a slash').to.equal(false);
  });
});
