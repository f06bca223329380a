// The arithmetic of one consumer's credit account, as pure functions of its state (DESIGN.md "How to keep them
// without transactions"). The state after every entry is stored on that entry, so the newest entry of an account
// *is* its balance; these functions compute the next entry and refuse any that would break an invariant:
// - available and pending never go below zero;
// - available always equals the sum of the open lots' remainders;
// - spending (redemption, expiry, reversal) takes from lots soonest-expiring first (first in, first out).

export const CREDIT_ENTRY_KINDS = ['EARN_PENDING', 'EARN_POSTED', 'REVERSAL', 'REDEMPTION', 'EXPIRY', 'ADJUSTMENT', 'HOLD', 'HOLD_CAPTURE', 'HOLD_VOID', 'REDEMPTION_REVERSAL'] as const;
export type CreditEntryKind = (typeof CREDIT_ENTRY_KINDS)[number];

/** Posted credits that expire together: one per posted earning, named by the seq of the entry that posted it. */
export interface Lot {
  readonly seq: number;
  readonly remaining: number;
  readonly expiresAtMs: number;
}

export interface AccountState {
  /** The seq of the newest entry; 0 for an account with none. */
  readonly seq: number;
  readonly available: number;
  readonly pending: number;
  readonly lifetimeEarned: number;
  /** Soonest-expiring first; only lots with something left. */
  readonly lots: readonly Lot[];
  /** Credits set aside by open holds: no longer available, not spent yet (two-phase redemption). */
  readonly held: number;
  /** The open holds, oldest first. */
  readonly holds: readonly HeldCredits[];
  /** Credits earned per UTC day (YYYY-MM-DD) over the last days, newest first, for the daily cap. */
  readonly recentEarnings: readonly DayEarnings[];
}

/** Credits a hold set aside, and the lots they came from (to be given back, with their expiry, if it is voided). */
export interface HeldCredits {
  /** The hold's id (the API's CreditHold.id). */
  readonly id: string;
  /** The seq of the HOLD entry. */
  readonly seq: number;
  readonly amount: number;
  /** After this moment the hold can no longer be captured; a job voids it. */
  readonly timeoutAtMs: number;
  readonly taken: readonly { readonly lotSeq: number; readonly amount: number; readonly expiresAtMs: number }[];
}

export interface DayEarnings {
  readonly day: string;
  readonly earned: number;
}

/** How many days of earnings a state remembers: facts processed later than this earn against a fresh day. */
export const CAP_MEMORY_DAYS = 7;

export const EMPTY_ACCOUNT: AccountState = {
  seq: 0,
  available: 0,
  pending: 0,
  lifetimeEarned: 0,
  lots: [],
  held: 0,
  holds: [],
  recentEarnings: [],
};

/** How much of which lot an entry took. */
export interface LotAllocation {
  readonly lotSeq: number;
  readonly amount: number;
}

/** The next entry of an account: what moved and the state after it. */
export interface EntryDraft {
  readonly kind: CreditEntryKind;
  /** The credits moved, always >= 0; the kind says in which direction. */
  readonly amount: number;
  readonly reason: string;
  readonly allocations: readonly LotAllocation[];
  /** For EARN_POSTED: when the new lot expires. */
  readonly expiresAtMs: number | null;
  readonly after: AccountState;
}

export type LedgerRefusal = { readonly refused: 'INSUFFICIENT_CREDITS' | 'INVALID_AMOUNT' | 'HOLD_EXPIRED'; readonly message: string };
export type LedgerStep = { readonly entry: EntryDraft } | LedgerRefusal;

const isWhole = (n: number) => Number.isSafeInteger(n) && n >= 0;

function next(state: AccountState, changes: Partial<AccountState>): AccountState {
  return { ...state, ...changes, seq: state.seq + 1 };
}

/**
 * Credits earned by a fact, pending until delivery, within the daily cap: what the cap leaves is earned, the rest is
 * not (the entry says so, so the consumer can see why).
 */
export function earnPending(state: AccountState, input: { amount: number; day: string; dailyCap: number; reason: string }): LedgerStep {
  if (!isWhole(input.amount)) return { refused: 'INVALID_AMOUNT', message: 'an earning must be a whole number >= 0' };
  // The cap counts the day of the fact, wherever it falls among the days remembered, so a late fact for an
  // earlier day neither resets nor borrows today's room.
  const earnedToday = state.recentEarnings.find((d) => d.day === input.day)?.earned ?? 0;
  const room = Math.max(0, input.dailyCap - earnedToday);
  const amount = Math.min(input.amount, room);
  const reason = amount < input.amount ? `${input.reason} (daily cap ${input.dailyCap}: ${amount} of ${input.amount})` : input.reason;
  return {
    entry: {
      kind: 'EARN_PENDING',
      amount,
      reason,
      allocations: [],
      expiresAtMs: null,
      after: next(state, {
        pending: state.pending + amount,
        lifetimeEarned: state.lifetimeEarned + amount,
        recentEarnings: [...state.recentEarnings.filter((d) => d.day !== input.day), { day: input.day, earned: earnedToday + amount }]
          .sort((a, b) => b.day.localeCompare(a.day))
          .slice(0, CAP_MEMORY_DAYS),
      }),
    },
  };
}

