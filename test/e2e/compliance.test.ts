// Producer responsibility over HTTP: reports as revisions, compliance and fees computed from the period's facts by
// the job, each line explained, producers seeing only their own, and the period report mailed once.
import { expect } from 'chai';
import { graphql, type GraphQLResponse } from '../support/graphql-client.js';
import { startService, type RunningService } from '../support/harness.js';
import { greenBox, plainBox, reusableCrate } from '../support/packaging-fixtures.js';
import { TEST_ADMIN_KEY, eventually } from '../support/services.js';
import { pinnedClock } from '../support/test-clock.js';

const COMPLIANCE = `query($id: ID!, $period: String!) { producerCompliance(producerId: $id, period: $period) {
  producer { name } period status ruleVersion feeMinor currency greenFactor revenueNeutral
  lines { material placedOnMarketGrams recoveredGrams recycledGrams pendingRecoveredGrams pendingRecycledGrams recoveryRatePct recyclingRatePct targetPct feeMinor explanation }
  reuse { unitsIssued tripsShipped tripsReturned returnRatePct expectedUses }
} }`;
const REPORT = `mutation($input: RecyclingReportInput!) { submitRecyclingReport(input: $input) { report { id period revision } userErrors { code field } } }`;

interface Line { material: string; placedOnMarketGrams: number; recoveredGrams: number; recycledGrams: number; pendingRecoveredGrams: number; pendingRecycledGrams: number; recoveryRatePct: number; recyclingRatePct: number; targetPct: number; feeMinor: number; explanation: string }
interface Compliance { producerCompliance: { producer: { name: string }; period: string; status: string; ruleVersion: string; feeMinor: number; currency: string; greenFactor: number; revenueNeutral: boolean; lines: Line[]; reuse: { unitsIssued: number; tripsShipped: number; tripsReturned: number; returnRatePct: number | null; expectedUses: number | null } | null } | null }
const REPORTS = `query($producerId: ID, $period: String) { recyclingReports(producerId: $producerId, period: $period, first: 10) {
  totalCount nodes { id revision status producer { name } lines { material recoveredGrams recycledGrams evidence } } } }`;
const DECIDE = `mutation($input: ReportDecisionInput!) { decideRecyclingReport(input: $input) {
  report { id status decision { decision reason decidedBy { name } decidedAt } } userErrors { code field } } }`;
type Reports = { recyclingReports: { totalCount: number; nodes: { id: string; revision: number; status: string; producer: { name: string }; lines: { material: string; recoveredGrams: number; recycledGrams: number; evidence: string[] }[] }[] } | null };
type Decided = { decideRecyclingReport: { report: { id: string; status: string; decision: { decision: string; reason: string; decidedBy: { name: string }; decidedAt: string } | null } | null; userErrors: { code: string; field: string[] | null }[] } };
type ReportResult = { submitRecyclingReport: { report: { id: string; period: string; revision: number } | null; userErrors: { code: string; field: string[] }[] } };

