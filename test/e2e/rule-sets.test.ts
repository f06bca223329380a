// Fee schemes, targets and anomaly rules as versioned rule sets the regulator activates (issue #17, item 5): checked
// whole, never edited in place, every figure naming the version it was computed under, every version readable. Fees
// worked by hand.
import { expect } from 'chai';
import { graphql, type GraphQLResponse } from '../support/graphql-client.js';
import { startService, type RunningService } from '../support/harness.js';
import { createOrganizations } from '../support/organizations.js';
import { eventually } from '../support/services.js';
import { pinnedClock } from '../support/test-clock.js';

const MATERIALS = ['ALUMINIUM', 'FIBRE_COMPOSITE', 'GLASS', 'PAPER_CARD', 'PLASTIC', 'STEEL', 'WOOD', 'OTHER'] as const;
/** The UK 2025/26 base fees the shipped scheme uses, pence per tonne, written out here. */
const UK_FEES: Record<string, number> = { ALUMINIUM: 26600, FIBRE_COMPOSITE: 46100, GLASS: 19200, PAPER_CARD: 19600, PLASTIC: 42300, STEEL: 25900, WOOD: 28000, OTHER: 25900 };

const EPR_RULES = `query($version: String) { eprRules(version: $version) {
  version inForce activatedAt sources currency baseFees { material feeMinorPerTonne currency } bands { grade ramRating } redFactorPct
  recyclingTargets { fromYear targets { material pct } } atRiskMarginPct unitsInServiceTargets { fromYear units } } }`;
const ACTIVATE_EPR = `mutation($input: EprRulesInput!) { activateEprRules(input: $input) {
  eprRules { version inForce activatedAt currency } userErrors { code field message } } }`;
const ACTIVATE_LOOP = `mutation($input: RecyclingRulesInput!) { activateRecyclingRules(input: $input) {
  recyclingRules { version inForce maxItemsPerConsumerPerDay } userErrors { code field message } } }`;
const COMPLIANCE = `query($id: ID!, $period: String!) { producerCompliance(producerId: $id, period: $period) {
  ruleVersion currency feeMinor lines { material feeMinor currency feeBands { ramRating feeMinor currency } } } }`;

interface RuleSet { version: string; inForce: boolean; activatedAt: string | null; sources: string[]; currency: string; baseFees: { material: string; feeMinorPerTonne: number; currency: string }[] }
type Activated = { activateEprRules: { eprRules: { version: string; inForce: boolean; activatedAt: string | null; currency: string } | null; userErrors: { code: string; field: string[] | null; message: string }[] } };
type Compliance = { producerCompliance: { ruleVersion: string; currency: string; feeMinor: number; lines: { material: string; feeMinor: number; currency: string; feeBands: { ramRating: string; feeMinor: number; currency: string }[] }[] } | null };

/** A whole fee scheme: the shipped one's numbers, with the changes given. */
function scheme(version: string, changes: { currency?: string; paperFee?: number } = {}) {
  return {
    version,
    sources: ['Test fee table, written for this test'],
    currency: changes.currency ?? 'GBP',
    baseFees: MATERIALS.map((material) => ({ material, feeMinorPerTonne: material === 'PAPER_CARD' ? changes.paperFee ?? UK_FEES[material] : UK_FEES[material] })),
    bands: [{ grade: 'A', ramRating: 'GREEN' }, { grade: 'B', ramRating: 'AMBER' }, { grade: 'C', ramRating: 'AMBER' }, { grade: 'NOT_RECYCLABLE', ramRating: 'RED' }],
    redFactorPct: 120,
    recyclingTargets: [{ fromYear: 2025, targets: MATERIALS.map((material) => ({ material, pct: 50 })) }],
    atRiskMarginPct: 10,
    co2eGramsPerCartonReused: 37,
    reusableParcelShareTargets: [{ fromYear: 2030, pct: 40 }],
    unitsInServiceTargets: [],
  };
}