/** Moves an order's pending credits to available, as a new lot that expires at `expiresAtMs`. */
export function postPending(state: AccountState, input: { amount: number; expiresAtMs: number; reason: string }): LedgerStep {
  if (!isWhole(input.amount) || input.amount > state.pending) {
    return { refused: 'INVALID_AMOUNT', message: `cannot post ${input.amount} of ${state.pending} pending` };
  }
  const seq = state.seq + 1;
  const lots = input.amount > 0 ? sortLots([...state.lots, { seq, remaining: input.amount, expiresAtMs: input.expiresAtMs }]) : state.lots;
  return {
    entry: {
      kind: 'EARN_POSTED',
      amount: input.amount,
      reason: input.reason,
      allocations: [],
      expiresAtMs: input.expiresAtMs,
      after: next(state, { pending: state.pending - input.amount, available: state.available + input.amount, lots }),
    },
  };
}

/** Takes back an order's credits that are still pending (a cancellation before delivery). */
export function reversePending(state: AccountState, input: { amount: number; reason: string }): LedgerStep {
  if (!isWhole(input.amount) || input.amount > state.pending) {
    return { refused: 'INVALID_AMOUNT', message: `cannot reverse ${input.amount} of ${state.pending} pending` };
  }
  return {
    entry: {
      kind: 'REVERSAL',
      amount: input.amount,
      reason: input.reason,
      allocations: [],
      expiresAtMs: null,
      after: next(state, { pending: state.pending - input.amount, lifetimeEarned: state.lifetimeEarned - input.amount }),
    },
  };
}

/**
 * Takes back a posted order's credits only as far as they are unspent: what is left of that order's own lot. What
 * the consumer already redeemed stays redeemed, so the balance never goes below zero.
 */
export function reversePosted(state: AccountState, input: { lotSeq: number; amount: number; reason: string }): LedgerStep {
  if (!isWhole(input.amount)) return { refused: 'INVALID_AMOUNT', message: 'a reversal must be a whole number >= 0' };
  const lot = state.lots.find((l) => l.seq === input.lotSeq);
  const amount = Math.min(input.amount, lot?.remaining ?? 0);
  const reason = amount < input.amount
    ? `${input.reason} (${amount} of ${input.amount}: the rest was already spent or expired)`
    : input.reason;
  return {
    entry: {
      kind: 'REVERSAL',
      amount,
      reason,
      allocations: amount > 0 ? [{ lotSeq: input.lotSeq, amount }] : [],
      expiresAtMs: null,
      after: next(state, {
        available: state.available - amount,
        lifetimeEarned: state.lifetimeEarned - amount,
        lots: takeFromLot(state.lots, input.lotSeq, amount),
      }),
    },
  };
}

/** Spends available credits, soonest-expiring lots first. */
export function redeem(state: AccountState, input: { amount: number; reason: string }): LedgerStep {
  if (!Number.isSafeInteger(input.amount) || input.amount <= 0) {
    return { refused: 'INVALID_AMOUNT', message: 'a redemption must be a whole number > 0' };
  }
  if (input.amount > state.available) {
    return { refused: 'INSUFFICIENT_CREDITS', message: `${input.amount} credits asked, ${state.available} available` };
  }
  const { lots, allocations } = takeFifo(state.lots, input.amount);
  return {
    entry: {
      kind: 'REDEMPTION',
      amount: input.amount,
      reason: input.reason,
      allocations,
      expiresAtMs: null,
      after: next(state, { available: state.available - input.amount, lots }),
    },
  };
}

/** The most one adjustment may move either way. */
export const MAX_ADJUSTMENT = 1_000_000;

/**
 * A correction by a person, with its reason: credits added form a lot of their own that expires at `expiresAtMs`;
 * credits taken come from lots soonest-expiring first, and never more than is available. History is never edited: the
 * correction is the next entry.
 */
