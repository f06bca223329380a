import { expect } from 'chai';
import {
  DEFAULT_PRICING_RULES,
  parsePricingRules,
  priceOption,
  type PricingRulesInput,
} from '../../server/domain/pricing-rules.js';

const validInput: PricingRulesInput = {
  currency: 'EUR',
  classes: [
    { packagingClass: 'REUSABLE', feeMinor: 0 },
    { packagingClass: 'STANDARD', feeMinor: 120, sizeBands: [{ maxInnerVolumeCm3: 1000, feeMinor: 50 }, { maxInnerVolumeCm3: 5000, feeMinor: 80 }] },
    { packagingClass: 'GREEN', feeMinor: 10, sizeBands: null },
    { packagingClass: 'REDUCED', feeMinor: -30 },
  ],
  reusableDepositMinor: 300,
};

const fieldsOf = (input: PricingRulesInput): (string | undefined)[] => parsePricingRules(input, 1).errors.map((e) => e.field?.join('.'));

describe('default pricing rules', () => {
  it('prices REDUCED cheapest and STANDARD dearest, in CNY', () => {
    const price = (c: 'STANDARD' | 'REDUCED' | 'GREEN' | 'REUSABLE') => priceOption(DEFAULT_PRICING_RULES, c, 3000).priceMinor;
    expect([price('STANDARD'), price('GREEN'), price('REUSABLE'), price('REDUCED')]).to.deep.equal([100, 0, 0, -50]);
    expect(priceOption(DEFAULT_PRICING_RULES, 'GREEN', 3000).currency).to.equal('CNY');
  });

  it('charges the 500 deposit on REUSABLE only', () => {
    expect(priceOption(DEFAULT_PRICING_RULES, 'REUSABLE', 3000).depositMinor).to.equal(500);
    expect(priceOption(DEFAULT_PRICING_RULES, 'STANDARD', 3000).depositMinor).to.equal(0);
  });

  it('throws when asked to price NON_COMPLIANT packaging', () => {
    expect(() => priceOption(DEFAULT_PRICING_RULES, 'NON_COMPLIANT', 3000)).to.throw(/NON_COMPLIANT/);
  });
});

describe('custom pricing rules', () => {
  const parsed = parsePricingRules(validInput, 7);
  const rules = parsed.rules;
  if (rules === null) throw new Error('valid input was refused');

  it('stores the version, currency and deposit, ordering classes STANDARD, REDUCED, GREEN, REUSABLE', () => {
    expect(parsed.errors).to.deep.equal([]);
    expect(rules.version).to.equal(7);
    expect(rules.currency).to.equal('EUR');
    expect(rules.reusableDepositMinor).to.equal(300);
    expect(rules.classes.map((c) => c.packagingClass)).to.deep.equal(['STANDARD', 'REDUCED', 'GREEN', 'REUSABLE']);
    expect(rules.classes[2]?.sizeBands).to.deep.equal([]);
  });

  it('uses the first size band whose bound holds the volume, bounds inclusive', () => {
    const price = (v: number) => priceOption(rules, 'STANDARD', v).priceMinor;
    expect([price(1), price(1000), price(1000.001), price(5000)]).to.deep.equal([50, 50, 80, 80]);
  });

  it('falls back to the class fee above the last band and for classes without bands', () => {
    expect(priceOption(rules, 'STANDARD', 5000.5).priceMinor).to.equal(120);
    expect(priceOption(rules, 'REDUCED', 10).priceMinor).to.equal(-30);
  });
});

describe('pricing rules validation', () => {
  it('accepts fees at the bounds of -1000000 and 1000000', () => {
    const input = { ...validInput, classes: validInput.classes.map((c, i) => ({ ...c, feeMinor: i % 2 === 0 ? -1_000_000 : 1_000_000 })) };
    expect(parsePricingRules(input, 1).errors).to.deep.equal([]);
  });

  for (const currency of ['cny', 'CN', 'CNYX', '']) {
    it(`refuses the currency "${currency}"`, () => {
      expect(fieldsOf({ ...validInput, currency })).to.deep.equal(['input.currency']);
    });
  }

  it('refuses rules that leave a class unpriced', () => {
    const result = parsePricingRules({ ...validInput, classes: validInput.classes.slice(1) }, 1);
    expect(result.rules).to.equal(null);
    expect(result.errors.map((e) => [e.field?.join('.'), e.message])).to.deep.equal([['input.classes', 'every class must be priced: missing REUSABLE']]);
  });

  it('refuses a class priced twice, pointing at the second entry', () => {
    expect(fieldsOf({ ...validInput, classes: [...validInput.classes, { packagingClass: 'GREEN', feeMinor: 0 }] })).to.deep.equal(['input.classes.4.packagingClass']);
  });

  it('refuses pricing NON_COMPLIANT or an unknown class', () => {
    const classes = [...validInput.classes, { packagingClass: 'NON_COMPLIANT', feeMinor: 0 }, { packagingClass: 'LUXURY', feeMinor: 0 }];
    expect(fieldsOf({ ...validInput, classes })).to.deep.equal(['input.classes.4.packagingClass', 'input.classes.5.packagingClass']);
  });

  it('refuses fractional and out-of-range fees', () => {
    const classes = validInput.classes.map((c, i) => (i === 0 ? { ...c, feeMinor: 1.5 } : i === 3 ? { ...c, feeMinor: -1_000_001 } : c));
    expect(fieldsOf({ ...validInput, classes })).to.deep.equal(['input.classes.0.feeMinor', 'input.classes.3.feeMinor']);
  });

  it('refuses size bands that are not strictly ascending, not positive, or carry a bad fee', () => {
    const sizeBands = [
      { maxInnerVolumeCm3: 1000, feeMinor: 50 },
      { maxInnerVolumeCm3: 1000, feeMinor: 60 },
      { maxInnerVolumeCm3: 0, feeMinor: 60 },
      { maxInnerVolumeCm3: 2000, feeMinor: 2_000_000 },
    ];
    const classes = validInput.classes.map((c, i) => (i === 0 ? { ...c, sizeBands } : c));
    expect(fieldsOf({ ...validInput, classes })).to.deep.equal([
      'input.classes.0.sizeBands.1.maxInnerVolumeCm3',
      'input.classes.0.sizeBands.2.maxInnerVolumeCm3',
      'input.classes.0.sizeBands.3.feeMinor',
    ]);
  });

  it('refuses a negative or fractional deposit', () => {
    expect(fieldsOf({ ...validInput, reusableDepositMinor: -1 })).to.deep.equal(['input.reusableDepositMinor']);
    expect(fieldsOf({ ...validInput, reusableDepositMinor: 0.5 })).to.deep.equal(['input.reusableDepositMinor']);
  });

  it('refuses the whole rule set when only one field is wrong', () => {
    expect(parsePricingRules({ ...validInput, reusableDepositMinor: -1 }, 1).rules).to.equal(null);
  });
});
