import { expect } from 'chai';
import { parseCollectionPoint } from '../../server/domain/collection-point.js';
import { parseReturn } from '../../server/domain/return-input.js';
import { RECYCLING_RULES, anomalyReasons } from '../../server/domain/recycling-rules.js';
import { nextShipment, returnOf, unitState, type UnitFact } from '../../server/domain/reusable-unit.js';

const fact = (type: UnitFact['type'], cycle: number): UnitFact => ({ type, cycle, atMs: cycle * 1000 });

describe('reusable units', () => {
  it('derives status and completed cycles from the facts, whatever order they are read in', () => {
    expect(unitState([fact('ISSUED', 0)])).to.deep.equal({ status: 'IN_STOCK', cycles: 0, cycle: 0 });
    expect(unitState([fact('SHIPPED', 1), fact('ISSUED', 0)])).to.deep.equal({ status: 'SHIPPED', cycles: 0, cycle: 1 });
    expect(unitState([fact('RETURNED', 1), fact('ISSUED', 0), fact('SHIPPED', 1)])).to.deep.equal({ status: 'RETURNED', cycles: 1, cycle: 1 });
    const twoTrips = [fact('ISSUED', 0), fact('SHIPPED', 1), fact('RETURNED', 1), fact('SHIPPED', 2), fact('RETURNED', 2)];
    expect(unitState(twoTrips)).to.deep.equal({ status: 'RETURNED', cycles: 2, cycle: 2 });
    expect(unitState([...twoTrips, fact('RETIRED', 2)]).status).to.equal('RETIRED');
  });

  it('lets a return outrank a presumed loss of the same trip, whichever was written first', () => {
    expect(unitState([fact('ISSUED', 0), fact('SHIPPED', 1), fact('LOST', 1)]).status).to.equal('LOST');
    expect(unitState([fact('ISSUED', 0), fact('SHIPPED', 1), fact('RETURNED', 1), fact('LOST', 1)])).to.deep.equal({ status: 'RETURNED', cycles: 1, cycle: 1 });
  });

  it('ships a unit in stock or back from a trip on the next trip, and nothing else', () => {
    expect(nextShipment({ status: 'IN_STOCK', cycles: 0, cycle: 0 })).to.deep.equal({ cycle: 1 });
    expect(nextShipment({ status: 'RETURNED', cycles: 3, cycle: 3 })).to.deep.equal({ cycle: 4 });
    expect(nextShipment({ status: 'SHIPPED', cycles: 0, cycle: 1 })).to.have.property('refused');
    expect(nextShipment({ status: 'LOST', cycles: 0, cycle: 1 })).to.have.property('refused');
  });

  it('closes the open trip on return; refuses a unit never shipped, and a second return of one trip', () => {
    expect(returnOf({ status: 'SHIPPED', cycles: 1, cycle: 2 })).to.deep.equal({ cycle: 2 });
    expect(returnOf({ status: 'LOST', cycles: 0, cycle: 1 })).to.deep.equal({ cycle: 1 });
    expect(returnOf({ status: 'IN_STOCK', cycles: 0, cycle: 0 })).to.include({ refused: 'UNIT_NOT_SHIPPED' });
    expect(returnOf({ status: 'RETURNED', cycles: 1, cycle: 1 })).to.include({ refused: 'DUPLICATE_RETURN' });
  });
});

