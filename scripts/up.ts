/**
 * `pnpm start`: the whole system in one process.
 *
 * With no DISCORD_TOKEN it is the playground: the Discord emulator with its web page (one seeded guild, a few
 * members and channels), core and the bot pointed at the emulator, slash commands registered, so karma works end to
 * end on a laptop with nothing but RabbitMQ and MariaDB. With DISCORD_TOKEN, core, the scheduler and the bot run
 * against Discord.
 * AMQP_URL and DATABASE_URL default to the local services; the database is created and migrated on start.
 */
import { startBot } from '@guildhall/bot/app';
import { commandRest, registerCommands } from '@guildhall/bot/register';
import { loadBotConfig } from '@guildhall/bot/config';
import { startCore } from '@guildhall/core/app';
import { loadCoreConfig } from '@guildhall/core/config';
import { startScheduler } from '@guildhall/scheduler/app';
import { loadSchedulerConfig } from '@guildhall/scheduler/config';
import { fileURLToPath } from 'node:url';
import { openPlayground, startEmulator, wirePlayground } from '@guildhall/discord-emulator';
import { ConfigError, createLogger, Shutdown, type Logger } from '@guildhall/runtime';

/** A service this script runs: started in list order, stopped in reverse. */
interface Service {
  name: string;
  start: (env: NodeJS.ProcessEnv, log: Logger) => Promise<{ stop: () => Promise<void> }>;
}

/** Everything `pnpm start` runs; adding a service is one line. */
const services: Service[] = [
  { name: 'core', start: (env, log) => startCore(loadCoreConfig(env), log) },
  // After core, which has migrated the database by then.
  { name: 'scheduler', start: (env, log) => startScheduler(loadSchedulerConfig(env), log) },
  { name: 'bot', start: (env, log) => startBot(loadBotConfig(env), log) },
];

const PlaygroundToken = 'playground-bot-token';
const playground = !process.env['DISCORD_TOKEN'];
// The playground keeps the terminal readable (LOG_LEVEL=info shows every service's JSON logs), and its ops servers
// take free ports so it runs beside anything already on 9101/9102.
const env: NodeJS.ProcessEnv = {
  ...(playground ? { LOG_LEVEL: 'warn', HTTP_PORT: '0', HTTP_HOST: '127.0.0.1' } : { LOG_LEVEL: 'info' }),
  ...process.env,
};
const log = createLogger('up', { level: env['LOG_LEVEL'] ?? 'info' });
const shutdown = new Shutdown(log, 30_000);
shutdown.installSignalHandlers();

try {
  let url: string | undefined;
  let wire: (() => Promise<unknown>) | undefined;
  if (playground) {
    const emu = await startEmulator({
      port: Number(env['PLAYGROUND_PORT'] ?? 8080),
      host: env['PLAYGROUND_HOST'] ?? '127.0.0.1',
      playground: true,
    });
    shutdown.add('emulator', () => emu.close());
    // The guild keeps its ids across restarts (MySQL's karma, balances and cases stay its own); --fresh starts anew.
    const { bot, seed } = openPlayground(emu, {
      token: PlaygroundToken,
      identityFile: fileURLToPath(new URL('../.playground/identity.json', import.meta.url)),
      fresh: process.argv.includes('--fresh'),
    });
    wire = () => wirePlayground(emu, seed);
    await registerCommands(commandRest(emu.apiBase, PlaygroundToken), { applicationId: bot.applicationId });
    env['DISCORD_TOKEN'] = PlaygroundToken;
    env['DISCORD_API_BASE'] = emu.apiBase;
    url = `${emu.url}/`;
  }
  for (const service of services) {
    const app = await service.start(env, createLogger(service.name, { level: env['LOG_LEVEL'] ?? 'info' }));
    shutdown.add(service.name, app.stop);
  }
  await wire?.().catch((err: unknown) =>
    log.warn({ err }, 'could not make #mod-log the mod-log (/modconfig logchannel)'),
  );
  console.log(
    url
      ? [
          '',
          `  Guildhall playground: ${url}`,
          '',
          '  Pick a member, say "alice++" in #general, or try /karma top. Ctrl-C stops everything.',
          '',
        ].join('\n')
      : '\n  Guildhall is connected to Discord. Register slash commands once with:\n' +
          '    pnpm --filter @guildhall/bot register-commands [--guild ID]\n',
  );
} catch (err) {
  if (err instanceof ConfigError) log.fatal(err.message);
  else log.fatal({ err }, 'could not start; are RabbitMQ and MariaDB running? (see the README)');
  await shutdown.run('start failed');
  log.flush();
  process.exit(1);
}
