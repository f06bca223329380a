// Facts that move a consumer's credits (a choice, an order's delivery or cancellation) are routed by account to one of
// a fixed number of partition queues, and each partition is worked by one worker process at a time (its lease, see
// partition-leases.ts). So an account has one writer: that worker holds the account's newest entry and its choices
// in memory, and its appends do not race. The unique (account, seq) index stays the guard for the moments two
// workers overlap (a lease lost to a stalled process, a hand-over), never a wrong balance.
//
// The count is fixed: a fact's job id is unique within its queue, and a sweep must re-enqueue a fact into the queue
// it was first sent to. Changing it means draining the fact queues first (docs/scale.md).

export const FACT_PARTITIONS = 16;

/** `facts-00` ... `facts-15`. */
export type FactQueueName = `facts-${string}`;

export const factQueueName = (partition: number): FactQueueName => `facts-${String(partition).padStart(2, '0')}`;

export const FACT_QUEUE_NAMES: readonly FactQueueName[] = Array.from({ length: FACT_PARTITIONS }, (_, p) => factQueueName(p));

/** FNV-1a, 32 bits: stable across processes and releases, spread evenly enough for a handful of partitions. */
function fnv1a(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i += 1) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash;
}

/** The partition of a consumer's credit account (`<platform id hex>:<consumerRef>`). */
export const partitionOf = (account: string): number => fnv1a(account) % FACT_PARTITIONS;

export const factQueueOf = (account: string): FactQueueName => factQueueName(partitionOf(account));
