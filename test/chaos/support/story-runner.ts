// Sends one story of the plan over GraphQL, copies and all, and records what the API accepted. Copies of a request
// must all get the same answer; a refusal the story does not expect is an anomaly.
import type { ApiClient, UserError } from './api-client.js';
import type {
  Catalog, ChoiceAnswer, EventType, LooseResult, OrderResult, PlannedLooseReturn, PlannedOrder, PlannedRedemption, PlannedReport, RedemptionResult,
  ReportResult, ReturnAnswer, Story, StoryResult,
} from './workload.js';

const QUOTE = `query($parcel: ParcelInput!, $ref: String!) { packagingOptions(parcel: $parcel, consumerRef: $ref) { id options { id packagingClass credits depositMinor packagingType { id } } } }`;
const OPTION = 'id packagingClass credits depositMinor packagingType { id }';
const CHOOSE = `mutation($input: ChoosePackagingInput!) { choosePackaging(input: $input) { choice { id option { ${OPTION} } } userErrors { code field message } } }`;
const EVENT = `mutation($input: OrderEventInput!) { recordOrderEvent(input: $input) { accepted userErrors { code field message } } }`;
const SHIP = `mutation($input: ShipmentInput!) { recordShipment(input: $input) { unit { serial status } userErrors { code field message } } }`;
const RETURN = `mutation($input: ReturnInput!) { recordReturn(input: $input) { returnEvent { id flagged } userErrors { code field message } } }`;
const REDEEM = `mutation($input: RedeemCreditsInput!) { redeemCredits(input: $input) { entry { kind amount } userErrors { code field message } } }`;
const REVIEW = `mutation($input: ReviewReturnInput!) { reviewReturn(input: $input) { returnEvent { id } userErrors { code field message } } }`;
const REPORT = `mutation($input: RecyclingReportInput!) { submitRecyclingReport(input: $input) { report { id revision } userErrors { code field message } } }`;
const DECIDE = `mutation($input: ReportDecisionInput!) { decideRecyclingReport(input: $input) { report { id status } userErrors { code field message } } }`;

interface Option { id: string; packagingClass: string; credits: number; depositMinor: number; packagingType: { id: string } | null }
type Choose = { choosePackaging: { choice: { id: string; option: Option } | null; userErrors: UserError[] } };
type Event = { recordOrderEvent: { accepted: boolean; userErrors: UserError[] } };
type Ship = { recordShipment: { unit: { serial: string } | null; userErrors: UserError[] } };
type Return = { recordReturn: { returnEvent: ReturnAnswer | null; userErrors: UserError[] } };
type Redeem = { redeemCredits: { entry: { kind: string; amount: number } | null; userErrors: UserError[] } };
type Review = { reviewReturn: { returnEvent: { id: string } | null; userErrors: UserError[] } };
type Report = { submitRecyclingReport: { report: { id: string; revision: number } | null; userErrors: UserError[] } };
type Decide = { decideRecyclingReport: { report: { id: string; status: string } | null; userErrors: UserError[] } };

const codes = (errors: readonly UserError[]) => errors.map((e) => e.code).join(',');

export class StoryRunner {
  /** Copies of a request sent on purpose. */
  duplicates = 0;
  readonly anomalies: string[] = [];
  /** Every story's result, registered when it starts: a story cut short still reports what it got accepted. */
  readonly results: StoryResult[] = [];

  constructor(private readonly client: ApiClient, private readonly catalog: Catalog) {}

  private anomaly(text: string): void {
    this.anomalies.push(text);
  }

  /** `copies` identical requests, at once or one after another; the extra ones are duplicates. */
  private async copies<T>(count: number, atOnce: boolean, send: () => Promise<T>): Promise<T[]> {
    this.duplicates += Math.max(0, count - 1);
    if (atOnce) return Promise.all(Array.from({ length: count }, send));
    const answers: T[] = [];
    for (let i = 0; i < count; i += 1) answers.push(await send());
    return answers;
  }

