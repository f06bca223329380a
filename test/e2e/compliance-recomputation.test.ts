// The recomputation of a period's compliance over HTTP: a job that reports its progress, observed by id, whose
// snapshots then count facts recorded since the last computation; asked for by the operator or a regulator only, and
// never by a read.
import { expect } from 'chai';
import { graphql } from '../support/graphql-client.js';
import { startService, type RunningService } from '../support/harness.js';
import { pinnedClock } from '../support/test-clock.js';
import { greenBox } from '../support/packaging-fixtures.js';
import { TEST_ADMIN_KEY, eventually } from '../support/services.js';

const RECOMPUTE = `mutation($input: RecomputeComplianceInput!) { recomputeCompliance(input: $input) {
  recomputation { id period state progressPct requestedAt } userErrors { code field message } } }`;
const STATUS = `query($id: ID!) { complianceRecomputation(id: $id) {
  id period state progressPct requestedAt finishedAt failure producers
  summary { period ruleVersion producers compliant atRisk nonCompliant feeMinor currency lastComputedAt } } }`;
const COMPLIANCE = 'query($id: ID!, $period: String!) { producerCompliance(producerId: $id, period: $period) { status feeMinor lines { placedOnMarketGrams } } }';

interface Summary { period: string; ruleVersion: string; producers: number; compliant: number; atRisk: number; nonCompliant: number; feeMinor: number; currency: string; lastComputedAt: string | null }
interface Recomputation { id: string; period: string; state: string; progressPct: number; requestedAt: string; finishedAt: string | null; failure: string | null; producers: number | null; summary: Summary }
type Requested = { recomputeCompliance: { recomputation: Pick<Recomputation, 'id' | 'period' | 'state' | 'progressPct' | 'requestedAt'> | null; userErrors: { code: string; field: string[] | null }[] } };
type Compliance = { producerCompliance: { status: string; feeMinor: number; lines: { placedOnMarketGrams: number }[] } | null };

