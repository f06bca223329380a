import { Types } from 'mongoose';
import type { CreditEntryDoc } from '../db/models/credit-entry.js';
import type { CreditHoldDoc } from '../db/models/credit-hold.js';
import type { Models } from '../db/models/index.js';
import { entryIdOf, holdIdOfSource, ledgerKeys, sourceFacts } from '../db/keys.js';
import { checkIdempotencyKey } from '../domain/checkout-input.js';
import { captureHold, hold, reverseRedemption, voidHold } from '../domain/credit-ledger.js';
import { checkReference } from '../domain/references.js';
import { fail, keyReusedError, notFoundError, succeed, validationError, type Outcome, type UserError } from '../domain/user-error.js';
import type { CreditLedger } from './credit-ledger.js';
import type { CreditEntryView } from './credits.js';
import { IN_FLIGHT_MS, createSweepMarks } from './sweep-marks.js';
import { ownedCreditEntry, ownedCreditHold } from './tenant-finders.js';

// Two-phase redemption (the pending transfers of TigerBeetle and Formance): a checkout holds credits when the consumer
// applies them, and captures the hold when the order completes or voids it when it fails; a hold nobody settles voids
// itself after its timeout. A hold is settled once: capture and void (and the timeout) append under one key per
// hold, so whichever comes first wins and the others learn which. A redemption of an order later cancelled can be
// reversed once: its credits go back to the lots they came from, with their original expiry.

export const HOLD_TIMEOUT_DEFAULT_S = 900;
export const HOLD_TIMEOUT_MAX_S = 86_400;
const REASON_MAX = 200;

export type HoldStatus = 'HELD' | 'CAPTURED' | 'VOIDED' | 'EXPIRED';

/** A hold as the API shows it: what it sets aside, for whom, until when. */
export interface CreditHoldView {
  readonly _id: Types.ObjectId;
  readonly consumerRef: string;
  readonly amount: number;
  readonly orderRef: string | null;
  /** When an unsettled hold is voided. */
  readonly timeoutAt: Date;
}

export interface HoldView {
  readonly hold: CreditHoldView;
  readonly status: HoldStatus;
}

export interface HoldInput {
  readonly consumerRef: string;
  readonly amount: number;
  readonly idempotencyKey: string;
  readonly timeoutSeconds?: number | null;
  readonly orderRef?: string | null;
}

export interface CreditHoldsService {
  hold(platformId: Types.ObjectId, input: HoldInput): Promise<Outcome<HoldView>>;
  capture(platformId: Types.ObjectId, holdId: string, idempotencyKey: string): Promise<Outcome<HoldView>>;
  void(platformId: Types.ObjectId, holdId: string, idempotencyKey: string): Promise<Outcome<HoldView>>;
  /** One of the platform's holds, as it stands now; null when the platform has no such hold. */
  find(platformId: Types.ObjectId, holdId: string): Promise<HoldView | null>;
  /** Voids every hold past its timeout not settled yet, from where the last run left off; returns how many. */
  voidTimedOut(nowMs: number): Promise<number>;
  /** Gives a redemption's credits back to their lots, once per redemption. */
  reverseRedemption(platformId: Types.ObjectId, input: { entryId: string; idempotencyKey: string; reason: string }): Promise<Outcome<{ entry: CreditEntryView }>>;
}

const TIMEOUT_MARK = 'hold-timeouts';

