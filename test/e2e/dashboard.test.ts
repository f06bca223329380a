// The dashboard end to end in headless Chromium (Debian's chromium driven by playwright-core): the service started
// here with seeded data, the built page served at /dashboard, signing in with regulator, producer and platform keys,
// the charts drawn with the seeded numbers (read back from ECharts and from the table beside each chart), a wrong key
// refused, a GraphQL error shown, both languages, a phone's width. Screenshots go to test/artifacts/ (git-ignored).
import { existsSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect } from 'chai';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { ensureDashboardBuilt } from '../../scripts/build-dashboard.js';
import { DASHBOARD_CSP } from '../../server/http/dashboard.js';
import { graphql, type GraphQLResponse } from '../support/graphql-client.js';
import { startService, type RunningService } from '../support/harness.js';
import { greenBox, plainBox, reusableCrate } from '../support/packaging-fixtures.js';
import { TEST_ADMIN_KEY, eventually } from '../support/services.js';
import { environmentWithoutFakedTime, pinnedClock, stopwatch } from '../support/test-clock.js';

/** Debian's chromium package; CHROMIUM_PATH points elsewhere. */
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
// Without the background-networking flags Chromium dials out at start, and this closed network refuses it.
const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];
const ARTIFACTS = resolve(dirname(fileURLToPath(import.meta.url)), '..', 'artifacts');

const IMPACT = 'query($period: String!) { greenImpact(period: $period) { parcels greenChoiceSharePct notReboxedRatePct reusableUnitsInService reuseCycles co2eAvoidedGrams creditsIssued creditsRedeemed } }';
const COMPLIANCE = `query($id: ID!, $period: String!) { producerCompliance(producerId: $id, period: $period) {
  feeMinor lines { material placedOnMarketGrams recoveredGrams recoveryRatePct feeMinor feeBands { ramRating placedOnMarketGrams baseFeeMinorPerTonne factor feeMinor } }
} }`;
type Impact = { greenImpact: Record<string, number> | null };
interface Band { ramRating: string; placedOnMarketGrams: number; baseFeeMinorPerTonne: number; factor: number; feeMinor: number }
type Compliance = { producerCompliance: { feeMinor: number; lines: { material: string; placedOnMarketGrams: number; recoveredGrams: number; recoveryRatePct: number; feeMinor: number; feeBands: Band[] }[] } | null };

