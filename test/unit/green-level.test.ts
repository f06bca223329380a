import { expect } from 'chai';
import { DEFAULT_EARNING_RULES } from '../../server/domain/earning-rules.js';
import { NO_ACTIVITY, countOrder, levelFor, returnRatePct, type CountedOrder } from '../../server/domain/green-level.js';

const delivered = (packagingClass: CountedOrder['packagingClass'], ownPackaging = false, co2eAvoidedGrams = 0): CountedOrder => ({ packagingClass, ownPackaging, delivered: true, cancelled: false, co2eAvoidedGrams });
const levels = DEFAULT_EARNING_RULES.levels;
const levelName = (greenChoices: number, packagedParcels: number, itemsReturned: number) => levelFor(levels, { greenChoices, packagedParcels, itemsReturned }).name;

describe('green levels', () => {
  it('counts delivered orders only: own packaging, REDUCED, GREEN and REUSABLE are green; cancelled or undelivered orders count nothing', () => {
    let activity = NO_ACTIVITY;
    for (const order of [delivered('REDUCED', true, 111), delivered('REDUCED', false, 20), delivered('GREEN', false, 5), delivered('REUSABLE', false, 40), delivered('STANDARD')]) {
      activity = countOrder(activity, order);
    }
    expect(activity).to.deep.equal({ greenChoices: 4, packagedParcels: 4, itemsReturned: 0, co2eAvoidedGrams: 176 });
    expect(countOrder(activity, { ...delivered('GREEN'), cancelled: true })).to.equal(activity);
    expect(countOrder(activity, { ...delivered('GREEN'), delivered: false })).to.equal(activity);
  });

  it('computes the return rate in whole percent, rounded down and at most 100; nothing received is nothing left behind', () => {
    expect(returnRatePct({ packagedParcels: 3, itemsReturned: 2 })).to.equal(66);
    expect(returnRatePct({ packagedParcels: 3, itemsReturned: 9 })).to.equal(100);
    expect(returnRatePct({ packagedParcels: 0, itemsReturned: 0 })).to.equal(100);
    expect(returnRatePct({ packagedParcels: 4, itemsReturned: 0 })).to.equal(0);
  });

  it('reaches the highest level whose minimums are all met, at each boundary of the default table', () => {
    expect(levelName(0, 0, 0)).to.equal('SEEDLING');
    expect(levelName(4, 4, 4)).to.equal('SEEDLING');
    expect(levelName(5, 5, 0)).to.equal('SPROUT');
    // TREE needs 20 green choices and half the packaging back
    expect(levelName(20, 20, 9)).to.equal('SPROUT');
    expect(levelName(20, 20, 10)).to.equal('TREE');
    // FOREST needs 50 and three quarters: 74 % stays TREE
    expect(levelName(50, 100, 74)).to.equal('TREE');
    expect(levelName(50, 100, 75)).to.equal('FOREST');
    expect(levelFor(levels, { greenChoices: 50, packagedParcels: 0, itemsReturned: 0 })).to.include({ name: 'FOREST', multiplierPct: 150, depositFree: true });
  });

  it('refuses an empty level table', () => {
    expect(() => levelFor([], NO_ACTIVITY)).to.throw(RangeError);
  });
});
