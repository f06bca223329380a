// Carbon at checkout (issue #18, item 7): each option carries its estimated CO2e and what it avoids against the
// single-use box the parcel would otherwise ship in, from versioned carbon factors with their sources; the consumer's
// account and the green-impact figures add up the same numbers. CO2e worked by hand from the shipped factors.
import { expect } from 'chai';
import { parsePeriod } from '../../server/domain/period.js';
import { graphql, type GraphQLResponse } from '../support/graphql-client.js';
import { startService, type RunningService } from '../support/harness.js';
import { createOrganizations } from '../support/organizations.js';
import { greenBox, plainBox, reusableCrate } from '../support/packaging-fixtures.js';
import { pinnedClock } from '../support/test-clock.js';

const MATERIALS = ['ALUMINIUM', 'FIBRE_COMPOSITE', 'GLASS', 'PAPER_CARD', 'PLASTIC', 'STEEL', 'WOOD', 'OTHER'] as const;
const FACTORS = `query($version: String) { carbonFactors(version: $version) {
  id version inForce activatedAt sources materials { material gramsPerKg } reuseTripGrams baselineBoardGramsPerM2 } }`;
const ACTIVATE = `mutation($input: CarbonFactorsInput!) { activateCarbonFactors(input: $input) {
  carbonFactors { version inForce } userErrors { code field message } } }`;
const QUOTE = `mutation($input: RequestQuoteInput!) { requestQuote(input: $input) { quote { id carbonVersion
  options { id packagingClass packagingType { id } co2eGrams co2eAvoidedGrams carbonVersion } } userErrors { code } } }`;
const CHOOSE = `mutation($input: ChoosePackagingInput!) { choosePackaging(input: $input) {
  choice { option { co2eGrams co2eAvoidedGrams carbonVersion } } userErrors { code } } }`;
const EVENT = `mutation($input: OrderEventInput!) { recordOrderEvent(input: $input) { accepted userErrors { code } } }`;

interface Option { id: string; packagingClass: string; packagingType: { id: string } | null; co2eGrams: number; co2eAvoidedGrams: number; carbonVersion: string | null }
type Quoted = { requestQuote: { quote: { id: string; carbonVersion: string | null; options: Option[] } | null; userErrors: { code: string }[] } };
type FactorSet = { id: string; version: string; inForce: boolean; activatedAt: string | null; sources: string[]; materials: { material: string; gramsPerKg: number }[]; reuseTripGrams: number; baselineBoardGramsPerM2: number };
type Activated = { activateCarbonFactors: { carbonFactors: { version: string; inForce: boolean } | null; userErrors: { code: string; field: string[] | null; message: string }[] } };

/** A whole set of factors: every material at `gramsPerKg` unless named. */
const factors = (version: string, gramsPerKg: Partial<Record<string, number>> = {}) => ({
  version,
  sources: ['written for this test'],
  materials: MATERIALS.map((material) => ({ material, gramsPerKg: gramsPerKg[material] ?? 1000 })),
  reuseTripGrams: 10,
  baselineBoardGramsPerM2: 500,
});

