// The production entry point: configuration from the environment, one role, signals handled.
import { ConfigError, loadConfig, type Config } from '../server/config.js';
import { exitOnSignal, shutdownDeadlineMs } from './lifecycle.js';
import { createLogger } from '../server/logger.js';
import { startGreenLoop } from './process.js';

let config: Config;
try {
  config = loadConfig(process.env);
} catch (error) {
  if (!(error instanceof ConfigError)) throw error;
  process.stderr.write(`${error.message}\n`);
  process.exit(1);
}

const logger = createLogger(config.logLevel, 'greenloop', { secrets: [config.adminApiKey] });
// Signals are handled from the first moment: one that arrives during start-up stops the process once it is up.
const starting = startGreenLoop(config, logger);
exitOnSignal(async () => { await (await starting).stop(); }, logger, shutdownDeadlineMs(config));
try {
  await starting;
} catch (err) {
  logger.fatal({ err }, 'start-up failed');
  process.exit(1);
}
