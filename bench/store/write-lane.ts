// npm run bench:write-lane: why group inserts go through a write lane per collection (server/db/group-commit.ts).
// On a fresh embedded store, `LOOPS` concurrent "appends" each insert an entry-sized document, then a small key
// document, as a ledger append does: with every insert sent at once (each loop its own insertOne); through one lane
// for all collections (one insertMany in flight, what arrives meanwhile waits and goes as the next groups); through
// a lane per collection; the last two also with the key written after the answer. Prints appends/s and latency per
// append. Not a test: figures only.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { MongoClient, type Db } from 'mongodb';
import { ferretDbBinaryPath, startFerretDb } from '../../scripts/local-services/ferretdb.js';

const out = (line: string): void => { process.stdout.write(`${line}\n`); };
const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const LOOPS = 8;
const APPENDS = 2000;

type Insert = (collection: string, doc: object) => Promise<void>;

function laneOn(db: Db): Insert {
  let waiting: { collection: string; doc: object; done: () => void; failed: (error: unknown) => void }[] = [];
  let busy = false;
  const pump = async (): Promise<void> => {
    if (busy || waiting.length === 0) return;
    busy = true;
    while (waiting.length > 0) {
      const turn = waiting;
      waiting = [];
      const byCollection = new Map<string, typeof turn>();
      for (const w of turn) byCollection.set(w.collection, [...(byCollection.get(w.collection) ?? []), w]);
      for (const [collection, group] of byCollection) {
        try {
          await db.collection(collection).insertMany(group.map((w) => w.doc), { ordered: false });
          for (const w of group) w.done();
        } catch (error) {
          for (const w of group) w.failed(error);
        }
      }
    }
    busy = false;
  };
  return (collection, doc) => new Promise<void>((done, failed) => {
    waiting.push({ collection, doc, done, failed });
    setImmediate(() => { void pump(); });
  });
}

async function appends(label: string, insert: Insert, keyAfterAnswer: boolean): Promise<string> {
  const entry = (i: number) => ({ _id: `${label}:${String(i)}`, lots: Array.from({ length: 5 }, (_, k) => ({ amount: 20, expiresAtMs: 1e12 + k, sourceFact: `choice:${String(k)}` })), reason: 'redeemed', available: 99 });
  let next = 0;
  const latencies: number[] = [];
  const keys: Promise<void>[] = [];
  const started = performance.now();
  await Promise.all(Array.from({ length: LOOPS }, async () => {
    while (next < APPENDS) {
      const i = next;
      next += 1;
      const t0 = performance.now();
      await insert('entries', entry(i));
      const key = insert('keys', { _id: `${label}:key:${String(i)}`, entryId: `${label}:${String(i)}` });
      if (keyAfterAnswer) keys.push(key);
      else await key;
      latencies.push(performance.now() - t0);
    }
  }));
  await Promise.all(keys);
  const seconds = (performance.now() - started) / 1000;
  latencies.sort((a, b) => a - b);
  const at = (q: number) => (latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))] ?? 0).toFixed(1);
  return `${label.padEnd(34)} ${(APPENDS / seconds).toFixed(0).padStart(6)} appends/s   p50 ${at(0.5).padStart(6)} ms   p99 ${at(0.99).padStart(6)} ms`;
}

const dataDir = await mkdtemp(join(tmpdir(), 'greenloop-write-lane-'));
const store = await startFerretDb({ binary: ferretDbBinaryPath(ROOT), dataDir, logFile: join(dataDir, 'ferretdb.log') });
const client = await new MongoClient(store.uri('write_lane')).connect();
try {
  const db = client.db('write_lane');
  const direct: Insert = async (collection, doc) => { await db.collection(collection).insertOne(doc); };
  const lane = laneOn(db);
  out(`${String(LOOPS)} loops, ${String(APPENDS)} appends in all, each an entry then its key, embedded FerretDB (SQLite)`);
  out(await appends('every insert at once', direct, false));
  out(await appends('one lane for all collections', lane, false));
  out(await appends('one lane for all, key after', lane, true));
  const lanes = new Map<string, Insert>();
  const perCollection: Insert = (collection, doc) => {
    let own = lanes.get(collection);
    if (!own) {
      own = laneOn(db);
      lanes.set(collection, own);
    }
    return own(collection, doc);
  };
  out(await appends('a lane per collection', perCollection, false));
  out(await appends('a lane per collection, key after', perCollection, true));
} finally {
  await client.close();
  await store.stop();
  await rm(dataDir, { recursive: true, force: true });
}
