// Tests must not read the calendar to decide what they expect (issue #13): time reaches a test through
// test/support/test-clock.ts (a pinned clock, `systemNow()` for instants nothing depends on, `stopwatch()` for
// durations). This guard fails the suite when any file under test/ reads the system clock anywhere else.
import { readdir, readFile } from 'node:fs/promises';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect } from 'chai';

const testRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const here = fileURLToPath(import.meta.url);
/** The one file allowed to read the system clock. */
const CLOCK_MODULE = join(testRoot, 'support', 'test-clock.ts');

/** `new Date()` with no argument and `Date.now()`: the two ways to read the system clock. */
const SYSTEM_CLOCK_READ = /\bnew\s+Date\s*\(\s*\)|\bDate\s*\.\s*now\s*\(/;

function systemClockReads(source: string): { line: number; text: string }[] {
  return source.split('\n').flatMap((text, i) => (SYSTEM_CLOCK_READ.test(text) ? [{ line: i + 1, text: text.trim() }] : []));
}

async function sourcesUnder(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true });
  const nested = await Promise.all(entries.map((e): Promise<string[]> => {
    const path = join(dir, e.name);
    if (e.isDirectory()) return e.name === 'artifacts' ? Promise.resolve([]) : sourcesUnder(path);
    return Promise.resolve(/\.(ts|js|mjs)$/.test(e.name) ? [path] : []);
  }));
  return nested.flat();
}

describe('the test clock guard', () => {
  it('spots every way of reading the system clock, and leaves fixed instants and monotonic timers alone', () => {
    const sample = [
      'const a = Date.now();',
      'const b = new Date();',
      'const c = new Date( );',
      'const d = Date . now ();',
      'const e = new Date(0);',
      "const f = new Date('2026-12-31T23:30:00Z');",
      'const g = performance.now();',
      'const h = clock.now();',
      'const i = new Date(clock.nowMs());',
    ].join('\n');
    expect(systemClockReads(sample).map((r) => r.line)).to.deep.equal([1, 2, 3, 4]);
  });

  it('finds no test, support file or child process under test/ reading the system clock outside test/support/test-clock.ts', async () => {
    const files = (await sourcesUnder(testRoot)).filter((f) => f !== CLOCK_MODULE && f !== here);
    expect(files.length, 'files scanned').to.be.above(50);
    const offenders = (await Promise.all(files.map(async (file) => systemClockReads(await readFile(file, 'utf8')).map((r) => `${relative(testRoot, file)}:${String(r.line)}: ${r.text}`)))).flat();
    expect(offenders, 'use pinnedClock(), systemNow() or stopwatch() from test/support/test-clock.ts').to.deep.equal([]);
  });
});
