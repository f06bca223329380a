// The production entry point: configuration from the environment, one role, signals handled.
import { ConfigError, loadConfig, type Config } from './config.js';
import { exitOnSignal } from './lifecycle.js';
import { createLogger } from './logger.js';
import { startGreenLoop } from './process.js';

let config: Config;
try {
  config = loadConfig(process.env);
} catch (error) {
  if (!(error instanceof ConfigError)) throw error;
  process.stderr.write(`${error.message}\n`);
  process.exit(1);
}

const logger = createLogger(config.logLevel);
try {
  const running = await startGreenLoop(config, logger);
  exitOnSignal(() => running.stop(), logger, config.shutdownTimeoutMs + 10_000);
} catch (err) {
  logger.fatal({ err }, 'start-up failed');
  process.exit(1);
}