export function adjust(state: AccountState, input: { amount: number; expiresAtMs: number; reason: string }): LedgerStep {
  if (!Number.isSafeInteger(input.amount) || input.amount === 0 || Math.abs(input.amount) > MAX_ADJUSTMENT) {
    return { refused: 'INVALID_AMOUNT', message: `an adjustment must be a whole number from -${MAX_ADJUSTMENT} to ${MAX_ADJUSTMENT}, not 0` };
  }
  if (input.amount > 0) {
    const seq = state.seq + 1;
    return {
      entry: {
        kind: 'ADJUSTMENT',
        amount: input.amount,
        reason: input.reason,
        allocations: [],
        expiresAtMs: input.expiresAtMs,
        after: next(state, { available: state.available + input.amount, lots: sortLots([...state.lots, { seq, remaining: input.amount, expiresAtMs: input.expiresAtMs }]) }),
      },
    };
  }
  const taken = -input.amount;
  if (taken > state.available) return { refused: 'INSUFFICIENT_CREDITS', message: `${taken} credits to take back, ${state.available} available` };
  const { lots, allocations } = takeFifo(state.lots, taken);
  return {
    entry: { kind: 'ADJUSTMENT', amount: taken, reason: input.reason, allocations, expiresAtMs: null, after: next(state, { available: state.available - taken, lots }) },
  };
}

/**
 * Sets credits aside for a checkout (the first phase of a redemption): taken from lots soonest-expiring first, no
 * longer available, not yet spent. Captured, they are spent; voided (or timed out), they go back to their lots.
 */
export function hold(state: AccountState, input: { holdId: string; amount: number; timeoutAtMs: number; reason: string }): LedgerStep {
  if (!Number.isSafeInteger(input.amount) || input.amount <= 0) return { refused: 'INVALID_AMOUNT', message: 'a hold must be a whole number > 0' };
  if (input.amount > state.available) return { refused: 'INSUFFICIENT_CREDITS', message: `${input.amount} credits asked, ${state.available} available` };
  const seq = state.seq + 1;
  const byLot = new Map(state.lots.map((l) => [l.seq, l.expiresAtMs]));
  const { lots, allocations } = takeFifo(state.lots, input.amount);
  const taken = allocations.map((a) => ({ lotSeq: a.lotSeq, amount: a.amount, expiresAtMs: byLot.get(a.lotSeq) ?? 0 }));
  return {
    entry: {
      kind: 'HOLD',
      amount: input.amount,
      reason: input.reason,
      allocations,
      expiresAtMs: null,
      after: next(state, {
        available: state.available - input.amount,
        lots,
        held: state.held + input.amount,
        holds: [...state.holds, { id: input.holdId, seq, amount: input.amount, timeoutAtMs: input.timeoutAtMs, taken }],
      }),
    },
  };
}

/** Spends what an open hold set aside; null when the hold is not open (captured, voided, or never made). */
export function captureHold(state: AccountState, input: { holdId: string; nowMs: number; reason: string }): LedgerStep | null {
  const open = state.holds.find((h) => h.id === input.holdId);
  if (!open) return null;
  if (input.nowMs > open.timeoutAtMs) return { refused: 'HOLD_EXPIRED', message: `the hold timed out at ${new Date(open.timeoutAtMs).toISOString()}` };
  return {
    entry: {
      kind: 'HOLD_CAPTURE',
      amount: open.amount,
      reason: input.reason,
      allocations: open.taken.map((t) => ({ lotSeq: t.lotSeq, amount: t.amount })),
      expiresAtMs: null,
      after: next(state, { held: state.held - open.amount, holds: state.holds.filter((h) => h !== open) }),
    },
  };
}

/** Gives an open hold's credits back to the lots they came from, with their expiry; null when it is not open. */
export function voidHold(state: AccountState, input: { holdId: string; reason: string }): EntryDraft | null {
  const open = state.holds.find((h) => h.id === input.holdId);
  if (!open) return null;
  return {
    kind: 'HOLD_VOID',
    amount: open.amount,
    reason: input.reason,
    allocations: open.taken.map((t) => ({ lotSeq: t.lotSeq, amount: t.amount })),
    expiresAtMs: null,
    after: next(state, {
      available: state.available + open.amount,
      lots: restoreLots(state.lots, open.taken),
      held: state.held - open.amount,
      holds: state.holds.filter((h) => h !== open),
    }),
  };
}

/**
 * Gives a redemption's credits back (its order was cancelled): each part to the lot it came from, with that lot's
 * original expiry, so a credit comes back no longer-lived than it was.
 */
export function reverseRedemption(state: AccountState, input: { parts: readonly { lotSeq: number; amount: number; expiresAtMs: number }[]; reason: string }): LedgerStep {
  const amount = input.parts.reduce((sum, p) => sum + p.amount, 0);
  if (input.parts.some((p) => !Number.isSafeInteger(p.amount) || p.amount <= 0) || amount <= 0) {
    return { refused: 'INVALID_AMOUNT', message: 'a reversal gives back a whole number > 0 of each lot' };
  }
  return {
    entry: {
      kind: 'REDEMPTION_REVERSAL',
      amount,
      reason: input.reason,
      allocations: input.parts.map((p) => ({ lotSeq: p.lotSeq, amount: p.amount })),
      expiresAtMs: null,
      after: next(state, { available: state.available + amount, lots: restoreLots(state.lots, input.parts) }),
    },
  };
}

