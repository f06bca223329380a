// Find a collection point (issue #18, item 6): collection points carry a location, address, opening hours in their
// own time zone and the materials they take; any organization finds the nearest, open ones for a place and a
// material. Distances worked by hand in test/unit/geo.test.ts.
import { expect } from 'chai';
import { graphql, type GraphQLResponse } from '../support/graphql-client.js';
import { startService, type RunningService } from '../support/harness.js';
import { TEST_ADMIN_KEY } from '../support/services.js';
import { pinnedClock } from '../support/test-clock.js';

const REGISTER = `mutation($input: CollectionPointInput!) { registerCollectionPoint(input: $input) {
  collectionPoint { id name location { lat lng } address openingHours { day opens closes } timeZone } userErrors { code field } } }`;
const NEAREST = `query($near: GeoPointInput!, $material: Material, $reusableFormat: PackagingFormat, $openNow: Boolean, $first: Int) {
  nearestCollectionPoints(near: $near, material: $material, reusableFormat: $reusableFormat, openNow: $openNow, first: $first) {
    distanceMeters openNow collectionPoint { name accepts reusableFormats } } }`;

type Registered = { registerCollectionPoint: { collectionPoint: { id: string; name: string; timeZone: string } | null; userErrors: { code: string; field: string[] | null }[] } };
type Nearest = { nearestCollectionPoints: { distanceMeters: number; openNow: boolean | null; collectionPoint: { name: string; accepts: string[]; reusableFormats: string[] } }[] | null };

const PEOPLES_SQUARE = { lat: 31.2304, lng: 121.4737 };
const LUJIAZUI = { lat: 31.2397, lng: 121.4998 };
const HANGZHOU = { lat: 30.2741, lng: 120.1551 };

