import { Redis } from 'ioredis';
import type mongoose from 'mongoose';
import { DEFAULT_JOB_DEFAULTS } from '../../server/queues/queue-set.js';
import { sleep } from '../../scripts/local-services/free-port.js';

// Watches the ledger from outside the services: an order is done when its consumer's chain holds the EARN_POSTED
// entry that settles it (idempotency key `choice:<choiceId>:settle`, server/services/credits.ts).
//
// Counting those entries reads the whole credit_entries collection on the embedded store (about 0.3 ms of its CPU
// per entry), so polling that count often would take a good part of the store from the services being measured.
// Bull's count of completed order-event jobs (in Redis, free to read) says when to look: a job completes only after
// its ledger movement, so the ledger is counted when the jobs say the work is done, and otherwise every few seconds.
// The time reported is the newest settling entry's own `createdAt`, so how often this polls does not change it.

const POLL_MS = 250;
const LEDGER_EVERY_MS = 5000;
/** Once the jobs say done, the ledger is counted at once, then at most this often while it lags. */
const LEDGER_AFTER_JOBS_MS = 1000;

export interface Posted {
  readonly posted: number;
  /** When the newest settling entry was written (its `createdAt`, the worker's clock, ms since the epoch). */
  readonly lastPostedAtMs: number;
  /** How many times the ledger was counted. */
  readonly ledgerCounts: number;
}

export interface Watched {
  readonly db: mongoose.mongo.Db;
  readonly platformId: mongoose.mongo.ObjectId;
  readonly redisUrl: string;
  readonly queuePrefix: string;
}

export function settledFilter(platformId: mongoose.mongo.ObjectId): mongoose.mongo.Filter<mongoose.mongo.Document> {
  return { platformId, kind: 'EARN_POSTED', idempotencyKey: { $regex: ':settle$' } };
}

/** Waits until the platform's ledger holds `expected` settling entries; throws when nothing moves for `stallMs`. */
export async function waitForPosted(watched: Watched, expected: number, stallMs: number, signal: AbortSignal): Promise<Posted> {
  const entries = watched.db.collection('credit_entries');
  const filter = settledFilter(watched.platformId);
  const redis = new Redis(watched.redisUrl, { maxRetriesPerRequest: 1 });
  // Bull keeps this many completed jobs per queue; past it the count stops growing and only the ledger tells.
  const jobsTarget = Math.min(expected, DEFAULT_JOB_DEFAULTS.keepCompleted);
  let ledgerCounts = 0;
  let posted = 0;
  let lastProgress = '';
  let movedAt = Date.now();
  let countedAt = Date.now();
  let jobsDone = false;
  try {
    for (;;) {
      signal.throwIfAborted();
      const completed = await redis.zcard(`${watched.queuePrefix}:order-event:completed`);
      const sinceCount = Date.now() - countedAt;
      const due = completed >= jobsTarget ? !jobsDone || sinceCount >= LEDGER_AFTER_JOBS_MS : sinceCount >= LEDGER_EVERY_MS;
      jobsDone = completed >= jobsTarget;
      if (due) {
        posted = await entries.countDocuments(filter);
        ledgerCounts += 1;
        countedAt = Date.now();
        if (posted >= expected) {
          const newest = await entries.find(filter, { projection: { createdAt: 1 } }).sort({ createdAt: -1 }).limit(1).toArray();
          const createdAt: unknown = newest[0]?.createdAt;
          if (!(createdAt instanceof Date)) throw new Error('a settling entry has no createdAt');
          return { posted, lastPostedAtMs: createdAt.getTime(), ledgerCounts };
        }
      }
      const progress = `${String(completed)}/${String(posted)}`;
      if (progress !== lastProgress) {
        lastProgress = progress;
        movedAt = Date.now();
      } else if (Date.now() - movedAt > stallMs) {
        const failed = await redis.zcard(`${watched.queuePrefix}:order-event:failed`);
        throw new Error(
          `only ${String(posted)} of ${String(expected)} orders posted (${String(completed)} order-event jobs completed, ${String(failed)} failed), ` +
            `no progress for ${String(stallMs / 1000)} s; see the worker logs`,
        );
      }
      await sleep(POLL_MS);
    }
  } finally {
    redis.disconnect();
  }
}
