import { expect } from 'chai';
import { creditsForChoice, creditsForReturn, DEFAULT_EARNING_RULES } from '../../server/domain/earning-rules.js';
import { PRICED_CLASSES } from '../../server/domain/pricing-rules.js';

const rules = DEFAULT_EARNING_RULES;

describe('earning rules', () => {
  it('holds the documented defaults', () => {
    expect(rules).to.deep.include({
      version: 0,
      ownPackagingCredits: 10,
      reusableReturnCredits: 15,
      reusableReturnWindowDays: 14,
      collectionReturnCreditsPerItem: 5,
      pendingUntilDelivered: true,
      expiryMonths: 12,
      expiryWarningDays: 30,
    });
    expect(rules.choiceCredits).to.deep.equal({ STANDARD: 0, REDUCED: 2, GREEN: 5, REUSABLE: 0 });
  });

  it('orders levels so that each asks at least as much and pays at least as much as the one before', () => {
    rules.levels.forEach((level, i) => {
      const previous = rules.levels[i - 1];
      if (previous === undefined) return;
      expect(level.minGreenChoices, level.name).to.be.at.least(previous.minGreenChoices);
      expect(level.minReturnRatePct, level.name).to.be.at.least(previous.minReturnRatePct);
      expect(level.multiplierPct, level.name).to.be.above(previous.multiplierPct);
    });
    expect(rules.levels[0]).to.include({ minGreenChoices: 0, minReturnRatePct: 0, multiplierPct: 100 });
  });

  for (const [packagingClass, credits] of [
    ['STANDARD', 0],
    ['REDUCED', 2],
    ['GREEN', 5],
    ['REUSABLE', 0],
  ] as const) {
    it(`credits ${credits} for choosing ${packagingClass} packaging`, () => {
      expect(creditsForChoice(rules, { packagingClass, ownPackaging: false })).to.equal(credits);
    });
  }

  it('credits own packaging 10 whatever class the option carries', () => {
    for (const packagingClass of PRICED_CLASSES) {
      expect(creditsForChoice(rules, { packagingClass, ownPackaging: true }), packagingClass).to.equal(10);
    }
  });

  it('credits nothing for NON_COMPLIANT packaging, even as own packaging', () => {
    expect(creditsForChoice(rules, { packagingClass: 'NON_COMPLIANT', ownPackaging: true }, 150)).to.equal(0);
  });

  it('applies the level multiplier and rounds down to whole credits', () => {
    expect(creditsForChoice(rules, { packagingClass: 'GREEN', ownPackaging: false }, 110)).to.equal(5); // 5.5
    expect(creditsForChoice(rules, { packagingClass: 'GREEN', ownPackaging: false }, 125)).to.equal(6); // 6.25
    expect(creditsForChoice(rules, { packagingClass: 'GREEN', ownPackaging: false }, 150)).to.equal(7); // 7.5
    expect(creditsForChoice(rules, { packagingClass: 'REDUCED', ownPackaging: true }, 150)).to.equal(15);
  });

  it('throws on a negative or fractional multiplier, a programming error', () => {
    expect(() => creditsForChoice(rules, { packagingClass: 'GREEN', ownPackaging: false }, -10)).to.throw(RangeError);
    expect(() => creditsForChoice(rules, { packagingClass: 'GREEN', ownPackaging: false }, 1.5)).to.throw(RangeError);
  });

  it('credits a reusable unit back within the window (boundary day included) and loose packaging per item, with the multiplier', () => {
    expect(creditsForReturn(rules, { kind: 'UNIT', daysOut: 0 })).to.equal(15);
    expect(creditsForReturn(rules, { kind: 'UNIT', daysOut: 14 })).to.equal(15);
    expect(creditsForReturn(rules, { kind: 'UNIT', daysOut: 15 })).to.equal(0);
    expect(creditsForReturn(rules, { kind: 'LOOSE', quantity: 3 })).to.equal(15);
    expect(creditsForReturn(rules, { kind: 'UNIT', daysOut: 1 }, 110)).to.equal(16); // 16.5 rounded down
    expect(creditsForReturn(rules, { kind: 'LOOSE', quantity: 3 }, 125)).to.equal(18); // 18.75 rounded down
  });
});