  run(story: Story): Promise<StoryResult | StoryResult[]> {
    switch (story.kind) {
      case 'order': return this.order(story);
      case 'redeem': return this.redeem(story);
      case 'loose': return this.loose(story);
      case 'report': return this.report(story);
      case 'pile': return Promise.all(story.returns.map((l) => this.loose(l)));
    }
  }

  private platformKey(platform: number): string {
    return this.catalog.platformKeys[platform] ?? '';
  }

  private async event(o: PlannedOrder, type: EventType): Promise<Event['recordOrderEvent']> {
    const answer = await this.client.call<Event>('recordOrderEvent', this.platformKey(o.platform), EVENT, { input: { orderRef: o.orderRef, type } });
    return answer.recordOrderEvent;
  }

  async order(o: PlannedOrder): Promise<OrderResult> {
    const result: OrderResult = { kind: 'order', n: o.n, orderRef: o.orderRef, platform: o.platform, consumerRef: o.consumerRef, choice: null, delivered: false, cancelled: false, refusedAsClosed: [], shipped: false, unitReturn: null };
    this.results.push(result);
    const key = this.platformKey(o.platform);
    if (o.eventBeforeChoice) {
      const early = await this.event(o, 'DELIVERED');
      if (early.accepted || codes(early.userErrors) !== 'UNKNOWN_ORDER') this.anomaly(`${o.orderRef}: a delivery before the choice answered ${early.accepted ? 'accepted' : codes(early.userErrors)}, expected UNKNOWN_ORDER`);
    }
    const offer = async () => {
      const quote = await this.client.call<{ packagingOptions: { id: string; options: Option[] } }>('packagingOptions', key, QUOTE, { parcel: o.parcel, ref: o.consumerRef });
      const options = quote.packagingOptions.options;
      const wanted = options.find((opt) => (o.want === 'OWN' ? opt.packagingType === null : opt.packagingClass === o.want && opt.packagingType !== null));
      const option = wanted ?? options[0];
      return option ? { quoteId: quote.packagingOptions.id, optionId: option.id } : null;
    };
    const offered = await offer();
    if (!offered) {
      this.anomaly(`${o.orderRef}: the quote offered no option`);
      return result;
    }
    let input = { ...offered, orderRef: o.orderRef, idempotencyKey: `k-${o.orderRef}` };
    const choose = async (idempotencyKey: string) => (await this.client.call<Choose>('choosePackaging', key, CHOOSE, { input: { ...input, idempotencyKey } })).choosePackaging;
    // Quotes live in Redis: one asked for just before Redis lost its data is gone, and the checkout asks again.
    let quotesLost = 0;
    const sameChoice = (answer: Choose['choosePackaging'], how: string) => {
      if (!answer.choice && codes(answer.userErrors) === 'QUOTE_EXPIRED' && !result.choice) {
        quotesLost += 1;
        return;
      }
      if (!answer.choice) {
        this.anomaly(`${o.orderRef}: ${how} refused: ${codes(answer.userErrors)}`);
        return;
      }
      const c = answer.choice;
      const seen: ChoiceAnswer = { id: c.id, credits: c.option.credits, packagingClass: c.option.packagingClass, packagingTypeId: c.option.packagingType?.id ?? null, depositMinor: c.option.depositMinor };
      if (result.choice && result.choice.id !== seen.id) this.anomaly(`${o.orderRef}: ${how} answered choice ${seen.id}, an earlier copy ${result.choice.id}`);
      result.choice ??= seen;
    };
    for (let asked = 0; asked < 3 && !result.choice; asked += 1) {
      if (asked > 0) {
        const again = await offer();
        if (!again) break;
        input = { ...input, ...again };
      }
      quotesLost = 0;
      for (const answer of await this.copies(o.chooseCopies, true, () => choose(input.idempotencyKey))) sameChoice(answer, 'a copy of the choice');
      if (quotesLost === 0) break;
    }
    if (!result.choice && quotesLost > 0) this.anomaly(`${o.orderRef}: three quotes in a row were lost`);
    if (o.chooseUnderOtherKey) {
      this.duplicates += 1;
      sameChoice(await choose(`k2-${o.orderRef}`), 'the choice under another key');
    }
    if (!result.choice) return result;

    if (result.choice.packagingClass === 'REUSABLE') {
      const shipments = await this.copies(o.shipCopies, true, async () =>
        (await this.client.call<Ship>('recordShipment', key, SHIP, { input: { orderRef: o.orderRef, serial: o.serial, region: 'CN-31' } })).recordShipment);
      for (const s of shipments) {
        if (s.unit) result.shipped = true;
        else this.anomaly(`${o.orderRef}: shipping ${o.serial} refused: ${codes(s.userErrors)}`);
      }
    }

    const again = o.repeatFirstRound && o.events[0] ? [o.events[0]] : [];
    this.duplicates += again.flat().length;
    for (const round of [...o.events, ...again]) {
      this.duplicates += round.length - new Set(round).size;
      const answers = await Promise.all(round.map(async (type) => ({ type, answer: await this.event(o, type) })));
      for (const { type, answer } of answers) {
        if (answer.accepted) {
          if (type === 'DELIVERED') result.delivered = true;
          else result.cancelled = true;
        } else if (codes(answer.userErrors) === 'ORDER_CLOSED') {
          result.refusedAsClosed.push(type);
        } else {
          this.anomaly(`${o.orderRef}: ${type} refused: ${codes(answer.userErrors)}`);
        }
      }
    }

    if (result.shipped && o.returnUnit) {
      const point = this.catalog.pointIds[0] ?? '';
      const send = (idempotencyKey: string) => this.client.call<Return>('recordReturn', this.catalog.collectorKey, RETURN, { input: { collectionPointId: point, idempotencyKey, serial: o.serial } });
      for (const answer of await this.copies(o.returnCopies, true, () => send(`ret-${o.orderRef}`))) {
        const returned = answer.recordReturn.returnEvent;
        if (!returned) {
          this.anomaly(`${o.orderRef}: returning ${o.serial} refused: ${codes(answer.recordReturn.userErrors)}`);
          continue;
        }
        if (result.unitReturn && (result.unitReturn.id !== returned.id || result.unitReturn.flagged !== returned.flagged)) this.anomaly(`${o.orderRef}: copies of a return answered differently`);
        result.unitReturn ??= returned;
      }
      if (o.returnUnderOtherKey) {
        this.duplicates += 1;
        const second = await send(`ret2-${o.orderRef}`);
        if (codes(second.recordReturn.userErrors) !== 'DUPLICATE_RETURN') this.anomaly(`${o.orderRef}: a second return of one trip answered ${second.recordReturn.returnEvent ? 'a return' : codes(second.recordReturn.userErrors)}, expected DUPLICATE_RETURN`);
      }
    }

    if (o.chooseAgainLater) {
      this.duplicates += 1;
      sameChoice(await choose(input.idempotencyKey), 'the choice sent again at the end');
    }
    return result;
  }

