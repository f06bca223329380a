import { Types } from 'mongoose';
import type { CreditEntryDoc, StoredCreditEntryDoc } from '../db/models/credit-entry.js';
import { detailOf, entryById } from '../db/credit-entry-text.js';
import type { Models } from '../db/models/index.js';
import type { PackagingChoiceDoc } from '../db/models/order-facts.js';
import type { ReturnEventDoc } from '../db/models/recycling.js';
import { accountOf, entryIdOf, ledgerKeys, platformRangeOf, sourceFacts, unitFactId } from '../db/keys.js';
import { campaignsExplained, campaignsWithheld, returnCampaignCredits, type CampaignCredit } from '../domain/campaigns.js';
import { checkIdempotencyKey } from '../domain/checkout-input.js';
import { checkReference } from '../domain/references.js';
import {
  MAX_ADJUSTMENT,
  addMonthsUtc,
  adjust,
  earnPending,
  expireLot,
  nextDueLot,
  postPending,
  redeem,
  reversePending,
  reversePosted,
  type AccountState,
  type CreditEntryKind,
  type Lot,
} from '../domain/credit-ledger.js';
import { liabilityOf, type LiabilityFigures } from '../domain/credit-liability.js';
import { creditsForReturn, type CreditedReturn, type EarningRules, type GreenLevelRule } from '../domain/earning-rules.js';
import { presumedLostBefore } from '../domain/reusable-unit.js';
import { fail, keyReusedError, succeed, validationError, type Outcome, type UserError } from '../domain/user-error.js';
import { stateOf, type CreditLedger } from './credit-ledger.js';
import { RecentMap } from './recent-map.js';
import { recordedChoice, recordedOrderEvent } from './recorded-facts.js';
import type { Page } from './page.js';
import { IN_FLIGHT_MS, createSweepMarks } from './sweep-marks.js';
import type { CampaignsService } from './campaigns.js';
import type { GreenLevelsService } from './green-levels.js';
import type { PricingService } from './pricing.js';

// Turns facts into ledger movements (the jobs call these) and serves redemption and account reads (the API calls
// those). Every movement has an idempotency key derived from its fact, so any fact may be processed any number of
// times, in any order, by any number of workers.

export interface RedeemInput {
  readonly consumerRef: string;
  readonly amount: number;
  readonly idempotencyKey: string;
  readonly purpose?: string | null;
}

export interface AdjustInput {
  readonly consumerRef: string;
  /** Credits to add (> 0) or take back (< 0). */
  readonly amount: number;
  readonly reason: string;
  readonly idempotencyKey: string;
}

/** Who made an adjustment: the operator, or the platform itself. */
export type Actor = { readonly kind: 'OPERATOR' } | { readonly kind: 'PLATFORM'; readonly platformId: Types.ObjectId };

/** As the entry records it: `OPERATOR`, or `PLATFORM:<id>`. */
export const actorName = (actor: Actor) => (actor.kind === 'OPERATOR' ? 'OPERATOR' : `PLATFORM:${actor.platformId.toHexString()}`);

/** What a platform owes its consumers in credits, as of a moment: what a finance team books as the liability. */
export interface CreditLiability extends LiabilityFigures {
  readonly asOf: Date;
  /** The net of every ADJUSTMENT by then (added less taken back), and how many there were. */
  readonly adjustmentsNet: number;
  readonly adjustments: number;
}

export interface AccountView {
  readonly state: AccountState;
  readonly nextExpiry: Lot | null;
  /** The level the consumer's last 12 months reach under the platform's current level table. */
  readonly level: GreenLevelRule;
}

/** One movement of a consumer's credits as the API shows it, with the balance after it. */
export interface CreditEntryView {
  /** `<account>:<seq>` */
  readonly _id: string;
  readonly consumerRef: string;
  readonly seq: number;
  readonly kind: CreditEntryKind;
  readonly amount: number;
  /** Change of the consumer's available + pending + held. */
  readonly consumerDelta: number;
  readonly reason: string;
  /** Who posted an ADJUSTMENT: `OPERATOR`, or `PLATFORM:<id>`; absent or null on every other kind. */
  readonly actor?: string | null;
  readonly expiresAt: Date | null;
  /** The balance after this entry. */
  readonly available: number;
  readonly pending: number;
  readonly createdAt: Date;
}