describe('GraphQL over HTTP: carbon at checkout', () => {
  let service: RunningService;
  let keys: Record<string, string> = {};
  const types: Record<string, string> = {};
  const clock = pinnedClock('2026-12-07T10:00:00Z');
  const call = <T>(who: string, query: string, variables: Record<string, unknown> = {}): Promise<GraphQLResponse<T>> =>
    graphql<T>(service.url, query, { key: keys[who] ?? '', variables });
  // 280 x 180 x 90 mm: the green box and the plain box (300 x 200 x 100) and the crate (320 x 220 x 120) all hold it
  // within the 50 % empty-space limit, and it may ship in its own packaging.
  const parcel = { lengthMm: 280, widthMm: 180, heightMm: 90, weightGrams: 800, shipsInOwnPackaging: true };
  const quote = async (consumerRef: string) => {
    const r = await call<Quoted>('Shop', QUOTE, { input: { parcel, consumerRef } });
    const q = r.data?.requestQuote.quote;
    if (!q) throw new Error(`no quote: ${JSON.stringify(r)}`);
    return q;
  };
  const byName = (options: Option[]) => {
    const names = new Map(Object.entries(types).map(([name, id]) => [id, name]));
    return Object.fromEntries(options.map((o) => [o.packagingType ? names.get(o.packagingType.id) ?? '?' : 'own', [o.co2eGrams, o.co2eAvoidedGrams]]));
  };
  async function order(consumerRef: string, orderRef: string, pick: string, ending: 'DELIVERED' | 'CANCELLED') {
    const q = await quote(consumerRef);
    const option = q.options.find((o) => (pick === 'own' ? o.packagingType === null : o.packagingType?.id === types[pick]));
    type Chosen = { choosePackaging: { choice: { option: { co2eGrams: number; co2eAvoidedGrams: number; carbonVersion: string | null } } | null; userErrors: unknown[] } };
    const chosen = await call<Chosen>('Shop', CHOOSE, { input: { quoteId: q.id, optionId: option?.id, orderRef } });
    expect(chosen.data?.choosePackaging.userErrors).to.deep.equal([]);
    const ended = await call<{ recordOrderEvent: { accepted: boolean } }>('Shop', EVENT, { input: { orderRef, type: ending } });
    expect(ended.data?.recordOrderEvent.accepted).to.equal(true);
    return chosen.data?.choosePackaging.choice?.option;
  }

  before(async () => {
    service = await startService('e2e_carbon', {}, { clock: clock.now });
    ({ keys } = await createOrganizations(service.url, [['Box Co', 'PRODUCER'], ['Shop', 'PLATFORM'], ['Agency', 'REGULATOR']]));
    for (const [name, spec] of [['green', greenBox('G-1')], ['plain', plainBox('P-1')], ['crate', reusableCrate('R-1')]] as const) {
      const registered = await call<{ registerPackagingType: { packagingType: { id: string } | null } }>('Box Co',
        'mutation($input: PackagingTypeInput!) { registerPackagingType(input: $input) { packagingType { id } } }', { input: spec });
      types[name] = registered.data?.registerPackagingType.packagingType?.id ?? '';
      expect(types[name], name).to.not.equal('');
    }
  });
  after(() => service.dispose());

  it('serves the shipped carbon factors with their sources, readable by every key', async () => {
    const shipped = await call<{ carbonFactors: FactorSet | null }>('Box Co', FACTORS);
    expect(shipped.data?.carbonFactors).to.deep.include({ id: 'CARBON:GL-CARBON-2026.1', version: 'GL-CARBON-2026.1', inForce: true, activatedAt: null, reuseTripGrams: 30, baselineBoardGramsPerM2: 450 });
    expect(shipped.data?.carbonFactors?.materials).to.have.length(MATERIALS.length);
    expect(shipped.data?.carbonFactors?.materials.find((m) => m.material === 'PAPER_CARD')?.gramsPerKg).to.equal(820);
    expect(shipped.data?.carbonFactors?.sources.some((s) => s.includes('GHG conversion factors'))).to.equal(true);
    expect((await call<{ carbonFactors: FactorSet | null }>('Shop', FACTORS, { version: 'NO-SUCH-1' })).data?.carbonFactors).to.equal(null);
  });

  it('gives every option its CO2e and what it avoids against the single-use box around the parcel', async () => {
    const q = await quote('ann');
    expect(q.carbonVersion).to.equal('GL-CARBON-2026.1');
    expect(q.options.every((o) => o.carbonVersion === 'GL-CARBON-2026.1')).to.equal(true);
    // The baseline box: a FEFCO 0201 blank 2 x (280 + 180) x (180 + 90) = 248,400 mm2 of 450 g/m2 board = 111.78 g of
    // card, at 820 g CO2e per kg: 91.66, so 92 g.
    expect(byName(q.options)).to.deep.equal({
      own: [0, 92], // no box at all: the whole baseline avoided
      plain: [328, 0], // 400 g of card x 0.82 = 328 g: heavier than the baseline, nothing avoided
      green: [123, 0], // 150 g of card x 0.82 = 123 g
      crate: [86, 6], // 900 g of plastic x 3.1 = 2,790 g over 50 trips = 55.8 -> 56 g, plus a 30 g trip
    });
  });

  it('adds the delivered orders\' avoided CO2e up on the account and in the green-impact figures, never a cancelled one', async () => {
    // The choice keeps the option's figures and the factors' version with it.
    expect(await order('bob', 'b-1', 'crate', 'DELIVERED')).to.deep.equal({ co2eGrams: 86, co2eAvoidedGrams: 6, carbonVersion: 'GL-CARBON-2026.1' });
    await order('bob', 'b-2', 'own', 'DELIVERED');
    await order('bob', 'b-3', 'own', 'CANCELLED');

    await service.running.services.levels.recompute(clock.nowMs());
    const account = await call<{ creditAccount: { co2eAvoidedGrams: number } | null }>('Shop', 'query { creditAccount(consumerRef: "bob") { co2eAvoidedGrams } }');
    // 6 g (the crate) + 92 g (own packaging); the cancelled order counts nothing.
    expect(account.data?.creditAccount?.co2eAvoidedGrams).to.equal(98);
    const nobody = await call<{ creditAccount: { co2eAvoidedGrams: number } | null }>('Shop', 'query { creditAccount(consumerRef: "nobody") { co2eAvoidedGrams } }');
    expect(nobody.data?.creditAccount).to.deep.equal({ co2eAvoidedGrams: 0 });

    const period = parsePeriod('2026-12');
    if (!period) throw new Error('no period');
    await service.running.services.impact.recompute(period, clock.nowMs());
    const impact = await call<{ greenImpact: { parcels: number; co2eAvoidedGrams: number } | null }>('Shop', 'query { greenImpact(period: "2026-12") { parcels co2eAvoidedGrams } }');
    expect(impact.data?.greenImpact).to.deep.equal({ parcels: 2, co2eAvoidedGrams: 98 });
  });

  it('quotes with factors a regulator activates, naming them; choices made before keep theirs', async () => {
    expect((await call<Activated>('Shop', ACTIVATE, { input: factors('MINE-1') })).errors?.map((e) => e.extensions?.code)).to.deep.equal(['FORBIDDEN']);
    const broken = { ...factors('TEST-CARBON-2'), materials: factors('x').materials.slice(1), reuseTripGrams: -1 };
    const refused = await call<Activated>('Agency', ACTIVATE, { input: broken });
    expect(refused.data?.activateCarbonFactors.userErrors.map((e) => [e.code, e.field?.join('.')])).to.deep.equal([['VALIDATION', 'input.materials']]);
    const negative = await call<Activated>('Agency', ACTIVATE, { input: { ...factors('TEST-CARBON-2'), reuseTripGrams: -1 } });
    expect(negative.data?.activateCarbonFactors.userErrors.map((e) => e.message)).to.deep.equal(['reuseTripGrams must be a whole number of grams from 0 to 100000']);
    const edited = await call<Activated>('Agency', ACTIVATE, { input: { ...factors('GL-CARBON-2026.1') } });
    expect(edited.data?.activateCarbonFactors.userErrors.map((e) => [e.code, e.field?.join('.')])).to.deep.equal([['VALIDATION', 'input.version']]);

    const activated = await call<Activated>('Agency', ACTIVATE, { input: factors('TEST-CARBON-2', { PLASTIC: 2000 }) });
    expect(activated.data?.activateCarbonFactors).to.deep.equal({ carbonFactors: { version: 'TEST-CARBON-2', inForce: true }, userErrors: [] });
    // Every figure by the new factors: baseline 248,400 mm2 x 500 g/m2 = 124.2 g of card at 1,000 g/kg = 124 g; the
    // crate 900 g x 2 = 1,800 g over 50 trips = 36 g, plus a 10 g trip.
    const q = await quote('cat');
    expect(q.carbonVersion).to.equal('TEST-CARBON-2');
    expect(byName(q.options)).to.deep.equal({ own: [0, 124], plain: [400, 0], green: [150, 0], crate: [46, 78] });
    const old = await call<{ carbonFactors: FactorSet | null }>('Shop', FACTORS, { version: 'GL-CARBON-2026.1' });
    expect(old.data?.carbonFactors).to.deep.include({ version: 'GL-CARBON-2026.1', inForce: false });
    // The account counted before keeps the figures its orders were quoted with.
    await service.running.services.levels.recompute(clock.nowMs());
    const account = await call<{ creditAccount: { co2eAvoidedGrams: number } | null }>('Shop', 'query { creditAccount(consumerRef: "bob") { co2eAvoidedGrams } }');
    expect(account.data?.creditAccount?.co2eAvoidedGrams).to.equal(98);
  });
});