describe('GraphQL over HTTP: the operator recomputes a period’s compliance', () => {
  let service: RunningService;
  const keys: Record<string, string> = {};
  let producerId = '';
  // The last minutes of a quarter in UTC (already April in Beijing).
  const clock = pinnedClock('2026-03-31T23:40:00Z');
  const period = '2026-03';

  before(async () => {
    service = await startService('e2e_recompute', {}, { clock: clock.now });
    for (const kind of ['PRODUCER', 'PLATFORM', 'REGULATOR']) {
      const created = await graphql<{ createOrganization: { apiKey: string; organization: { id: string } } }>(service.url,
        'mutation($input: CreateOrganizationInput!) { createOrganization(input: $input) { apiKey organization { id } } }',
        { key: TEST_ADMIN_KEY, variables: { input: { name: `${kind} org`, kind } } });
      keys[kind] = created.data?.createOrganization.apiKey ?? '';
      if (kind === 'PRODUCER') producerId = created.data?.createOrganization.organization.id ?? '';
    }
    await graphql(service.url, 'mutation($input: PackagingTypeInput!) { registerPackagingType(input: $input) { packagingType { id } } }', { key: keys.PRODUCER, variables: { input: greenBox('RC-GREEN') } });
  });
  after(() => service.dispose());

  async function order(orderRef: string): Promise<void> {
    const quote = await graphql<{ packagingOptions: { id: string; options: { id: string; packagingClass: string }[] } }>(service.url,
      'query { packagingOptions(parcel: {lengthMm: 280, widthMm: 180, heightMm: 90, weightGrams: 800}, consumerRef: "c-1") { id options { id packagingClass } } }', { key: keys.PLATFORM });
    const option = quote.data?.packagingOptions.options.find((o) => o.packagingClass === 'GREEN');
    const chosen = await graphql<{ choosePackaging: { userErrors: unknown[] } }>(service.url, 'mutation($input: ChoosePackagingInput!) { choosePackaging(input: $input) { userErrors { code } } }',
      { key: keys.PLATFORM, variables: { input: { quoteId: quote.data?.packagingOptions.id, optionId: option?.id, orderRef } } });
    expect(chosen.data?.choosePackaging.userErrors).to.deep.equal([]);
  }
  const placed = async () => {
    const read = await graphql<Compliance>(service.url, COMPLIANCE, { key: keys.REGULATOR, variables: { id: producerId, period } });
    return read.data?.producerCompliance;
  };

  it('runs a job that reports rising progress, and its snapshots then count the orders recorded since the last computation', async () => {
    await order('o-1');
    // A read never computes: the period has no snapshot yet.
    const unread = await graphql(service.url, COMPLIANCE, { key: keys.PRODUCER ?? '', variables: { id: producerId, period } });
    expect(unread.errors?.map((e) => [e.extensions?.code, (e.extensions as { period?: string } | undefined)?.period])).to.deep.equal([['NOT_COMPUTED_YET', period]]);
    expect(await service.running.store.models.ComplianceSnapshot.countDocuments({ period }), 'nothing computed by the read').to.equal(0);
    // A regulator asks for it.
    const first = await graphql<Requested>(service.url, RECOMPUTE, { key: keys.REGULATOR ?? '', variables: { input: { period } } });
    expect(first.data?.recomputeCompliance.userErrors).to.deep.equal([]);
    expect(await eventually(async () => (await placed())?.lines.map((l) => l.placedOnMarketGrams), 20_000, 'the first computation')).to.deep.equal([150]);
    await order('o-2');
    await order('o-3');

    const heard: number[] = [];
    service.running.queues.queue('compliance').on('progress', (_job, progress: unknown) => { if (typeof progress === 'number') heard.push(progress); });
    const requested = await graphql<Requested>(service.url, RECOMPUTE, { key: TEST_ADMIN_KEY, variables: { input: { period } } });
    expect(requested.errors).to.equal(undefined);
    const recomputation = requested.data?.recomputeCompliance.recomputation;
    expect(requested.data?.recomputeCompliance.userErrors).to.deep.equal([]);
    expect(recomputation?.id).to.match(/^[a-f0-9]{24}$/);
    expect(recomputation?.period).to.equal(period);

    const done = await eventually(async () => {
      const status = await graphql<{ complianceRecomputation: Recomputation | null }>(service.url, STATUS, { key: TEST_ADMIN_KEY, variables: { id: recomputation?.id } });
      const value = status.data?.complianceRecomputation;
      return value && ['COMPLETED', 'FAILED'].includes(value.state) ? value : undefined;
    }, 20_000, 'the recomputation to finish');
    expect(done).to.deep.include({ id: recomputation?.id, period, state: 'COMPLETED', progressPct: 100, failure: null, producers: 1 });
    expect(Date.parse(done.finishedAt ?? '')).to.be.at.least(Date.parse(done.requestedAt));
    expect(heard.length, `progress heard: ${JSON.stringify(heard)}`).to.be.at.least(3);
    expect(heard.every((p, i) => i === 0 || p >= (heard[i - 1] ?? 0)), `progress rises: ${JSON.stringify(heard)}`).to.equal(true);
    expect(heard.at(-1)).to.equal(100);

    const report = await placed();
    expect(report?.lines.map((l) => l.placedOnMarketGrams), 'the three orders count').to.deep.equal([450]);
    expect(done.summary).to.deep.include({ period, ruleVersion: 'GL-EPR-2026.2', producers: 1, feeMinor: report?.feeMinor, currency: 'GBP' });
    expect(done.summary.compliant + done.summary.atRisk + done.summary.nonCompliant).to.equal(1);
    expect(Date.parse(done.summary.lastComputedAt ?? '')).to.be.at.least(Date.parse(done.requestedAt) - 1000);
  });

  it('refuses bad and future periods as userErrors, answers null for unknown ids, and serves only the operator and regulators', async () => {
    for (const [value, why] of [['2026-13', 'a month that does not exist'], ['2999', 'a period not started'], ['last year', 'not a period']]) {
      const refused = await graphql<Requested>(service.url, RECOMPUTE, { key: TEST_ADMIN_KEY, variables: { input: { period: value } } });
      expect(refused.data?.recomputeCompliance, why).to.deep.include({ recomputation: null });
      expect(refused.data?.recomputeCompliance.userErrors.map((e) => [e.code, e.field?.join('.')]), why).to.deep.equal([['VALIDATION', 'input.period']]);
    }
    for (const id of ['0123456789abcdef01234567', 'not-an-id']) {
      const unknown = await graphql<{ complianceRecomputation: null }>(service.url, STATUS, { key: TEST_ADMIN_KEY, variables: { id } });
      expect(unknown.data?.complianceRecomputation, id).to.equal(null);
    }
    const byRegulator = await graphql<{ complianceRecomputation: null }>(service.url, STATUS, { key: keys.REGULATOR ?? '', variables: { id: '0123456789abcdef01234567' } });
    expect(byRegulator.errors, 'a regulator reads recomputations').to.equal(undefined);
    for (const kind of ['PRODUCER', 'PLATFORM']) {
      const asked = await graphql(service.url, RECOMPUTE, { key: keys[kind] ?? '', variables: { input: { period } } });
      expect(asked.errors?.map((e) => e.extensions?.code), kind).to.deep.equal(['FORBIDDEN']);
      const read = await graphql(service.url, STATUS, { key: keys[kind] ?? '', variables: { id: '0123456789abcdef01234567' } });
      expect(read.errors?.map((e) => e.extensions?.code), kind).to.deep.equal(['FORBIDDEN']);
    }
    const anonymous = await graphql(service.url, RECOMPUTE, { variables: { input: { period } } });
    expect(anonymous.errors?.map((e) => e.extensions?.code)).to.deep.equal(['UNAUTHENTICATED']);
  });
});
