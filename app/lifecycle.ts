import type { Logger } from 'pino';
import { HTTP_DRAIN_GRACE_MS } from '../graphql/apollo.js';
import type { Config } from '../server/config.js';

/** Drain HTTP, then let jobs finish, then close connections: the hard deadline leaves room for all three. */
export function shutdownDeadlineMs(config: Config): number {
  return HTTP_DRAIN_GRACE_MS + config.shutdownTimeoutMs + 10_000;
}

/**
 * SIGTERM / SIGINT run `stop` once and exit 0 when it finishes, 1 if it fails or outlives `deadlineMs`.
 * Repeated signals are ignored: wrappers (npm, tsx, a terminal's process group) often deliver the same one twice.
 */
export function exitOnSignal(stop: () => Promise<void>, logger: Logger, deadlineMs: number): void {
  let signalled = false;
  const onSignal = (signal: NodeJS.Signals) => {
    if (signalled) return;
    signalled = true;
    logger.info({ signal }, 'signal received');
    setTimeout(() => {
      logger.error({ deadlineMs }, 'shutdown took too long: exiting');
      process.exit(1);
    }, deadlineMs).unref();
    stop().then(
      () => process.exit(0),
      (err: unknown) => {
        logger.error({ err }, 'shutdown failed');
        process.exit(1);
      },
    );
  };
  process.on('SIGTERM', onSignal);
  process.on('SIGINT', onSignal);
}
