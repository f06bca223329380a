import type { AccountState, Lot } from './credit-ledger.js';

const DAY_MS = 24 * 3600 * 1000;

/** The lots a consumer should be warned about now: something left, expiring within the warning period. */
export function lotsToWarn(state: AccountState, nowMs: number, warningDays: number): Lot[] {
  const horizonMs = nowMs + warningDays * DAY_MS;
  return state.lots.filter((lot) => lot.remaining > 0 && lot.expiresAtMs > nowMs && lot.expiresAtMs <= horizonMs);
}