describe('return input', () => {
  const base = { collectionPointId: 'x', idempotencyKey: 'k1' };
  it('takes a serial alone, or loose packaging with both or neither of platformId and consumerRef', () => {
    expect(parseReturn({ ...base, serial: 'CR-0001' }).value).to.deep.equal({ kind: 'UNIT', serial: 'CR-0001' });
    expect(parseReturn({ ...base, material: 'PAPER_CARD', quantity: 3, massGrams: 450 }).value).to.deep.equal({ kind: 'LOOSE', material: 'PAPER_CARD', quantity: 3, massGrams: 450, consumer: null, attribution: null });
    const credited = parseReturn({ ...base, material: 'PLASTIC', quantity: 1, massGrams: 20, platformId: 'a'.repeat(24), consumerRef: 'c-1' });
    expect(credited.value).to.deep.include({ consumer: { platformId: 'a'.repeat(24), consumerRef: 'c-1' } });
  });

  it('takes loose packaging’s producer by packaging type or by producer, one of them, and neither for a unit', () => {
    const loose = { ...base, material: 'PAPER_CARD', quantity: 1, massGrams: 90 };
    expect(parseReturn({ ...loose, packagingTypeId: 'b'.repeat(24) }).value).to.deep.include({ attribution: { packagingTypeId: 'b'.repeat(24) } });
    expect(parseReturn({ ...loose, producerId: 'c'.repeat(24) }).value).to.deep.include({ attribution: { producerId: 'c'.repeat(24) } });
    const fields = (input: Parameters<typeof parseReturn>[0]) => parseReturn(input).errors.map((e) => e.field?.join('.'));
    expect(fields({ ...loose, packagingTypeId: 'b'.repeat(24), producerId: 'c'.repeat(24) })).to.deep.equal(['input.producerId']);
    expect(fields({ ...loose, packagingTypeId: 'box' })).to.deep.equal(['input.packagingTypeId']);
    expect(fields({ ...loose, producerId: 'acme' })).to.deep.equal(['input.producerId']);
    expect(fields({ ...base, serial: 'CR-0001', packagingTypeId: 'b'.repeat(24) })).to.deep.equal(['input.packagingTypeId']);
  });

  it('refuses mixed, incomplete and out-of-range returns, each on its field', () => {
    const fields = (input: Parameters<typeof parseReturn>[0]) => parseReturn(input).errors.map((e) => e.field?.join('.'));
    expect(fields({ ...base, serial: 'CR-0001', material: 'PLASTIC' })).to.deep.equal(['input.serial']);
    expect(fields({ ...base, serial: 'CR-0001', consumerRef: 'c-1' })).to.deep.equal(['input.consumerRef']);
    expect(fields({ ...base })).to.deep.equal(['input.material', 'input.quantity', 'input.massGrams']);
    expect(fields({ ...base, material: 'GOLD', quantity: 0, massGrams: 1.5 })).to.deep.equal(['input.material', 'input.quantity', 'input.massGrams']);
    expect(fields({ ...base, material: 'PLASTIC', quantity: 1, massGrams: 5, consumerRef: 'c-1' })).to.deep.equal(['input.platformId']);
    expect(fields({ ...base, material: 'PLASTIC', quantity: 1, massGrams: 5, platformId: 'nope', consumerRef: 'c 1' })).to.deep.equal(['input.platformId', 'input.consumerRef']);
    expect(fields({ collectionPointId: 'x', idempotencyKey: '', serial: 'ab' })).to.deep.equal(['input.idempotencyKey', 'input.serial']);
  });
});

describe('collection point input', () => {
  it('normalizes the region and orders the materials; refuses an empty name, a bad region and unknown materials', () => {
    expect(parseCollectionPoint({ name: ' Station 1 ', region: 'cn-31', accepts: ['PLASTIC', 'PAPER_CARD', 'PLASTIC'] }).point).to.deep.equal({
      name: 'Station 1', region: 'CN-31', accepts: ['PAPER_CARD', 'PLASTIC'], location: null, address: null, openingHours: [], timeZone: 'UTC', reusableFormats: null,
    });
    // Reusable formats: listed in the order of the container formats, each once; left out: every format (null).
    expect(parseCollectionPoint({ name: 'S', region: 'CN', accepts: ['PLASTIC'], reusableFormats: ['BAG', 'BOX', 'BAG'] }).point?.reusableFormats).to.deep.equal(['BOX', 'BAG']);
    expect(parseCollectionPoint({ name: 'S', region: 'CN', accepts: ['PLASTIC'], reusableFormats: ['TAPE'] }).errors.map((e) => e.field?.join('.'))).to.deep.equal(['input.reusableFormats']);
    const parsed = parseCollectionPoint({ name: ' ', region: 'CN 31', accepts: ['GOLD'] });
    expect(parsed.errors.map((e) => e.field?.join('.'))).to.deep.equal(['input.name', 'input.region', 'input.accepts']);
    expect(parseCollectionPoint({ name: 'A', region: 'CN', accepts: [] }).errors.map((e) => e.field?.join('.'))).to.deep.equal(['input.accepts']);
  });
});

describe('anomaly rules', () => {
  const rules = RECYCLING_RULES;
  const at = Date.UTC(2026, 5, 1, 12);
  it('flags a serial back in another region sooner than travel allows, not in the same region, not later', () => {
    const hour = 3_600_000;
    expect(anomalyReasons(rules, { region: 'CN-44', atMs: at, previousReturn: { region: 'CN-11', atMs: at - 2 * hour } })).to.have.length(1);
    expect(anomalyReasons(rules, { region: 'CN-44', atMs: at, previousReturn: { region: 'CN-11', atMs: at - 6 * hour } })).to.deep.equal([]);
    expect(anomalyReasons(rules, { region: 'CN-11', atMs: at, previousReturn: { region: 'CN-11', atMs: at - hour } })).to.deep.equal([]);
  });

  it('flags a region returning more units than were shipped into it, and a consumer bringing implausibly many items', () => {
    expect(anomalyReasons(rules, { region: 'CN-11', atMs: at, regionFlow: { returned: 3, shipped: 3 } })).to.deep.equal([]);
    expect(anomalyReasons(rules, { region: 'CN-11', atMs: at, regionFlow: { returned: 4, shipped: 3 } })).to.deep.equal(['4 units returned in CN-11 within 30 days, only 3 shipped there']);
    expect(anomalyReasons(rules, { region: 'CN-11', atMs: at, consumerItemsToday: 50 })).to.deep.equal([]);
    expect(anomalyReasons(rules, { region: 'CN-11', atMs: at, consumerItemsToday: 51 })).to.deep.equal(['51 items from one consumer today, more than the plausible 50']);
  });
});
