import type { Lot } from './credit-ledger.js';

// What a platform owes its consumers in credits at a moment, from each account's state then (the state after its
// last entry by that moment). Pure: the service finds the states, this adds them up.

/** What the sum needs of an account's state; `held` is absent on entries of accounts that never held credits. */
export interface LiabilityState {
  readonly pending: number;
  readonly held?: number;
  readonly lots: readonly Lot[];
}

export interface LiabilityFigures {
  readonly accounts: number;
  /** Credits in lots not past their date at asOf: available and still owed, expiry entry written or not yet. */
  readonly outstanding: number;
  readonly pending: number;
  readonly held: number;
  /** Of the outstanding credits, those whose lots expire within 30, 90 and 365 days after asOf. */
  readonly expiring30d: number;
  readonly expiring90d: number;
  readonly expiring365d: number;
}

const DAY_MS = 24 * 3600 * 1000;

export function liabilityOf(states: readonly LiabilityState[], asOfMs: number): LiabilityFigures {
  const expiringWithin = (days: number) => {
    let sum = 0;
    for (const state of states) {
      for (const lot of state.lots) if (lot.expiresAtMs > asOfMs && lot.expiresAtMs <= asOfMs + days * DAY_MS) sum += lot.remaining;
    }
    return sum;
  };
  return {
    accounts: states.length,
    outstanding: expiringWithin(Number.POSITIVE_INFINITY),
    pending: states.reduce((sum, s) => sum + s.pending, 0),
    held: states.reduce((sum, s) => sum + (s.held ?? 0), 0),
    expiring30d: expiringWithin(30),
    expiring90d: expiringWithin(90),
    expiring365d: expiringWithin(365),
  };
}
