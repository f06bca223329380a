// Packaging a producer places on the market outside GreenLoop (issue #17, item 3): declared per period, material and
// activity, with revisions and evidence; compliance adds the latest revision to what GreenLoop's checkouts placed
// and says which figure came from where. Figures worked by hand.
import { expect } from 'chai';
import { graphql, type GraphQLResponse } from '../support/graphql-client.js';
import { startService, type RunningService } from '../support/harness.js';
import { greenBox } from '../support/packaging-fixtures.js';
import { createOrganizations } from '../support/organizations.js';
import { eventually } from '../support/services.js';
import { pinnedClock } from '../support/test-clock.js';

const DECLARE = `mutation($input: PlacedOnMarketInput!) { declarePlacedOnMarket(input: $input) {
  declaration { id period revision lines { material grams activity ramRating evidence } } userErrors { code field } } }`;
const DECLARATIONS = `query($producerId: ID, $period: String) { placedOnMarketDeclarations(producerId: $producerId, period: $period, first: 10) {
  totalCount nodes { id revision producer { name } lines { material grams } } } }`;
const COMPLIANCE = `query($id: ID!, $period: String!) { producerCompliance(producerId: $id, period: $period) {
  feeMinor lines { material placedOnMarketGrams declaredPlacedOnMarketGrams recoveryRatePct feeMinor explanation } } }`;

interface Line { material: string; grams: number; activity: string | null; ramRating: string; evidence: string[] }
type Declared = { declarePlacedOnMarket: { declaration: { id: string; period: string; revision: number; lines: Line[] } | null; userErrors: { code: string; field: string[] | null }[] } };
type Declarations = { placedOnMarketDeclarations: { totalCount: number; nodes: { id: string; revision: number; producer: { name: string }; lines: { material: string; grams: number }[] }[] } | null };
type Compliance = { producerCompliance: { feeMinor: number; lines: { material: string; placedOnMarketGrams: number; declaredPlacedOnMarketGrams: number; recoveryRatePct: number; feeMinor: number; explanation: string }[] } | null };

