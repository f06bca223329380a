import { FACT_QUEUE_NAMES, type FactQueueName } from './fact-partitions.js';
import type { Schedule } from './queue-set.js';

export type FactJob =
  | { readonly kind: 'choice'; readonly choiceId: string; readonly recorded?: unknown }
  | { readonly kind: 'order-event'; readonly eventId: string; readonly recorded?: { readonly event: unknown; readonly choice: unknown } };

/**
 * Every job type and its payload. Payloads carry ids; the processor reads the current facts from the store, except
 * that a fact's job may carry the fact itself as it was inserted (facts are never edited).
 */
export interface JobPayloads {
  /** Deliver one recorded mail. */
  'mail': { mailId: string };
  /** Re-enqueue recorded mails that never got a delivery (a crash between recording and enqueueing). */
  'mail-sweep': Record<string, never>;
  /**
   * Facts that move a consumer's credits, routed by account to one of FACT_PARTITIONS queues (fact-partitions.ts).
   * 'choice': a packaging choice was recorded and awaits crediting. 'order-event': an order was delivered or
   * cancelled and its credits await posting or reversal. `recorded`: the fact as the API inserted it (for an order
   * event, with its order's choice), so the job need not read it back; absent when a sweep enqueues by id (see
   * server/services/recorded-facts.ts).
   */
  [partition: FactQueueName]: FactJob;
  /** A return was recorded at a collection point: it awaits crediting and its deposit refund. */
  'return': { returnId: string };
  /** Expire posted credit lots past their date, first in first out; warn consumers of credits about to expire. */
  'credit-expiry': Record<string, never>;
  /** Void the credit holds past their timeout that nobody captured or voided. */
  'hold-timeouts': Record<string, never>;
  /** Presume lost the reusable units out longer than the recycling rules allow. */
  'unit-loss': Record<string, never>;
  /** Recompute every producer's compliance and fees for one period (a report arrived, or a period closed). */
  /** `requestedAtMs`: when the operator asked, on the service's clock (absent on jobs from reports and older versions). */
  'compliance': { period: string; requestedAtMs?: number };
  /** Recompute the periods now running and those that just ended; mail producers their closed periods' reports. */
  'compliance-sweep': Record<string, never>;
  /** Count every consumer's last 12 months into their green-level snapshot. */
  'green-levels': Record<string, never>;
  /** Audit every credit chain and the zero-sum; finish overdue facts; mail the operator what is wrong. */
  'reconciliation': Record<string, never>;
  /** Re-classify every packaging type under a newly activated standard version. */
  'reclassify': { version: string; activationId: string };
  /** Re-enqueue recorded facts that no job picked up (a crash between recording and enqueueing). */
  'fact-sweep': Record<string, never>;
  /** Remove the key documents past their retention (server/services/retention.ts). */
  'retention': Record<string, never>;
}

export type JobName = keyof JobPayloads;

export const JOB_NAMES: readonly JobName[] = ['mail', 'mail-sweep', ...FACT_QUEUE_NAMES, 'return', 'fact-sweep', 'reclassify', 'credit-expiry', 'hold-timeouts', 'green-levels', 'unit-loss', 'compliance', 'compliance-sweep', 'reconciliation', 'retention'];

/** The repeatable jobs a worker keeps scheduled; reconciled at every worker start. */
export const SCHEDULES: readonly Schedule<JobName>[] = [
  { queue: 'mail-sweep', id: 'mail-sweep', everyMs: 60_000 },
  { queue: 'fact-sweep', id: 'fact-sweep', everyMs: 60_000 },
  { queue: 'credit-expiry', id: 'credit-expiry', everyMs: 15 * 60_000 },
  { queue: 'hold-timeouts', id: 'hold-timeouts', everyMs: 60_000 },
  { queue: 'green-levels', id: 'green-levels', everyMs: 6 * 60 * 60_000 },
  { queue: 'unit-loss', id: 'unit-loss', everyMs: 6 * 60 * 60_000 },
  { queue: 'compliance-sweep', id: 'compliance-sweep', everyMs: 60 * 60_000 },
  { queue: 'reconciliation', id: 'reconciliation', everyMs: 60 * 60_000 },
  { queue: 'retention', id: 'retention', everyMs: 24 * 60 * 60_000 },
];
