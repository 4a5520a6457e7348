import { BotConfigSchema, type BotConfig } from '@guildhall/bot/config';
import { startBot, type BotApp, type BotOptions } from '@guildhall/bot/app';
import { commandRest, registerCommands } from '@guildhall/bot/register';
import { startCore, type CoreApp } from '@guildhall/core/app';
import { CoreConfigSchema, type CoreConfig } from '@guildhall/core/config';
import {
  seedPlayground,
  startEmulator,
  type BotRecord,
  type Emulator,
  type EmulatorOptions,
  type HumanUser,
  type PlaygroundSeed,
  type RecordedMessage,
} from '@guildhall/discord-emulator';
import { Broker } from '@guildhall/events';
import { createLogger, type Logger } from '@guildhall/runtime';
import {
  createScratchDatabase,
  createScratchNamespace,
  scratchEnv,
  type ScratchDatabase,
  type ScratchNamespace,
} from '@guildhall/testkit';
import type { APIApplicationCommandInteractionDataOption, APIMessage } from 'discord.js';
import { startScheduler, type SchedulerApp } from '@guildhall/scheduler/app';
import { SchedulerConfigSchema } from '@guildhall/scheduler/config';
import { freePort, spawnService, type ServiceProcess } from '@guildhall/testkit';
import { startWeb, type WebApp } from '@guildhall/web/app';
import { WebConfigSchema } from '@guildhall/web/config';
import { randomBytes } from 'node:crypto';

/** The bot account every stack creates in its emulator. */
const BotToken = 'e2e-bot-token';

/**
 * The whole system on one machine: the Discord emulator seeded with the playground guild, a scratch database
 * and broker namespace, and core and the bot started in-process or as child processes on demand.
 */
export class Stack {
  private readonly running: { stop: () => Promise<void> }[] = [];
  private probe: Broker | undefined;

  private constructor(
    readonly emu: Emulator,
    readonly seed: PlaygroundSeed,
    readonly bot: BotRecord,
    readonly scratchDb: ScratchDatabase,
    readonly ns: ScratchNamespace,
    readonly log: Logger,
  ) {}

  /** Starts the emulator (seeded, with the slash commands registered) and creates the scratch resources. */
  static async create(options: EmulatorOptions = {}): Promise<Stack> {
    const [scratchDb, ns, emu] = await Promise.all([
      createScratchDatabase('gh_e2e'),
      createScratchNamespace('ghe2e'),
      startEmulator(options),
    ]);
    const bot = emu.createBot({ username: 'Guildhall', token: BotToken });
    const seed = seedPlayground(emu, { botUserId: bot.userId });
    const log = createLogger('e2e', { level: process.env['TEST_LOG_LEVEL'] ?? 'silent' });
    const stack = new Stack(emu, seed, bot, scratchDb, ns, log);
    await registerCommands(commandRest(emu.apiBase, BotToken), { applicationId: bot.applicationId });
    return stack;
  }

  /** Core's environment for this stack. */
  coreEnv(overrides: Record<string, string> = {}): Record<string, string> {
    return scratchEnv(this.scratchDb, this.ns, { OUTBOX_SWEEP_MS: '200', ...overrides });
  }

  /** The bot's environment for this stack: the emulator as Discord. */
  botEnv(overrides: Record<string, string> = {}): Record<string, string> {
    return scratchEnv(this.scratchDb, this.ns, {
      DISCORD_TOKEN: BotToken,
      DISCORD_API_BASE: this.emu.apiBase,
      ...overrides,
    });
  }

  /** Starts core in this process. */
  async startCore(overrides: Record<string, string> = {}): Promise<CoreApp> {
    const config: CoreConfig = CoreConfigSchema.parse(this.coreEnv(overrides));
    return this.track(await startCore(config, this.log.child({ service: 'core' })));
  }

  /** Starts the bot in this process. */
  async startBot(overrides: Record<string, string> = {}, options: BotOptions = {}): Promise<BotApp> {
    const config: BotConfig = BotConfigSchema.parse(this.botEnv(overrides));
    return this.track(await startBot(config, this.log.child({ service: 'bot' }), options));
  }

  /**
   * Starts the scheduler in this process. Start core first: core migrates the scratch database, so the scheduler
   * does not (two migrators at once would race).
   */
  async startScheduler(overrides: Record<string, string> = {}): Promise<SchedulerApp> {
    const config = SchedulerConfigSchema.parse(
      scratchEnv(this.scratchDb, this.ns, { SCHEDULER_POLL_MS: '100', MIGRATE_ON_START: 'false', ...overrides }),
    );
    return this.track(await startScheduler(config, this.log.child({ service: 'scheduler' })));
  }