  async redeem(r: PlannedRedemption): Promise<RedemptionResult> {
    const result: RedemptionResult = { kind: 'redeem', platform: r.platform, consumerRef: r.consumerRef, idempotencyKey: r.idempotencyKey, amount: r.amount, redeemed: false };
    this.results.push(result);
    const input = { consumerRef: r.consumerRef, amount: r.amount, idempotencyKey: r.idempotencyKey, purpose: 'chaos voucher' };
    const answers = await this.copies(r.copies, r.copiesAtOnce, async () => (await this.client.call<Redeem>('redeemCredits', this.platformKey(r.platform), REDEEM, { input })).redeemCredits);
    for (const answer of answers) {
      if (answer.entry) {
        if (answer.entry.kind !== 'REDEMPTION' || answer.entry.amount !== r.amount) this.anomaly(`${r.idempotencyKey}: redemption answered ${answer.entry.kind} ${String(answer.entry.amount)}`);
        result.redeemed = true;
      } else if (codes(answer.userErrors) !== 'INSUFFICIENT_CREDITS') {
        this.anomaly(`${r.idempotencyKey}: redemption refused: ${codes(answer.userErrors)}`);
      } else if (result.redeemed) {
        // Once made, a redemption's key answers with it: a later copy may not be refused.
        this.anomaly(`${r.idempotencyKey}: a copy was refused after the redemption was made`);
      }
    }
    return result;
  }