describe('GraphQL over HTTP: packaging declared outside GreenLoop', () => {
  let service: RunningService;
  const keys: Record<string, string> = {};
  const ids: Record<string, string> = {};
  const clock = pinnedClock('2026-10-15T12:00:00Z');
  const period = '2026-10';
  const call = <T>(who: string, query: string, variables: Record<string, unknown> = {}): Promise<GraphQLResponse<T>> =>
    graphql<T>(service.url, query, { key: keys[who] ?? '', variables });

  before(async () => {
    service = await startService('e2e_declarations', {}, { clock: clock.now });
    const created = await createOrganizations(service.url, [['Box Co', 'PRODUCER'], ['Other Co', 'PRODUCER'], ['Shop', 'PLATFORM'], ['Agency', 'REGULATOR']]);
    Object.assign(keys, created.keys);
    Object.assign(ids, created.ids);
    // One green 150 g paper box through a GreenLoop checkout, delivered.
    const registered = await call<{ registerPackagingType: { packagingType: { id: string } | null } }>('Box Co',
      'mutation($input: PackagingTypeInput!) { registerPackagingType(input: $input) { packagingType { id } } }', { input: greenBox('BOX-GREEN') });
    expect(registered.data?.registerPackagingType.packagingType).to.not.equal(null);
    const quote = await call<{ requestQuote: { quote: { id: string; options: { id: string; packagingClass: string }[] } | null } }>('Shop',
      'mutation($input: RequestQuoteInput!) { requestQuote(input: $input) { quote { id options { id packagingClass } } } }',
      { input: { parcel: { lengthMm: 280, widthMm: 180, heightMm: 90, weightGrams: 800 }, consumerRef: 'c-1' } });
    const option = quote.data?.requestQuote.quote?.options.find((o) => o.packagingClass === 'GREEN');
    await call('Shop', 'mutation($input: ChoosePackagingInput!) { choosePackaging(input: $input) { userErrors { code } } }',
      { input: { quoteId: quote.data?.requestQuote.quote?.id, optionId: option?.id, orderRef: 'o-1' } });
  });
  after(() => service.dispose());

  it('keeps declarations as revisions with their evidence, replays a repeated request and refuses bad ones whole', async () => {
    const lines = [
      { material: 'PAPER_CARD', grams: 2_000_000, activity: 'own web shop', evidence: ['INV-2026-10-001'] },
      { material: 'PAPER_CARD', grams: 500_000, activity: 'sold to retailers', ramRating: 'GREEN' },
    ];
    const first = await call<Declared>('Box Co', DECLARE, { input: { period, idempotencyKey: 'dec-1', lines } });
    expect(first.data?.declarePlacedOnMarket.userErrors).to.deep.equal([]);
    expect(first.data?.declarePlacedOnMarket.declaration).to.deep.include({ period, revision: 1 });
    expect(first.data?.declarePlacedOnMarket.declaration?.lines).to.deep.equal([
      { material: 'PAPER_CARD', grams: 2_000_000, activity: 'own web shop', ramRating: 'RED', evidence: ['INV-2026-10-001'] },
      { material: 'PAPER_CARD', grams: 500_000, activity: 'sold to retailers', ramRating: 'GREEN', evidence: [] },
    ]);
    const replay = await call<Declared>('Box Co', DECLARE, { input: { period, idempotencyKey: 'dec-1', lines } });
    expect(replay.data?.declarePlacedOnMarket.declaration?.id).to.equal(first.data?.declarePlacedOnMarket.declaration?.id);
    // A correction: the web shop sold 1 t, assessed AMBER; the retail line stays
    const corrected = await call<Declared>('Box Co', DECLARE, { input: { period, idempotencyKey: 'dec-2', lines: [{ ...lines[0], grams: 1_000_000, ramRating: 'AMBER' }, lines[1]] } });
    expect(corrected.data?.declarePlacedOnMarket.declaration?.revision).to.equal(2);
    const reused = await call<Declared>('Box Co', DECLARE, { input: { period, idempotencyKey: 'dec-1', lines: [lines[1]] } });
    expect(reused.data?.declarePlacedOnMarket.userErrors.map((e) => e.code)).to.deep.equal(['IDEMPOTENCY_KEY_REUSED']);
    const bad = await call<Declared>('Box Co', DECLARE, { input: { period: '2999', idempotencyKey: 'dec-3', lines: [{ material: 'PAPER_CARD', grams: -1 }, { material: 'GLASS', grams: 5, evidence: [' '] }] } });
    expect(bad.data?.declarePlacedOnMarket.userErrors.map((e) => e.field?.join('.'))).to.deep.equal(['input.period', 'input.lines.0.grams', 'input.lines.1.evidence']);
    const notABand = await call<Declared>('Box Co', DECLARE, { input: { period, idempotencyKey: 'dec-3', lines: [{ material: 'PAPER_CARD', grams: 5, ramRating: 'BLUE' }] } });
    expect(notABand.errors?.map((e) => e.extensions?.code), 'the enum is checked before anything runs').to.deep.equal(['BAD_USER_INPUT']);
    const twice = await call<Declared>('Box Co', DECLARE, { input: { period, idempotencyKey: 'dec-4', lines: [{ material: 'GLASS', grams: 5, activity: 'Shop' }, { material: 'GLASS', grams: 6, activity: ' shop ' }] } });
    expect(twice.data?.declarePlacedOnMarket.userErrors.map((e) => e.field?.join('.'))).to.deep.equal(['input.lines.1.activity']);
    const byPlatform = await call<Declared>('Shop', DECLARE, { input: { period, idempotencyKey: 'dec-5', lines } });
    expect(byPlatform.errors?.map((e) => e.extensions?.code)).to.deep.equal(['FORBIDDEN']);
  });

  it('lets a producer read its own declarations and a regulator everyone’s', async () => {
    const own = await call<Declarations>('Box Co', DECLARATIONS, { period });
    expect(own.data?.placedOnMarketDeclarations?.nodes.map((d) => [d.revision, d.producer.name, d.lines.map((l) => l.grams)])).to.deep.equal([
      [1, 'Box Co', [2_000_000, 500_000]], [2, 'Box Co', [1_000_000, 500_000]],
    ]);
    expect((await call<Declarations>('Other Co', DECLARATIONS, {})).data?.placedOnMarketDeclarations?.totalCount).to.equal(0);
    expect((await call<Declarations>('Other Co', DECLARATIONS, { producerId: ids['Box Co'] })).errors?.map((e) => e.extensions?.code)).to.deep.equal(['FORBIDDEN']);
    expect((await call<Declarations>('Agency', DECLARATIONS, { producerId: ids['Box Co'] })).data?.placedOnMarketDeclarations?.totalCount).to.equal(2);
    expect((await call<Declarations>('Shop', DECLARATIONS, {})).errors?.map((e) => e.extensions?.code)).to.deep.equal(['FORBIDDEN']);
  });

  it('counts the latest revision with the checkouts’ packaging in compliance, and says which figure came from where', async () => {
    const line = await eventually(async () => {
      const r = await call<Compliance>('Agency', COMPLIANCE, { id: ids['Box Co'], period });
      const paper = r.data?.producerCompliance?.lines.find((l) => l.material === 'PAPER_CARD');
      return paper?.declaredPlacedOnMarketGrams === 1_500_000 ? paper : undefined;
    }, 15_000, 'the corrected declaration to count');
    // By hand, paper at 19600 pence a tonne: the checkout's 150 g green box + 500 g declared green + 1 t declared amber.
    // Nothing red anywhere, so the green factor is 1: 0.50015 t x 19600 + 1 t x 19600 = 9802.94 + 19600 = 29402.94 -> 29403
    expect(line).to.deep.include({ placedOnMarketGrams: 1_500_150, declaredPlacedOnMarketGrams: 1_500_000, feeMinor: 29_403, recoveryRatePct: 0 });
    expect(line.explanation).to.contain('PAPER_CARD: 1.500 t placed on the market (0.150 kg through GreenLoop checkouts + 1.500 t declared)');
  });
});
