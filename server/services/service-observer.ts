import type { CreditEntryKind } from '../domain/credit-ledger.js';
import type { CreditLedger } from './credit-ledger.js';

// What the services tell an onlooker (the process's metrics) as it happens. Services call it at their boundaries,
// after the fact is stored; the domain never sees it. Every method must be cheap and must not throw.

/** Where an idempotent request or job met a fact that was already recorded, and answered with it. */
export type ReplaySource = 'ledger' | 'choose_packaging' | 'order_event' | 'return';

export interface ServiceObserver {
  /** A credit ledger entry was inserted (not a replay). */
  ledgerEntryWritten(kind: CreditEntryKind): void;
  /** A repeated request or job found its fact already recorded and answered with it. */
  idempotentReplay(source: ReplaySource): void;
  /** A newly recorded return was flagged by the anomaly rules (a replay of it is not counted again). */
  returnFlagged(kind: 'UNIT' | 'LOOSE'): void;
  /** The reconciliation found facts still unsettled well after they were recorded (and re-enqueued them). */
  factsOverdue(count: number): void;
}

export const NO_OBSERVER: ServiceObserver = {
  ledgerEntryWritten: () => undefined,
  idempotentReplay: () => undefined,
  returnFlagged: () => undefined,
  factsOverdue: () => undefined,
};

/** The ledger, reporting what each append did. */
export function observedLedger(ledger: CreditLedger, observer: ServiceObserver): CreditLedger {
  if (observer === NO_OBSERVER) return ledger;
  return {
    ...ledger,
    async append(movement) {
      const result = await ledger.append(movement);
      if (result.status === 'appended') observer.ledgerEntryWritten(result.entry.kind);
      else if (result.status === 'replayed') observer.idempotentReplay('ledger');
      return result;
    },
  };
}
