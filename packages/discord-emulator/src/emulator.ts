import { createServer } from 'node:http';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { randomBytes } from 'node:crypto';
import { ApplicationCommandType, GatewayDispatchEvents, GatewayIntentBits } from 'discord-api-types/v10';
import type {
  APIApplicationCommand,
  APIApplicationCommandInteractionDataOption,
  APIApplicationCommandOptionChoice,
  APIRole,
  Locale,
  RESTPostAPIChatInputApplicationCommandsJSONBody,
} from 'discord-api-types/v10';
import { WebSocketServer } from 'ws';
import type { Core } from './core.ts';
import { viewMessage } from './core.ts';
import { Gateway } from './gateway.ts';
import type { IdentifyRecord } from './gateway.ts';
import type { FailRule } from './http.ts';
import { RestApi } from './http.ts';
import type {
  BotRecord,
  ChannelRecord,
  CreateGuildOptions,
  CreateRoleOptions,
  GuildRecord,
  MemberRecord,
} from './model.ts';
import { Model } from './model.ts';
import { OAuthServer } from './oauth.ts';
import { handlePlayground } from './playground/server.ts';
import type { RateLimitOptions } from './ratelimit.ts';
import { RateLimiter } from './ratelimit.ts';
import type { Actor, EmulatorEvent, RecordedMessage, RecordedRequest } from './recorder.ts';
import { Recorder } from './recorder.ts';
import type { InteractionRecord, InteractionState, InvokeCommandInput } from './services/interactions.ts';
import { clickComponent, commandsFor, invokeCommand, requestAutocomplete } from './services/interactions.ts';
import type { MemberPatch } from './services/members.ts';
import { banUser, joinGuild, removeMember, unbanUser, updateMember } from './services/members.ts';
import { postMessage, setPinned } from './services/messages.ts';
import { findComponent } from './shapes/components.ts';
import { parseSlash } from './slash.ts';
import type { SlashParseOptions, SlashResolver } from './slash.ts';
import { snowflake } from './snowflake.ts';

/** Options for {@link startEmulator}. */
export interface EmulatorOptions {
  /** TCP port; 0 (default) picks a free one. */
  port?: number;
  /** Interface to bind (default `127.0.0.1`). */
  host?: string;
  /** Rate-limit buckets and the global limit; defaults never trigger in ordinary tests. */
  rateLimits?: RateLimitOptions;
  /** Serve the playground page at `/` and its feed under `/playground/`. */
  playground?: boolean;
  /** HELLO's heartbeat_interval (default 41250 ms, Discord's). */
  heartbeatIntervalMs?: number;
  /**
   * How long a session stays resumable after its socket closed (default 2 minutes). Dispatches for it, including
   * messages members post while no bot is connected, are kept meanwhile and replayed on RESUME; after it, RESUME
   * gets INVALID_SESSION (d: false).
   */
  resumeWindowMs?: number;
  /**
   * `max_concurrency` of `GET /gateway/bot` (default 1): a shard's identify is refused with INVALID_SESSION when
   * another identify with the same key (`shard_id % max_concurrency`) started a session within `identifyWindowMs`.
   */
  maxConcurrency?: number;
  /** The identify window (default 5000 ms, Discord's); 0 lets every identify through. */
  identifyWindowMs?: number;
  /** `session_start_limit.total` (default 1000 a day, Discord's). */
  sessionStartLimit?: number;
  /** Time a bot has to answer an interaction (default 3000 ms, Discord's). */
  interactionTimeoutMs?: number;
  /** How long an interaction token works for edits and follow-ups (default 15 minutes, Discord's). */
  interactionTokenLifetimeMs?: number;
  /** How long `enforce_nonce` remembers a nonce (default 5 minutes). */
  nonceWindowMs?: number;
  /** `shards` recommended by `GET /gateway/bot` (default 1). */
  shards?: number;
}

/** A user the emulator can act as, with the token its "client" sends (no `Bot ` prefix). */
export interface HumanUser {
  id: string;
  username: string;
  token: string;
}

/** Options for {@link Emulator.createBot}. */
export interface CreateBotOptions {
  id?: string;
  username: string;
  /** Token without the `Bot ` prefix (the prefix is accepted too). */
  token: string;
  applicationId?: string;
  applicationFlags?: number;
}