export function createCreditHoldsService(deps: {
  models: Pick<Models, 'CreditEntry' | 'CreditHold' | 'SweepMark'>;
  ledger: CreditLedger;
  /** Expires lots a void gave back that are past their date. */
  expireAccount: (platformId: Types.ObjectId, consumerRef: string, nowMs: number) => Promise<number>;
  now?: () => Date;
}): CreditHoldsService {
  const { CreditHold, CreditEntry } = deps.models;
  const { ledger } = deps;
  const now = deps.now ?? (() => new Date());
  const marks = createSweepMarks(deps.models);

  /**
   * Where a hold stands: open in the account's head, it is held until its timeout; else its settle entry says how it
   * ended. A hold whose request was refused (or answered another's hold) was never open: null.
   */
  async function statusOf(doc: CreditHoldDoc): Promise<HoldStatus | null> {
    const head = await ledger.head(doc.platformId, doc.consumerRef);
    if (head.holds.some((h) => h.id === doc._id.toHexString())) return now().getTime() > doc.timeoutAt.getTime() ? 'EXPIRED' : 'HELD';
    const settled = await ledger.entryByKey(doc.platformId, ledgerKeys.holdSettle(doc._id.toHexString()));
    if (settled?.kind === 'HOLD_CAPTURE') return 'CAPTURED';
    if (settled?.kind === 'HOLD_VOID') return settled.sourceFact.startsWith('hold-timeout:') ? 'EXPIRED' : 'VOIDED';
    return null;
  }

  async function viewOf(doc: CreditHoldDoc): Promise<HoldView | null> {
    const status = await statusOf(doc);
    return status ? { hold: doc, status } : null;
  }

  /** Captures or voids: one settle entry per hold, whichever comes first. */
  async function settle(platformId: Types.ObjectId, holdId: string, idempotencyKey: string, how: 'capture' | 'void' | 'timeout'): Promise<Outcome<HoldView & { readonly settledNow: boolean }>> {
    if (how !== 'timeout') {
      const keyError = checkIdempotencyKey(idempotencyKey, ['input', 'idempotencyKey']);
      if (keyError) return fail(keyError);
    }
    const doc = await ownedCreditHold(deps.models, platformId, holdId);
    if (!doc) return fail(notFoundError(['input', 'holdId'], 'no such hold'));
    const nowMs = now().getTime();
    const sourceFact = how === 'timeout' ? sourceFacts.holdTimeout(holdId) : sourceFacts.holdSettled(how, idempotencyKey);
    const result = await ledger.append({
      platformId,
      consumerRef: doc.consumerRef,
      idempotencyKey: ledgerKeys.holdSettle(holdId),
      sourceFact,
      counterparty: 'redemption',
      compute: (state) => (how === 'capture'
        ? captureHold(state, { holdId, nowMs, reason: doc.orderRef ? `held credits spent on order ${doc.orderRef}` : 'held credits spent' })
        : voidHold(state, { holdId, reason: how === 'timeout' ? 'hold timed out: credits back' : 'hold voided: credits back' })),
    });
    if (result.status === 'refused') {
      return fail({ code: result.refused === 'HOLD_EXPIRED' ? 'HOLD_EXPIRED' : 'VALIDATION', field: ['input', 'holdId'], message: result.message });
    }
    const wanted = how === 'capture' ? 'HOLD_CAPTURE' : 'HOLD_VOID';
    if (result.status === 'nothing-to-do' || (result.status === 'replayed' && result.entry.kind !== wanted)) {
      // Not open: settled already (the settle entry says how), or never made (its request was refused).
      const status = await statusOf(doc);
      if (!status) return fail(notFoundError(['input', 'holdId'], 'no such hold'));
      return fail({ code: 'HOLD_NOT_OPEN', field: ['input', 'holdId'], message: `the hold is already ${status.toLowerCase()}` });
    }
    // Credits a void gave back to lots already past their date expire now, as they would have.
    if (wanted === 'HOLD_VOID') await deps.expireAccount(platformId, doc.consumerRef, nowMs);
    const status: HoldStatus = result.entry.kind === 'HOLD_CAPTURE' ? 'CAPTURED' : result.entry.sourceFact.startsWith('hold-timeout:') ? 'EXPIRED' : 'VOIDED';
    return succeed({ hold: doc, status, settledNow: result.status === 'appended' });
  }

  return {
    async hold(platformId, input) {
      const errors: UserError[] = [];
      const refError = checkReference('consumerRef', input.consumerRef, ['input', 'consumerRef']);
      if (refError) errors.push(refError);
      const orderError = input.orderRef == null ? null : checkReference('orderRef', input.orderRef, ['input', 'orderRef']);
      if (orderError) errors.push(orderError);
      const keyError = checkIdempotencyKey(input.idempotencyKey, ['input', 'idempotencyKey']);
      if (keyError) errors.push(keyError);
      if (!Number.isSafeInteger(input.amount) || input.amount < 1 || input.amount > 1_000_000) {
        errors.push(validationError(['input', 'amount'], 'amount must be a whole number of credits from 1 to 1000000'));
      }
      const timeoutS = input.timeoutSeconds ?? HOLD_TIMEOUT_DEFAULT_S;
      if (!Number.isSafeInteger(timeoutS) || timeoutS < 1 || timeoutS > HOLD_TIMEOUT_MAX_S) {
        errors.push(validationError(['input', 'timeoutSeconds'], `timeoutSeconds must be a whole number from 1 to ${String(HOLD_TIMEOUT_MAX_S)}`));
      }
      if (errors.length > 0) return fail(...errors);

      // A request seen before answers its hold (the HOLD entry names it).
      const replay = async (entry: CreditEntryDoc): Promise<Outcome<HoldView>> => {
        const doc = await ownedCreditHold(deps.models, platformId, holdIdOfSource(entry.sourceFact));
        if (!doc) throw new Error(`hold entry ${entry._id} names no hold`);
        if (doc.consumerRef !== input.consumerRef || doc.amount !== input.amount) {
          return fail(keyReusedError('hold'));
        }
        const view = await viewOf(doc);
        if (!view) throw new Error(`hold ${doc._id.toHexString()} has its entry but is neither open nor settled`);
        return succeed(view);
      };

      // A request repeated after its hold was made answers that hold, writing nothing.
      const seen = await ledger.entryByKey(platformId, ledgerKeys.hold(input.idempotencyKey));
      if (seen) return replay(seen);
      // The hold is written first, so the timeout job finds it whatever happens after. A request repeated while the
      // first is still running writes a record of its own that its entry's key then turns away (a replay): the timeout
      // job finds that one never open.
      const createdAt = now();
      const doc: CreditHoldDoc = {
        _id: new Types.ObjectId(),
        platformId,
        consumerRef: input.consumerRef,
        amount: input.amount,
        orderRef: input.orderRef ?? null,
        timeoutAt: new Date(createdAt.getTime() + timeoutS * 1000),
        createdAt,
      };
      await CreditHold.create(doc);
      const holdId = doc._id.toHexString();
      const result = await ledger.append({
        platformId,
        consumerRef: input.consumerRef,
        idempotencyKey: ledgerKeys.hold(input.idempotencyKey),
        sourceFact: sourceFacts.hold(holdId),
        counterparty: 'redemption',
        compute: (state) => hold(state, { holdId, amount: input.amount, timeoutAtMs: doc.timeoutAt.getTime(), reason: doc.orderRef ? `credits held for order ${doc.orderRef}` : 'credits held' }),
      });
      if (result.status === 'refused') {
        return fail({ code: result.refused === 'INSUFFICIENT_CREDITS' ? 'INSUFFICIENT_CREDITS' : 'VALIDATION', field: ['input', 'amount'], message: result.message });
      }
      if (result.status === 'nothing-to-do') throw new Error('a hold always computes an entry');
      // A concurrent request under the same key got there first: answer its hold (this one's record stays unused).
      if (result.status === 'replayed') return replay(result.entry);
      return succeed({ hold: doc, status: 'HELD' });
    },

    capture: (platformId, holdId, key) => settle(platformId, holdId, key, 'capture'),
    void: (platformId, holdId, key) => settle(platformId, holdId, key, 'void'),

    async find(platformId, holdId) {
      const doc = await ownedCreditHold(deps.models, platformId, holdId);
      return doc ? viewOf(doc) : null;
    },

    async voidTimedOut(nowMs) {
      // Holds live at most a day: from the mark (every hold created before it is settled), by id.
      const fromMs = await marks.markOf(TIMEOUT_MARK);
      const after = Types.ObjectId.createFromTime(Math.floor(Math.max(0, fromMs - IN_FLIGHT_MS) / 1000));
      const holds = await CreditHold.find({ _id: { $gte: after } }).sort({ _id: 1 }).lean();
      let voided = 0;
      let firstOpenMs: number | null = null;
      for (const doc of holds) {
        if (doc.timeoutAt.getTime() > nowMs) {
          firstOpenMs ??= doc.createdAt.getTime();
          continue;
        }
        const outcome = await settle(doc.platformId, doc._id.toHexString(), '', 'timeout');
        if (outcome.ok && outcome.value.settledNow) voided += 1;
      }
      await marks.moveMark(TIMEOUT_MARK, Math.min(firstOpenMs ?? nowMs, nowMs - IN_FLIGHT_MS));
      return voided;
    },

    async reverseRedemption(platformId, input) {
      const errors: UserError[] = [];
      const keyError = checkIdempotencyKey(input.idempotencyKey, ['input', 'idempotencyKey']);
      if (keyError) errors.push(keyError);
      const reason = input.reason.trim();
      if (reason === '' || reason.length > REASON_MAX) errors.push(validationError(['input', 'reason'], `reason must be 1 to ${String(REASON_MAX)} characters`));
      if (errors.length > 0) return fail(...errors);
      const redemption = await ownedCreditEntry(deps.models, platformId, input.entryId);
      if (!redemption || !['REDEMPTION', 'HOLD_CAPTURE'].includes(redemption.kind)) {
        return fail(notFoundError(['input', 'entryId'], 'no redemption of this platform has this id'));
      }
      // Each part goes back to its lot with the lot's own expiry (the entry that opened it).
      const account = redemption.account;
      const openers = await Promise.all(redemption.allocations.map((a) => CreditEntry.findById(entryIdOf(account, a.lotSeq), { expiresAt: 1 }).lean()));
      const parts = redemption.allocations.map((a, i) => {
        const expiresAt = openers[i]?.expiresAt;
        if (!expiresAt) throw new Error(`lot ${String(a.lotSeq)} of ${account} has no expiry`);
        return { lotSeq: a.lotSeq, amount: a.amount, expiresAtMs: expiresAt.getTime() };
      });
      const result = await ledger.append({
        platformId,
        consumerRef: redemption.consumerRef,
        idempotencyKey: ledgerKeys.reverseRedemption(redemption._id),
        sourceFact: sourceFacts.reverseRedemption(input.idempotencyKey),
        counterparty: 'redemption',
        compute: (state) => reverseRedemption(state, { parts, reason: `redemption reversed: ${reason}` }),
      });
      if (result.status === 'refused') return fail(validationError(['input', 'entryId'], result.message));
      if (result.status === 'nothing-to-do') throw new Error('a reversal always computes an entry');
      if (result.status === 'replayed' && result.entry.sourceFact !== sourceFacts.reverseRedemption(input.idempotencyKey)) {
        return fail({ code: 'ALREADY_REVERSED', field: ['input', 'entryId'], message: 'this redemption was already reversed' });
      }
      // Lots already past their date expire now, as they would have.
      await deps.expireAccount(platformId, redemption.consumerRef, now().getTime());
      return succeed({ entry: result.entry });
    },
  };
}