describe('GraphQL over HTTP: producer responsibility', () => {
  let service: RunningService;
  const keys: Record<string, string> = {};
  const ids: Record<string, string> = {};
  // The last half hour of the year in UTC (already 1 January in Beijing): the month, quarter, half and year all end
  // together, which is where a period computed from the wrong calendar shows.
  const clock = pinnedClock('2026-12-31T23:25:00Z');
  const period = '2026-12';
  const call = <T>(who: string, query: string, variables: Record<string, unknown> = {}): Promise<GraphQLResponse<T>> =>
    graphql<T>(service.url, query, { key: keys[who] ?? '', variables });

  before(async () => {
    service = await startService('e2e_compliance', {}, { clock: clock.now });
    for (const [name, kind, contactEmail] of [['Paper Co', 'PRODUCER', 'epr@paper.example'], ['Crate Co', 'PRODUCER', null], ['platform', 'PLATFORM', null], ['collector', 'COLLECTOR', null], ['regulator', 'REGULATOR', null]] as const) {
      const created = await graphql<{ createOrganization: { apiKey: string; organization: { id: string } } }>(service.url,
        'mutation($input: CreateOrganizationInput!) { createOrganization(input: $input) { apiKey organization { id } } }',
        { key: TEST_ADMIN_KEY, variables: { input: { name, kind, contactEmail } } });
      keys[name] = created.data?.createOrganization.apiKey ?? '';
      ids[name] = created.data?.createOrganization.organization.id ?? '';
    }
    const register = async (who: string, input: Record<string, unknown>) => {
      const r = await call<{ registerPackagingType: { packagingType: { id: string } } }>(who, 'mutation($input: PackagingTypeInput!) { registerPackagingType(input: $input) { packagingType { id } } }', { input });
      return r.data?.registerPackagingType.packagingType.id ?? '';
    };
    await register('Paper Co', greenBox('PC-GREEN')); // paper, 150 g, grade A: green fee band
    await register('Paper Co', plainBox('PC-PLAIN')); // paper, 400 g, 60 % recyclable: red fee band
    const crateId = await register('Crate Co', reusableCrate('CC-CRATE')); // plastic, 900 g, grade A: green
    const issued = await call<{ issueReusableUnits: { units: unknown[] } }>('Crate Co', 'mutation($input: IssueUnitsInput!) { issueReusableUnits(input: $input) { units { serial } } }',
      { input: { packagingTypeId: crateId, serials: ['CC-0001', 'CC-0002'] } });
    expect(issued.data?.issueReusableUnits.units).to.have.length(2);

    // 4 green boxes and 2 plain boxes go out; a third plain box is cancelled and never placed on the market
    const choose = async (orderRef: string, packagingClass: string, parcel: Record<string, unknown>) => {
      const q = await call<{ packagingOptions: { id: string; options: { id: string; packagingClass: string }[] } }>('platform',
        'query($parcel: ParcelInput!) { packagingOptions(parcel: $parcel, consumerRef: "pat") { id options { id packagingClass } } }', { parcel });
      const option = q.data?.packagingOptions.options.find((o) => o.packagingClass === packagingClass);
      expect(option, `${packagingClass} offered`).to.not.equal(undefined);
      await call('platform', 'mutation($input: ChoosePackagingInput!) { choosePackaging(input: $input) { userErrors { code } } }', { input: { quoteId: q.data?.packagingOptions.id, optionId: option?.id, orderRef } });
    };
    const boxParcel = { lengthMm: 280, widthMm: 180, heightMm: 90, weightGrams: 800 };
    for (const n of [1, 2, 3, 4]) await choose(`g-${String(n)}`, 'GREEN', boxParcel);
    for (const n of [1, 2, 3]) await choose(`s-${String(n)}`, 'STANDARD', boxParcel);
    await call('platform', 'mutation { recordOrderEvent(input: {orderRef: "s-3", type: CANCELLED}) { accepted } }');
    // one crate goes out and comes back: 900 g of Crate Co's plastic recovered at a collection point
    await choose('r-1', 'REUSABLE', { lengthMm: 300, widthMm: 200, heightMm: 100, weightGrams: 900 });
    await call('platform', 'mutation { recordShipment(input: {orderRef: "r-1", serial: "CC-0001"}) { userErrors { code } } }');
    const point = await call<{ registerCollectionPoint: { collectionPoint: { id: string } } }>('collector',
      'mutation { registerCollectionPoint(input: {name: "Depot", region: "CN-31", accepts: [PLASTIC]}) { collectionPoint { id } } }');
    const returned = await call<{ recordReturn: { userErrors: unknown[] } }>('collector', 'mutation($input: ReturnInput!) { recordReturn(input: $input) { userErrors { code } } }',
      { input: { collectionPointId: point.data?.registerCollectionPoint.collectionPoint.id, idempotencyKey: 'ret-1', serial: 'CC-0001' } });
    expect(returned.data?.recordReturn.userErrors).to.deep.equal([]);
  });
  after(() => service.dispose());

  it('keeps report corrections as revisions, replays a repeated request and refuses bad reports whole', async () => {
    const line = { material: 'PAPER_CARD', recoveredGrams: 900, recycledGrams: 700, evidence: ['PRN-2026-0001'] };
    const first = await call<ReportResult>('Paper Co', REPORT, { input: { period, idempotencyKey: 'rep-1', lines: [line] } });
    expect(first.data?.submitRecyclingReport.report).to.deep.include({ period, revision: 1 });
    const replay = await call<ReportResult>('Paper Co', REPORT, { input: { period, idempotencyKey: 'rep-1', lines: [line] } });
    expect(replay.data?.submitRecyclingReport.report?.id).to.equal(first.data?.submitRecyclingReport.report?.id);
    const corrected = await call<ReportResult>('Paper Co', REPORT, { input: { period, idempotencyKey: 'rep-2', lines: [{ ...line, recoveredGrams: 1000, recycledGrams: 800 }] } });
    expect(corrected.data?.submitRecyclingReport.report?.revision).to.equal(2);
    const reused = await call<ReportResult>('Paper Co', REPORT, { input: { period, idempotencyKey: 'rep-1', lines: [{ ...line, recoveredGrams: 5000 }] } });
    expect(reused.data?.submitRecyclingReport.userErrors.map((e) => e.code)).to.deep.equal(['IDEMPOTENCY_KEY_REUSED']);
    const bad = await call<ReportResult>('Paper Co', REPORT, { input: { period: '2099-01', idempotencyKey: 'rep-3', lines: [{ ...line, recycledGrams: 2000, evidence: [] }, line] } });
    expect(bad.data?.submitRecyclingReport.userErrors.map((e) => e.field.join('.'))).to.deep.equal([
      'input.period', 'input.lines.0.recycledGrams', 'input.lines.0.evidence', 'input.lines.1.material',
    ]);
    const byCollector = await call('collector', REPORT, { input: { period, idempotencyKey: 'rep-4', lines: [line] } });
    expect(byCollector.errors?.[0]?.extensions?.code).to.equal('FORBIDDEN');
  });

  it('counts a report once the regulator accepted it: pending revisions are shown apart, decisions are made once, with a reason', async () => {
    // Both revisions await a decision: the newest is shown as pending, nothing reported counts yet.
    const waiting = await eventually(async () => {
      const r = await call<Compliance>('regulator', COMPLIANCE, { id: ids['Paper Co'], period });
      const line = r.data?.producerCompliance?.lines[0];
      return line?.pendingRecoveredGrams === 1000 ? line : undefined;
    }, 15_000, 'the pending revision to show');
    expect(waiting).to.deep.include({ recoveredGrams: 0, recycledGrams: 0, pendingRecoveredGrams: 1000, pendingRecycledGrams: 800 });

    const listed = await call<Reports>('regulator', REPORTS, { producerId: ids['Paper Co'], period });
    const revisions = listed.data?.recyclingReports?.nodes ?? [];
    expect(revisions.map((r) => [r.revision, r.status, r.producer.name, r.lines[0]?.recoveredGrams, r.lines[0]?.evidence])).to.deep.equal([
      [1, 'PENDING', 'Paper Co', 900, ['PRN-2026-0001']],
      [2, 'PENDING', 'Paper Co', 1000, ['PRN-2026-0001']],
    ]);
    const own = await call<Reports>('Paper Co', REPORTS, {});
    expect(own.data?.recyclingReports?.totalCount, 'a producer reads its own').to.equal(2);
    const crateReads = await call<Reports>('Crate Co', REPORTS, {});
    expect(crateReads.data?.recyclingReports?.totalCount, 'and only its own').to.equal(0);
    const foreign = await call<Reports>('Crate Co', REPORTS, { producerId: ids['Paper Co'] });
    expect(foreign.errors?.map((e) => e.extensions?.code)).to.deep.equal(['FORBIDDEN']);
    expect((await call('platform', REPORTS, {})).errors?.map((e) => e.extensions?.code)).to.deep.equal(['FORBIDDEN']);

    const [first, second] = revisions;
    const decide = (who: string, input: Record<string, unknown>) => call<Decided>(who, DECIDE, { input });
    const rejected = await decide('regulator', { reportId: first?.id, decision: 'REJECTED', reason: 'superseded by revision 2', idempotencyKey: 'dec-1' });
    expect(rejected.data?.decideRecyclingReport.report?.status).to.equal('REJECTED');
    expect(rejected.data?.decideRecyclingReport.report?.decision).to.deep.include({ decision: 'REJECTED', reason: 'superseded by revision 2', decidedBy: { name: 'regulator' } });
    expect(Date.parse(rejected.data?.decideRecyclingReport.report?.decision?.decidedAt ?? ''), 'decided at the service’s clock').to.be.closeTo(clock.now().getTime(), 60_000);
    const accepted = await decide('regulator', { reportId: second?.id, decision: 'ACCEPTED', reason: 'PRN verified', idempotencyKey: 'dec-2' });
    expect(accepted.data?.decideRecyclingReport.report?.status).to.equal('ACCEPTED');
    const replay = await decide('regulator', { reportId: second?.id, decision: 'ACCEPTED', reason: 'PRN verified', idempotencyKey: 'dec-2' });
    expect(replay.data?.decideRecyclingReport).to.deep.equal(accepted.data?.decideRecyclingReport);
    const changed = await decide('regulator', { reportId: second?.id, decision: 'REJECTED', reason: 'second thoughts', idempotencyKey: 'dec-3' });
    expect(changed.data?.decideRecyclingReport.userErrors.map((e) => e.code), 'a decision is never changed').to.deep.equal(['ALREADY_DECIDED']);
    const reused = await decide('regulator', { reportId: first?.id, decision: 'ACCEPTED', reason: 'PRN verified', idempotencyKey: 'dec-2' });
    expect(reused.data?.decideRecyclingReport.userErrors.map((e) => e.code)).to.deep.equal(['IDEMPOTENCY_KEY_REUSED']);
    const unknown = await decide('regulator', { reportId: 'f'.repeat(24), decision: 'ACCEPTED', reason: 'x', idempotencyKey: 'dec-4' });
    expect(unknown.data?.decideRecyclingReport.userErrors.map((e) => e.code)).to.deep.equal(['NOT_FOUND']);
    const bad = await decide('regulator', { reportId: 'nope', decision: 'ACCEPTED', reason: ' ', idempotencyKey: 'dec-5' });
    expect(bad.data?.decideRecyclingReport.userErrors.map((e) => e.field?.join('.'))).to.deep.equal(['input.reportId', 'input.reason']);
    const byProducer = await decide('Paper Co', { reportId: second?.id, decision: 'ACCEPTED', reason: 'mine', idempotencyKey: 'dec-6' });
    expect(byProducer.errors?.map((e) => e.extensions?.code)).to.deep.equal(['FORBIDDEN']);
    const after = await call<Reports>('Paper Co', REPORTS, { period });
    expect(after.data?.recyclingReports?.nodes.map((r) => r.status)).to.deep.equal(['REJECTED', 'ACCEPTED']);
  });

  it('computes each producer’s placed-on-market mass, recovery against targets and revenue-neutral fees, line by line', async () => {
    // the report's job recomputes the period; wait for the corrected revision to count
    const paper = await eventually(async () => {
      const r = await call<Compliance>('regulator', COMPLIANCE, { id: ids['Paper Co'], period });
      return r.data?.producerCompliance?.lines[0]?.recoveredGrams === 1000 ? r.data.producerCompliance : undefined;
    }, 15_000, 'the accepted revision to count');
    // Worked by hand (pence per tonne: paper 19600, plastic 42300; red x1.2):
    //   red cost 0.0008 t x 19600 = 15.68; green cost 0.0006 t x 19600 + 0.0018 t x 42300 = 87.90
    //   greenFactor = 1 - 0.2 x 15.68 / 87.90 = 0.964323
    //   Paper Co: 11.76 x 0.964323 + 15.68 x 1.2 = 30.16 -> 30 pence; Crate Co: 76.14 x 0.964323 = 73.42 -> 73 pence
    // Recycling, the measure the target judges: 800 g recycled of 1400 g = 57.14 %, 17.86 points under 75: NON_COMPLIANT
    expect(paper).to.deep.include({ producer: { name: 'Paper Co' }, period, status: 'NON_COMPLIANT', ruleVersion: 'GL-EPR-2026.2', feeMinor: 30, currency: 'GBP', revenueNeutral: true });
    expect(paper.greenFactor).to.be.closeTo(1 - (0.2 * 15.68) / 87.9, 1e-9);
    expect(paper.lines).to.have.length(1);
    expect(paper.lines[0]).to.deep.include({ material: 'PAPER_CARD', placedOnMarketGrams: 1400, recoveredGrams: 1000, recycledGrams: 800, pendingRecoveredGrams: 0, recoveryRatePct: 71.43, recyclingRatePct: 57.14, targetPct: 75, feeMinor: 30 });
    expect(paper.lines[0]?.explanation).to.equal('PAPER_CARD: 1.400 kg placed on the market (green 0.600 kg x GBP 196.00/t x 0.9643 + red 0.800 kg x GBP 196.00/t x 1.2000); recycled 0.800 kg (0.000 kg loose at collection points + 0.800 kg reported and accepted) = 57.14 % against a 75 % recycling target; recovered 1.000 kg = 71.43 %; fee GBP 0.30');

    const crate = await call<Compliance>('Crate Co', COMPLIANCE, { id: ids['Crate Co'], period });
    // Crate Co's two crates were placed on the market once, when issued; the one that came back made a reuse trip,
    // which recycles nothing: 0 % recycled against 50 %.
    expect(crate.data?.producerCompliance).to.deep.include({ status: 'NON_COMPLIANT', feeMinor: 73 });
    expect(crate.data?.producerCompliance?.lines.map((l) => [l.material, l.placedOnMarketGrams, l.recoveredGrams, l.recyclingRatePct, l.targetPct])).to.deep.equal([['PLASTIC', 1800, 0, 0, 50]]);
    expect(crate.data?.producerCompliance?.reuse).to.deep.equal({ unitsIssued: 2, tripsShipped: 1, tripsReturned: 1, returnRatePct: 100, expectedUses: null });
    // base fees 11.76 + 15.68 + 76.14 = 103.58 pence; modulated and rounded 30 + 73 = 103
    expect(paper.feeMinor + (crate.data?.producerCompliance?.feeMinor ?? 0)).to.equal(103);
  });

  it('shows a producer only its own compliance, a regulator everyone’s, and refuses everyone else', async () => {
    const other = await call('Paper Co', COMPLIANCE, { id: ids['Crate Co'], period });
    expect(other.errors?.[0]?.extensions?.code).to.equal('FORBIDDEN');
    const platform = await call('platform', COMPLIANCE, { id: ids['Paper Co'], period });
    expect(platform.errors?.[0]?.extensions?.code).to.equal('FORBIDDEN');
    const badPeriod = await call('regulator', COMPLIANCE, { id: ids['Paper Co'], period: '2026-13' });
    expect(badPeriod.errors?.[0]?.extensions?.code).to.equal('BAD_USER_INPUT');
    const future = await call('regulator', COMPLIANCE, { id: ids['Paper Co'], period: '2999' });
    expect(future.errors?.[0]?.extensions?.code, 'the future is not computed').to.equal('BAD_USER_INPUT');
    // The report's revision recomputes its month and every longer period containing it.
    const year = await eventually(async () => {
      const r = await call<Compliance>('Paper Co', COMPLIANCE, { id: ids['Paper Co'], period: period.slice(0, 4) });
      return r.data?.producerCompliance?.lines[0]?.recoveredGrams === 1000 ? r.data.producerCompliance : undefined;
    }, 15_000, 'the corrected report to count in its year');
    expect(year.lines[0], 'the month’s report counts in its year').to.deep.include({ placedOnMarketGrams: 1400, recoveredGrams: 1000 });
    const notProducer = await call('regulator', COMPLIANCE, { id: ids.platform, period });
    expect(notProducer.errors?.[0]?.extensions?.code).to.equal('BAD_USER_INPUT');
  });

  it('mails each producer with a contact address one mail per closing, once: December closes its month, quarter, half and year together', async () => {
    const { services, store } = service.running;
    const beforeClose = await services.compliance.sweep(Date.parse('2026-12-31T23:59:00Z'));
    expect(beforeClose.mailed, 'nothing has closed a minute before midnight UTC').to.equal(0);
    const afterClose = Date.parse('2027-01-01T01:00:00Z');
    const first = await services.compliance.sweep(afterClose);
    expect(first.mailed).to.equal(1); // Paper Co: 2026-12, 2026-Q4, 2026-H2 and 2026 in one mail; Crate Co has no contact address
    expect((await services.compliance.sweep(afterClose + 60_000)).mailed).to.equal(0);
    expect((await services.compliance.sweep(Date.parse('2027-01-01T23:30:00Z'))).mailed, 'a day on, still once').to.equal(0);
    const mails = (await store.models.Mail.find().lean()).filter((m) => services.notifications.recipientOf(m) === 'epr@paper.example');
    expect(mails).to.have.length(1);
    const [mail] = mails;
    // Paper Co never chose a language: English, the default.
    expect(mail?.subject).to.equal('GreenLoop compliance reports 2026-12, 2026-Q4, 2026-H2 and 2026');
    const text = mail?.text ?? '';
    expect(text).to.contain('4 reporting periods closed together: 2026-12, 2026-Q4, 2026-H2 and 2026.')
      .and.contain('Status: not compliant (NON_COMPLIANT). Fee: £0.30.')
      .and.contain('Paper and card (PAPER_CARD): Placed on the market 1.4 kg; Recovered 1 kg; Recycled 800 g; Recycling rate 57.14%; Target 75%; Fee £0.30')
      .and.contain('Paper and card, red band: 800 g × £196.00/t × 1.2000');
    // Each period its own part, shortest first.
    const at = ['2026-12', '2026-Q4', '2026-H2', '2026'].map((p) => text.indexOf(`Period ${p}\n`));
    expect(at.every((i, n) => i > 0 && (n === 0 || i > (at[n - 1] ?? 0))), `the periods' parts in order: ${JSON.stringify(at)}`).to.equal(true);
    expect(mail?.html).to.contain('<html lang="en">').and.contain('£0.30').and.contain('<h2');
  });

  it('ranks producers, platforms and collectors, and scopes green impact to the caller', async () => {
    const RANK = 'query($kind: RankingKind!, $period: String!) { rankings(kind: $kind, period: $period) { rank organization { name } score metric } }';
    type Rows = { rankings: { rank: number; organization: { name: string }; score: number; metric: string }[] };
    const producers = await call<Rows>('platform', RANK, { kind: 'PRODUCER', period });
    expect(producers.data?.rankings).to.deep.equal([
      { rank: 1, organization: { name: 'Paper Co' }, score: 57.14, metric: 'recyclingRatePct' },
      { rank: 2, organization: { name: 'Crate Co' }, score: 0, metric: 'recyclingRatePct' },
    ]);
    const platforms = await call<Rows>('regulator', RANK, { kind: 'PLATFORM', period });
    expect(platforms.data?.rankings).to.deep.equal([{ rank: 1, organization: { name: 'platform' }, score: 0, metric: 'notReboxedRatePct' }]);
    const collectors = await call<Rows>('regulator', RANK, { kind: 'COLLECTION_POINT', period });
    expect(collectors.data?.rankings).to.deep.equal([{ rank: 1, organization: { name: 'collector' }, score: 1, metric: 'verifiedReturns' }]);

    const IMPACT = 'query($period: String!) { greenImpact(period: $period) { parcels notReboxedRatePct reusableUnitsInService reuseCycles cartonsReused co2eAvoidedGrams creditsIssued creditsRedeemed } }';
    type Impact = { greenImpact: Record<string, number> | null };
    // 4 green + 2 plain boxes + 1 crate (the cancelled order does not count); the crate's return posted 15 credits
    const everyone = await eventually(async () => {
      const r = await call<Impact>('regulator', IMPACT, { period });
      return r.data?.greenImpact?.creditsIssued === 15 ? r.data.greenImpact : undefined;
    }, 15_000, 'the return credits to post');
    // CO2e avoided against single-use boxes (GL-CARBON-2026.1): the crate's parcel (300 x 200 x 100) would have taken a
    // 2 x 500 x 300 mm2 blank of 450 g/m2 board = 135 g of card = 111 g CO2e; the crate costs 900 g x 3.1 / 50 trips
    // = 56 g + a 30 g trip = 86 g, so 25 g avoided. The paper boxes (123 g and 328 g against a 92 g baseline) avoid none.
    expect(everyone).to.deep.equal({ parcels: 7, notReboxedRatePct: 0, reusableUnitsInService: 2, reuseCycles: 1, cartonsReused: 1, co2eAvoidedGrams: 25, creditsIssued: 15, creditsRedeemed: 0 });
    expect((await call<Impact>('Paper Co', IMPACT, { period })).data?.greenImpact).to.deep.include({ parcels: 6, reusableUnitsInService: 0, reuseCycles: 0, creditsIssued: 0, co2eAvoidedGrams: 0 });
    expect((await call<Impact>('Crate Co', IMPACT, { period })).data?.greenImpact).to.deep.include({ parcels: 1, reusableUnitsInService: 2, reuseCycles: 1, co2eAvoidedGrams: 25 });
    expect((await call<Impact>('collector', IMPACT, { period })).data?.greenImpact).to.deep.include({ parcels: 0, reuseCycles: 1 });
    expect((await call<Impact>('platform', IMPACT, { period })).data?.greenImpact).to.deep.include({ parcels: 7, creditsIssued: 15, reusableUnitsInService: 0 });
  });

  it('exports a producer’s period data as CSV: its own with a producer key, anyone’s with a regulator’s', async () => {
    const base = service.url.replace(/\/graphql$/, '');
    const get = (path: string, who?: string) => fetch(`${base}${path}`, { headers: who ? { authorization: `Bearer ${keys[who] ?? ''}` } : {} });
    const own = await get(`/exports/producer-data/${period}.csv`, 'Paper Co');
    expect(own.status).to.equal(200);
    expect(own.headers.get('content-type')).to.equal('text/csv; charset=utf-8');
    const rows = (await own.text()).trim().split('\r\n').map((line) => line.split(','));
    expect(rows[0]).to.deep.equal(['organisation_id', 'organisation_name', 'submission_period', 'packaging_type_id', 'packaging_sku', 'packaging_revision', 'packaging_class', 'packaging_material', 'recyclability_grade', 'ram_rating', 'units_placed', 'unit_weight_g', 'packaging_material_weight_g', 'packaging_material_weight_tonnes', 'rule_version']);
    expect(rows.slice(1).map((r) => [r[1], r[2], r[4], r[6], r[8], r[9], r[10], r[11], r[12], r[13]])).to.deep.equal([
      ['Paper Co', period, 'PC-GREEN', 'GREEN', 'A', 'GREEN', '4', '150', '600', '0.000600'],
      ['Paper Co', period, 'PC-PLAIN', 'STANDARD', 'NOT_RECYCLABLE', 'RED', '2', '400', '800', '0.000800'],
    ]);
    const byRegulator = await get(`/exports/producer-data/${period}.csv?producerId=${ids['Crate Co'] ?? ''}`, 'regulator');
    expect((await byRegulator.text()).split('\r\n')[1]).to.contain(',CC-CRATE,1,REUSABLE,PLASTIC,A,GREEN,2,900,1800,0.001800,GL-EPR-2026.2');
    expect((await get(`/exports/producer-data/${period}.csv?producerId=${ids['Crate Co'] ?? ''}`, 'Paper Co')).status).to.equal(403);
    expect((await get(`/exports/producer-data/${period}.csv`, 'platform')).status).to.equal(403);
    expect((await get(`/exports/producer-data/${period}.csv`)).status).to.equal(401);
    expect((await get('/exports/producer-data/2026-13.csv', 'Paper Co')).status).to.equal(400);
    expect((await get(`/exports/producer-data/${period}.csv`, 'regulator')).status, 'a regulator names the producer').to.equal(400);
  });
});
