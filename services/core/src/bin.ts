import { ConfigError, createLogger, Shutdown } from '@guildhall/runtime';
import { startCore } from './app.ts';
import { loadCoreConfig } from './config.ts';

// Entry point of the core service: config, logger, the app, and graceful shutdown on SIGTERM/SIGINT.
const log = createLogger('core');
try {
  const config = loadCoreConfig();
  const shutdown = new Shutdown(log, config.SHUTDOWN_DEADLINE_MS);
  shutdown.installSignalHandlers();
  const app = await startCore(config, log);
  shutdown.add('core', app.stop);
} catch (err) {
  if (err instanceof ConfigError) log.fatal(err.message);
  else log.fatal({ err }, 'core failed to start');
  log.flush();
  process.exitCode = 1;
}