/** The first lot past its date with something left: the next one to expire. */
export function nextDueLot(state: AccountState, nowMs: number): Lot | null {
  return state.lots.find((l) => l.expiresAtMs <= nowMs && l.remaining > 0) ?? null;
}

/** The first lot past its date with something left, expired whole: one EXPIRY entry per lot. null when none is due. */
export function expireNextLot(state: AccountState, nowMs: number): EntryDraft | null {
  const due = nextDueLot(state, nowMs);
  return due ? expireLot(state, due.seq, nowMs) : null;
}

/** Expires exactly what is left of one lot, if it is open and past its date; null otherwise. */
export function expireLot(state: AccountState, lotSeq: number, nowMs: number): EntryDraft | null {
  const due = state.lots.find((l) => l.seq === lotSeq && l.expiresAtMs <= nowMs && l.remaining > 0);
  if (!due) return null;
  return {
    kind: 'EXPIRY',
    amount: due.remaining,
    reason: `credits posted in entry ${due.seq} expired on ${new Date(due.expiresAtMs).toISOString().slice(0, 10)}`,
    allocations: [{ lotSeq: due.seq, amount: due.remaining }],
    expiresAtMs: null,
    after: next(state, { available: state.available - due.remaining, lots: takeFromLot(state.lots, due.seq, due.remaining) }),
  };
}

/** `months` calendar months after `ms` (UTC), clamped to the month's last day: 31 Jan + 1 month = 28 or 29 Feb. */
export function addMonthsUtc(ms: number, months: number): number {
  const date = new Date(ms);
  const target = new Date(Date.UTC(date.getUTCFullYear(), date.getUTCMonth() + months, 1));
  const lastDay = new Date(Date.UTC(target.getUTCFullYear(), target.getUTCMonth() + 1, 0)).getUTCDate();
  return Date.UTC(
    target.getUTCFullYear(),
    target.getUTCMonth(),
    Math.min(date.getUTCDate(), lastDay),
    date.getUTCHours(),
    date.getUTCMinutes(),
    date.getUTCSeconds(),
    date.getUTCMilliseconds(),
  );
}

/** The problems with a state: what a reconciliation reports. Empty when every invariant holds. */
export function stateProblems(state: AccountState): string[] {
  const problems: string[] = [];
  if (state.available < 0) problems.push(`available ${state.available} < 0`);
  if (state.pending < 0) problems.push(`pending ${state.pending} < 0`);
  const inLots = state.lots.reduce((sum, l) => sum + l.remaining, 0);
  if (inLots !== state.available) problems.push(`lots hold ${inLots} but available is ${state.available}`);
  if (state.lots.some((l) => l.remaining <= 0)) problems.push('an empty lot is still open');
  const inHolds = state.holds.reduce((sum, h) => sum + h.amount, 0);
  if (state.held < 0) problems.push(`held ${state.held} < 0`);
  if (inHolds !== state.held) problems.push(`holds set aside ${inHolds} but held is ${state.held}`);
  return problems;
}

/** `lots` with each part given back to its lot (reopened with its expiry if it had closed). */
function restoreLots(lots: readonly Lot[], parts: readonly { readonly lotSeq: number; readonly amount: number; readonly expiresAtMs: number }[]): Lot[] {
  const bySeq = new Map(lots.map((l) => [l.seq, l]));
  for (const part of parts) {
    const lot = bySeq.get(part.lotSeq);
    bySeq.set(part.lotSeq, lot ? { ...lot, remaining: lot.remaining + part.amount } : { seq: part.lotSeq, remaining: part.amount, expiresAtMs: part.expiresAtMs });
  }
  return sortLots([...bySeq.values()]);
}

function sortLots(lots: readonly Lot[]): Lot[] {
  return [...lots].sort((a, b) => a.expiresAtMs - b.expiresAtMs || a.seq - b.seq);
}

function takeFromLot(lots: readonly Lot[], lotSeq: number, amount: number): Lot[] {
  return lots
    .map((l) => (l.seq === lotSeq ? { ...l, remaining: l.remaining - amount } : l))
    .filter((l) => l.remaining > 0);
}

function takeFifo(lots: readonly Lot[], amount: number): { lots: Lot[]; allocations: LotAllocation[] } {
  let left = amount;
  const allocations: LotAllocation[] = [];
  const remaining: Lot[] = [];
  for (const lot of lots) {
    const take = Math.min(left, lot.remaining);
    if (take > 0) allocations.push({ lotSeq: lot.seq, amount: take });
    left -= take;
    if (lot.remaining - take > 0) remaining.push({ ...lot, remaining: lot.remaining - take });
  }
  return { lots: remaining, allocations };
}
