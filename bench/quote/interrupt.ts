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
