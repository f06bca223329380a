import { cpus } from 'node:os';

/** The machine's idle share (0-1) over `ms`, all cores together. */
async function idleShare(ms: number): Promise<number> {
  const total = () => cpus().reduce((sum, c) => ({ idle: sum.idle + c.times.idle, all: sum.all + c.times.idle + c.times.user + c.times.sys + c.times.nice + c.times.irq }), { idle: 0, all: 0 });
  const before = total();
  await new Promise((resolve) => setTimeout(resolve, ms));
  const after = total();
  return (after.idle - before.idle) / Math.max(1, after.all - before.all);
}

/**
 * Waits until the machine is quiet (at least `idle` of it idle over a second), at most `limitMs`; returns how long it
 * waited. After a bulk load of tens of thousands of documents the store goes on working (SQLite's write-ahead log
 * is checkpointed) and the service collects the old snapshot: a latency measured then is the aftermath of seeding,
 * not the quote at that catalogue size.
 */
export async function waitForQuiet(signal: AbortSignal, idle = 0.85, limitMs = 60_000): Promise<{ waitedMs: number; idleShare: number }> {
  const started = Date.now();
  for (;;) {
    signal.throwIfAborted();
    const share = await idleShare(1000);
    if (share >= idle || Date.now() - started >= limitMs) return { waitedMs: Date.now() - started, idleShare: share };
  }
}