export interface CreditsService {
  /** EARN_PENDING for a recorded choice. `recorded`: the job's copy of the choice, if it carries one (see recorded-facts.ts). */
  creditChoice(choiceId: string, recorded?: unknown): Promise<'credited' | 'nothing-to-credit' | 'unknown-choice'>;
  /** EARN_POSTED on delivery, REVERSAL on cancellation; credits the choice first if its job has not run yet. */
  applyOrderEvent(eventId: string, recorded?: { event: unknown; choice: unknown }): Promise<'applied' | 'nothing-to-apply' | 'unknown-event'>;
  /** Credits a return to its consumer (EARN_PENDING, then EARN_POSTED at once: the return is the proof). The caller
   *  decides whether it may earn (a flagged return only once cleared). */
  creditReturn(returned: ReturnEventDoc): Promise<'credited' | 'nothing-to-credit'>;
  redeem(platformId: Types.ObjectId, input: RedeemInput): Promise<Outcome<{ entry: CreditEntryView; account: AccountView }>>;
  /**
   * An ADJUSTMENT of a consumer's credits by a person, with a mandatory reason and its actor on the entry: added
   * credits are a lot expiring as earned ones do, taken ones come from the soonest-expiring lots. Idempotent by key.
   */
  adjust(platformId: Types.ObjectId, input: AdjustInput, actor: Actor): Promise<Outcome<{ entry: CreditEntryView; account: AccountView }>>;
  /** The platform's credit liability as of `asOf`, from every account's last entry by then. */
  liability(platformId: Types.ObjectId, asOf: Date): Promise<CreditLiability>;
  /**
   * Expires every lot past its date, for accounts with lots that came due since `sinceMs` or were posted since then
   * already due (a delivery reported late). Returns how many.
   */
  expireDue(nowMs: number, sinceMs: number): Promise<number>;
  /** `expireDue` since the last run that finished (all history the first time); the job calls this. */
  expireDueSinceLastRun(nowMs: number): Promise<number>;
  /** Expires the lots of one account past their date (after a void gave some back). */
  expireAccount(platformId: Types.ObjectId, consumerRef: string, nowMs: number): Promise<number>;
  account(platformId: Types.ObjectId, consumerRef: string): Promise<AccountView>;
  entries(platformId: Types.ObjectId, consumerRef: string, page: EntryPageRequest): Promise<Page<CreditEntryView>>;
}

export const MAX_REDEMPTION = 1_000_000;
const PURPOSE_MAX = 200;

const utcDay = (date: Date) => date.toISOString().slice(0, 10);
const DAY_MS = 24 * 3600 * 1000;
/** Choices a worker keeps by id (about 0.5 kB each). */
const RECENT_CHOICES_MAX = 20_000;

