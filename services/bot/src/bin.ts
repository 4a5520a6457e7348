import { ConfigError, createLogger, Shutdown } from '@guildhall/runtime';
import { startBot } from './app.ts';
import { loadBotConfig } from './config.ts';
import { ShardConfigError } from './gateway/shards.ts';

// Entry point of the bot service: config, logger, the app, and graceful shutdown on SIGTERM/SIGINT.
const log = createLogger('bot');
try {
  const config = loadBotConfig();
  const shutdown = new Shutdown(log, config.SHUTDOWN_DEADLINE_MS);
  shutdown.installSignalHandlers();
  const app = await startBot(config, log);
  shutdown.add('bot', app.stop);
} catch (err) {
  if (err instanceof ConfigError || err instanceof ShardConfigError) log.fatal(err.message);
  else log.fatal({ err }, 'bot failed to start');
  log.flush();
  process.exitCode = 1;
}