describe('GraphQL over HTTP: the nearest collection points', () => {
  let service: RunningService;
  const keys: Record<string, string> = {};
  // Monday 2026-12-07, 10:00 in Shanghai
  const clock = pinnedClock('2026-12-07T02:00:00Z');
  const call = <T>(who: string, query: string, variables: Record<string, unknown> = {}): Promise<GraphQLResponse<T>> =>
    graphql<T>(service.url, query, { key: keys[who] ?? '', variables });

  before(async () => {
    service = await startService('e2e_nearest_points', {}, { clock: clock.now });
    for (const [name, kind] of [['Depot Co', 'COLLECTOR'], ['Shop', 'PLATFORM']] as const) {
      const created = await graphql<{ createOrganization: { apiKey: string } }>(service.url,
        'mutation($input: CreateOrganizationInput!) { createOrganization(input: $input) { apiKey } }',
        { key: TEST_ADMIN_KEY, variables: { input: { name, kind } } });
      keys[name] = created.data?.createOrganization.apiKey ?? '';
    }
    const points = [
      { name: 'Square', region: 'CN-31', accepts: ['PAPER_CARD', 'PLASTIC'], location: PEOPLES_SQUARE, address: '120 Renmin Avenue', openingHours: [{ day: 'MON', opens: '09:00', closes: '18:00' }], timeZone: 'Asia/Shanghai' },
      { name: 'Lujiazui', region: 'CN-31', accepts: ['PLASTIC'], location: LUJIAZUI, openingHours: [{ day: 'MON', opens: '12:00', closes: '20:00' }], timeZone: 'Asia/Shanghai', reusableFormats: ['MAILER', 'BAG', 'MAILER'] },
      { name: 'Hangzhou', region: 'CN-33', accepts: ['PAPER_CARD'], location: HANGZHOU, reusableFormats: [] },
      { name: 'Nowhere', region: 'CN-31', accepts: ['PAPER_CARD', 'PLASTIC'] },
    ];
    for (const input of points) {
      const r = await call<Registered>('Depot Co', REGISTER, { input });
      expect(r.data?.registerCollectionPoint.userErrors, input.name).to.deep.equal([]);
    }
  });
  after(() => service.dispose());

  it('lists the points on the map nearest first, with distances and whether each is open now', async () => {
    const all = await call<Nearest>('Shop', NEAREST, { near: PEOPLES_SQUARE });
    const rows = all.data?.nearestCollectionPoints ?? [];
    expect(rows.map((r) => [r.collectionPoint.name, r.openNow])).to.deep.equal([['Square', true], ['Lujiazui', false], ['Hangzhou', null]]);
    expect(rows[0]?.distanceMeters).to.equal(0);
    expect(rows[1]?.distanceMeters).to.be.closeTo(2688, 3);
    // Shanghai to Hangzhou is about 165 km as the crow flies
    expect(rows[2]?.distanceMeters).to.be.within(160_000, 170_000);
  });

  it('keeps to the material asked for, to the points open now, and to the page size', async () => {
    const paper = await call<Nearest>('Shop', NEAREST, { near: LUJIAZUI, material: 'PAPER_CARD' });
    expect(paper.data?.nearestCollectionPoints?.map((r) => r.collectionPoint.name)).to.deep.equal(['Square', 'Hangzhou']);
    const open = await call<Nearest>('Shop', NEAREST, { near: LUJIAZUI, openNow: true });
    expect(open.data?.nearestCollectionPoints?.map((r) => r.collectionPoint.name), 'Lujiazui opens at noon; Hangzhou gave no hours').to.deep.equal(['Square']);
    const one = await call<Nearest>('Shop', NEAREST, { near: HANGZHOU, first: 1 });
    expect(one.data?.nearestCollectionPoints?.map((r) => r.collectionPoint.name)).to.deep.equal(['Hangzhou']);
  });

  it('lists the reusable formats each point takes back, and finds the points taking one', async () => {
    const all = await call<Nearest>('Shop', NEAREST, { near: PEOPLES_SQUARE });
    expect(all.data?.nearestCollectionPoints?.map((r) => [r.collectionPoint.name, r.collectionPoint.reusableFormats])).to.deep.equal([
      ['Square', ['BOX', 'MAILER', 'ENVELOPE', 'BAG']], // listed none: every format, as points always took
      ['Lujiazui', ['MAILER', 'BAG']],
      ['Hangzhou', []], // listed an empty list: no reusable units
    ]);
    const mailers = await call<Nearest>('Shop', NEAREST, { near: HANGZHOU, reusableFormat: 'MAILER' });
    expect(mailers.data?.nearestCollectionPoints?.map((r) => r.collectionPoint.name)).to.deep.equal(['Square', 'Lujiazui']);
    const boxes = await call<Nearest>('Shop', NEAREST, { near: LUJIAZUI, reusableFormat: 'BOX', material: 'PAPER_CARD' });
    expect(boxes.data?.nearestCollectionPoints?.map((r) => r.collectionPoint.name)).to.deep.equal(['Square']);
  });

  it('refuses a place off the globe and a bad page size, keeping the rest of the reply', async () => {
    const off = await call<Nearest & { viewer: { name: string } }>('Shop', `query { viewer { name } nearestCollectionPoints(near: {lat: 91, lng: 0}) { distanceMeters } }`);
    expect(off.errors?.map((e) => [e.extensions?.code, e.path?.join('.')])).to.deep.equal([['BAD_USER_INPUT', 'nearestCollectionPoints']]);
    expect(off.data?.viewer.name).to.equal('Shop');
    const zero = await call<Nearest>('Shop', NEAREST, { near: PEOPLES_SQUARE, first: 0 });
    expect(zero.errors?.map((e) => e.extensions?.code)).to.deep.equal(['BAD_USER_INPUT']);
  });

  it('refuses a point whose time zone or hours do not read, and another point under a taken name', async () => {
    const bad = await call<Registered>('Depot Co', REGISTER, { input: { name: 'Bad', region: 'CN-31', accepts: ['PLASTIC'], timeZone: 'Mars/Olympus', openingHours: [{ day: 'TUE', opens: '19:00', closes: '08:00' }] } });
    expect(bad.data?.registerCollectionPoint.userErrors.map((e) => e.field?.join('.'))).to.deep.equal(['input.timeZone', 'input.openingHours.0']);
    const filler = await call<Registered>('Depot Co', REGISTER, { input: { name: 'Filler', region: 'CN-31', accepts: ['PLASTIC'], reusableFormats: ['FILLER'] } });
    expect(filler.data?.registerCollectionPoint.userErrors.map((e) => [e.code, e.field?.join('.')])).to.deep.equal([['VALIDATION', 'input.reusableFormats']]);
    const relisted = await call<Registered>('Depot Co', REGISTER, { input: { name: 'Hangzhou', region: 'CN-33', accepts: ['PAPER_CARD'], location: HANGZHOU, reusableFormats: ['BOX'] } });
    expect(relisted.data?.registerCollectionPoint.userErrors.map((e) => e.code), 'the same name with other formats is another point').to.deep.equal(['VALIDATION']);
    const again = await call<Registered>('Depot Co', REGISTER, { input: { name: 'Hangzhou', region: 'CN-33', accepts: ['PAPER_CARD'], location: HANGZHOU, reusableFormats: [] } });
    expect(again.data?.registerCollectionPoint.userErrors, 'the same point again: returned as it is').to.deep.equal([]);
    const moved = await call<Registered>('Depot Co', REGISTER, { input: { name: 'Hangzhou', region: 'CN-33', accepts: ['PAPER_CARD'], location: LUJIAZUI } });
    expect(moved.data?.registerCollectionPoint.userErrors.map((e) => e.code)).to.deep.equal(['VALIDATION']);
  });
});
