import type { AccountState, Lot } from './credit-ledger.js';

const DAY_MS = 24 * 3600 * 1000;

/** The lots a consumer should be warned about now: something left, expiring within the warning period. */
export function lotsToWarn(state: AccountState, nowMs: number, warningDays: number): Lot[] {
  const horizonMs = nowMs + warningDays * DAY_MS;
  return state.lots.filter((lot) => lot.remaining > 0 && lot.expiresAtMs > nowMs && lot.expiresAtMs <= horizonMs);
}

/** Warned once per lot: this key makes a second mail for the same lot impossible. */
export const expiryWarningKey = (account: string, lot: Lot): string => `expiry-warning:${account}:${String(lot.seq)}`;

/** The warning mail for one lot, in words a consumer can act on. */
export function expiryWarningMail(platformName: string, lot: Lot, nowMs: number): { subject: string; text: string } {
  const date = new Date(lot.expiresAtMs).toISOString().slice(0, 10);
  const days = Math.max(1, Math.ceil((lot.expiresAtMs - nowMs) / DAY_MS));
  const credits = `${String(lot.remaining)} green credit${lot.remaining === 1 ? '' : 's'}`;
  return {
    subject: `${credits} with ${platformName} expire on ${date}`,
    text: [
      `${credits} you earned with ${platformName} expire on ${date}, in ${String(days)} day${days === 1 ? '' : 's'}.`,
      `Spend them at ${platformName} before then; credits you spend are always the soonest-expiring ones.`,
      '',
      `You get this mail because you agreed that ${platformName} may tell you about your credits.`,
    ].join('\n'),
  };
}