  /**
   * Starts the web dashboard in this process, logging members in through the emulator's OAuth2 pages as the bot's
   * application (as `pnpm start` does). Start core first: it migrates the scratch database.
   */
  async startWeb(overrides: Record<string, string> = {}): Promise<WebApp & { url: string }> {
    const port = await freePort();
    const url = `http://127.0.0.1:${port}`;
    const clientSecret = randomBytes(16).toString('hex');
    this.emu.oauth.register({
      clientId: this.bot.applicationId,
      clientSecret,
      redirectUris: [`${url}/auth/callback`],
    });
    const config = WebConfigSchema.parse(
      scratchEnv(this.scratchDb, this.ns, {
        WEB_PORT: String(port),
        WEB_HOST: '127.0.0.1',
        WEB_PUBLIC_URL: url,
        HTTP_PORT: '0',
        HTTP_HOST: '127.0.0.1',
        WEB_SESSION_SECRET: randomBytes(32).toString('hex'),
        DISCORD_CLIENT_ID: this.bot.applicationId,
        DISCORD_CLIENT_SECRET: clientSecret,
        DISCORD_API_BASE: this.emu.apiBase,
        DISCORD_OAUTH_AUTHORIZE_URL: `${this.emu.url}/oauth2/authorize`,
        ...overrides,
      }),
    );
    this.emu.dashboardUrl = `${url}/`;
    return { ...this.track(await startWeb(config, this.log.child({ service: 'web' }))), url };
  }

  /** Starts core as a child process (so a test can SIGKILL it). */
  async spawnCore(overrides: Record<string, string> = {}): Promise<ServiceProcess> {
    const p = await spawnService('core', this.coreEnv(overrides), 'core is consuming requests');
    return this.track({ ...p, stop: () => p.kill('SIGKILL') });
  }

  /** Starts the bot as a child process. */
  async spawnBot(overrides: Record<string, string> = {}): Promise<ServiceProcess> {
    const p = await spawnService('bot', this.botEnv(overrides), 'bot is serving');
    return this.track({ ...p, stop: () => p.kill('SIGKILL') });
  }

  /** Remembers a service so close() stops it; its stop() runs once however often it is called. */
  private track<T extends { stop: () => Promise<void> }>(service: T): T {
    let stopped: Promise<void> | undefined;
    const stop = service.stop;
    const tracked = { ...service, stop: () => (stopped ??= stop()) };
    this.running.push(tracked);
    return tracked;
  }

  /** Posts a message as a user, exactly as a Discord client does: `POST /channels/{id}/messages` with their token. */
  async post(user: HumanUser, channelId: string, content: string): Promise<APIMessage> {
    const res = await fetch(`${this.emu.apiBase}/v10/channels/${channelId}/messages`, {
      method: 'POST',
      headers: { authorization: user.token, 'content-type': 'application/json' },
      body: JSON.stringify({ content }),
    });
    if (!res.ok) throw new Error(`posting as ${user.username} failed: ${res.status} ${await res.text()}`);
    return (await res.json()) as APIMessage;
  }

  /** Invokes a slash command as a user (`POST /interactions`); returns the interaction id. */
  async invoke(
    user: HumanUser,
    channelId: string,
    name: string,
    options: APIApplicationCommandInteractionDataOption[],
    /** The invoker's client language, which Discord sends with the interaction. */
    locale?: string,
  ): Promise<string> {
    const res = await fetch(`${this.emu.apiBase}/v10/interactions`, {
      method: 'POST',
      headers: {
        authorization: user.token,
        'content-type': 'application/json',
        ...(locale !== undefined && { 'x-discord-locale': locale }),
      },
      body: JSON.stringify({
        type: 2,
        application_id: this.bot.applicationId,
        guild_id: this.seed.guildId,
        channel_id: channelId,
        data: { name, type: 1, options },
      }),
    });
    const id = res.headers.get('x-emulator-interaction-id');
    if (!res.ok || !id) throw new Error(`invoking /${name} failed: ${res.status} ${await res.text()}`);
    return id;
  }

  /** The bot's replies to a message so far. */
  repliesTo(messageId: string): RecordedMessage[] {
    return this.emu.messages().filter((m) => m.replyTo === messageId && m.authorId === this.bot.userId);
  }

  /** Waits for the bot's reply to a message. */
  replyTo(messageId: string, timeoutMs = 15_000): Promise<RecordedMessage> {
    return this.emu.waitForMessage((m) => m.replyTo === messageId && m.authorId === this.bot.userId, timeoutMs);
  }

  /** A broker client of the test's own, for looking at queues and injecting events. */
  async broker(): Promise<Broker> {
    this.probe ??= await Broker.connect({
      url: this.ns.amqpUrl,
      namespace: this.ns.namespace,
      logger: this.log,
      connectionName: 'e2e-probe',
    });
    return this.probe;
  }

  /** Messages ready for delivery in core's request queue or the bot's result queue. */
  async queueDepth(queue: 'core' | 'bot'): Promise<number> {
    const broker = await this.broker();
    const ch = await broker.channel();
    try {
      return (await ch.checkQueue(broker.topology.queues[queue])).messageCount;
    } finally {
      await ch.close();
    }
  }

  /** Polls until `check` holds. */
  async until(what: string, check: () => boolean | Promise<boolean>, timeoutMs = 20_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!(await check())) {
      if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  }

  /** Stops every service still running, then the emulator, then drops the scratch resources. */
  async close(): Promise<void> {
    for (const service of this.running.reverse()) await service.stop().catch(() => undefined);
    await this.probe?.close();
    await this.emu.close();
    await this.ns.drop().catch(() => undefined);
    await this.scratchDb.drop();
  }
}
