// DESIGN.md: "many concurrent earns, redemptions and duplicate deliveries on one account, from several processes,
// end with the exact expected balance and a zero-sum ledger". Four OS processes share one consumer account: first
// with a third of every process's movements duplicates of another's, then racing for the account's last credits.
import { entryFromStored } from '../../server/db/credit-entry-text.js';
import { spawn } from 'node:child_process';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect } from 'chai';
import { Types } from 'mongoose';
import { openStore, type Store } from '../../server/db/connection.js';
import type { CreditEntryDoc } from '../../server/db/models/credit-entry.js';
import { dropDatabase, testStoreUri } from '../support/services.js';
import type { PlannedOp } from '../support/processes/ledger-hammer.js';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const PROCESSES = 4;

function runProcess(args: string[]): Promise<string[]> {
  return new Promise((done, failed) => {
    const child = spawn(process.execPath, ['--import', 'tsx', join(root, 'test', 'support', 'processes', 'ledger-hammer.ts'), ...args], { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (c: Buffer) => { out += c.toString(); });
    child.stderr.on('data', (c: Buffer) => { err += c.toString(); });
    child.on('exit', (code) => {
      if (code === 0) done(JSON.parse(out.trim().split('\n').at(-1) ?? '[]') as string[]);
      else failed(new Error(`hammer exited ${String(code)}: ${err.slice(-2000)}`));
    });
  });
}

/** Every entry follows from the one before it, and the consumer's credits and the system accounts sum to zero. */
async function expectConsistentChain(store: Store, platformId: Types.ObjectId, consumerRef: string): Promise<CreditEntryDoc[]> {
  const chain = (await store.models.CreditEntry.find({ account: `${platformId.toHexString()}:${consumerRef}` }).sort({ seq: 1 }).lean()).map(entryFromStored);
  expect(chain.map((e) => e.seq), 'gap-free').to.deep.equal(chain.map((_, i) => i + 1));
  let available = 0;
  let pending = 0;
  for (const entry of chain) {
    available += entry.kind === 'EARN_POSTED' ? entry.amount : entry.kind === 'REDEMPTION' ? -entry.amount : 0;
    pending += entry.kind === 'EARN_PENDING' ? entry.amount : entry.kind === 'EARN_POSTED' ? -entry.amount : 0;
    expect([entry.available, entry.pending], `entry ${String(entry.seq)}`).to.deep.equal([available, pending]);
  }
  const head = chain.at(-1);
  const bySystem = await store.models.CreditEntry.aggregate<{ _id: string; total: number }>([
    { $match: { platformId } },
    { $group: { _id: '$counterparty', total: { $sum: '$consumerDelta' } } },
  ]);
  const systemBalance = bySystem.reduce((s, row) => s - row.total, 0);
  expect(systemBalance + (head?.available ?? 0) + (head?.pending ?? 0), 'zero-sum').to.equal(0);
  return chain;
}

describe('one credit account hammered by four processes', () => {
  let uri = '';
  let store: Store;
  before(async () => {
    uri = testStoreUri('ledger_hammer');
    store = await openStore(uri);
  });
  after(async () => {
    await store.close();
    await dropDatabase(uri);
  });

  it('ends with the exact expected balance, gap-free consistent chains and a zero-sum ledger', async function () {
    this.timeout(180_000);
    const platformId = new Types.ObjectId();
    const consumerRef = 'hammered';
    // Every process: 15 own earns and 8 own redemptions, plus 12 movements copied from the next process, so a
    // third of the 140 movements are duplicates.
    // A starting earn of 10000 covers every redemption, so none is refused and the total is exact; the race for the
    // last credits is the next test.
    const own: PlannedOp[][] = Array.from({ length: PROCESSES }, (_, p) => [
      ...(p === 0 ? [{ kind: 'earn' as const, key: 'seed', amount: 10_000 }] : []),
      ...Array.from({ length: 15 }, (_, i) => ({ kind: 'earn' as const, key: `p${p}-earn-${i}`, amount: 1 + ((p * 31 + i * 7) % 13) })),
      ...Array.from({ length: 8 }, (_, i) => ({ kind: 'redeem' as const, key: `p${p}-redeem-${i}`, amount: 1 + ((p * 17 + i * 5) % 11) })),
    ]);
    const seed = own[0]?.[0];
    if (!seed) throw new Error('no seed');
    // the seed earn runs first so that redemptions never outrun it
    await runProcess([uri, platformId.toHexString(), consumerRef, JSON.stringify([seed])]);
    const plans = own.map((ops, p) => {
      const mine = p === 0 ? ops.slice(1) : ops;
      const copied = (own[(p + 1) % PROCESSES] ?? []).filter((op) => op.key !== 'seed').slice(0, 12);
      return [...mine, ...copied].sort((a, b) => (a.key < b.key ? -1 : 1));
    });
    const outputs = await Promise.all(plans.map((plan) => runProcess([uri, platformId.toHexString(), consumerRef, JSON.stringify(plan)])));

    const operations = outputs.flat().length;
    expect(operations, 'movements attempted').to.equal(PROCESSES * 35);
    expect(outputs.flat().filter((r) => r.includes('refused')), 'no redemption refused').to.deep.equal([]);

    const distinct = new Map(own.flat().map((op) => [op.key, op]));
    const earned = [...distinct.values()].filter((op) => op.kind === 'earn').reduce((s, op) => s + op.amount, 0);
    const redeemed = [...distinct.values()].filter((op) => op.kind === 'redeem').reduce((s, op) => s + op.amount, 0);

    const chain = await expectConsistentChain(store, platformId, consumerRef);
    const earnEntries = chain.filter((e) => e.kind === 'EARN_PENDING').length;
    const redemptions = chain.filter((e) => e.kind === 'REDEMPTION').length;
    expect(earnEntries, 'one earning per distinct fact').to.equal([...distinct.values()].filter((op) => op.kind === 'earn').length);
    expect(redemptions, 'one redemption per distinct key').to.equal([...distinct.values()].filter((op) => op.kind === 'redeem').length);
    const head = chain.at(-1);
    expect(head?.available).to.equal(earned - redeemed);
    expect(head?.pending).to.equal(0);
  });

  it('races four processes for the last 100 credits: exactly 20 redemptions of 5 succeed, once each, the rest are INSUFFICIENT_CREDITS, and the balance ends at 0', async function () {
    this.timeout(180_000);
    const platformId = new Types.ObjectId();
    const consumerRef = 'last-credits';
    await runProcess([uri, platformId.toHexString(), consumerRef, JSON.stringify([{ kind: 'earn', key: 'seed', amount: 100 }])]);
    // 32 distinct redemptions of 5 asking for 160 credits in all; each process also sends 4 of the next one's keys.
    const own: PlannedOp[][] = Array.from({ length: PROCESSES }, (_, p) => Array.from({ length: 8 }, (_, i) => ({ kind: 'redeem' as const, key: `p${String(p)}-r${String(i)}`, amount: 5 })));
    const plans = own.map((ops, p) => [...ops, ...(own[(p + 1) % PROCESSES] ?? []).slice(0, 4)].sort((a, b) => (a.key < b.key ? -1 : 1)));
    const outputs = await Promise.all(plans.map((plan) => runProcess([uri, platformId.toHexString(), consumerRef, JSON.stringify(plan)])));
    expect(outputs.flat(), 'redemptions attempted').to.have.length(PROCESSES * 12);

    const statusesByKey = new Map<string, string[]>();
    for (const line of outputs.flat()) {
      const [key = '', status = ''] = line.split('=');
      statusesByKey.set(key, [...(statusesByKey.get(key) ?? []), status]);
    }
    expect(statusesByKey.size, 'distinct keys').to.equal(32);
    const succeeded: string[] = [];
    const refused: string[] = [];
    for (const [key, statuses] of statusesByKey) {
      if (statuses.includes('appended')) {
        // one attempt moved the credits; every copy of the key answers with that same entry
        expect(statuses.filter((s) => s === 'appended'), key).to.have.length(1);
        expect(statuses.filter((s) => s !== 'appended' && s !== 'replayed'), key).to.deep.equal([]);
        succeeded.push(key);
      } else {
        expect(new Set(statuses), key).to.deep.equal(new Set(['refused:INSUFFICIENT_CREDITS']));
        refused.push(key);
      }
    }
    expect(succeeded, 'the affordable set: 100 / 5').to.have.length(20);
    expect(refused).to.have.length(12);

    const chain = await expectConsistentChain(store, platformId, consumerRef);
    expect(chain.filter((e) => e.kind === 'REDEMPTION').map((e) => e.idempotencyKey)).to.have.members(succeeded);
    expect(chain.map((e) => e.available).every((a) => a >= 0), 'never below zero').to.equal(true);
    expect(chain.at(-1)).to.deep.include({ available: 0, pending: 0 });
  });
});