/** What an interaction came to: its state and the content users ended up seeing. */
export interface InteractionResponseView {
  id: string;
  state: InteractionState;
  callbackType: number | undefined;
  /** Final content of the original response (after @original edits); undefined if there is none. */
  content: string | undefined;
  ephemeral: boolean;
  original: RecordedMessage | undefined;
  followups: RecordedMessage[];
  /** The choices an autocomplete interaction was answered with (callback type 8). */
  choices: APIApplicationCommandOptionChoice[] | undefined;
}

/** Filter for {@link Emulator.requests}. */
export interface RequestFilter {
  method?: string;
  /** Tested against the path and the route template. */
  route?: RegExp | string;
  actor?: 'bot' | 'user' | 'none';
}

/** A running emulator: the seedable world, the test helpers and the servers. */
export class Emulator {
  readonly model = new Model();
  /** HTTP base URL, e.g. `http://127.0.0.1:4321`. */
  url = '';
  /** REST base to give discord.js as `rest.api`. */
  apiBase = '';
  /** Gateway URL handed out by `GET /gateway/bot`. */
  gatewayUrl = '';
  readonly core: Core;
  /** Discord's OAuth2 endpoints (register an application with `oauth.register`), for web apps' logins. */
  readonly oauth = new OAuthServer(this.model);
  /** The web dashboard running beside the playground, which the page links to (null: none). */
  dashboardUrl: string | null = null;
  private readonly rest: RestApi;
  private readonly server: Server;
  private readonly wss = new WebSocketServer({ noServer: true });
  private readonly playground: boolean;

  constructor(options: EmulatorOptions = {}) {
    const recorder = new Recorder();
    const gateway = new Gateway(this.model, {
      heartbeatIntervalMs: options.heartbeatIntervalMs ?? 41_250,
      resumeWindowMs: options.resumeWindowMs ?? 120_000,
      bufferSize: 5000,
      url: () => this.gatewayUrl,
      maxConcurrency: options.maxConcurrency ?? 1,
      identifyWindowMs: options.identifyWindowMs ?? 5000,
      sessionStartLimit: options.sessionStartLimit ?? 1000,
      onSession: (sessionId, state) => recorder.emit({ type: 'gateway_session', sessionId, state }),
    });
    this.core = {
      model: this.model,
      gateway,
      recorder,
      limiter: new RateLimiter(options.rateLimits),
      interactions: new Map(),
      nonces: new Map(),
      config: {
        interactionTimeoutMs: options.interactionTimeoutMs ?? 3000,
        interactionTokenLifetimeMs: options.interactionTokenLifetimeMs ?? 15 * 60_000,
        nonceWindowMs: options.nonceWindowMs ?? 5 * 60_000,
        baseUrl: () => this.url,
        gatewayUrl: () => this.gatewayUrl,
        recommendedShards: options.shards ?? 1,
      },
    };
    this.rest = new RestApi(this.core);
    this.playground = options.playground ?? false;
    this.server = createServer((req, res) => {
      const url = new URL(req.url ?? '/', 'http://localhost');
      const work = this.oauth.handle(req, res, url).then((handled) => {
        if (handled) return undefined;
        return url.pathname.startsWith('/api/')
          ? this.rest.handle(req, res, url)
          : this.playground
            ? handlePlayground(this, req, res, url).then((handled) => {
                if (!handled) res.writeHead(404).end();
              })
            : Promise.resolve(void res.writeHead(404).end());
      });
      work.catch((error: unknown) => {
        console.error('[discord-emulator] request failed', error);
        if (!res.headersSent) res.writeHead(500).end();
      });
    });
    this.server.on('upgrade', (req, socket, head) => {
      if (!(req.url ?? '').startsWith('/gateway')) return void socket.destroy();
      this.wss.handleUpgrade(req, socket, head, (ws) => this.core.gateway.accept(ws, req));
    });
  }

  /** Binds the servers; {@link startEmulator} calls this for you. */
  async listen(port = 0, host = '127.0.0.1'): Promise<this> {
    await new Promise<void>((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen(port, host, () => resolve());
    });
    const address = this.server.address() as AddressInfo;
    this.url = `http://${host}:${address.port}`;
    this.apiBase = `${this.url}/api`;
    this.gatewayUrl = `ws://${host}:${address.port}/gateway`;
    return this;
  }

