// `npm run demo`: its steps against a service started here, every number they narrate held against what the API
// answers (and the key ones against figures worked by hand); a failing step named with its error code; and the whole
// script as a child process on the run's store and Redis, leaving nothing behind.
import { expect } from 'chai';
import mongoose from 'mongoose';
import { runSteps } from '../../scripts/demo/run-steps.js';
import { COMPLIANCE_QUERY, DEMO_STEPS, IMPACT_QUERY, newDemoState, type DemoState, type Impact, type StepId, type StepOutcome } from '../../scripts/demo/steps.js';
import { createGraphQLClient } from '../../scripts/terminal/graphql-client.js';
import { StepProgress } from '../../scripts/terminal/progress.js';
import { startService, type RunningService } from '../support/harness.js';
import { runScript } from '../support/run-script.js';
import { TEST_ADMIN_KEY, testRedisUrl } from '../support/services.js';

/** Collects what a display writes, as a file or pipe would get it. */
const capture = () => {
  let text = '';
  return { out: { write: (chunk: string) => { text += chunk; } }, text: () => text };
};

describe('npm run demo', function () {
  this.timeout(120_000);

  describe('its steps, against a service started here', () => {
    let service: RunningService;
    let state: DemoState;
    const outcomes: Partial<Record<StepId, StepOutcome>> = {};
    const output = capture();

    before(async () => {
      service = await startService('e2e_demo');
      state = newDemoState(service.url, TEST_ADMIN_KEY);
      const result = await runSteps(DEMO_STEPS.map((step) => ({ title: step.title, run: (waiting: (what: string) => void) => step.run(state, waiting) })), new StepProgress(DEMO_STEPS.length, output.out, false));
      if (!result.ok) throw new Error(`demo step ${String(result.failed.n)} failed: ${result.failed.reason}\n${output.text()}`);
      DEMO_STEPS.forEach((step, i) => { outcomes[step.id] = result.outcomes[i]; });
    });
    after(() => service.dispose());

    const figures = (id: StepId) => outcomes[id]?.figures ?? {};
    const narration = (id: StepId) => (outcomes[id]?.narration ?? []).join('\n');
    const as = (role: 'producer' | 'platform' | 'regulator') => createGraphQLClient(service.url, state.organizations?.[role].key ?? '');

    it('prints every step numbered, with a bar, as plain text', () => {
      const text = output.text();
      expect(text).not.to.match(/\x1b/); // eslint-disable-line no-control-regex
      for (const [i, step] of DEMO_STEPS.entries()) expect(text).to.contain(`Step ${String(i + 1)}/${String(DEMO_STEPS.length)} [`).and.contain(step.title);
      expect(text).to.contain(`done: Step ${String(DEMO_STEPS.length)}/${String(DEMO_STEPS.length)} [##########]`);
    });

    it('narrates the classes the standard gave the packaging the producer holds', async () => {
      const listed = await as('producer').request<{ packagingTypes: { nodes: { sku: string; classification: { packagingClass: string } }[] } }>('{ packagingTypes(first: 10) { nodes { sku classification { packagingClass } } } }');
      const classOf = (sku: string | undefined) => listed.packagingTypes.nodes.find((t) => t.sku === sku)?.classification.packagingClass;
      expect(figures('packaging')).to.deep.include({ greenClass: 'GREEN', plainClass: 'STANDARD', crateClass: 'REUSABLE' });
      expect([classOf(state.packaging?.green.sku), classOf(state.packaging?.plain.sku), classOf(state.packaging?.crate.sku)]).to.deep.equal(['GREEN', 'STANDARD', 'REUSABLE']);
      expect(narration('packaging')).to.contain('Recycled mailer box (PAPER_CARD, 150 g): GREEN, grade A');
    });

    it('narrates the credits and balances the ledger recorded, entry by entry', async () => {
      const account = await as('platform').request<{ creditAccount: { available: number; pending: number; entries: { nodes: { kind: string; amount: number; available: number; pending: number }[] } } }>(
        'query($ref: String!) { creditAccount(consumerRef: $ref) { available pending entries(first: 20) { nodes { kind amount available pending } } } }', { ref: state.consumerRef });
      const entries = account.creditAccount.entries.nodes;
      // By hand (default earning rules): GREEN 5 on choosing, pending until delivered; a reusable unit back within 14 days 15.
      expect(entries.map((e) => [e.kind, e.amount])).to.deep.equal([['EARN_PENDING', 5], ['EARN_POSTED', 5], ['EARN_PENDING', 15], ['EARN_POSTED', 15]]);
      expect(figures('checkout')).to.deep.include({ greenCredits: 5, pending: entries[0]?.pending, available: entries[0]?.available });
      expect(narration('checkout')).to.contain('The consumer chose the green box').and.contain('5 credits pending, price CNY 0.00, deposit CNY 0.00');
      expect(figures('delivery')).to.deep.include({ available: entries[1]?.available, pending: entries[1]?.pending });
      expect(narration('delivery')).to.contain('5 credits available, 0 pending (entries: EARN_PENDING 5, EARN_POSTED 5)');
      expect(figures('return')).to.deep.include({ returnCredits: 15, available: account.creditAccount.available });
      expect(account.creditAccount.available).to.equal(20);
      expect(narration('return')).to.contain('credited 15 credits (now 20 available)');
    });

    it('narrates the deposit, the refund and the unit’s trip as the API records them', async () => {
      const platform = as('platform');
      const rules = await platform.request<{ pricingRules: { reusableDepositMinor: number } }>('{ pricingRules { reusableDepositMinor } }');
      const refunds = await platform.request<{ depositRefunds: { nodes: { serial: string; amountMinor: number }[] } }>('{ depositRefunds(first: 10) { nodes { serial amountMinor } } }');
      const unit = await platform.request<{ reusableUnit: { status: string; cycles: number } }>('query($s: String!) { reusableUnit(serial: $s) { status cycles } }', { s: state.serial });
      expect(figures('shipment')).to.deep.include({ depositMinor: rules.pricingRules.reusableDepositMinor, status: 'SHIPPED', cycles: 0 });
      expect(refunds.depositRefunds.nodes).to.deep.equal([{ serial: state.serial, amountMinor: 500 }]);
      expect(figures('return')).to.deep.include({ refundMinor: 500, status: unit.reusableUnit.status, cycles: unit.reusableUnit.cycles });
      expect(unit.reusableUnit).to.deep.equal({ status: 'RETURNED', cycles: 1 });
      expect(narration('return')).to.contain('owes the consumer the CNY 5.00 deposit').and.contain('RETURNED, 1 completed trip');
    });

    it('narrates the compliance and fees the regulator reads, which match the figures worked by hand', async () => {
      type Line = { material: string; placedOnMarketGrams: number; recoveredGrams: number; recyclingRatePct: number; feeMinor: number; explanation: string };
      const read = await as('regulator').request<{ producerCompliance: { status: string; feeMinor: number; currency: string; lines: Line[] } }>(COMPLIANCE_QUERY, { id: state.organizations?.producer.id, period: state.period });
      const compliance = read.producerCompliance;
      expect(figures('compliance')).to.deep.include({ status: compliance.status, feeMinor: compliance.feeMinor, currency: compliance.currency, lines: compliance.lines.length });
      for (const line of compliance.lines) {
        expect(figures('compliance')).to.deep.include({
          [`${line.material}.placedOnMarketGrams`]: line.placedOnMarketGrams, [`${line.material}.recoveredGrams`]: line.recoveredGrams,
          [`${line.material}.recyclingRatePct`]: line.recyclingRatePct, [`${line.material}.feeMinor`]: line.feeMinor,
        });
        expect(narration('compliance')).to.contain(line.explanation);
      }
      // By hand: 150 g of grade-A paper placed, 100 g of it recycled by the accepted report = 66.67 % of a 75 % target
      // (within 10 points: at risk), 0.00015 t x 19600 p = 2.94 p; the 900 g crate placed once, when issued: its trip
      // back is reuse, not recycling, so 0 % of 50 %, 0.0009 t x 42300 p = 38.07 p. No red band, so the green factor
      // is 1 and the fee 41 p, spread 3 + 38 by largest remainder. The plastic line decides: NON_COMPLIANT.
      expect(compliance.lines.map((l) => [l.material, l.placedOnMarketGrams, l.recoveredGrams, l.recyclingRatePct, l.feeMinor])).to.deep.equal([['PAPER_CARD', 150, 120, 66.67, 3], ['PLASTIC', 900, 0, 0, 38]]);
      expect(compliance).to.deep.include({ status: 'NON_COMPLIANT', feeMinor: 41, currency: 'GBP' });
      expect(narration('compliance')).to.contain(`${state.period}, rules GL-EPR-2026.2: NON_COMPLIANT, fee GBP 0.41`)
        .and.contain('Reuse, apart from recycling: 1 unit(s) issued, 1 trip(s) out, 1 back (return rate 100 %).');
    });

    it('narrates the month’s green impact as the regulator reads it', async () => {
      const impact = (await as('regulator').request<{ greenImpact: Impact }>(IMPACT_QUERY, { period: state.period })).greenImpact;
      expect(figures('impact')).to.deep.equal({ ...impact });
      // By hand (GL-CARBON-2026.1): the 280 x 180 x 90 mm item's single-use box would be a 2 x 460 x 270 mm2 blank of
      // 450 g/m2 board, 111.78 g of card = 92 g CO2e. The green box (150 g of card, 123 g) avoids none of it; the crate
      // (900 g of plastic x 3.1 over 50 trips = 56 g, plus a 30 g trip) avoids 6 g.
      expect(impact).to.deep.include({ parcels: 2, reusableUnitsInService: 1, reuseCycles: 1, cartonsReused: 1, co2eAvoidedGrams: 6, creditsIssued: 20, creditsRedeemed: 0 });
      expect(narration('impact')).to.contain('2 parcels').and.contain('1 carton not made; 6 g CO2e avoided against single-use boxes; 20 credits issued, 0 redeemed');
    });
  });

  it('names the step that failed, and the API’s error code', async () => {
    const service = await startService('e2e_demo_failure');
    try {
      const output = capture();
      const wrongKey = newDemoState(service.url, 'glk_admin_not-the-operator-key-at-all');
      const result = await runSteps(DEMO_STEPS.slice(0, 2).map((step) => ({ title: step.title, run: (waiting: (what: string) => void) => step.run(wrongKey, waiting) })), new StepProgress(2, output.out, false));
      expect(result.ok).to.equal(false);
      if (result.ok) return;
      expect(result.failed).to.deep.include({ n: 1, title: DEMO_STEPS[0]?.title });
      expect(result.failed.reason).to.match(/^UNAUTHENTICATED: /);
      expect(output.text()).to.contain(`FAILED: Step 1/2 ${DEMO_STEPS[0]?.title ?? ''}: UNAUTHENTICATED: `);
      expect(output.text(), 'nothing runs after the failed step').not.to.contain('Step 2/2');
    } finally {
      await service.dispose();
    }
  });

  it('runs whole as a child process on the given store and Redis, prints a summary, exits 0 and leaves nothing behind', async () => {
    const storeUri = process.env.GREENLOOP_TEST_MONGODB_URI ?? '';
    const run = await runScript('demo.ts', [], { MONGODB_URI: storeUri, REDIS_URL: testRedisUrl() }, 110_000);
    expect(run.code, `${run.stdout}\n${run.stderr}`).to.equal(0);
    expect(run.stdout).not.to.match(/\x1b/); // eslint-disable-line no-control-regex
    expect(run.stdout).to.contain('done: Step 11/11 [##########]').and.contain('Summary for ').and.contain('20 credits available').and.contain('Demo finished in');
    const database = /dropped database (greenloop_demo_[a-f0-9]+)/.exec(run.stdout)?.[1];
    expect(database, run.stdout).to.be.a('string');
    const prefix = /deleted the queue keys (\{greenloop-demo-[a-f0-9]+\})/.exec(run.stdout)?.[1];
    expect(prefix, run.stdout).to.be.a('string');

    const client = new mongoose.mongo.MongoClient(storeUri);
    try {
      const { databases } = await client.db('admin').admin().listDatabases();
      expect(databases.map((d) => d.name)).not.to.include(database);
    } finally {
      await client.close();
    }
    const { Redis } = await import('ioredis');
    const redis = new Redis(testRedisUrl());
    try {
      expect(await redis.keys(`${prefix ?? ''}:*`)).to.deep.equal([]);
    } finally {
      redis.disconnect();
    }
  });
});
