import { stateProblems, type AccountState, type CreditEntryKind, type LotAllocation } from './credit-ledger.js';

/** What an audit needs of a stored entry. */
export interface AuditedEntry {
  readonly seq: number;
  readonly kind: CreditEntryKind;
  readonly amount: number;
  readonly consumerDelta: number;
  readonly allocations: readonly LotAllocation[];
  readonly state: AccountState;
}

interface Move { readonly available: number; readonly pending: number; readonly held: number }

/** How an entry of each kind moves the balances; a REVERSAL takes from a lot (posted) or else from pending. */
function movement(entry: AuditedEntry): Move {
  const a = entry.amount;
  switch (entry.kind) {
    case 'EARN_PENDING':
      return { available: 0, pending: a, held: 0 };
    case 'EARN_POSTED':
      return { available: a, pending: -a, held: 0 };
    case 'REVERSAL':
      return entry.allocations.length > 0 ? { available: -a, pending: 0, held: 0 } : { available: 0, pending: -a, held: 0 };
    case 'REDEMPTION':
    case 'EXPIRY':
      return { available: -a, pending: 0, held: 0 };
    case 'ADJUSTMENT':
      // Credits added form a lot (no allocations); credits taken back name the lots they came from.
      return entry.allocations.length > 0 ? { available: -a, pending: 0, held: 0 } : { available: a, pending: 0, held: 0 };
    case 'HOLD':
      return { available: -a, pending: 0, held: a };
    case 'HOLD_CAPTURE':
      return { available: 0, pending: 0, held: -a };
    case 'HOLD_VOID':
      return { available: a, pending: 0, held: -a };
    case 'REDEMPTION_REVERSAL':
      return { available: a, pending: 0, held: 0 };
  }
}

/**
 * Checks one account's chain, oldest first: seqs 1..n without gaps, every entry's balances following from the one
 * before by its kind and amount, its recorded delta matching, and the state invariants holding after it.
 */
export function auditChain(account: string, entries: readonly AuditedEntry[]): string[] {
  const problems: string[] = [];
  let available = 0;
  let pending = 0;
  let held = 0;
  entries.forEach((entry, i) => {
    const at = `${account} seq ${String(entry.seq)}`;
    if (entry.seq !== i + 1) problems.push(`${at}: expected seq ${String(i + 1)} (a gap or a duplicate)`);
    if (!Number.isSafeInteger(entry.amount) || entry.amount < 0) problems.push(`${at}: amount ${String(entry.amount)} is not a whole number >= 0`);
    const move = movement(entry);
    const nextAvailable = available + move.available;
    const nextPending = pending + move.pending;
    const nextHeld = held + move.held;
    if (entry.state.available !== nextAvailable || entry.state.pending !== nextPending || entry.state.held !== nextHeld) {
      problems.push(`${at}: balances ${String(entry.state.available)}/${String(entry.state.pending)}/${String(entry.state.held)} do not follow from the previous entry (expected ${String(nextAvailable)}/${String(nextPending)}/${String(nextHeld)})`);
    }
    const delta = nextAvailable + nextPending + nextHeld - (available + pending + held);
    if (entry.consumerDelta !== delta) problems.push(`${at}: recorded delta ${String(entry.consumerDelta)}, computed ${String(delta)}`);
    problems.push(...stateProblems(entry.state).map((p) => `${at}: ${p}`));
    available = entry.state.available;
    pending = entry.state.pending;
    held = entry.state.held;
  });
  return problems;
}
