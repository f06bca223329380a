// A producer's what-if fee (issue #18, item 8): its fee for a period had one of its packaging types had another
// recyclable share, computed with the scheme's own fee function. Figures worked by hand under GL-EPR-2026.2.
import { expect } from 'chai';
import { graphql, type GraphQLResponse } from '../support/graphql-client.js';
import { startService, type RunningService } from '../support/harness.js';
import { createOrganizations } from '../support/organizations.js';
import { plainBox } from '../support/packaging-fixtures.js';
import { pinnedClock } from '../support/test-clock.js';
import { parsePeriod } from '../../server/domain/period.js';

const SIMULATE = `query($id: ID!, $period: String!, $share: Int, $content: Int) {
  feeSimulation(packagingTypeId: $id, period: $period, recyclableSharePct: $share, recycledContentPct: $content) {
    period ruleVersion currency placedOnMarketGrams currentGrade simulatedGrade simulatedPackagingClass
    currentFeeMinor simulatedFeeMinor differenceMinor currentGreenFactor simulatedGreenFactor } }`;

interface Simulation { period: string; ruleVersion: string; currency: string; placedOnMarketGrams: number; currentGrade: string; simulatedGrade: string; simulatedPackagingClass: string; currentFeeMinor: number; simulatedFeeMinor: number; differenceMinor: number; currentGreenFactor: number; simulatedGreenFactor: number }

describe('GraphQL over HTTP: a producer’s what-if fee', () => {
  let service: RunningService;
  let keys: Record<string, string> = {};
  let boxId = '';
  const clock = pinnedClock('2026-10-15T12:00:00Z');
  const period = '2026-10';
  const call = <T>(who: string, query: string, variables: Record<string, unknown> = {}): Promise<GraphQLResponse<T>> =>
    graphql<T>(service.url, query, { key: keys[who] ?? '', variables });

  before(async () => {
    service = await startService('e2e_fee_simulation', {}, { clock: clock.now });
    ({ keys } = await createOrganizations(service.url, [['Box Co', 'PRODUCER'], ['Other Co', 'PRODUCER'], ['Shop', 'PLATFORM']]));
    const registered = await call<{ registerPackagingType: { packagingType: { id: string; classification: { grade: string } } | null } }>('Box Co',
      'mutation($input: PackagingTypeInput!) { registerPackagingType(input: $input) { packagingType { id classification { grade } } } }', { input: plainBox('PLAIN-1') });
    boxId = registered.data?.registerPackagingType.packagingType?.id ?? '';
    expect(registered.data?.registerPackagingType.packagingType?.classification.grade, 'a 60 % recyclable box').to.equal('NOT_RECYCLABLE');
    // Ten orders in the plain 400 g box: 4 kg of red paper from Box Co; Other Co declares 1 t of green paper.
    for (let i = 0; i < 10; i += 1) {
      const quote = await call<{ requestQuote: { quote: { id: string; options: { id: string; packagingClass: string }[] } | null } }>('Shop',
        'mutation($input: RequestQuoteInput!) { requestQuote(input: $input) { quote { id options { id packagingClass } } } }',
        { input: { parcel: { lengthMm: 280, widthMm: 180, heightMm: 90, weightGrams: 800 }, consumerRef: `c-${String(i)}` } });
      const option = quote.data?.requestQuote.quote?.options.find((o) => o.packagingClass === 'STANDARD');
      await call('Shop', 'mutation($input: ChoosePackagingInput!) { choosePackaging(input: $input) { userErrors { code } } }',
        { input: { quoteId: quote.data?.requestQuote.quote?.id, optionId: option?.id, orderRef: `o-${String(i)}` } });
    }
    await call('Other Co', 'mutation($input: PlacedOnMarketInput!) { declarePlacedOnMarket(input: $input) { userErrors { code } } }',
      { input: { period, idempotencyKey: 'dec-1', lines: [{ material: 'PAPER_CARD', grams: 1_000_000, ramRating: 'GREEN' }] } });
  });
  after(() => service.dispose());

  it('refuses a period not computed yet, then gives the fee had the box been recyclable, by hand', async () => {
    // September has started, and nothing computes it here (no job is asked to, and the hourly one computes October's).
    const early = await call<{ feeSimulation: Simulation | null }>('Box Co', SIMULATE, { id: boxId, period: '2026-09', share: 97 });
    expect(early.errors?.map((e) => e.extensions?.code)).to.deep.equal(['NOT_COMPUTED_YET']);
    const computed = parsePeriod(period);
    if (!computed) throw new Error('period');
    await service.running.services.compliance.recompute(computed, clock.nowMs());

    const simulated = await call<{ feeSimulation: Simulation | null }>('Box Co', SIMULATE, { id: boxId, period, share: 97 });
    // As placed: red 4 kg x 19600/t = 78.4, green 1 t x 19600 = 19600; factor 1 - 0.2 x 78.4 / 19600 = 0.9992;
    // Box Co pays 0.004 t x 19600 x 1.2 = 94.08 -> 94. Made 97 % recyclable (grade A, green): nothing red is left,
    // the factor is 1, and Box Co pays 0.004 x 19600 = 78.4 -> 78.
    expect(simulated.data?.feeSimulation).to.deep.include({
      period, ruleVersion: 'GL-EPR-2026.2', currency: 'GBP', placedOnMarketGrams: 4000, currentGrade: 'NOT_RECYCLABLE', simulatedGrade: 'A',
      currentFeeMinor: 94, simulatedFeeMinor: 78, differenceMinor: -16, simulatedGreenFactor: 1,
    });
    expect(simulated.data?.feeSimulation?.currentGreenFactor).to.be.closeTo(0.9992, 1e-12);
    // Recycled content alone changes the class, not the fee band.
    const content = await call<{ feeSimulation: Simulation | null }>('Box Co', SIMULATE, { id: boxId, period, content: 80 });
    expect(content.data?.feeSimulation).to.deep.include({ simulatedGrade: 'NOT_RECYCLABLE', differenceMinor: 0 });
  });

  it('answers only the type’s own producer, and refuses figures out of range', async () => {
    expect((await call<{ feeSimulation: Simulation | null }>('Other Co', SIMULATE, { id: boxId, period, share: 97 })).data?.feeSimulation).to.equal(null);
    expect((await call<{ feeSimulation: Simulation | null }>('Shop', SIMULATE, { id: boxId, period, share: 97 })).errors?.map((e) => e.extensions?.code)).to.deep.equal(['FORBIDDEN']);
    expect((await call<{ feeSimulation: Simulation | null }>('Box Co', SIMULATE, { id: boxId, period, share: 101 })).errors?.map((e) => e.extensions?.code)).to.deep.equal(['BAD_USER_INPUT']);
  });
});