describe('GraphQL over HTTP: rule sets the regulator activates', () => {
  let service: RunningService;
  const keys: Record<string, string> = {};
  const ids: Record<string, string> = {};
  const clock = pinnedClock('2026-10-15T12:00:00Z');
  const period = '2026-10';
  const call = <T>(who: string, query: string, variables: Record<string, unknown> = {}): Promise<GraphQLResponse<T>> =>
    graphql<T>(service.url, query, { key: keys[who] ?? '', variables });
  const compliance = (ruleVersion: string) => eventually(async () => {
    const r = await call<Compliance>('Agency', COMPLIANCE, { id: ids['Box Co'], period });
    return r.data?.producerCompliance?.ruleVersion === ruleVersion ? r.data.producerCompliance : undefined;
  }, 20_000, `compliance under ${ruleVersion}`);

  before(async () => {
    service = await startService('e2e_rule_sets', {}, { clock: clock.now });
    const created = await createOrganizations(service.url, [['Box Co', 'PRODUCER'], ['Shop', 'PLATFORM'], ['Depot', 'COLLECTOR'], ['Agency', 'REGULATOR']]);
    Object.assign(keys, created.keys);
    Object.assign(ids, created.ids);
    // 1 t of amber paper placed on the market, declared.
    const declared = await call<{ declarePlacedOnMarket: { userErrors: unknown[] } }>('Box Co',
      'mutation($input: PlacedOnMarketInput!) { declarePlacedOnMarket(input: $input) { userErrors { code } } }',
      { input: { period, idempotencyKey: 'dec-1', lines: [{ material: 'PAPER_CARD', grams: 1_000_000, ramRating: 'AMBER' }] } });
    expect(declared.data?.declarePlacedOnMarket.userErrors).to.deep.equal([]);
  });
  after(() => service.dispose());

  it('serves the shipped fee scheme, with its sources and its currency on every fee, until one is activated', async () => {
    const shipped = await call<{ eprRules: RuleSet | null }>('Shop', EPR_RULES);
    expect(shipped.data?.eprRules).to.deep.include({ version: 'GL-EPR-2026.2', inForce: true, activatedAt: null, currency: 'GBP' });
    expect(shipped.data?.eprRules?.sources.some((s) => s.includes('2025 base fees'))).to.equal(true);
    expect(shipped.data?.eprRules?.baseFees.find((f) => f.material === 'PAPER_CARD')).to.deep.equal({ material: 'PAPER_CARD', feeMinorPerTonne: 19600, currency: 'GBP' });
    // By hand: 1 t of amber paper pays the base fee, 1 x 19600 pence.
    expect(await compliance('GL-EPR-2026.2')).to.deep.include({ currency: 'GBP', feeMinor: 19_600 });
  });

  it('refuses a scheme from anyone but a regulator, a broken one whole, and an old version with other rules', async () => {
    expect((await call<Activated>('Box Co', ACTIVATE_EPR, { input: scheme('MINE-1') })).errors?.map((e) => e.extensions?.code)).to.deep.equal(['FORBIDDEN']);
    const broken = { ...scheme('TEST-2'), currency: 'euro', baseFees: scheme('TEST-2').baseFees.slice(1), bands: [...scheme('TEST-2').bands, { grade: 'A', ramRating: 'RED' }], redFactorPct: 50 };
    const refused = await call<Activated>('Agency', ACTIVATE_EPR, { input: broken });
    expect(refused.data?.activateEprRules.eprRules).to.equal(null);
    expect(refused.data?.activateEprRules.userErrors.map((e) => [e.code, e.field?.join('.')])).to.deep.equal([
      ['VALIDATION', 'input.baseFees'], ['VALIDATION', 'input.bands'],
    ]);
    const rest = await call<Activated>('Agency', ACTIVATE_EPR, { input: { ...scheme('TEST-2'), currency: 'euro', redFactorPct: 50 } });
    expect(rest.data?.activateEprRules.userErrors.map((e) => e.message)).to.deep.equal([
      'currency must be an ISO 4217 code, three capital letters (e.g. GBP)',
      'redFactorPct must be a whole percentage from 100 to 1000 (red packaging never pays less than base)',
    ]);
    const edited = await call<Activated>('Agency', ACTIVATE_EPR, { input: scheme('GL-EPR-2026.2', { paperFee: 1 }) });
    expect(edited.data?.activateEprRules.userErrors.map((e) => [e.code, e.field?.join('.')])).to.deep.equal([['VALIDATION', 'input.version']]);
    expect((await call<{ eprRules: RuleSet | null }>('Shop', EPR_RULES)).data?.eprRules?.version, 'nothing activated').to.equal('GL-EPR-2026.2');
  });

  it('puts an activated scheme in force: compliance is computed again under it and names it, in its currency; older versions stay readable', async () => {
    const activated = await call<Activated>('Agency', ACTIVATE_EPR, { input: scheme('TEST-EPR-2027.1', { currency: 'EUR', paperFee: 15_000 }) });
    expect(activated.data?.activateEprRules.userErrors).to.deep.equal([]);
    expect(activated.data?.activateEprRules.eprRules).to.deep.include({ version: 'TEST-EPR-2027.1', inForce: true, currency: 'EUR' });
    expect(Date.parse(activated.data?.activateEprRules.eprRules?.activatedAt ?? '')).to.be.within(Date.parse('2026-10-15T12:00:00Z'), clock.nowMs());
    // By hand: 1 t of amber paper at the new base fee, 1 x 15000 euro cents.
    const report = await compliance('TEST-EPR-2027.1');
    expect(report).to.deep.include({ currency: 'EUR', feeMinor: 15_000 });
    expect(report.lines.find((l) => l.material === 'PAPER_CARD')).to.deep.include({
      feeMinor: 15_000, currency: 'EUR', feeBands: [{ ramRating: 'AMBER', feeMinor: 15_000, currency: 'EUR' }],
    });

    const now = await call<{ eprRules: RuleSet | null }>('Depot', EPR_RULES);
    expect(now.data?.eprRules).to.deep.include({ version: 'TEST-EPR-2027.1', inForce: true, currency: 'EUR' });
    expect(now.data?.eprRules?.baseFees.find((f) => f.material === 'PAPER_CARD')).to.deep.equal({ material: 'PAPER_CARD', feeMinorPerTonne: 15_000, currency: 'EUR' });
    const old = await call<{ eprRules: RuleSet | null }>('Depot', EPR_RULES, { version: 'GL-EPR-2026.2' });
    expect(old.data?.eprRules).to.deep.include({ version: 'GL-EPR-2026.2', inForce: false, currency: 'GBP' });
    expect((await call<{ eprRules: RuleSet | null }>('Depot', EPR_RULES, { version: 'NO-SUCH-1' })).data?.eprRules).to.equal(null);
    // The same version with the same rules again is simply activated again.
    const again = await call<Activated>('Agency', ACTIVATE_EPR, { input: scheme('TEST-EPR-2027.1', { currency: 'EUR', paperFee: 15_000 }) });
    expect(again.data?.activateEprRules.userErrors).to.deep.equal([]);
  });

  it('judges returns by the recycling rules in force, each naming the version that judged it', async () => {
    const point = await call<{ registerCollectionPoint: { collectionPoint: { id: string } | null } }>('Depot',
      'mutation($input: CollectionPointInput!) { registerCollectionPoint(input: $input) { collectionPoint { id } } }',
      { input: { name: 'Depot 1', region: 'CN-31', accepts: ['PAPER_CARD'] } });
    const collectionPointId = point.data?.registerCollectionPoint.collectionPoint?.id;
    const RETURN = 'mutation($input: ReturnInput!) { recordReturn(input: $input) { returnEvent { flagged reasons ruleVersion } userErrors { code } } }';
    type Returned = { recordReturn: { returnEvent: { flagged: boolean; reasons: string[]; ruleVersion: string } | null } };
    const six = (key: string, consumerRef: string) => ({ collectionPointId, idempotencyKey: key, material: 'PAPER_CARD', quantity: 6, massGrams: 300, platformId: ids.Shop, consumerRef });

    const before = await call<Returned>('Depot', RETURN, { input: six('r-1', 'lou') });
    expect(before.data?.recordReturn.returnEvent).to.deep.equal({ flagged: false, reasons: [], ruleVersion: 'GL-LOOP-2026.1' });

    const loop = { version: 'TEST-LOOP-1', sources: ['A stricter daily limit, for this test'], presumedLostAfterDays: 90, minHoursBetweenRegions: 6, regionWindowDays: 30, maxItemsPerConsumerPerDay: 5 };
    expect((await call<{ activateRecyclingRules: unknown }>('Depot', ACTIVATE_LOOP, { input: loop })).errors?.map((e) => e.extensions?.code)).to.deep.equal(['FORBIDDEN']);
    const activated = await call<{ activateRecyclingRules: { recyclingRules: { version: string; inForce: boolean; maxItemsPerConsumerPerDay: number } | null } }>('Agency', ACTIVATE_LOOP, { input: loop });
    expect(activated.data?.activateRecyclingRules.recyclingRules).to.deep.equal({ version: 'TEST-LOOP-1', inForce: true, maxItemsPerConsumerPerDay: 5 });

    const after = await call<Returned>('Depot', RETURN, { input: six('r-2', 'max') });
    expect(after.data?.recordReturn.returnEvent).to.deep.equal({ flagged: true, reasons: ['6 items from one consumer today, more than the plausible 5'], ruleVersion: 'TEST-LOOP-1' });
    const read = await call<{ recyclingRules: { version: string; inForce: boolean } | null }>('Shop', '{ recyclingRules(version: "GL-LOOP-2026.1") { version inForce } }');
    expect(read.data?.recyclingRules).to.deep.equal({ version: 'GL-LOOP-2026.1', inForce: false });
  });
});
