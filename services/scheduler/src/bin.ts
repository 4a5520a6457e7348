import { ConfigError, createLogger, Shutdown } from '@guildhall/runtime';
import { startScheduler } from './app.ts';
import { loadSchedulerConfig } from './config.ts';

// Entry point of the scheduler service: config, logger, the app, and graceful shutdown on SIGTERM/SIGINT.
const log = createLogger('scheduler');
try {
  const config = loadSchedulerConfig();
  const shutdown = new Shutdown(log, config.SHUTDOWN_DEADLINE_MS);
  shutdown.installSignalHandlers();
  const app = await startScheduler(config, log);
  shutdown.add('scheduler', app.stop);
} catch (err) {
  if (err instanceof ConfigError) log.fatal(err.message);
  else log.fatal({ err }, 'scheduler failed to start');
  log.flush();
  process.exitCode = 1;
}