  /** Stops the servers and drops every socket. */
  async close(): Promise<void> {
    for (const i of this.core.interactions.values()) clearTimeout(i.timer);
    this.core.gateway.close();
    this.wss.close();
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  // ---- seeding -------------------------------------------------------------------------------

  /** Registers a bot account; its token authenticates REST (`Bot <token>`) and IDENTIFY. */
  createBot(opts: CreateBotOptions): BotRecord {
    const user = this.model.createUser({ username: opts.username, bot: true, ...(opts.id ? { id: opts.id } : {}) });
    const bot: BotRecord = {
      userId: user.id,
      token: opts.token.replace(/^Bot\s+/i, ''),
      applicationId: opts.applicationId ?? user.id,
      applicationFlags: opts.applicationFlags ?? 0,
    };
    this.model.bots.set(user.id, bot);
    return bot;
  }

  /** Creates a human user with a token their "client" sends as `Authorization: <token>`. */
  createUser(opts: { id?: string; username: string; globalName?: string; token?: string; locale?: Locale }): HumanUser {
    const user = this.model.createUser({
      username: opts.username,
      ...(opts.id ? { id: opts.id } : {}),
      ...(opts.globalName ? { globalName: opts.globalName } : {}),
      ...(opts.locale ? { locale: opts.locale } : {}),
    });
    const token = opts.token ?? `user.${user.id}.${randomBytes(12).toString('base64url')}`;
    this.model.userTokens.set(token, user.id);
    return { id: user.id, username: user.username, token };
  }

  /** Creates a guild (with its @everyone role) and adds the owner as a member. */
  createGuild(opts: CreateGuildOptions): GuildRecord {
    const guild = this.model.createGuild(opts);
    joinGuild(this.core, guild.id, opts.ownerId);
    return guild;
  }

  /** Creates a text channel and dispatches CHANNEL_CREATE. */
  createChannel(guildId: string, opts: { id?: string; name: string; topic?: string | null }): ChannelRecord {
    const channel = this.model.createChannel(guildId, opts);
    const d = this.model.channelJSON(channel.id);
    this.core.gateway.dispatchGuild(guildId, GatewayDispatchEvents.ChannelCreate, GatewayIntentBits.Guilds, () => d);
    this.core.recorder.emit({ type: 'guild_update', guildId });
    return channel;
  }

  /** Creates a role (position defaults to the top) and dispatches GUILD_ROLE_CREATE. */
  createRole(guildId: string, opts: CreateRoleOptions): APIRole {
    const role = this.model.createRole(guildId, opts);
    this.core.gateway.dispatchGuild(guildId, GatewayDispatchEvents.GuildRoleCreate, GatewayIntentBits.Guilds, () => ({
      guild_id: guildId,
      role,
    }));
    this.core.recorder.emit({ type: 'guild_update', guildId });
    return role;
  }

  /** Adds a member (GUILD_MEMBER_ADD; a bot also gets GUILD_CREATE). */
  addMember(guildId: string, userId: string, opts: { nick?: string | null; roles?: string[] } = {}): MemberRecord {
    return joinGuild(this.core, guildId, userId, opts);
  }

  /** Changes a member without permission checks (GUILD_MEMBER_UPDATE). */
  updateMember(guildId: string, userId: string, patch: MemberPatch): MemberRecord {
    return updateMember(this.core, guildId, userId, patch);
  }

  /** Removes a member without permission checks (GUILD_MEMBER_REMOVE). */
  removeMember(guildId: string, userId: string): void {
    removeMember(this.core, guildId, userId);
  }

  /** Bans a user without permission checks (GUILD_BAN_ADD + GUILD_MEMBER_REMOVE). */
  ban(guildId: string, userId: string, reason?: string): void {
    banUser(this.core, guildId, userId, { reason: reason ?? null });
  }

  /** Lifts a ban without permission checks (GUILD_BAN_REMOVE). */
  unban(guildId: string, userId: string): void {
    unbanUser(this.core, guildId, userId);
  }

  /** Registers application commands directly (as if the bot had PUT them); returns the stored definitions. */
  registerCommands(
    applicationId: string,
    commands: RESTPostAPIChatInputApplicationCommandsJSONBody[],
    guildId?: string,
  ): APIApplicationCommand[] {
    let scopes = this.model.commands.get(applicationId);
    if (!scopes) {
      scopes = new Map();
      this.model.commands.set(applicationId, scopes);
    }
    const stored = commands.map(
      (c) =>
        ({
          id: snowflake(),
          application_id: applicationId,
          version: snowflake(),
          type: ApplicationCommandType.ChatInput,
          default_member_permissions: null,
          description_localizations: null,
          name_localizations: null,
          nsfw: false,
          ...c,
          options: c.options ?? [],
          ...(guildId ? { guild_id: guildId } : {}),
        }) as APIApplicationCommand,
    );
    scopes.set(guildId ?? 'global', stored);
    return stored;
  }

  // ---- acting as users ----------------------------------------------------------------------

  /** Posts a message as a user, exactly as `POST /channels/{id}/messages` with their token would (minus auth and rate limits). */
  postAsUser(
    userId: string,
    channelId: string,
    content: string,
    extra: { replyTo?: string; nonce?: string } = {},
  ): RecordedMessage {
    const message = postMessage(this.core, {
      channelId,
      authorId: userId,
      content,
      reference: extra.replyTo ? { message_id: extra.replyTo } : undefined,
      nonce: extra.nonce,
    });
    return viewMessage(this.core, message);
  }

  /** Stores a message with a chosen creation time (e.g. 15 days ago) without dispatching it as new. */
  seedMessage(opts: { channelId: string; authorId: string; content: string; createdAt: number }): RecordedMessage {
    return viewMessage(this.core, postMessage(this.core, { ...opts }));
  }

  /** Pins a message (or unpins it), as a moderator's `PUT /channels/{id}/pins/{message}` does. */
  pin(channelId: string, messageId: string, pinned = true): void {
    setPinned(this.core, this.model.message(channelId, messageId), pinned);
  }

  /**
   * Invokes a slash command as a user; `name` may include subcommands (`'karma top'`), and `options`
   * is either ready-made interaction options or `{ optionName: value }` typed per the definition.
   * `locale` is the member's client language (default: their setting). Returns the interaction id.
   */
  invokeCommand(
    userId: string,
    channelId: string,
    name: string,
    options: APIApplicationCommandInteractionDataOption[] | Record<string, string | number | boolean> = {},
    opts: { locale?: Locale } = {},
  ): string {
    if (Array.isArray(options)) {
      return invokeCommand(this.core, { userId, channelId, name, options, locale: opts.locale }).id;
    }
    const text = [`/${name}`, ...Object.entries(options).map(([k, v]) => `${k}:"${String(v)}"`)].join(' ');
    return this.runSlash(userId, channelId, text, opts);
  }

  /** Parses typed text like `/karma top 5` against registered commands and invokes it; throws with the parse error. */
  runSlash(userId: string, channelId: string, text: string, opts: { locale?: Locale } = {}): string {
    return invokeCommand(this.core, this.typed(userId, channelId, text, { locale: opts.locale })).id;
  }

  /**
   * A member typing `text` (e.g. `/unban user:ali`) where `focused` is the autocomplete option being typed: sends
   * the APPLICATION_COMMAND_AUTOCOMPLETE interaction; {@link waitForAutocomplete} gives the bot's choices.
   */
  autocomplete(
    userId: string,
    channelId: string,
    text: string,
    focused: string,
    opts: { locale?: Locale } = {},
  ): string {
    return requestAutocomplete(this.core, this.typed(userId, channelId, text, { locale: opts.locale, focused })).id;
  }

  /** What a member typed, as the input of a command or autocomplete interaction; throws with the parse error. */
  private typed(userId: string, channelId: string, text: string, opts: SlashParseOptions): InvokeCommandInput {
    const parsed = this.parseSlash(channelId, text, opts);
    if (!parsed.ok) throw new Error(parsed.error);
    return {
      userId,
      channelId,
      name: parsed.command.name,
      options: parsed.options,
      applicationId: parsed.command.application_id,
      locale: opts.locale,
    };
  }

  /** The choices the bot answered an autocomplete interaction with; rejects if it failed to answer in time. */
  async waitForAutocomplete(id: string, timeoutMs = 5000): Promise<APIApplicationCommandOptionChoice[]> {
    const view = await this.waitForInteractionResponse(id, (r) => r.state !== 'pending', timeoutMs);
    if (!view.choices) throw new Error(`discord-emulator: autocomplete ${id} ended ${view.state} without choices`);
    return view.choices;
  }

  /** Parses slash-command text for a channel's guild without invoking it. */
  parseSlash(channelId: string, text: string, opts: SlashParseOptions = {}): ReturnType<typeof parseSlash> {
    const channel = this.model.channel(channelId);
    return parseSlash(text, commandsFor(this.core, channel.guildId), this.resolverFor(channel.guildId), opts);
  }

  /**
   * Clicks a button (or picks select values) on a bot message as a user, checked as Discord checks it (the
   * component exists and is enabled, values are valid); returns the interaction id.
   */
  clickComponent(
    userId: string,
    channelId: string,
    messageId: string,
    customId: string,
    values?: string[],
    opts: { locale?: Locale } = {},
  ): string {
    const message = this.model.message(channelId, messageId);
    const componentType = findComponent(message.components, customId)?.type ?? (values ? 3 : 2);
    return clickComponent(this.core, {
      userId,
      channelId,
      messageId,
      customId,
      componentType,
      values,
      locale: opts.locale,
    }).id;
  }

  // ---- observing ----------------------------------------------------------------------------

  /** Messages in a channel (or everywhere), oldest first; deleted ones only with `includeDeleted`. */
  messages(channelId?: string, opts: { includeDeleted?: boolean } = {}): RecordedMessage[] {
    return [...this.model.messages.values()]
      .filter((m) => (channelId === undefined || m.channelId === channelId) && (opts.includeDeleted || !m.deleted))
      .map((m) => viewMessage(this.core, m));
  }

  /** One message by id, deleted or not. */
  message(id: string): RecordedMessage | undefined {
    const m = this.model.messages.get(id);
    return m ? viewMessage(this.core, m) : undefined;
  }

  /** Every REST request received, oldest first, optionally filtered. */
  requests(filter: RequestFilter = {}): RecordedRequest[] {
    return this.core.recorder.requests.filter((r) => {
      if (filter.method && r.method !== filter.method.toUpperCase()) return false;
      if (filter.actor && r.actor.kind !== filter.actor) return false;
      if (filter.route === undefined) return true;
      if (typeof filter.route === 'string') return r.route === filter.route || r.path === filter.route;
      return filter.route.test(r.path) || filter.route.test(r.route);
    });
  }

  /** Resolves with the first truthy result of `check`, re-evaluated after every emulator event. */
  waitFor<T>(check: () => T | undefined | null | false, timeoutMs = 5000): Promise<T> {
    return this.core.recorder.waitFor(check, timeoutMs);
  }

  /** Waits for a (live) message matching `predicate`, including ones already posted. */
  waitForMessage(predicate: (m: RecordedMessage) => boolean, timeoutMs = 5000): Promise<RecordedMessage> {
    return this.core.recorder.waitFor(() => this.messages().find(predicate), timeoutMs, 'a matching message');
  }

  /** Waits for a REST request matching `predicate`, including ones already received. */
  waitForRequest(predicate: (r: RecordedRequest) => boolean, timeoutMs = 5000): Promise<RecordedRequest> {
    return this.core.recorder.waitFor(
      () => this.core.recorder.requests.find(predicate),
      timeoutMs,
      'a matching request',
    );
  }

  /** Subscribes to emulator events; returns the unsubscribe function. */
  on(listener: (event: EmulatorEvent) => void): () => void {
    return this.core.recorder.on(listener);
  }

  /** The raw interaction record. */
  interaction(id: string): InteractionRecord | undefined {
    return this.core.interactions.get(id);
  }

  /** Where an interaction ended up: state, and the final content after callback and @original edits. */
  interactionResponse(id: string): InteractionResponseView {
    const record = this.core.interactions.get(id);
    if (!record) throw new Error(`discord-emulator: no interaction ${id}`);
    const original = record.originalMessageId ? this.message(record.originalMessageId) : undefined;
    const live = original && !original.deleted ? original : undefined;
    return {
      id,
      state: record.state,
      callbackType: record.callbackType,
      content: live?.content,
      ephemeral: live?.ephemeral ?? false,
      original,
      followups: record.followupIds.flatMap((m) => this.message(m) ?? []),
      choices: record.choices,
    };
  }

  /** Waits until the interaction's response satisfies `predicate` (default: answered with a non-loading message, or failed). */
  waitForInteractionResponse(
    id: string,
    predicate: (r: InteractionResponseView) => boolean = (r) =>
      r.state === 'failed' || (r.state === 'replied' && !r.original?.loading),
    timeoutMs = 5000,
  ): Promise<InteractionResponseView> {
    return this.core.recorder.waitFor(
      () => {
        const view = this.interactionResponse(id);
        return predicate(view) ? view : undefined;
      },
      timeoutMs,
      `interaction ${id} response`,
    );
  }

  // ---- fault injection ----------------------------------------------------------------------

  /** Makes the next matching request(s) fail with `status` (default body: Discord's for that status). */
  failNext(rule: FailRule): void {
    this.rest.failRules.push({ ...rule, times: rule.times ?? 1 });
  }

  /** Changes rate limits at runtime and clears open windows. */
  setRateLimits(options: RateLimitOptions): void {
    this.core.limiter.configure(options);
    this.core.limiter.reset();
  }

  /** 429s served so far. */
  rateLimitHits(): { route: number; global: number; total: number } {
    const { route, global } = this.core.limiter.served;
    return { route, global, total: route + global };
  }

  /** Closes every bot websocket from the server side; sessions stay resumable (default close code 4000). */
  dropConnections(code?: number): void {
    this.core.gateway.dropConnections(code);
  }

  /** Sends opcode 7 RECONNECT to every connected bot. */
  requestReconnect(): void {
    this.core.gateway.requestReconnect();
  }

  /** Forgets every gateway session, so RESUME attempts get INVALID_SESSION. */
  invalidateSessions(): void {
    this.core.gateway.invalidateSessions();
  }

  /** Number of bot gateway connections that are identified or resumed. */
  connectedBots(): number {
    return this.core.gateway.connectedCount();
  }

  /**
   * The gateway sessions the emulator holds: connected ones, and disconnected ones still inside the resume window
   * (their dispatches are kept for replay). A session is gone once its window has passed.
   */
  gatewaySessions(): { id: string; shard: [number, number]; connected: boolean; seq: number }[] {
    return [...this.core.gateway.sessions.values()].map((s) => ({
      id: s.id,
      shard: s.shard,
      connected: s.socket !== null,
      seq: s.seq,
    }));
  }

  /** Every IDENTIFY received, with its rate-limit key and whether it was let through (see `maxConcurrency`). */
  identifies(): IdentifyRecord[] {
    return [...this.core.gateway.identifies];
  }

  /**
   * Every 429 the REST API answered, in order: the route, who asked, and whether it was the global limit (body
   * `global: true`, `X-RateLimit-Global`) or a route's bucket.
   */
  tooManyRequests(): { at: number; route: string; actor: Actor; scope: 'global' | 'route' }[] {
    return this.core.recorder.requests.flatMap((r) =>
      r.rateLimited ? [{ at: r.at, route: r.route, actor: r.actor, scope: r.rateLimited }] : [],
    );
  }

  /** Resolves `@name`, `<@id>`, `#channel`, `@Role` tokens within a guild (used by the slash parser). */
  resolverFor(guildId: string | null): SlashResolver {
    const guild = guildId ? this.model.guilds.get(guildId) : undefined;
    const norm = (s: string): string => s.replace(/^[@#]/, '').toLowerCase();
    return {
      user: (token) => {
        const id = /^<@!?(\d+)>$/.exec(token)?.[1] ?? (/^\d{15,25}$/.test(token) ? token : undefined);
        if (id) return this.model.users.has(id) ? id : undefined;
        for (const [userId, member] of guild?.members ?? []) {
          const user = this.model.users.get(userId);
          const names = [user?.username, user?.globalName, member.nick]
            .filter((n): n is string => !!n)
            .map((n) => n.toLowerCase());
          if (names.includes(norm(token))) return userId;
        }
        return undefined;
      },
      channel: (token) => {
        const id = /^<#(\d+)>$/.exec(token)?.[1] ?? (/^\d{15,25}$/.test(token) ? token : undefined);
        if (id) return this.model.channels.has(id) ? id : undefined;
        return guild?.channelIds.find((c) => this.model.channels.get(c)?.name.toLowerCase() === norm(token));
      },
      role: (token) => {
        const id = /^<@&(\d+)>$/.exec(token)?.[1] ?? (/^\d{15,25}$/.test(token) ? token : undefined);
        if (id) return guild?.roles.has(id) ? id : undefined;
        return [...(guild?.roles.values() ?? [])].find((r) => norm(r.name) === norm(token))?.id;
      },
    };
  }
}

/** Starts an emulator on localhost and resolves once it listens. */
export async function startEmulator(options: EmulatorOptions = {}): Promise<Emulator> {
  return new Emulator(options).listen(options.port ?? 0, options.host ?? '127.0.0.1');
}