export function createCreditsService(deps: {
  models: Pick<Models, 'CreditEntry' | 'OrderEvent' | 'PackagingChoice' | 'SweepMark' | 'UnitEvent'>;
  ledger: CreditLedger;
  pricing: PricingService;
  levels: GreenLevelsService;
  /** Running campaigns add to returns; a first-green-choice bonus is claimed once per consumer. */
  campaigns: Pick<CampaignsService, 'list' | 'claimFirstGreenChoice'>;
  now?: () => Date;
}): CreditsService {
  const now = deps.now ?? (() => new Date());
  const { PackagingChoice, OrderEvent, CreditEntry, UnitEvent } = deps.models;
  const { ledger } = deps;
  const marks = createSweepMarks(deps.models);

  /** The choices this process read lately, by id: a choice is never edited, so its order's event needs no read. */
  const recentChoices = new RecentMap<string, PackagingChoiceDoc>(RECENT_CHOICES_MAX);
  async function choiceById(id: Types.ObjectId, copy?: unknown): Promise<PackagingChoiceDoc | null> {
    const key = id.toHexString();
    const known = recentChoices.get(key);
    if (known) return known;
    const choice = recordedChoice(copy, key) ?? (await PackagingChoice.findById(id).lean());
    if (!choice) return null;
    recentChoices.set(key, choice);
    return choice;
  }

  /**
   * The campaign lines the choice keeps: every one quoted, but a first-green-choice bonus only if this choice is the
   * consumer's first to claim it (a second green choice, quoted before the daily level count saw the first, does not).
   */
  async function campaignLinesOf(choice: PackagingChoiceDoc): Promise<{ kept: CampaignCredit[]; lost: CampaignCredit[] }> {
    const kept: CampaignCredit[] = [];
    const lost: CampaignCredit[] = [];
    for (const line of choice.option.campaignCredits ?? []) {
      const claimed = line.kind !== 'FIRST_GREEN_CHOICE_BONUS' || (await deps.campaigns.claimFirstGreenChoice(choice.platformId, line.ref, choice.consumerRef, choice._id));
      (claimed ? kept : lost).push(line);
    }
    return { kept, lost };
  }

  /** The choice's EARN_PENDING entry, made now or before; null when the choice earns nothing. */
  async function creditLoadedChoice(choice: PackagingChoiceDoc, rulesInForce?: EarningRules): Promise<CreditEntryDoc | null> {
    // The consumer was shown these credits in the quote (creditsForChoice, plus the campaigns running then); a
    // first-green-choice bonus another choice already took is left out, and the entry says so.
    const { kept, lost } = await campaignLinesOf(choice);
    const amount = choice.option.credits - lost.reduce((sum, line) => sum + line.credits, 0);
    if (amount <= 0) return null;
    const choiceId = choice._id.toHexString();
    const rules = rulesInForce ?? (await deps.pricing.earningRules(choice.platformId));
    const result = await ledger.append({
      platformId: choice.platformId,
      consumerRef: choice.consumerRef,
      idempotencyKey: ledgerKeys.choiceEarn(choiceId),
      sourceFact: sourceFacts.choice(choiceId),
      counterparty: 'issuance',
      ruleVersion: rules.version,
      compute: (state) =>
        earnPending(state, {
          amount,
          day: utcDay(choice.createdAt),
          dailyCap: rules.dailyCapPerConsumer,
          reason: `${choice.option.packagingClass.toLowerCase()} packaging for order ${choice.orderRef}${campaignsExplained(kept)}${campaignsWithheld(lost)}`,
        }),
    });
    if (result.status === 'refused' || result.status === 'nothing-to-do') throw new Error(`crediting choice ${choiceId} failed: ${result.status}`);
    return result.entry;
  }

  /** How long a unit was out, from its order's delivery (or its shipment); null when its trip earns nothing. */
  async function unitReturnCredits(returned: ReturnEventDoc): Promise<CreditedReturn | null> {
    if (returned.serial === null || returned.cycle === null || !returned.platformId || returned.orderRef === null) return null;
    const [shipped, lost, delivered] = await Promise.all([
      UnitEvent.findById(unitFactId(returned.serial, returned.cycle, 'SHIPPED')).lean(),
      UnitEvent.findById(unitFactId(returned.serial, returned.cycle, 'LOST')).lean(),
      OrderEvent.findOne({ platformId: returned.platformId, orderRef: returned.orderRef, type: 'DELIVERED' }).lean(),
    ]);
    // A unit presumed lost has had its deposit kept; coming back late earns nothing either.
    if (!shipped || presumedLostBefore(lost, returned)) return null;
    const outSince = (delivered?.occurredAt ?? shipped.at).getTime();
    return { kind: 'UNIT', daysOut: Math.max(0, Math.floor((returned.createdAt.getTime() - outSince) / DAY_MS)) };
  }

  async function viewOf(platformId: Types.ObjectId, consumerRef: string, state: AccountState): Promise<AccountView> {
    const rules = await deps.pricing.earningRules(platformId);
    return { state, nextExpiry: state.lots[0] ?? null, level: await deps.levels.level(platformId, consumerRef, rules) };
  }

  async function expireDue(nowMs: number, sinceMs: number): Promise<number> {
    const due = await CreditEntry.find(
      {
        kind: { $in: ['EARN_POSTED', 'ADJUSTMENT'] },
        $or: [
          { expiresAt: { $gt: new Date(sinceMs), $lte: new Date(nowMs) } },
          { createdAt: { $gt: new Date(sinceMs - IN_FLIGHT_MS) }, expiresAt: { $lte: new Date(sinceMs) } },
        ],
      },
      { platformId: 1, consumerRef: 1 },
    ).lean();
    const accounts = new Map(due.map((e) => [accountOf(e.platformId, e.consumerRef), e]));
    let expired = 0;
    for (const { platformId, consumerRef } of accounts.values()) expired += await expireAccount(platformId, consumerRef, nowMs);
    return expired;
  }

  /** Expires every lot of one account past its date by `nowMs`, one entry per lot; returns how many. */
  async function expireAccount(platformId: Types.ObjectId, consumerRef: string, nowMs: number): Promise<number> {
    let expired = 0;
    for (;;) {
      const head = await ledger.head(platformId, consumerRef);
      const lot = nextDueLot(head, nowMs);
      if (!lot) return expired;
      // Keyed by the lot and the head it was found at: a lot given back after a void expires again under a key of its
      // own, while two runs finding it at one head still expire it once.
      const key = ledgerKeys.expiry(consumerRef, lot.seq, head.seq);
      const result = await ledger.append({
        platformId,
        consumerRef,
        idempotencyKey: key,
        sourceFact: sourceFacts.expiry(consumerRef, lot.seq),
        counterparty: 'expiry',
        compute: (state) => expireLot(state, lot.seq, nowMs),
      });
      if (result.status === 'appended') expired += 1;
    }
  }

  async function accountView(platformId: Types.ObjectId, consumerRef: string): Promise<AccountView> {
    return viewOf(platformId, consumerRef, await ledger.head(platformId, consumerRef));
  }

  return {
    async creditChoice(choiceId, recorded) {
      if (!Types.ObjectId.isValid(choiceId)) return 'unknown-choice';
      const choice = await choiceById(new Types.ObjectId(choiceId), recorded);
      if (!choice) return 'unknown-choice';
      return (await creditLoadedChoice(choice)) ? 'credited' : 'nothing-to-credit';
    },

    async applyOrderEvent(eventId, recorded) {
      if (!Types.ObjectId.isValid(eventId)) return 'unknown-event';
      const event = recordedOrderEvent(recorded?.event, eventId) ?? (await OrderEvent.findById(new Types.ObjectId(eventId)).lean());
      if (!event) return 'unknown-event';
      const choice = event.choiceId
        ? await choiceById(event.choiceId, recorded?.choice)
        : await PackagingChoice.findOne({ platformId: event.platformId, orderRef: event.orderRef }).lean();
      if (!choice) return 'unknown-event';
      const rules = await deps.pricing.earningRules(choice.platformId);
      // Out of order (the event's job before the choice's): credit the choice now; its own job will find it done.
      const earned = await creditLoadedChoice(choice, rules);
      const choiceId = choice._id.toHexString();
      if (!earned || earned.amount === 0) return 'nothing-to-apply';
      const base = { platformId: choice.platformId, consumerRef: choice.consumerRef, sourceFact: sourceFacts.orderEvent(eventId), ruleVersion: earned.ruleVersion };

      // Delivery and cancellation race for one key: whichever settles the order's pending credits first (posting
      // them, or reversing them) wins, and the other sees which. Two jobs can never both take the same credits.
      const settleKey = ledgerKeys.choiceSettle(choiceId);
      if (event.type === 'DELIVERED') {
        const expiresAtMs = addMonthsUtc(event.occurredAt.getTime(), rules.expiryMonths);
        const result = await ledger.append({
          ...base,
          idempotencyKey: settleKey,
          counterparty: 'issuance',
          compute: (state) => postPending(state, { amount: earned.amount, expiresAtMs, reason: `order ${choice.orderRef} delivered` }),
        });
        if (result.status === 'refused') throw new Error(`posting order ${choice.orderRef} refused: ${result.message}`);
        // A cancellation settled first: there is nothing left to post.
        return result.status === 'replayed' && result.entry.kind !== 'EARN_POSTED' ? 'nothing-to-apply' : 'applied';
      }

      const reason = `order ${choice.orderRef} cancelled`;
      const settled = await ledger.append({
        ...base,
        idempotencyKey: settleKey,
        counterparty: 'issuance',
        compute: (state) => reversePending(state, { amount: earned.amount, reason }),
      });
      if (settled.status === 'refused') throw new Error(`reversing order ${choice.orderRef} refused: ${settled.message}`);
      if (settled.status !== 'replayed' || settled.entry.kind !== 'EARN_POSTED') return 'applied';
      // Delivered before it was cancelled: take back what is left of that order's lot.
      const posted = settled.entry;
      const result = await ledger.append({
        ...base,
        idempotencyKey: ledgerKeys.choiceReverse(choiceId),
        counterparty: 'issuance',
        compute: (state) => reversePosted(state, { lotSeq: posted.seq, amount: posted.amount, reason }),
      });
      if (result.status === 'refused') throw new Error(`reversing order ${choice.orderRef} refused: ${result.message}`);
      return 'applied';
    },

    async creditReturn(returned) {
      const { platformId, consumerRef } = returned;
      if (!platformId || !consumerRef) return 'nothing-to-credit';
      const rules = await deps.pricing.earningRules(platformId);
      const level = await deps.levels.level(platformId, consumerRef, rules);
      const credited = returned.kind === 'UNIT'
        ? await unitReturnCredits(returned)
        : { kind: 'LOOSE' as const, quantity: returned.quantity };
      if (!credited) return 'nothing-to-credit';
      const earnedByRules = creditsForReturn(rules, credited, level.multiplierPct);
      if (earnedByRules <= 0) return 'nothing-to-credit';
      // A return that earns gets each bonus of the campaigns running when it was recorded.
      const bonuses = returnCampaignCredits(await deps.campaigns.list(platformId), returned.createdAt.getTime());
      const amount = bonuses.reduce((sum, line) => sum + line.credits, earnedByRules);

      const returnId = returned._id.toHexString();
      const what = (returned.kind === 'UNIT' ? `reusable unit ${returned.serial ?? ''} returned` : `${String(returned.quantity)} item(s) of ${returned.material.toLowerCase()} packaging returned`) + campaignsExplained(bonuses);
      const base = { platformId, consumerRef, sourceFact: sourceFacts.return(returnId), counterparty: 'issuance' as const, ruleVersion: rules.version };
      const earned = await ledger.append({
        ...base,
        idempotencyKey: ledgerKeys.returnEarn(returnId),
        compute: (state) => earnPending(state, { amount, day: utcDay(returned.createdAt), dailyCap: rules.dailyCapPerConsumer, reason: what }),
      });
      if (earned.status === 'refused' || earned.status === 'nothing-to-do') throw new Error(`crediting return ${returnId} failed: ${earned.status}`);
      const expiresAtMs = addMonthsUtc(returned.createdAt.getTime(), rules.expiryMonths);
      const posted = await ledger.append({
        ...base,
        idempotencyKey: ledgerKeys.returnPost(returnId),
        compute: (state) => postPending(state, { amount: earned.entry.amount, expiresAtMs, reason: what }),
      });
      if (posted.status === 'refused') throw new Error(`posting return ${returnId} refused: ${posted.message}`);
      return 'credited';
    },

    async redeem(platformId, input) {
      const errors: UserError[] = [];
      const refError = checkReference('consumerRef', input.consumerRef, ['input', 'consumerRef']);
      if (refError) errors.push(refError);
      const keyError = checkIdempotencyKey(input.idempotencyKey, ['input', 'idempotencyKey']);
      if (keyError) errors.push(keyError);
      if (!Number.isSafeInteger(input.amount) || input.amount < 1 || input.amount > MAX_REDEMPTION) {
        errors.push(validationError(['input', 'amount'], `amount must be a whole number of credits from 1 to ${MAX_REDEMPTION}`));
      }
      const purpose = input.purpose?.trim() ?? '';
      if (purpose.length > PURPOSE_MAX) errors.push(validationError(['input', 'purpose'], `purpose must be at most ${PURPOSE_MAX} characters`));
      if (errors.length > 0) return fail(...errors);

      const reason = purpose === '' ? 'redeemed' : `redeemed: ${purpose}`;
      const result = await ledger.append({
        platformId,
        consumerRef: input.consumerRef,
        idempotencyKey: ledgerKeys.redemption(input.idempotencyKey),
        sourceFact: sourceFacts.redemption(input.idempotencyKey),
        counterparty: 'redemption',
        compute: (state) => redeem(state, { amount: input.amount, reason }),
      });
      if (result.status === 'refused') {
        return fail({ code: result.refused === 'INSUFFICIENT_CREDITS' ? 'INSUFFICIENT_CREDITS' : 'VALIDATION', field: ['input', 'amount'], message: result.message });
      }
      if (result.status === 'nothing-to-do') throw new Error('a redemption always computes an entry');
      const { entry } = result;
      if (result.status === 'replayed' && (entry.consumerRef !== input.consumerRef || entry.amount !== input.amount || entry.reason !== reason)) {
        return fail(keyReusedError('redemption'));
      }
      // The account as this redemption left it (a concurrent movement may already have followed).
      const account = result.status === 'appended'
        ? await viewOf(platformId, input.consumerRef, stateOf(entry))
        : await accountView(platformId, input.consumerRef);
      return succeed({ entry, account });
    },

    async adjust(platformId, input, actor) {
      const errors: UserError[] = [];
      const refError = checkReference('consumerRef', input.consumerRef, ['input', 'consumerRef']);
      if (refError) errors.push(refError);
      const keyError = checkIdempotencyKey(input.idempotencyKey, ['input', 'idempotencyKey']);
      if (keyError) errors.push(keyError);
      if (!Number.isSafeInteger(input.amount) || input.amount === 0 || Math.abs(input.amount) > MAX_ADJUSTMENT) {
        errors.push(validationError(['input', 'amount'], `amount must be a whole number of credits from -${MAX_ADJUSTMENT} to ${MAX_ADJUSTMENT}, not 0`));
      }
      const reason = input.reason.trim();
      if (reason === '' || reason.length > PURPOSE_MAX) errors.push(validationError(['input', 'reason'], `reason must be 1 to ${PURPOSE_MAX} characters: say why`));
      if (errors.length > 0) return fail(...errors);

      const rules = await deps.pricing.earningRules(platformId);
      const expiresAtMs = addMonthsUtc(now().getTime(), rules.expiryMonths);
      const result = await ledger.append({
        platformId,
        consumerRef: input.consumerRef,
        idempotencyKey: ledgerKeys.adjustment(input.idempotencyKey),
        sourceFact: sourceFacts.adjustment(input.idempotencyKey),
        counterparty: 'adjustment',
        actor: actorName(actor),
        compute: (state) => adjust(state, { amount: input.amount, expiresAtMs, reason }),
      });
      if (result.status === 'refused') {
        return fail({ code: result.refused === 'INSUFFICIENT_CREDITS' ? 'INSUFFICIENT_CREDITS' : 'VALIDATION', field: ['input', 'amount'], message: result.message });
      }
      if (result.status === 'nothing-to-do') throw new Error('an adjustment always computes an entry');
      const { entry } = result;
      if (result.status === 'replayed' && (entry.consumerRef !== input.consumerRef || entry.consumerDelta !== input.amount || entry.reason !== reason || entry.actor !== actorName(actor))) {
        return fail(keyReusedError('adjustment'));
      }
      const account = result.status === 'appended'
        ? await viewOf(platformId, input.consumerRef, stateOf(entry))
        : await accountView(platformId, input.consumerRef);
      return succeed({ entry, account });
    },

    async liability(platformId, asOf) {
      // One pass over the platform's entries: their ids all start with `<platform id>:`, a range of the primary key.
      // Each entry holds the account's state after it, so an account's last entry by asOf is its balance then.
      const last = new Map<string, Pick<StoredCreditEntryDoc, '_id' | 'seq' | 'available' | 'pending' | 'held' | 'lots' | 'detailText'>>();
      let adjustmentsNet = 0;
      let adjustments = 0;
      const cursor = CreditEntry.find(
        { _id: platformRangeOf(platformId), createdAt: { $lte: asOf } },
        { account: 1, seq: 1, kind: 1, consumerDelta: 1, available: 1, pending: 1, held: 1, lots: 1, detailText: 1 },
      ).lean().cursor({ batchSize: 1000 });
      for await (const entry of cursor) {
        const known = last.get(entry.account);
        if (!known || known.seq < entry.seq) last.set(entry.account, entry);
        if (entry.kind === 'ADJUSTMENT') {
          adjustmentsNet += entry.consumerDelta;
          adjustments += 1;
        }
      }
      const heads = [...last.values()].map((head) => ({ ...head, lots: detailOf(head).lots }));
      return { asOf, ...liabilityOf(heads, asOf.getTime()), adjustmentsNet, adjustments };
    },

    expireDue,
    expireAccount,

    async expireDueSinceLastRun(nowMs) {
      const sinceMs = await marks.markOf(EXPIRY_MARK);
      const expired = await expireDue(nowMs, sinceMs);
      await marks.moveMark(EXPIRY_MARK, nowMs);
      return expired;
    },

    account: accountView,

    async entries(platformId, consumerRef, page) {
      // The chain is numbered 1, 2, ... without gaps: its head's seq is the count, and a page is read by primary
      // key (no filter over the growing entries collection, no count).
      const account = accountOf(platformId, consumerRef);
      const totalCount = (await ledger.head(platformId, consumerRef)).seq;
      const { from, to } = entrySeqRange(page, totalCount);
      const seqs = Array.from({ length: Math.max(0, to - from + 1) }, (_, i) => from + i);
      const rows = await Promise.all(seqs.map((seq) => entryById(CreditEntry, entryIdOf(account, seq))));
      const nodes = rows.filter((row): row is CreditEntryDoc => row !== null);
      return { nodes, hasNextPage: to < totalCount, hasPreviousPage: from > 1 && totalCount > 0, totalCount };
    },
  };
}

/**
 * A page of an account's entries by seq: `first` after a seq (0: from the start), or `last` before one (null: up to
 * the newest), for a statement that shows the newest entries first.
 */
export type EntryPageRequest =
  | { readonly first: number; readonly afterSeq: number }
  | { readonly last: number; readonly beforeSeq: number | null };

/** The seqs a page covers, both ends included (from > to: an empty page), within an account of `totalCount` entries. */
export function entrySeqRange(page: EntryPageRequest, totalCount: number): { from: number; to: number } {
  if ('first' in page) return { from: Math.max(0, page.afterSeq) + 1, to: Math.min(totalCount, page.afterSeq + page.first) };
  const to = Math.min(totalCount, (page.beforeSeq ?? totalCount + 1) - 1);
  return { from: Math.max(1, to - page.last + 1), to };
}

/** The expiry job's mark: every lot due before it was expired by a run that finished. */
const EXPIRY_MARK = 'credit-expiry';
