// The demo's walk through the loop, one function per step, each only through the public GraphQL API as the
// organization that would make the call. A step returns what it narrates and the figures in it, so a test can hold
// the figures against the API (test/e2e/demo.test.ts).
import {
  ChoosePackagingDocument, CreateOrganizationDocument, CreditAccountDocument, DepositRefundsDocument, GreenImpactDocument, IssueReusableUnitsDocument,
  PackagingOptionsDocument, ProducerComplianceDocument, RecordOrderEventDocument, RecordReturnDocument, RecordShipmentDocument, RegisterCollectionPointDocument,
  RegisterPackagingTypeDocument, ReusableUnitDocument, SubmitRecyclingReportDocument, DecideRecyclingReportDocument,
  type CreditAccountQuery, type GreenImpactQuery, type Material, type OrganizationKind, type PackagingOptionsQuery, type ProducerComplianceQuery, type QuotedOptionFragment,
} from '../generated/graphql.js';
import { ApiError, answered, createGraphQLClient, requireNoUserErrors, type GraphQLClient } from '../terminal/graphql-client.js';

/** Where the demo runs and what it has made so far; each step adds what later steps need. */
export interface DemoState {
  readonly url: string;
  readonly adminKey: string;
  /** The reporting period of everything the demo does: the current month, `YYYY-MM` (UTC). */
  readonly period: string;
  /** Makes SKUs, serials and order references unique, so the demo can run twice against one database. */
  readonly tag: string;
  /** How long a step waits for a background job before it gives up. */
  readonly jobTimeoutMs: number;
  organizations?: Record<Role, { readonly id: string; readonly name: string; readonly key: string }>;
  packaging?: Record<'green' | 'plain' | 'crate', { readonly id: string; readonly sku: string; readonly name: string; readonly packagingClass: string }>;
  consumerRef?: string;
  firstOrder?: { readonly orderRef: string; readonly credits: number };
  serial?: string;
  secondOrder?: { readonly orderRef: string; readonly depositMinor: number; readonly currency: string };
  collectionPoint?: { readonly id: string; readonly name: string; readonly region: string };
  reported?: { readonly material: string; readonly recoveredGrams: number; readonly recycledGrams: number; readonly reportId: string };
}

export type Role = 'producer' | 'platform' | 'collector' | 'regulator';
export type StepId = 'organizations' | 'packaging' | 'checkout' | 'delivery' | 'shipment' | 'return' | 'report' | 'decision' | 'compliance' | 'impact';

/** What a step did, in sentences, and the numbers those sentences state. */
export interface StepOutcome {
  readonly narration: readonly string[];
  readonly figures: Readonly<Record<string, number | string | boolean>>;
}

/** Tells the progress display what a step waits for. */
export type WaitNotice = (what: string) => void;

export interface DemoStep {
  /** Names the step's figures in the summary and in tests. */
  readonly id: StepId;
  readonly title: string;
  run(state: DemoState, waiting: WaitNotice): Promise<StepOutcome>;
}

export function newDemoState(url: string, adminKey: string, now = new Date(), tag = Math.random().toString(36).slice(2, 8).toUpperCase()): DemoState {
  const period = `${String(now.getUTCFullYear())}-${String(now.getUTCMonth() + 1).padStart(2, '0')}`;
  return { url, adminKey, period, tag, jobTimeoutMs: 30_000 };
}

// ---- narration helpers ------------------------------------------------------------------------------------------

export const money = (minor: number, currency: string) => `${currency} ${(minor / 100).toFixed(2)}`;
const grams = (g: number) => (g >= 1000 ? `${(g / 1000).toFixed(3)} kg` : `${String(g)} g`);
const plural = (n: number, one: string, many = `${one}s`) => `${String(n)} ${n === 1 ? one : many}`;

function need<T>(value: T | undefined, what: string): T {
  if (value === undefined) throw new Error(`the demo has no ${what} yet: the steps run in order`);
  return value;
}

const as = (state: DemoState, role: Role): GraphQLClient => createGraphQLClient(state.url, need(state.organizations, 'organizations')[role].key);