describe('dashboard in headless Chromium', function () {
  this.timeout(120_000);
  let service: RunningService | null = null;
  let browser: Browser | null = null;
  const keys: Record<string, string> = {};
  const ids: Record<string, string> = {};
  // The service and the browser share one pinned clock: the first UTC hour of a year (still 31 December nowhere,
  // 08:xx in Beijing), so the dashboard's "this month" and its trend run back across the turn of the year.
  const clock = pinnedClock('2027-01-01T00:10:00Z');
  const period = '2027-01';
  let base = '';
  const url = () => {
    if (!service) throw new Error('the service did not start');
    return service.url;
  };
  const call = <T>(who: string, query: string, variables: Record<string, unknown> = {}): Promise<GraphQLResponse<T>> =>
    graphql<T>(url(), query, { key: keys[who] ?? '', variables });

  before(async function () {
    this.timeout(300_000);
    if (!existsSync(CHROMIUM)) {
      if (process.env.CI === 'true') throw new Error(`CI runs the dashboard test in Chromium, but ${CHROMIUM} is missing: .ci/run installs it (apt-get install -y chromium)`);
      process.stderr.write(`\n  SKIPPED: the dashboard browser test needs Debian's chromium at ${CHROMIUM} (apt-get install -y chromium, or set CHROMIUM_PATH); in CI it is required.\n\n`);
      this.skip();
    }
    await ensureDashboardBuilt((line) => { process.stderr.write(`[dashboard] ${line}\n`); });
    service = await startService('e2e_dashboard', {}, { clock: clock.now });
    base = url().replace(/\/graphql$/, '');
    await seed();
    browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS, env: environmentWithoutFakedTime() });
    await mkdir(ARTIFACTS, { recursive: true });
  });
  after(async () => {
    await browser?.close();
    await service?.dispose();
  });

  /** Two producers, a platform choosing and delivering, a unit back through a collection point, a report. */
  async function seed(): Promise<void> {
    for (const [name, kind] of [['Paper Co', 'PRODUCER'], ['Crate Co', 'PRODUCER'], ['Shop', 'PLATFORM'], ['Depot', 'COLLECTOR'], ['Agency', 'REGULATOR']] as const) {
      const created = await graphql<{ createOrganization: { apiKey: string; organization: { id: string } } }>(url(),
        'mutation($input: CreateOrganizationInput!) { createOrganization(input: $input) { apiKey organization { id } } }',
        { key: TEST_ADMIN_KEY, variables: { input: { name, kind } } });
      keys[name] = created.data?.createOrganization.apiKey ?? '';
      ids[name] = created.data?.createOrganization.organization.id ?? '';
    }
    const register = async (who: string, input: Record<string, unknown>) => {
      const r = await call<{ registerPackagingType: { packagingType: { id: string } } }>(who, 'mutation($input: PackagingTypeInput!) { registerPackagingType(input: $input) { packagingType { id } } }', { input });
      return r.data?.registerPackagingType.packagingType.id ?? '';
    };
    await register('Paper Co', greenBox('PC-GREEN')); // paper 150 g, grade A: green fee band
    await register('Paper Co', plainBox('PC-PLAIN')); // paper 400 g, not recyclable: red fee band
    const crateId = await register('Crate Co', reusableCrate('CC-CRATE')); // plastic 900 g, reusable
    await call('Crate Co', 'mutation($input: IssueUnitsInput!) { issueReusableUnits(input: $input) { units { serial } } }', { input: { packagingTypeId: crateId, serials: ['CC-0001', 'CC-0002'] } });

    // One consumer per order, so every order earns at the first level: 4 green boxes (5 credits each), 2 plain
    // boxes (0), 1 parcel in its own packaging (10), 1 crate (0, then 15 when it comes back): 45 credits issued.
    const choose = async (orderRef: string, pick: (o: { packagingClass: string; packagingType: unknown }) => boolean, parcel: Record<string, unknown>) => {
      const q = await call<{ packagingOptions: { id: string; options: { id: string; packagingClass: string; packagingType: unknown }[] } }>('Shop',
        'query($parcel: ParcelInput!, $ref: String!) { packagingOptions(parcel: $parcel, consumerRef: $ref) { id options { id packagingClass packagingType { id } } } }', { parcel, ref: `consumer-${orderRef}` });
      const option = q.data?.packagingOptions.options.find(pick);
      expect(option, `an option for ${orderRef}`).to.not.equal(undefined);
      const chosen = await call<{ choosePackaging: { userErrors: unknown[] } }>('Shop', 'mutation($input: ChoosePackagingInput!) { choosePackaging(input: $input) { userErrors { code } } }',
        { input: { quoteId: q.data?.packagingOptions.id, optionId: option?.id, orderRef } });
      expect(chosen.data?.choosePackaging.userErrors).to.deep.equal([]);
    };
    const boxParcel = { lengthMm: 280, widthMm: 180, heightMm: 90, weightGrams: 800 };
    const packaged = (packagingClass: string) => (o: { packagingClass: string; packagingType: unknown }) => o.packagingClass === packagingClass && o.packagingType !== null;
    for (const n of [1, 2, 3, 4]) await choose(`g-${String(n)}`, packaged('GREEN'), boxParcel);
    for (const n of [1, 2]) await choose(`s-${String(n)}`, packaged('STANDARD'), boxParcel);
    await choose('own-1', (o) => o.packagingType === null, { ...boxParcel, shipsInOwnPackaging: true });
    await choose('r-1', packaged('REUSABLE'), { lengthMm: 300, widthMm: 200, heightMm: 100, weightGrams: 900 });
    for (const orderRef of ['g-1', 'g-2', 'g-3', 'g-4', 's-1', 's-2', 'own-1', 'r-1']) {
      await call('Shop', 'mutation($input: OrderEventInput!) { recordOrderEvent(input: $input) { accepted } }', { input: { orderRef, type: 'DELIVERED' } });
    }
    await call('Shop', 'mutation { recordShipment(input: {orderRef: "r-1", serial: "CC-0001"}) { userErrors { code } } }');
    const point = await call<{ registerCollectionPoint: { collectionPoint: { id: string } } }>('Depot',
      'mutation { registerCollectionPoint(input: {name: "Depot 1", region: "CN-31", accepts: [PLASTIC]}) { collectionPoint { id } } }');
    const returned = await call<{ recordReturn: { userErrors: unknown[] } }>('Depot', 'mutation($input: ReturnInput!) { recordReturn(input: $input) { userErrors { code } } }',
      { input: { collectionPointId: point.data?.registerCollectionPoint.collectionPoint.id, idempotencyKey: 'ret-1', serial: 'CC-0001' } });
    expect(returned.data?.recordReturn.userErrors).to.deep.equal([]);

    // a consumer spends the 5 credits of a green box once they have posted
    await eventually(async () => {
      const r = await call<{ redeemCredits: { userErrors: { code: string }[] } }>('Shop', 'mutation { redeemCredits(input: {consumerRef: "consumer-g-1", amount: 5, idempotencyKey: "redeem-1"}) { userErrors { code } } }');
      return r.data?.redeemCredits.userErrors.length === 0 ? true : undefined;
    }, 20_000, 'the green box’s credits to post');
    const report = await call<{ submitRecyclingReport: { report: { id: string } | null; userErrors: unknown[] } }>('Paper Co', 'mutation($input: RecyclingReportInput!) { submitRecyclingReport(input: $input) { report { id } userErrors { code } } }',
      { input: { period, idempotencyKey: 'rep-1', lines: [{ material: 'PAPER_CARD', recoveredGrams: 1000, recycledGrams: 800, evidence: ['PRN-2026-0001'] }] } });
    expect(report.data?.submitRecyclingReport.userErrors).to.deep.equal([]);
    // the regulator accepts it, so it counts
    const decided = await call<{ decideRecyclingReport: { userErrors: unknown[] } }>('Agency', 'mutation($input: ReportDecisionInput!) { decideRecyclingReport(input: $input) { userErrors { code } } }',
      { input: { reportId: report.data?.submitRecyclingReport.report?.id, decision: 'ACCEPTED', reason: 'PRN verified', idempotencyKey: 'dec-1' } });
    expect(decided.data?.decideRecyclingReport.userErrors).to.deep.equal([]);

    // everything counted before a browser looks: the jobs have posted credits and recomputed compliance
    await eventually(async () => {
      const r = await call<Impact>('Agency', IMPACT, { period });
      return r.data?.greenImpact?.creditsIssued === 45 && r.data.greenImpact.creditsRedeemed === 5 ? true : undefined;
    }, 30_000, 'all credits to post');
    await eventually(async () => {
      const r = await call<Compliance>('Agency', COMPLIANCE, { id: ids['Paper Co'], period });
      return r.data?.producerCompliance?.lines[0]?.recoveredGrams === 1000 ? true : undefined;
    }, 30_000, 'the report to count');
  }

  async function newPage(locale = 'en-US', width = 1280): Promise<{ context: BrowserContext; page: Page; problems: string[] }> {
    if (!browser) throw new Error('no browser');
    const context = await browser.newContext({ locale, viewport: { width, height: 900 } });
    // The page reads "now" from the browser: it starts at the service's instant and runs on from there.
    await context.clock.install({ time: clock.nowMs() });
    const page = await context.newPage();
    // Console errors include Content-Security-Policy violations: the page must run under its policy without any.
    const problems: string[] = [];
    page.on('console', (message) => { if (message.type() === 'error') problems.push(message.text()); });
    page.on('pageerror', (error) => { problems.push(error.message); });
    return { context, page, problems };
  }

  async function signIn(page: Page, key: string): Promise<void> {
    await page.goto(`${base}/dashboard/`);
    await page.fill('#api-key', key);
    await page.click('form.sign-in button[type=submit]');
  }

  /** Waits until no section is loading and none failed. */
  async function loaded(page: Page): Promise<void> {
    await page.waitForSelector('main.dashboard');
    // polled from here: the page's Content-Security-Policy forbids the string evaluation waitForFunction would use
    const loading = page.locator('main.dashboard .loading');
    const waited = stopwatch();
    while ((await loading.count()) > 0) {
      if (waited.elapsedMs() > 60_000) throw new Error('the dashboard sections did not finish loading within 60 s');
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    expect(await page.locator('main.dashboard .error').allTextContents(), 'sections that failed').to.deep.equal([]);
  }

  // In-page code is written as expressions: the tests are typed for Node, without the DOM's types.
  const inPage = <T>(page: Page, expression: string) => page.evaluate<T>(expression);
  const tableRows = async (page: Page, id: string) => {
    const rows = await page.locator(`table[data-table="${id}"] tbody tr`).all();
    return Promise.all(rows.map(async (row) => (await row.locator('td').allTextContents()).map((text) => text.trim())));
  };
  const chartSeries = async (page: Page, id: string) =>
    JSON.parse((await page.getAttribute(`[data-chart="${id}"]`, 'data-series')) ?? 'null') as { name: string; data: unknown[] }[];
  const chartCategories = async (page: Page, id: string) => JSON.parse((await page.getAttribute(`[data-chart="${id}"]`, 'data-categories')) ?? 'null') as string[];
  /** Pixels the chart's canvas painted: an empty canvas has none. */
  const paintedPixels = (page: Page, id: string) => inPage<number>(page, `(() => {
    const canvas = document.querySelector('[data-chart="${id}"] canvas');
    const pixels = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height).data;
    let painted = 0;
    for (let i = 3; i < pixels.length; i += 4) if (pixels[i] > 0) painted += 1;
    return painted;
  })()`);
  const kpi = (page: Page, id: string) => page.locator(`[data-kpi="${id}"] dd`).textContent();
  const storedKeys = (page: Page) => inPage<[boolean, number]>(page, '[sessionStorage.getItem("greenloop.apiKey") !== null, localStorage.length]');

  it('serves the built page at /dashboard: same-origin files under a strict Content-Security-Policy, no inline script', async () => {
    const bare = await fetch(`${base}/dashboard`, { redirect: 'manual' });
    expect(bare.status).to.equal(301);
    expect(bare.headers.get('location')).to.equal('/dashboard/');
    const page = await fetch(`${base}/dashboard/`);
    expect(page.status).to.equal(200);
    expect(page.headers.get('content-security-policy')).to.equal(DASHBOARD_CSP);
    expect(page.headers.get('cache-control')).to.equal('no-cache');
    const html = await page.text();
    const scripts = [...html.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/g)];
    expect(scripts.length).to.be.greaterThan(0);
    for (const [, attributes, body] of scripts) {
      expect(body?.trim(), 'no inline script').to.equal('');
      expect(attributes).to.match(/src="\/dashboard\/assets\/[\w.-]+\.js"/);
    }
    expect(html).to.not.match(/https?:\/\//);
    const asset = /src="(\/dashboard\/assets\/[\w.-]+\.js)"/.exec(html)?.[1] ?? '';
    const script = await fetch(`${base}${asset}`);
    expect(script.status).to.equal(200);
    expect(script.headers.get('cache-control')).to.contain('immutable');
    expect((await fetch(`${base}/dashboard/assets/missing.js`)).status).to.equal(404);
    expect((await fetch(`${base}/dashboard/any/deep/link`)).status, 'the page for any path under /dashboard').to.equal(200);
  });

  it('reads green-choice share and the fees’ red/amber/green bands from the public API', async () => {
    const impact = await call<Impact>('Shop', IMPACT, { period });
    // 8 parcels: 4 green + 1 own packaging + 1 reusable are green choices; 1 of 8 not re-boxed
    expect(impact.data?.greenImpact).to.deep.include({ parcels: 8, greenChoiceSharePct: 75, notReboxedRatePct: 12.5, creditsIssued: 45, creditsRedeemed: 5 });
    const paper = await call<Compliance>('Paper Co', COMPLIANCE, { id: ids['Paper Co'], period });
    // the fee of compliance.test.ts, 30 pence: green 0.0006 t x 19600 x 0.9643 = 11.34, red 0.0008 t x 19600 x 1.2 = 18.82;
    // floors 11 + 18, the spare penny to the larger remainder (red)
    const line = paper.data?.producerCompliance?.lines[0];
    expect(line).to.deep.include({ material: 'PAPER_CARD', placedOnMarketGrams: 1400, feeMinor: 30 });
    expect(line?.feeBands.map((b) => [b.ramRating, b.placedOnMarketGrams, b.baseFeeMinorPerTonne, b.feeMinor])).to.deep.equal([['GREEN', 600, 19600, 11], ['RED', 800, 19600, 19]]);
    expect(line?.feeBands[0]?.factor).to.be.closeTo(1 - (0.2 * 15.68) / 87.9, 1e-9);
    expect(line?.feeBands[1]?.factor).to.equal(1.2);
  });

  it('refuses a wrong key with a clear message, keeps no key, and turns the operator key away', async () => {
    const { context, page, problems } = await newPage();
    try {
      await signIn(page, 'glk_0123456789abcdef_not-a-real-secret');
      await page.waitForSelector('#sign-in-error');
      expect(await page.textContent('#sign-in-error')).to.equal('This API key was refused: it is unknown, mistyped or revoked.');
      expect(await page.getAttribute('#app', 'data-view')).to.equal('sign-in');
      expect(await storedKeys(page), 'no key in sessionStorage, nothing in localStorage').to.deep.equal([false, 0]);
      await page.screenshot({ path: join(ARTIFACTS, 'dashboard-wrong-key.png') });

      await page.fill('#api-key', TEST_ADMIN_KEY);
      await page.click('form.sign-in button[type=submit]');
      await page.waitForSelector('#sign-in-error[data-code="signIn.operator"]');
      expect(await page.textContent('#sign-in-error')).to.contain('operator key has no dashboard');
      // the refused requests are the API's 200-with-errors replies, not page errors
      expect(problems).to.deep.equal([]);
    } finally {
      await context.close();
    }
  });

  it('shows a regulator recovery against target per producer and material, the rankings and green impact over time, with the seeded numbers', async () => {
    const { context, page, problems } = await newPage();
    try {
      await signIn(page, keys.Agency ?? '');
      await loaded(page);
      expect(await page.textContent('#whoami')).to.equal('Signed in as Agency (Regulator)');
      expect(await storedKeys(page), 'the key in sessionStorage only').to.deep.equal([true, 0]);

      // recycling: Paper Co 1.4 kg placed, 0.8 kg recycled (1 kg recovered) = 57.14 % against 75 %; Crate Co 1.8 kg
      // placed, its crate's trip back is reuse, not recycling: 0 % against 50 %
      expect(await chartCategories(page, 'recovery')).to.deep.equal(['Paper Co\nPaper and card', 'Crate Co\nPlastic']);
      const recovery = await chartSeries(page, 'recovery');
      expect(recovery.map((s) => s.name)).to.deep.equal(['Recycling rate', 'Target']);
      expect(recovery[0]?.data.map((d) => (d as { value: number }).value)).to.deep.equal([57.14, 0]);
      expect(recovery[1]?.data).to.deep.equal([75, 50]);
      expect(await paintedPixels(page, 'recovery')).to.be.greaterThan(1000);
      expect(await tableRows(page, 'recovery')).to.deep.equal([
        ['Paper Co', 'Paper and card', '1.400', '1.000', '57.14', '75', 'Non-compliant'],
        ['Crate Co', 'Plastic', '1.800', '0.000', '0', '50', 'Non-compliant'],
      ]);

      expect(await tableRows(page, 'ranking-PRODUCER')).to.deep.equal([['1', 'Paper Co', '57.14'], ['2', 'Crate Co', '0']]);
      expect(await tableRows(page, 'ranking-PLATFORM')).to.deep.equal([['1', 'Shop', '12.5']]);
      expect(await tableRows(page, 'ranking-COLLECTION_POINT')).to.deep.equal([['1', 'Depot', '1']]);
      expect((await chartSeries(page, 'ranking-PLATFORM'))[0]?.data).to.deep.equal([12.5]);

      expect(await kpi(page, 'parcels')).to.equal('8');
      expect(await kpi(page, 'greenChoiceSharePct')).to.equal('75');
      expect(await kpi(page, 'creditsIssued')).to.equal('45');

      // green impact over the last 12 months: this month's numbers last, the months before gaps (never computed)
      const trend = await chartSeries(page, 'impact-trend');
      expect(trend.map((s) => s.name)).to.deep.equal(['Parcels', 'Reuse cycles', 'Green-choice share (%)', 'Not re-boxed (%)']);
      expect(trend.map((s) => s.data.at(-1))).to.deep.equal([8, 1, 75, 12.5]);
      expect(trend[0]?.data.slice(0, -1).every((v) => v === null)).to.equal(true);
      expect((await chartCategories(page, 'impact-trend')).at(-1)).to.equal(period);
      // CO2e avoided (GL-CARBON-2026.1, worked in test/e2e/compliance.test.ts and carbon.test.ts): the parcel in its
      // own packaging 92 g, the crate 25 g, the paper boxes none: 0.117 kg.
      expect((await tableRows(page, 'impact-trend')).at(-1)).to.deep.equal([period, '8', '75', '12.5', '1', '0.117', '45', '5']);

      await page.screenshot({ path: join(ARTIFACTS, 'dashboard-regulator.png'), fullPage: true });
      expect(problems).to.deep.equal([]);
    } finally {
      await context.close();
    }
  });

  it('shows a producer its compliance, its fees modulated red/amber/green and its reusable units', async () => {
    const { context, page, problems } = await newPage();
    try {
      await signIn(page, keys['Paper Co'] ?? '');
      await loaded(page);
      expect(await kpi(page, 'status')).to.equal('Non-compliant');
      expect(await kpi(page, 'fee')).to.equal('£0.30');
      expect(await kpi(page, 'rank')).to.equal('1 of 2');
      expect(await tableRows(page, 'recovery')).to.deep.equal([['Paper and card', '1.400', '1.000', '57.14', '75', 'Non-compliant']]);
      const fees = await chartSeries(page, 'fees');
      expect(fees.map((s) => [s.name, s.data])).to.deep.equal([['Green', [0.11]], ['Amber', [0]], ['Red', [0.19]]]);
      expect(await paintedPixels(page, 'fees')).to.be.greaterThan(1000);
      expect(await tableRows(page, 'fees')).to.deep.equal([
        ['Paper and card', 'Green', '0.600', '196', '0.9643', '0.11'],
        ['Paper and card', 'Red', '0.800', '196', '1.2', '0.19'],
      ]);
      await page.screenshot({ path: join(ARTIFACTS, 'dashboard-producer-paper.png'), fullPage: true });
      await context.close();

      // Crate Co: its two crates in service and the one trip back
      const crate = await newPage();
      await signIn(crate.page, keys['Crate Co'] ?? '');
      await loaded(crate.page);
      expect(await kpi(crate.page, 'reusableUnitsInService')).to.equal('2');
      expect(await kpi(crate.page, 'reuseCycles')).to.equal('1');
      const units = await chartSeries(crate.page, 'units-trend');
      expect(units.map((s) => [s.name, s.data.at(-1)])).to.deep.equal([['Reusable units in service', 2], ['Reuse cycles', 1]]);
      await crate.page.screenshot({ path: join(ARTIFACTS, 'dashboard-producer-crate.png'), fullPage: true });
      expect([...problems, ...crate.problems]).to.deep.equal([]);
      await crate.context.close();
    } finally {
      await context.close();
    }
  });

  it('shows a platform its green-choice share, not-re-boxed rate and credits issued against redeemed', async () => {
    const { context, page, problems } = await newPage();
    try {
      await signIn(page, keys.Shop ?? '');
      await loaded(page);
      expect(await kpi(page, 'greenChoiceSharePct')).to.equal('75');
      expect(await kpi(page, 'notReboxedRatePct')).to.equal('12.5');
      const shares = await chartSeries(page, 'shares-trend');
      expect(shares.map((s) => [s.name, s.data.at(-1)])).to.deep.equal([['Parcels', 8], ['Green-choice share (%)', 75], ['Not re-boxed (%)', 12.5]]);
      const credits = await chartSeries(page, 'credits-trend');
      expect(credits.map((s) => [s.name, s.data.at(-1)])).to.deep.equal([['Credits issued', 45], ['Credits redeemed', 5]]);
      expect(await paintedPixels(page, 'credits-trend')).to.be.greaterThan(1000);
      await page.screenshot({ path: join(ARTIFACTS, 'dashboard-platform.png'), fullPage: true });
      expect(problems).to.deep.equal([]);
    } finally {
      await context.close();
    }
  });

  it('fits a phone 390 px wide: the page never scrolls sideways, a wide table scrolls within its panel, the charts within their panels', async () => {
    for (const who of ['Agency', 'Paper Co']) {
      const { context, page, problems } = await newPage('en-US', 390);
      try {
        await signIn(page, keys[who] ?? '');
        await loaded(page);
        for (const summary of await page.locator('details.data summary').all()) await summary.click();
        expect(await inPage<number>(page, 'document.documentElement.scrollWidth'), `${who}: the page's width`).to.be.at.most(390);
        // every data table sits in a box that scrolls sideways, and that box fits its panel
        const tables = await inPage<{ scrolls: boolean; fits: boolean }[]>(page, `[...document.querySelectorAll('table[data-table]')].map((table) => {
          const box = table.parentElement;
          return { scrolls: getComputedStyle(box).overflowX === 'auto', fits: box.getBoundingClientRect().right <= box.closest('.panel').getBoundingClientRect().right + 0.5 };
        })`);
        expect(tables.length, `${who}: data tables`).to.be.greaterThan(0);
        expect(tables.every((t) => t.scrolls && t.fits), `${who}: tables that scroll within their panel`).to.equal(true);
        const charts = await inPage<boolean[]>(page, `[...document.querySelectorAll('[data-chart] canvas')].map((canvas) =>
          canvas.getBoundingClientRect().right <= canvas.closest('.panel').getBoundingClientRect().right + 0.5)`);
        expect(charts.length, `${who}: charts`).to.be.greaterThan(0);
        expect(charts.every(Boolean), `${who}: charts within their panels`).to.equal(true);
        if (who === 'Paper Co') expect(await kpi(page, 'fee'), 'the fee in its scheme’s currency').to.equal('£0.30');
        await page.screenshot({ path: join(ARTIFACTS, `dashboard-${who === 'Agency' ? 'regulator' : 'producer-paper'}-390.png`), fullPage: true });
        expect(problems).to.deep.equal([]);
      } finally {
        await context.close();
      }
    }
  });

  it('speaks Chinese to a zh-CN browser and switches language in place', async () => {
    const { context, page, problems } = await newPage('zh-CN');
    try {
      await page.goto(`${base}/dashboard/`);
      expect(await page.textContent('form.sign-in h2')).to.equal('登录');
      expect(await page.getAttribute('html', 'lang')).to.equal('zh-CN');
      await signIn(page, keys.Agency ?? '');
      await loaded(page);
      expect(await page.textContent('#whoami')).to.equal('已登录：Agency（监管机构）');
      expect(await tableRows(page, 'recovery')).to.deep.equal([
        ['Paper Co', '纸和纸板', '1.400', '1.000', '57.14', '75', '未达标'],
        ['Crate Co', '塑料', '1.800', '0.000', '0', '50', '未达标'],
      ]);
      expect((await chartSeries(page, 'recovery')).map((s) => s.name)).to.deep.equal(['再生利用率', '目标']);
      await page.screenshot({ path: join(ARTIFACTS, 'dashboard-regulator-zh-CN.png'), fullPage: true });
      await page.selectOption('#lang', 'en');
      await loaded(page);
      expect(await page.getAttribute('html', 'lang')).to.equal('en');
      expect((await chartSeries(page, 'recovery')).map((s) => s.name)).to.deep.equal(['Recycling rate', 'Target']);
      expect(problems).to.deep.equal([]);
    } finally {
      await context.close();
    }
  });

  it('shows a GraphQL error in place of the section that failed, and the rest of the page', async () => {
    const { context, page } = await newPage();
    try {
      // the trend request answers with an error, as the API would for a refused query
      await page.route('**/graphql', async (route) => {
        if (route.request().postData()?.includes('GreenImpactMonth')) {
          await route.fulfill({ status: 200, contentType: 'application/json', body: JSON.stringify({ errors: [{ message: 'Query cost 12000 exceeds 10000', extensions: { code: 'QUERY_TOO_COMPLEX' } }] }) });
        } else {
          await route.continue();
        }
      });
      await signIn(page, keys.Shop ?? '');
      await page.waitForSelector('main.dashboard .error[data-code="QUERY_TOO_COMPLEX"]');
      expect(await page.textContent('.error[data-section="shares"] p')).to.equal('The service refused the request: Query cost 12000 exceeds 10000 (QUERY_TOO_COMPLEX)');
      await page.waitForSelector('[data-kpi="parcels"]');
      expect(await kpi(page, 'parcels')).to.equal('8');
    } finally {
      await context.close();
    }
  });
});
