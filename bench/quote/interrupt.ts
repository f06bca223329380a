import { Cleanup } from './cleanup.js';
/** How long after a first Ctrl-C the same signal counts as the same keypress, delivered again. */
const REPEAT_WINDOW_MS = 1000;

/**
 * SIGINT / SIGTERM abort the returned controller's signal, so the benchmark stops and cleans up; a second signal
 * later than a moment after the first quits at once (exit 130). npm, tsx and the terminal's process group often
 * deliver one Ctrl-C twice within milliseconds: that repeat is ignored, or it would skip the cleanup.
 */
export function abortOnSignals(progress: (line: string) => void): AbortController {
  const controller = new AbortController();
  let firstAt = 0;
  const onSignal = (name: string) => {
    if (controller.signal.aborted) {
      if (Date.now() - firstAt > REPEAT_WINDOW_MS) process.exit(130);
      return;
    }
    firstAt = Date.now();
    progress(`${name}: stopping and cleaning up (again to quit at once)`);
    controller.abort(new Error(`interrupted by ${name}`));
  };
  process.on('SIGINT', () => { onSignal('SIGINT'); });
  process.on('SIGTERM', () => { onSignal('SIGTERM'); });
  return controller;
}

/**
 * A benchmark's main: runs it with Ctrl-C handling, always runs its cleanup, prints the BENCH line only when
 * everything succeeded and was cleaned up, and exits (Bull and ioredis may hold timers a moment after close).
 */
export async function runBenchMain(
  name: string,
  progress: (line: string) => void,
  bench: (cleanup: Cleanup, signal: AbortSignal) => Promise<string>,
): Promise<never> {
  const controller = abortOnSignals(progress);
  const cleanup = new Cleanup();
  let exitCode = 0;
  let line: string | null = null;
  try {
    line = await bench(cleanup, controller.signal);
  } catch (error) {
    exitCode = 1;
    const reason = controller.signal.aborted && controller.signal.reason instanceof Error ? controller.signal.reason.message : error;
    process.stderr.write(`${name} failed: ${reason instanceof Error ? (reason.stack ?? reason.message) : String(reason)}\n`);
  }
  progress('cleaning up...');
  const failures = await cleanup.runAll();
  if (failures.length > 0) {
    exitCode = 1;
    process.stderr.write(`${name} could not clean up:\n${failures.map((f) => `  - ${f}`).join('\n')}\n`);
  }
  if (exitCode === 0 && line !== null) process.stdout.write(`${line}\n`);
  process.exit(exitCode);
}