/** Polls `read` until `done` holds (a background job finished), or fails naming the job. */
async function waitFor<T>(state: DemoState, waiting: WaitNotice, what: string, read: () => Promise<T>, done: (value: T) => boolean): Promise<T> {
  waiting(`waiting for ${what}`);
  const deadline = Date.now() + state.jobTimeoutMs;
  for (;;) {
    const value = await read();
    if (done(value)) return value;
    if (Date.now() > deadline) throw new Error(`${what} did not happen within ${String(state.jobTimeoutMs / 1000)} s (is the worker running?)`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

// ---- the loop's data --------------------------------------------------------------------------------------------

const ORGANIZATIONS: readonly { role: Role; kind: OrganizationKind; name: string }[] = [
  { role: 'producer', kind: 'PRODUCER', name: 'Evergreen Packaging (demo producer)' },
  { role: 'platform', kind: 'PLATFORM', name: 'ShopRiver (demo platform)' },
  { role: 'collector', kind: 'COLLECTOR', name: 'Riverside Recycling (demo collector)' },
  { role: 'regulator', kind: 'REGULATOR', name: 'Environment Bureau (demo regulator)' },
];

const PAPER_TEST = { leadMgKg: 10, mercuryMgKg: 0.1, cadmiumMgKg: 0.1, chromiumMgKg: 5 };
const PACKAGING = {
  green: { name: 'Recycled mailer box', material: 'PAPER_CARD', format: 'BOX', innerDimensions: { lengthMm: 300, widthMm: 200, heightMm: 100 }, massGrams: 150, recycledContentPct: 60, recyclableSharePct: 97, substanceTest: PAPER_TEST },
  plain: { name: 'Plain corrugated box', material: 'PAPER_CARD', format: 'BOX', innerDimensions: { lengthMm: 300, widthMm: 200, heightMm: 100 }, massGrams: 400, recycledContentPct: 0, recyclableSharePct: 60, substanceTest: PAPER_TEST },
  crate: {
    name: 'Reusable crate', material: 'PLASTIC', format: 'BOX', innerDimensions: { lengthMm: 320, widthMm: 220, heightMm: 120 }, massGrams: 900, recycledContentPct: 60, recyclableSharePct: 97,
    designedCycles: 50, substanceTest: { leadMgKg: 1, mercuryMgKg: 0.1, cadmiumMgKg: 0.1, chromiumMgKg: 1, phthalatesMgKg: 100 },
  },
} as const;
/** The item the consumer orders: it fits all three packaging types within the empty-space limit. */
const PARCEL = { lengthMm: 280, widthMm: 180, heightMm: 90, weightGrams: 800 };

/** A consumer's credit account with its entries, as the platform reads it. */
type Account = NonNullable<CreditAccountQuery['creditAccount']> & { entries: NonNullable<NonNullable<CreditAccountQuery['creditAccount']>['entries']> };

async function account(state: DemoState): Promise<Account> {
  const data = await as(state, 'platform').request(CreditAccountDocument, { ref: need(state.consumerRef, 'consumer') });
  const read = answered(data.creditAccount, 'creditAccount');
  return { ...read, entries: answered(read.entries, 'creditAccount.entries') };
}

async function quote(state: DemoState): Promise<NonNullable<PackagingOptionsQuery['packagingOptions']>> {
  const data = await as(state, 'platform').request(PackagingOptionsDocument, { parcel: PARCEL, ref: need(state.consumerRef, 'consumer') });
  return answered(data.packagingOptions, 'packagingOptions');
}

async function choose(state: DemoState, quoteId: string, option: QuotedOptionFragment, orderRef: string): Promise<void> {
  const data = await as(state, 'platform').request(ChoosePackagingDocument, { input: { quoteId, optionId: option.id, orderRef, idempotencyKey: orderRef } });
  requireNoUserErrors(data.choosePackaging, `choosing ${option.packagingClass} for ${orderRef}`);
}

async function deliver(state: DemoState, orderRef: string): Promise<void> {
  const data = await as(state, 'platform').request(RecordOrderEventDocument, { input: { orderRef, type: 'DELIVERED' } });
  requireNoUserErrors(data.recordOrderEvent, `recording the delivery of ${orderRef}`);
}

function optionOf(options: readonly QuotedOptionFragment[], packagingClass: string): QuotedOptionFragment {
  const option = options.find((o) => o.packagingClass === packagingClass);
  if (!option) throw new Error(`the quote offered no ${packagingClass} option (got ${options.map((o) => o.packagingClass).join(', ')})`);
  return option;
}

// ---- the steps --------------------------------------------------------------------------------------------------

const createOrganizations: DemoStep = {
  id: 'organizations',
  title: 'The operator creates a producer, a platform, a collector and a regulator',
  async run(state) {
    const operator = createGraphQLClient(state.url, state.adminKey);
    const made: Partial<Record<Role, { id: string; name: string; key: string }>> = {};
    const narration: string[] = [];
    for (const org of ORGANIZATIONS) {
      const data = await operator.request(CreateOrganizationDocument, { input: { name: org.name, kind: org.kind, contactEmail: `${org.role}@demo.greenloop.local` } });
      requireNoUserErrors(data.createOrganization, `creating ${org.name}`);
      const { organization, apiKey } = data.createOrganization;
      if (!organization || !apiKey) throw new Error(`creating ${org.name} returned no organization or key`);
      made[org.role] = { id: organization.id, name: organization.name, key: apiKey };
      narration.push(`${organization.kind.padEnd(9)} ${organization.name}, id ${organization.id}, key ${apiKey.slice(0, 21)}... (shown once, stored hashed)`);
    }
    state.organizations = made as Record<Role, { id: string; name: string; key: string }>;
    return { narration, figures: { organizations: Object.keys(made).length } };
  },
};

const registerPackaging: DemoStep = {
  id: 'packaging',
  title: 'The producer registers its packaging; the active standard classifies it',
  async run(state) {
    const producer = as(state, 'producer');
    const registered: Partial<NonNullable<DemoState['packaging']>> = {};
    const narration: string[] = [];
    const figures: Record<string, string> = {};
    let standardVersion = '';
    for (const which of ['green', 'plain', 'crate'] as const) {
      const sku = `DEMO-${which.toUpperCase()}-${state.tag}`;
      const data = await producer.request(RegisterPackagingTypeDocument, { input: { sku, ...PACKAGING[which] } });
      requireNoUserErrors(data.registerPackagingType, `registering ${sku}`);
      const type = data.registerPackagingType.packagingType;
      if (!type) throw new Error(`registering ${sku} returned no packaging type`);
      const { packagingClass, grade, reasons } = type.classification;
      standardVersion = type.classification.standardVersion;
      const why = [...reasons].reverse().find((r) => r.endsWith(`: ${packagingClass}`)) ?? reasons.at(-1) ?? '';
      registered[which] = { id: type.id, sku, name: type.name, packagingClass };
      figures[`${which}Class`] = packagingClass;
      narration.push(`${type.name} (${type.material}, ${grams(type.massGrams)}): ${packagingClass}, grade ${grade}; ${why}`);
    }
    state.packaging = registered as NonNullable<DemoState['packaging']>;
    narration.push(`Classified under standard ${standardVersion}.`);
    return { narration, figures: { ...figures, standardVersion } };
  },
};

const chooseAtCheckout: DemoStep = {
  id: 'checkout',
  title: 'At checkout the platform asks for packaging options; the consumer chooses the green box',
  async run(state, waiting) {
    state.consumerRef = `demo-consumer-${state.tag}`;
    const offered = await quote(state);
    const narration = [`Options for a ${String(PARCEL.lengthMm)} x ${String(PARCEL.widthMm)} x ${String(PARCEL.heightMm)} mm, ${grams(PARCEL.weightGrams)} item:`];
    for (const o of offered.options) {
      narration.push(`  ${o.packagingClass.padEnd(9)} ${(o.packagingType?.name ?? 'own packaging').padEnd(22)} price ${money(o.priceMinor, o.currency)}, deposit ${money(o.depositMinor, o.currency)}, ${plural(o.credits, 'credit')}, ${String(Math.round(o.emptySpaceRatio * 100))} % empty space, ${String(o.co2eGrams)} g CO2e (${String(o.co2eAvoidedGrams)} g avoided)${o.recommended ? '  <- recommended' : ''}`);
    }
    const green = optionOf(offered.options, 'GREEN');
    const orderRef = `demo-order-1-${state.tag}`;
    await choose(state, offered.id, green, orderRef);
    const credited = await waitFor(state, waiting, 'the crediting job', () => account(state), (a) => a.pending >= green.credits);
    state.firstOrder = { orderRef, credits: green.credits };
    narration.push(`The consumer chose the green box for order ${orderRef}: ${plural(credited.pending, 'credit')} pending, price ${money(green.priceMinor, green.currency)}, deposit ${money(green.depositMinor, green.currency)}.`);
    return {
      narration,
      figures: { options: offered.options.length, greenPriceMinor: green.priceMinor, greenDepositMinor: green.depositMinor, greenCredits: green.credits, pending: credited.pending, available: credited.available },
    };
  },
};

const deliverAndPost: DemoStep = {
  id: 'delivery',
  title: 'The order is delivered; the credits post to the ledger',
  async run(state, waiting) {
    const order = need(state.firstOrder, 'first order');
    await deliver(state, order.orderRef);
    const posted = await waitFor(state, waiting, 'the posting job', () => account(state), (a) => a.pending === 0 && a.available >= order.credits);
    const entries = posted.entries.nodes.map((e) => `${e.kind} ${String(e.amount)}`).join(', ');
    return {
      narration: [
        `Delivered. The ledger now holds ${plural(posted.available, 'credit')} available, ${String(posted.pending)} pending (entries: ${entries}).`,
        posted.nextExpiry ? `${plural(posted.nextExpiry.amount, 'credit')} expire on ${posted.nextExpiry.at.slice(0, 10)}.` : 'Nothing is due to expire.',
      ],
      figures: { available: posted.available, pending: posted.pending, entries: posted.entries.totalCount, lifetimeEarned: posted.lifetimeEarned },
    };
  },
};

const shipReusableUnit: DemoStep = {
  id: 'shipment',
  title: 'A reusable unit is issued, chosen by the next order, shipped and delivered',
  async run(state) {
    const crate = need(state.packaging, 'packaging').crate;
    const serial = `DEMO-${state.tag}-0001`;
    const issued = await as(state, 'producer').request(IssueReusableUnitsDocument, { input: { packagingTypeId: crate.id, serials: [serial] } });
    requireNoUserErrors(issued.issueReusableUnits, `issuing ${serial}`);
    state.serial = serial;

    const offered = await quote(state);
    const reusable = optionOf(offered.options, 'REUSABLE');
    const orderRef = `demo-order-2-${state.tag}`;
    await choose(state, offered.id, reusable, orderRef);
    const shipped = await as(state, 'platform').request(RecordShipmentDocument, { input: { orderRef, serial, region: 'CN-31' } });
    requireNoUserErrors(shipped.recordShipment, `shipping ${serial}`);
    await deliver(state, orderRef);
    state.secondOrder = { orderRef, depositMinor: reusable.depositMinor, currency: reusable.currency };
    return {
      narration: [
        `The producer issued unit ${serial} (${crate.name}): ${issued.issueReusableUnits.units[0]?.status ?? '?'}.`,
        `Order ${orderRef} chose the reusable crate: price ${money(reusable.priceMinor, reusable.currency)}, deposit ${money(reusable.depositMinor, reusable.currency)}, ${plural(reusable.credits, 'credit')} on choosing.`,
        `The platform packed ${serial} into it: ${shipped.recordShipment.unit?.status ?? '?'}, ${plural(shipped.recordShipment.unit?.cycles ?? 0, 'completed trip')}; the order was delivered.`,
      ],
      figures: { depositMinor: reusable.depositMinor, choiceCredits: reusable.credits, status: shipped.recordShipment.unit?.status ?? '', cycles: shipped.recordShipment.unit?.cycles ?? -1 },
    };
  },
};

const returnThroughStation: DemoStep = {
  id: 'return',
  title: 'The unit comes back through a collection point',
  async run(state, waiting) {
    const serial = need(state.serial, 'reusable unit');
    const order = need(state.secondOrder, 'second order');
    const point = await as(state, 'collector').request(RegisterCollectionPointDocument, {
      input: { name: `Riverside Station ${state.tag}`, region: 'CN-31', accepts: ['PAPER_CARD', 'PLASTIC'] },
    });
    requireNoUserErrors(point.registerCollectionPoint, 'registering the collection point');
    const station = point.registerCollectionPoint.collectionPoint;
    if (!station) throw new Error('registering the collection point returned none');
    state.collectionPoint = station;

    const before = await account(state);
    const returned = await as(state, 'collector').request(RecordReturnDocument, { input: { collectionPointId: station.id, idempotencyKey: `demo-return-${state.tag}`, serial } });
    requireNoUserErrors(returned.recordReturn, `returning ${serial}`);
    const event = returned.recordReturn.returnEvent;
    if (event?.flagged) throw new Error(`the anomaly rules flagged the return: ${event.reasons.join('; ')}`);

    const platform = as(state, 'platform');
    const refunds = await waitFor(state, waiting, 'the return job (credits and deposit refund)',
      async () => answered((await platform.request(DepositRefundsDocument)).depositRefunds, 'depositRefunds'),
      (r) => r.nodes.some((n) => n.orderRef === order.orderRef));
    const refund = refunds.nodes.find((n) => n.orderRef === order.orderRef);
    const after = await waitFor(state, waiting, 'the return credits', () => account(state), (a) => a.available > before.available);
    const unit = await platform.request(ReusableUnitDocument, { serial });
    const earned = after.available - before.available;
    return {
      narration: [
        `${station.name} (${station.region}) took ${serial} back; the anomaly rules found nothing to flag.`,
        `The return job credited ${plural(earned, 'credit')} (now ${String(after.available)} available) and the platform owes the consumer the ${money(refund?.amountMinor ?? 0, refund?.currency ?? order.currency)} deposit.`,
        `Unit ${serial}: ${unit.reusableUnit?.status ?? '?'}, ${plural(unit.reusableUnit?.cycles ?? 0, 'completed trip')}.`,
      ],
      figures: { returnCredits: earned, available: after.available, refundMinor: refund?.amountMinor ?? 0, status: unit.reusableUnit?.status ?? '', cycles: unit.reusableUnit?.cycles ?? -1 },
    };
  },
};

const submitReport: DemoStep = {
  id: 'report',
  title: 'The producer reports what it recovered and recycled this month',
  async run(state) {
    const material: Material = 'PAPER_CARD';
    const line = { material, recoveredGrams: 120, recycledGrams: 100, evidence: [`DEMO-PRN-${state.tag}`] };
    const data = await as(state, 'producer').request(SubmitRecyclingReportDocument, { input: { period: state.period, idempotencyKey: `demo-report-${state.tag}`, lines: [line] } });
    requireNoUserErrors(data.submitRecyclingReport, 'submitting the recycling report');
    const report = answered(data.submitRecyclingReport.report, 'submitRecyclingReport.report');
    state.reported = { ...line, reportId: report.id };
    return {
      narration: [`Report for ${report.period}, revision ${String(report.revision)}: ${line.material} ${grams(line.recoveredGrams)} recovered, ${grams(line.recycledGrams)} recycled (evidence ${line.evidence.join(', ')}); it counts once the regulator accepts it.`],
      figures: { revision: report.revision, recoveredGrams: line.recoveredGrams, recycledGrams: line.recycledGrams },
    };
  },
};

const decideReport: DemoStep = {
  id: 'decision',
  title: 'The regulator checks the report’s evidence and accepts it',
  async run(state) {
    const reported = need(state.reported, 'report');
    const data = await as(state, 'regulator').request(DecideRecyclingReportDocument, {
      input: { reportId: reported.reportId, decision: 'ACCEPTED', reason: 'PRN matches the reprocessor’s records', idempotencyKey: `demo-decision-${state.tag}` },
    });
    requireNoUserErrors(data.decideRecyclingReport, 'deciding the recycling report');
    const report = answered(data.decideRecyclingReport.report, 'decideRecyclingReport.report');
    return {
      narration: [`Revision ${String(report.revision)}: ${report.status} (${report.decision?.reason ?? ''}). Compliance counts accepted revisions only; a pending one is shown beside the figures.`],
      figures: { revision: report.revision, status: report.status },
    };
  },
};

type Compliance = NonNullable<ProducerComplianceQuery['producerCompliance']>;
/** The regulator's read of a producer's compliance (ProducerCompliance), as text: what a test holds the step's figures against. */
export const COMPLIANCE_QUERY: string = ProducerComplianceDocument.toString();

const computeCompliance: DemoStep = {
  id: 'compliance',
  title: 'The compliance job computes the producer’s compliance and fees for the month',
  async run(state, waiting) {
    const reported = need(state.reported, 'report');
    const producerId = need(state.organizations, 'organizations').producer.id;
    const regulator = as(state, 'regulator');
    // The decision enqueued the period's compliance job; its snapshot counts the report once the line shows it. Until
    // the job has run, the period may not be computed at all (a read never computes it).
    const compliance = await waitFor(state, waiting, 'the compliance job',
      async () => {
        try {
          return answered((await regulator.request(ProducerComplianceDocument, { id: producerId, period: state.period })).producerCompliance, 'producerCompliance');
        } catch (error) {
          if (error instanceof ApiError && error.code === 'NOT_COMPUTED_YET') return null;
          throw error;
        }
      },
      (c): c is Compliance => c !== null && c.lines.some((l) => l.material === reported.material && l.recoveredGrams >= reported.recoveredGrams));
    if (!compliance) throw new Error('the compliance job computed nothing');
    const narration = [`${need(state.organizations, 'organizations').producer.name}, ${state.period}, rules ${compliance.ruleVersion}: ${compliance.status}, fee ${money(compliance.feeMinor, compliance.currency)} (green factor ${compliance.greenFactor.toFixed(4)}${compliance.revenueNeutral ? ', revenue-neutral' : ''}).`];
    for (const line of compliance.lines) narration.push(`  ${line.explanation}`);
    const { reuse } = compliance;
    const rate = reuse.returnRatePct === null ? 'no trips out' : `return rate ${String(reuse.returnRatePct)} %`;
    narration.push(`  Reuse, apart from recycling: ${String(reuse.unitsIssued)} unit(s) issued, ${String(reuse.tripsShipped)} trip(s) out, ${String(reuse.tripsReturned)} back (${rate}).`);
    const figures: Record<string, number | string | boolean> = { status: compliance.status, feeMinor: compliance.feeMinor, currency: compliance.currency, lines: compliance.lines.length };
    for (const line of compliance.lines) {
      figures[`${line.material}.placedOnMarketGrams`] = line.placedOnMarketGrams;
      figures[`${line.material}.recoveredGrams`] = line.recoveredGrams;
      figures[`${line.material}.recyclingRatePct`] = line.recyclingRatePct;
      figures[`${line.material}.feeMinor`] = line.feeMinor;
    }
    return { narration, figures };
  },
};

export type Impact = NonNullable<GreenImpactQuery['greenImpact']>;
/** The regulator's read of a period's green impact (GreenImpact), as text: what a test holds the step's figures against. */
export const IMPACT_QUERY: string = GreenImpactDocument.toString();

const showImpact: DemoStep = {
  id: 'impact',
  title: 'The regulator reads the month’s green impact',
  async run(state) {
    const impact = answered((await as(state, 'regulator').request(GreenImpactDocument, { period: state.period })).greenImpact, 'greenImpact');
    return {
      narration: [
        `${plural(impact.parcels, 'parcel')}, ${String(impact.notReboxedRatePct)} % shipped without a new box; ${plural(impact.reusableUnitsInService, 'reusable unit')} in service, ${plural(impact.reuseCycles, 'trip')} back.`,
        `${plural(impact.cartonsReused, 'carton')} not made; ${String(impact.co2eAvoidedGrams)} g CO2e avoided against single-use boxes; ${plural(impact.creditsIssued, 'credit')} issued, ${String(impact.creditsRedeemed)} redeemed.`,
      ],
      figures: { ...impact },
    };
  },
};

/** The loop, in order. */
export const DEMO_STEPS: readonly DemoStep[] = [
  createOrganizations, registerPackaging, chooseAtCheckout, deliverAndPost, shipReusableUnit, returnThroughStation, submitReport, decideReport, computeCompliance, showImpact,
];
