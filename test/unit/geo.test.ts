// Collection points on the map (issue #18, item 6): distances, opening hours in a point's own time zone, and the
// rules of a point's location and hours. Figures worked by hand.
import { expect } from 'chai';
import { parseCollectionPoint } from '../../server/domain/collection-point.js';
import { distanceMeters, isOpenAt, localTime, nearestFirst } from '../../server/domain/geo.js';

describe('collection points on the map', () => {
  it('measures great-circle distances in whole metres', () => {
    // one degree of a great circle: 6 371 008.8 m x pi / 180 = 111 195.08 m
    expect(distanceMeters({ lat: 0, lng: 0 }, { lat: 1, lng: 0 })).to.equal(111_195);
    expect(distanceMeters({ lat: 0, lng: 0 }, { lat: 0, lng: 1 })).to.equal(111_195);
    expect(distanceMeters({ lat: 31.2304, lng: 121.4737 }, { lat: 31.2304, lng: 121.4737 })).to.equal(0);
    // People's Square to Lujiazui, Shanghai: 0.0093 deg north = 1034 m, 0.0261 deg east x cos 31.235 deg = 2481 m;
    // sqrt(1034^2 + 2481^2) = 2688 m on a plane this small
    expect(distanceMeters({ lat: 31.2304, lng: 121.4737 }, { lat: 31.2397, lng: 121.4998 })).to.be.closeTo(2688, 3);
  });

  it('reads opening hours in the point’s time zone, closing time excluded', () => {
    const monday = [{ day: 'MON' as const, opens: '09:00', closes: '18:00' }];
    // 2026-12-07 is a Monday; Shanghai is UTC+8 all year
    expect(localTime(Date.parse('2026-12-07T01:30:00Z'), 'Asia/Shanghai')).to.deep.equal({ day: 'MON', time: '09:30' });
    expect(isOpenAt(monday, 'Asia/Shanghai', Date.parse('2026-12-07T01:30:00Z'))).to.equal(true);
    expect(isOpenAt(monday, 'Asia/Shanghai', Date.parse('2026-12-07T10:00:00Z')), '18:00 local: closed').to.equal(false);
    expect(isOpenAt(monday, 'Asia/Shanghai', Date.parse('2026-12-06T17:00:00Z')), 'Monday 01:00 local').to.equal(false);
    expect(isOpenAt(monday, 'UTC', Date.parse('2026-12-07T01:30:00Z')), 'Monday 01:30 in UTC').to.equal(false);
    expect(isOpenAt([], 'UTC', Date.parse('2026-12-07T12:00:00Z')), 'no hours: unknown').to.equal(null);
  });

  it('refuses a location off the globe, an unknown time zone and hours that do not read', () => {
    const parsed = parseCollectionPoint({
      name: 'Depot', region: 'CN-31', accepts: ['PLASTIC'], location: { lat: 91, lng: 0 }, timeZone: 'Mars/Olympus',
      openingHours: [{ day: 'MON', opens: '18:00', closes: '09:00' }, { day: 'XYZ', opens: '08:00', closes: '24:00' }],
    });
    expect(parsed.errors.map((e) => e.field?.join('.'))).to.deep.equal(['input.location', 'input.timeZone', 'input.openingHours.0', 'input.openingHours.1.day']);
    const good = parseCollectionPoint({ name: ' Depot ', region: 'cn-31', accepts: ['PLASTIC'], location: { lat: 31.2, lng: 121.5 }, address: ' 1 Road ', openingHours: [{ day: 'SUN', opens: '08:00', closes: '24:00' }], timeZone: 'Asia/Shanghai' });
    expect(good.point).to.deep.include({ name: 'Depot', region: 'CN-31', address: '1 Road', timeZone: 'Asia/Shanghai', location: { lat: 31.2, lng: 121.5 } });
    expect(parseCollectionPoint({ name: 'Old', region: 'CN-31', accepts: ['PLASTIC'] }).point, 'nothing new given: as before').to.deep.include({ location: null, address: null, openingHours: [], timeZone: 'UTC' });
  });

  it('ranks places nearest first, keeping to the material and to those open, equal distances in the order given', () => {
    const at = (name: string, lng: number, accepts: string[], hours: { day: 'MON'; opens: string; closes: string }[] = []) =>
      ({ place: name, location: { lat: 0, lng }, hours, timeZone: 'UTC', accepts });
    const places = [at('far', 2, ['PLASTIC']), at('near', 1, ['PAPER_CARD'], [{ day: 'MON', opens: '09:00', closes: '17:00' }]), at('twin', 1, ['PLASTIC']), at('here', 0, ['PLASTIC'])];
    const monday10 = Date.parse('2026-12-07T10:00:00Z');
    const query = { near: { lat: 0, lng: 0 }, accepts: null, openOnly: false, first: 10, atMs: monday10 };
    // one degree of longitude on the equator: 111 195 m
    expect(nearestFirst(places, query).map((p) => [p.place, p.distanceMeters, p.openNow])).to.deep.equal([
      ['here', 0, null], ['near', 111_195, true], ['twin', 111_195, null], ['far', 222_390, null],
    ]);
    expect(nearestFirst(places, { ...query, accepts: 'PLASTIC', first: 2 }).map((p) => p.place)).to.deep.equal(['here', 'twin']);
    expect(nearestFirst(places, { ...query, openOnly: true }).map((p) => p.place)).to.deep.equal(['near']);
  });
});
