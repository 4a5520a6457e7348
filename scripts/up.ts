/**
 * `pnpm start`: the whole system in one process.
 *
 * With no DISCORD_TOKEN it is the playground: the Discord emulator with its web page (one seeded guild, a few
 * members and channels), core and the bot pointed at the emulator, slash commands registered, so karma works end to
 * end on a laptop with nothing but RabbitMQ and MariaDB, and the web dashboard beside it, logging in through the
 * emulator's OAuth2 pages. With DISCORD_TOKEN, core, the scheduler and the bot run against Discord (and the
 * dashboard too when DISCORD_CLIENT_SECRET and WEB_SESSION_SECRET are set).
 * AMQP_URL and DATABASE_URL default to the local services; the database is created and migrated on start.
 */
import { startBot } from '@guildhall/bot/app';
import { commandRest, registerCommands } from '@guildhall/bot/register';
import { loadBotConfig } from '@guildhall/bot/config';
import { startCore } from '@guildhall/core/app';
import { loadCoreConfig } from '@guildhall/core/config';
import { startScheduler } from '@guildhall/scheduler/app';
import { loadSchedulerConfig } from '@guildhall/scheduler/config';
import { startWeb } from '@guildhall/web/app';
import { loadWebConfig } from '@guildhall/web/config';
import { randomBytes } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { openPlayground, startEmulator, wirePlayground } from '@guildhall/discord-emulator';
import { createLogger, describeFailure, Shutdown, type Logger, type RunningService } from '@guildhall/runtime';
import PinoPretty from 'pino-pretty';

/** A service this script runs: started in list order, stopped in reverse. */
interface Service {
  name: string;
  /** Added to HTTP_PORT when it is set, so each service has its own ops port (the defaults follow the same order). */
  portOffset: number;
  start: (env: NodeJS.ProcessEnv, log: Logger) => Promise<RunningService>;
  /** Whether it runs at all (default: always). */
  enabled?: (env: NodeJS.ProcessEnv) => boolean;
}

/** Everything `pnpm start` runs; adding a service is one line. */
const services: Service[] = [
  { name: 'core', portOffset: 0, start: (env, log) => startCore(loadCoreConfig(env), log) },
  // After core, which has migrated the database by then.
  { name: 'scheduler', portOffset: 2, start: (env, log) => startScheduler(loadSchedulerConfig(env), log) },
  { name: 'bot', portOffset: 1, start: (env, log) => startBot(loadBotConfig(env), log) },
  {
    name: 'web',
    portOffset: 3,
    start: (env, log) => startWeb(loadWebConfig(env), log),
    enabled: (env) => env['DISCORD_CLIENT_SECRET'] !== undefined,
  },
];

const PlaygroundToken = 'playground-bot-token';
const playground = !process.env['DISCORD_TOKEN'];
// The playground keeps the terminal readable (LOG_LEVEL=info shows every service's logs), and its ops servers take
// free ports so it runs beside anything already on 9101-9103.
const env: NodeJS.ProcessEnv = {
  ...(playground ? { LOG_LEVEL: 'warn', HTTP_PORT: '0', HTTP_HOST: '127.0.0.1' } : { LOG_LEVEL: 'info' }),
  ...process.env,
};
// One process for everything, run by a person at a terminal: log lines are printed for reading, not as JSON.
const pretty = PinoPretty({
  colorize: process.stdout.isTTY,
  singleLine: true,
  ignore: 'pid,hostname,service',
  sync: true,
});
const loggerOf = (name: string) =>
  createLogger(name, { level: env['LOG_LEVEL'] ?? 'info', destination: pretty }).child({ name });
const log = loggerOf('up');
const shutdown = new Shutdown(log, 30_000);
shutdown.installSignalHandlers();

/** A service's environment: its own ops port when HTTP_PORT names a base (0 stays 0: a free port each). */
function serviceEnv(service: Service): NodeJS.ProcessEnv {
  const base = env['HTTP_PORT'];
  if (base === undefined || !/^\d+$/.test(base) || Number(base) === 0) return env;
  return { ...env, HTTP_PORT: String(Number(base) + service.portOffset) };
}

let starting = 'pnpm start';
try {
  let url: string | undefined;
  let dashboard: string | undefined;
  let wire: (() => Promise<unknown>) | undefined;
  if (playground) {
    const port = Number(env['PLAYGROUND_PORT'] ?? 8080);
    starting = `the playground on port ${port} (PLAYGROUND_PORT)`;
    const emu = await startEmulator({ port, host: env['PLAYGROUND_HOST'] ?? '127.0.0.1', playground: true });
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
    // The dashboard logs members in through the emulator's OAuth2 pages, as the bot's own application.
    const webPort = Number(env['WEB_PORT'] ?? 8081);
    const webHost = env['WEB_HOST'] ?? '127.0.0.1';
    dashboard = env['WEB_PUBLIC_URL'] ?? `http://${webHost}:${webPort}`;
    const clientSecret = randomBytes(16).toString('hex');
    emu.oauth.register({
      clientId: bot.applicationId,
      clientSecret,
      redirectUris: [`${dashboard}/auth/callback`],
    });
    Object.assign(env, {
      WEB_PORT: String(webPort),
      WEB_HOST: webHost,
      WEB_PUBLIC_URL: dashboard,
      DISCORD_CLIENT_ID: bot.applicationId,
      DISCORD_CLIENT_SECRET: clientSecret,
      DISCORD_OAUTH_AUTHORIZE_URL: `${emu.url}/oauth2/authorize`,
      // A new key each start: logins do not outlive the playground.
      WEB_SESSION_SECRET: env['WEB_SESSION_SECRET'] ?? randomBytes(32).toString('hex'),
    });
    emu.dashboardUrl = `${dashboard}/`;
  }
  const ops: string[] = [];
  for (const service of services) {
    if (service.enabled && !service.enabled(env)) continue;
    starting = service.name;
    const serviceEnvironment = serviceEnv(service);
    const app = await service.start(serviceEnvironment, loggerOf(service.name));
    shutdown.add(service.name, app.stop);
    const host = serviceEnvironment['HTTP_HOST'] ?? '0.0.0.0';
    ops.push(`    ${service.name.padEnd(10)} http://${host === '0.0.0.0' ? '127.0.0.1' : host}:${app.httpPort}/readyz`);
  }
  await wire?.().catch((err: unknown) =>
    log.warn({ err }, 'could not make #mod-log the mod-log (/modconfig logchannel)'),
  );
  const opsLines = ['  Ops endpoints (/healthz, /readyz, /metrics):', ...ops];
  console.log(
    url
      ? [
          '',
          `  Guildhall playground: ${url}`,
          `  Web dashboard:        ${dashboard ?? ''}/`,
          '',
          '  Pick a member, say "alice++" in #general, or try /karma top. Ctrl-C stops everything.',
          '  On the dashboard, log in as the owner to change settings, or as anyone to see the leaderboards.',
          '',
          ...opsLines,
          '',
        ].join('\n')
      : [
          '',
          '  Guildhall is connected to Discord. Register slash commands once with:',
          '    pnpm --filter @guildhall/bot register-commands [--guild ID]',
          '',
          ...opsLines,
          '',
        ].join('\n'),
  );
} catch (err) {
  log.fatal(`${starting} could not start: ${describeFailure(err)}`);
  await shutdown.run('start failed');
  log.flush();
  process.exit(1);
}
