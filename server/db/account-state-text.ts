import type { AccountState } from '../domain/credit-ledger.js';

// An account's state stored as one JSON string where only the service reads it (the head hint). The embedded store
// keeps a document as JSON with a type schema and decodes a nested value field by field: a hint holding a typical
// state as nested arrays (8 lots, 4 days of earnings) cost it 0.80 ms of CPU per read by `_id`, the same state as one
// string 0.30 ms (BENCHMARKS.md, twelfth session). MongoDB reads either shape as cheaply.

export const accountStateText = (state: AccountState): string => JSON.stringify(state);

const isCount = (value: unknown): value is number => typeof value === 'number' && Number.isSafeInteger(value) && value >= 0;

/** The state `text` holds; null for text this code did not write (it is then read from its entry instead). */
export function accountStateFromText(text: string): AccountState | null {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return null;
  }
  if (typeof value !== 'object' || value === null) return null;
  const state = value as Partial<Record<keyof AccountState, unknown>>;
  const counts = [state.seq, state.available, state.pending, state.lifetimeEarned, state.held].every(isCount);
  const lists = [state.lots, state.holds, state.recentEarnings].every(Array.isArray);
  return counts && lists ? (value as AccountState) : null;
}
