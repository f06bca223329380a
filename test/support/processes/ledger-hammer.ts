// One OS process of the ledger concurrency test: runs its share of a plan of credit movements against the real
// store, several at a time, and prints what each one returned. Keys shared between processes are duplicates.
import { Types } from 'mongoose';
import { openStore } from '../../../server/db/connection.js';
import { earnPending, postPending, redeem } from '../../../server/domain/credit-ledger.js';
import { createCreditLedger } from '../../../server/services/credit-ledger.js';

/** The instant every hammer process works at. */
export const HAMMER_NOW = '2027-12-31T23:30:00Z';

export interface PlannedOp {
  readonly kind: 'earn' | 'redeem';
  readonly key: string;
  readonly amount: number;
}

const [uri = '', platformHex = '', consumerRef = '', planJson = ''] = process.argv.slice(2);
if (uri === '' || platformHex === '' || consumerRef === '' || planJson === '') throw new Error('usage: ledger-hammer <uri> <platformId> <consumerRef> <plan json>');
const plan = JSON.parse(planJson) as PlannedOp[];
const platformId = new Types.ObjectId(platformHex);
const store = await openStore(uri);
// Fixed instants: the day the daily cap counts and the lots' expiry are the plan's, not the calendar's.
const ledger = createCreditLedger(store.models, () => new Date(HAMMER_NOW));
const day = HAMMER_NOW.slice(0, 10);
const expiresAtMs = Date.parse('2028-12-31T23:30:00Z');

async function run(op: PlannedOp): Promise<string> {
  const base = { platformId, consumerRef, sourceFact: op.key, counterparty: 'issuance' as const };
  if (op.kind === 'earn') {
    const earned = await ledger.append({ ...base, idempotencyKey: `${op.key}:earn`, compute: (s) => earnPending(s, { amount: op.amount, day, dailyCap: 1_000_000, reason: op.key }) });
    const posted = await ledger.append({ ...base, idempotencyKey: `${op.key}:post`, compute: (s) => postPending(s, { amount: op.amount, expiresAtMs, reason: op.key }) });
    return `${earned.status}/${posted.status}`;
  }
  const spent = await ledger.append({ ...base, counterparty: 'redemption', idempotencyKey: op.key, compute: (s) => redeem(s, { amount: op.amount, reason: op.key }) });
  return spent.status === 'refused' ? `refused:${spent.refused}` : spent.status;
}

const results: string[] = [];
const queue = [...plan];
await Promise.all(
  Array.from({ length: Number(process.env.HAMMER_CONCURRENCY ?? 3) }, async () => {
    for (let op = queue.shift(); op; op = queue.shift()) results.push(`${op.key}=${await run(op)}`);
  }),
);
await store.close();
process.stdout.write(`${JSON.stringify(results)}\n`);
