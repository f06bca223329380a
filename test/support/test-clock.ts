// The tests' one door to the time. A test whose expectation depends on the date (a period, an expiry, a level
// window, a sweep window) pins its own instant with `pinnedClock` and hands that clock to the service it starts; a
// test that only needs some instant (a createdAt no expectation reads) takes `systemNow()`, and a deadline or a
// duration is measured with `stopwatch()`, never the calendar. test/unit/test-clock-guard.test.ts fails the suite
// when a test reads the system clock anywhere but here.
import type { Clock } from '../../server/clock.js';

export interface TestClock {
  /** The clock to hand to the service (`startService(..., { clock: c.now })`). */
  readonly now: Clock;
  nowMs(): number;
  /** Moves the clock on (a quote's 30 minutes pass in a test). */
  advance(ms: number): void;
}

function instant(iso: string): number {
  const ms = Date.parse(iso);
  if (!Number.isFinite(ms) || !/(Z|[+-]\d\d:\d\d)$/.test(iso)) throw new Error(`a pinned instant needs an ISO time with its zone: ${iso}`);
  return ms;
}

/**
 * A clock that starts at `iso` and runs forward with real elapsed time (time moves, as services expect it to),
 * whatever the calendar of the machine says.
 */
export function pinnedClock(iso: string): TestClock {
  let originMs = instant(iso);
  const originTick = performance.now();
  const nowMs = () => originMs + Math.floor(performance.now() - originTick);
  return { now: () => new Date(nowMs()), nowMs, advance: (ms) => { originMs += ms; } };
}

/** The system's time, for a record whose instant no expectation depends on. Never derive an expected value from it. */
export function systemNow(): Date {
  return new Date();
}

/** Elapsed milliseconds since it was made: for deadlines and timings (monotonic, blind to the calendar). */
export function stopwatch(): { elapsedMs(): number } {
  const started = performance.now();
  return { elapsedMs: () => performance.now() - started };
}

/**
 * The environment for a program the tests start that is not ours (redis-server, Chromium). A whole-suite run with the
 * machine's clock moved by libfaketime (docs/testing.md, "Time in tests") preloads it into every child;
 * redis-server (jemalloc) hangs under it and the browser tests fail, so it is kept out of them. Their own clocks
 * never decide an expectation.
 */
export function environmentWithoutFakedTime(env: NodeJS.ProcessEnv = process.env): NodeJS.ProcessEnv {
  return Object.fromEntries(Object.entries(env).filter(([name]) => name !== 'LD_PRELOAD' && !name.startsWith('FAKETIME')));
}