  async loose(l: PlannedLooseReturn): Promise<LooseResult> {
    const result: LooseResult = { kind: 'loose', plan: l, answer: null, reviewed: null };
    this.results.push(result);
    const input = {
      collectionPointId: this.catalog.pointIds[l.point] ?? '',
      idempotencyKey: l.idempotencyKey,
      material: l.material,
      quantity: l.quantity,
      massGrams: l.massGrams,
      ...(l.consumer ? { platformId: this.catalog.platformIds[l.consumer.platform] ?? '', consumerRef: l.consumer.consumerRef } : {}),
    };
    for (const answer of await this.copies(l.copies, true, () => this.client.call<Return>('recordReturn', this.catalog.collectorKey, RETURN, { input }))) {
      const returned = answer.recordReturn.returnEvent;
      if (!returned) {
        this.anomaly(`${l.idempotencyKey}: loose return refused: ${codes(answer.recordReturn.userErrors)}`);
        continue;
      }
      if (result.answer && (result.answer.id !== returned.id || result.answer.flagged !== returned.flagged)) this.anomaly(`${l.idempotencyKey}: copies of a loose return answered differently`);
      result.answer ??= returned;
    }
    if (result.answer?.flagged && l.review) {
      // A regulator clears; the collector may only withdraw (reject) its own. Sometimes twice, as a retry would.
      const reviewer = l.review === 'CLEARED' ? this.catalog.regulatorKey : this.catalog.collectorKey;
      const input = { returnId: result.answer.id, decision: l.review, note: 'chaos review' };
      for (const answer of await this.copies(l.copies, true, () => this.client.call<Review>('reviewReturn', reviewer, REVIEW, { input }))) {
        if (answer.reviewReturn.returnEvent) result.reviewed = l.review;
        else this.anomaly(`${l.idempotencyKey}: review ${l.review} refused: ${codes(answer.reviewReturn.userErrors)}`);
      }
    } else if (result.answer && l.quantity > 50 && !result.answer.flagged) {
      this.anomaly(`${l.idempotencyKey}: ${String(l.quantity)} items from one consumer in a day were not flagged`);
    }
    return result;
  }

  async report(r: PlannedReport): Promise<ReportResult> {
    const result: ReportResult = { kind: 'report', producer: r.producer, lines: r.lines, revision: 0, decided: null };
    this.results.push(result);
    const input = { period: this.catalog.period, idempotencyKey: r.idempotencyKey, lines: r.lines };
    let reportId: string | null = null;
    for (const answer of await this.copies(r.copies, false, () => this.client.call<Report>('submitRecyclingReport', this.catalog.producerKeys[r.producer] ?? '', REPORT, { input }))) {
      const report = answer.submitRecyclingReport.report;
      if (!report) {
        this.anomaly(`${r.idempotencyKey}: report refused: ${codes(answer.submitRecyclingReport.userErrors)}`);
        continue;
      }
      if (result.revision !== 0 && result.revision !== report.revision) this.anomaly(`${r.idempotencyKey}: copies of a report answered revisions ${String(result.revision)} and ${String(report.revision)}`);
      result.revision ||= report.revision;
      reportId ??= report.id;
    }
    // The regulator decides the revision, sometimes twice as a retry would: one decision, the same answer.
    const decision = r.decision;
    if (decision === null || reportId === null) return result;
    const decided = { reportId, decision, reason: `chaos ${decision.toLowerCase()}`, idempotencyKey: `${r.idempotencyKey}:decision` };
    for (const answer of await this.copies(r.copies, false, () => this.client.call<Decide>('decideRecyclingReport', this.catalog.regulatorKey, DECIDE, { input: decided }))) {
      const report = answer.decideRecyclingReport.report;
      if (report?.status !== decision) {
        this.anomaly(`${r.idempotencyKey}: decision ${decision} answered ${report?.status ?? codes(answer.decideRecyclingReport.userErrors)}`);
        continue;
      }
      result.decided = decision;
    }
    return result;
  }
}
