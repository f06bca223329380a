// DESIGN.md: "many concurrent earns, redemptions and duplicate deliveries on one account, from several processes,
// end with the exact expected balance and a zero-sum ledger". Four OS processes share one consumer account; a third
// of every process's movements are duplicates of another's.
import { spawn } from 'node:child_process';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect } from 'chai';
import { Types } from 'mongoose';
import { openStore, type Store } from '../../server/db/connection.js';
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
    // A starting earn of 10000 covers every redemption, so none can be refused and the total is exact.
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

    const chain = await store.models.CreditEntry.find({ account: `${platformId.toHexString()}:${consumerRef}` }).sort({ seq: 1 }).lean();
    const earnEntries = chain.filter((e) => e.kind === 'EARN_PENDING').length;
    const redemptions = chain.filter((e) => e.kind === 'REDEMPTION').length;
    expect(earnEntries, 'one earning per distinct fact').to.equal([...distinct.values()].filter((op) => op.kind === 'earn').length);
    expect(redemptions, 'one redemption per distinct key').to.equal([...distinct.values()].filter((op) => op.kind === 'redeem').length);
    expect(chain.map((e) => e.seq), 'gap-free').to.deep.equal(chain.map((_, i) => i + 1));

    // every entry follows from the one before it
    let available = 0;
    let pending = 0;
    for (const entry of chain) {
      available += entry.kind === 'EARN_POSTED' ? entry.amount : entry.kind === 'REDEMPTION' ? -entry.amount : 0;
      pending += entry.kind === 'EARN_PENDING' ? entry.amount : entry.kind === 'EARN_POSTED' ? -entry.amount : 0;
      expect([entry.available, entry.pending], `entry ${entry.seq}`).to.deep.equal([available, pending]);
      expect(entry.available, `entry ${entry.seq}`).to.be.at.least(0);
    }
    const head = chain.at(-1);
    expect(head?.available).to.equal(earned - redeemed);
    expect(head?.pending).to.equal(0);

    // zero-sum: what the consumer holds is exactly what the system accounts gave out
    const bySystem = await store.models.CreditEntry.aggregate<{ _id: string; total: number }>([
      { $match: { platformId } },
      { $group: { _id: '$counterparty', total: { $sum: '$consumerDelta' } } },
    ]);
    const systemBalance = bySystem.reduce((s, row) => s - row.total, 0);
    expect(systemBalance + (head?.available ?? 0) + (head?.pending ?? 0)).to.equal(0);
  });
});
