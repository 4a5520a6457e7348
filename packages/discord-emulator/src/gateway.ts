import type { IncomingMessage } from 'node:http';
import { randomBytes } from 'node:crypto';
import { constants as zlibConstants, createDeflate } from 'node:zlib';
import type { Deflate } from 'node:zlib';
import { GatewayCloseCodes, GatewayDispatchEvents, GatewayIntentBits, GatewayOpcodes } from 'discord-api-types/v10';
import type {
  GatewayGuildCreateDispatchData,
  GatewayGuildMembersChunkDispatchData,
  GatewayReadyDispatchData,
} from 'discord-api-types/v10';
import type { WebSocket } from 'ws';
import type { BotRecord, Model } from './model.ts';
import { shardOf } from './snowflake.ts';

/** A gateway session: survives its socket so a client can RESUME and get what it missed. */
export interface Session {
  id: string;
  bot: BotRecord;
  intents: number;
  shard: [number, number];
  seq: number;
  /** Dispatches sent (or due) on this session, for replay on RESUME. */
  buffer: { s: number; t: string; d: unknown }[];
  socket: WebSocket | null;
  expiry: NodeJS.Timeout | undefined;
}

/** Gateway tuning. */
export interface GatewayOptions {
  heartbeatIntervalMs: number;
  /** How long a disconnected session stays resumable. */
  resumeWindowMs: number;
  /** Dispatches kept per session for replay. */
  bufferSize: number;
  /** `resume_gateway_url` sent in READY. */
  url: () => string;
  /** `max_concurrency`: identifies allowed per rate-limit key (`shard_id % max_concurrency`) per identify window. */
  maxConcurrency: number;
  /** The identify window (Discord: 5 s); 0 turns the identify limit off. */
  identifyWindowMs: number;
  /** Session starts allowed per bot per day (`session_start_limit.total`, Discord: 1000). */
  sessionStartLimit: number;
  /** Told when a session starts, resumes on a new socket, loses its socket, or ends (closed 1000/1001 or expired). */
  onSession: (sessionId: string, state: 'started' | 'resumed' | 'disconnected' | 'ended') => void;
}

/** One IDENTIFY the gateway received, and whether it started a session. */
export interface IdentifyRecord {
  at: number;
  botUserId: string;
  shard: [number, number];
  /** `shard_id % max_concurrency`. */
  rateLimitKey: number;
  /** False when it came too soon after another identify with the same key and got INVALID_SESSION. */
  accepted: boolean;
}

interface Connection {
  socket: WebSocket;
  session: Session | null;
  send: (payload: unknown) => void;
}

const PRIVILEGED_OR_KNOWN = Object.values(GatewayIntentBits)
  .filter((v): v is number => typeof v === 'number')
  .reduce((all, bit) => all | bit, 0);

/** Discord Gateway v10 (JSON encoding) over `ws`: HELLO, IDENTIFY/READY, RESUME, heartbeats and dispatches. */
export class Gateway {
  readonly sessions = new Map<string, Session>();
  /** Every IDENTIFY received, in order. */
  readonly identifies: IdentifyRecord[] = [];
  private readonly connections = new Set<Connection>();
  /** When each bot last started a session per rate-limit key (`botUserId:key`). */
  private readonly lastIdentify = new Map<string, number>();
  private readonly startedAt = Date.now();

  constructor(
    private readonly model: Model,
    private readonly options: GatewayOptions,
  ) {}

  /** Takes over a freshly upgraded socket. */
  accept(socket: WebSocket, request: IncomingMessage): void {
    const query = new URL(request.url ?? '/', 'http://localhost').searchParams;
    if ((query.get('encoding') ?? 'json') !== 'json') {
      socket.close(GatewayCloseCodes.DecodeError, 'Only JSON encoding is supported');
      return;
    }
    const conn: Connection = { socket, session: null, send: makeSender(socket, query.get('compress')) };
    this.connections.add(conn);
    socket.on('message', (raw) => this.onMessage(conn, raw.toString()));
    socket.on('close', (code) => this.onClose(conn, code));
    socket.on('error', () => undefined);
    conn.send({
      op: GatewayOpcodes.Hello,
      d: { heartbeat_interval: this.options.heartbeatIntervalMs },
      s: null,
      t: null,
    });
  }

  /** Sends `t` to every session `build` returns data for (undefined skips that session). */
  dispatch(t: GatewayDispatchEvents, build: (session: Session) => unknown): void {
    for (const session of this.sessions.values()) {
      const d = build(session);
      if (d !== undefined) this.send(session, t, d);
    }
  }

  /**
   * Dispatches a guild event to sessions of bots in the guild, on the guild's shard, holding one of
   * `intent`'s bits (0 = not gated). `build` may tailor or withhold data per bot.
   */
  dispatchGuild(guildId: string, t: GatewayDispatchEvents, intent: number, build: (session: Session) => unknown): void {
    const guild = this.model.guilds.get(guildId);
    if (!guild) return;
    this.dispatch(t, (s) => {
      if (!guild.members.has(s.bot.userId) || !this.onShard(s, guildId)) return undefined;
      if (intent !== 0 && (s.intents & intent) === 0) return undefined;
      return build(s);
    });
  }

  /** Sends GUILD_CREATE for a guild the bot just joined. */
  guildJoined(guildId: string, botUserId: string): void {
    this.dispatch(GatewayDispatchEvents.GuildCreate, (s) =>
      s.bot.userId === botUserId && this.onShard(s, guildId) ? this.guildCreate(guildId, s.bot) : undefined,
    );
  }

  /** Closes every bot socket from the server side, keeping sessions resumable (code 4000 by default, which clients resume after). */
  dropConnections(code: number = GatewayCloseCodes.UnknownError): void {
    for (const conn of this.connections) conn.socket.close(code, 'Dropped by emulator');
  }

  /** Asks every connected client to reconnect and resume (opcode 7), as Discord does before maintenance. */
  requestReconnect(): void {
    for (const conn of this.connections)
      if (conn.session) conn.send({ op: GatewayOpcodes.Reconnect, d: null, s: null, t: null });
  }

  /** Forgets every session so the next RESUME gets INVALID_SESSION. */
  invalidateSessions(): void {
    for (const s of this.sessions.values()) clearTimeout(s.expiry);
    this.sessions.clear();
  }

  /** Number of sockets that identified or resumed and are still open. */
  connectedCount(): number {
    return [...this.connections].filter((c) => c.session !== null).length;
  }

  close(): void {
    for (const conn of this.connections) conn.socket.terminate();
    this.invalidateSessions();
  }

  private onShard(s: Session, guildId: string | null): boolean {
    return guildId === null ? s.shard[0] === 0 : shardOf(guildId, s.shard[1]) === s.shard[0];
  }

  private send(session: Session, t: string, d: unknown): void {
    session.seq++;
    session.buffer.push({ s: session.seq, t, d });
    if (session.buffer.length > this.options.bufferSize) session.buffer.shift();
    const conn = this.connectionOf(session);
    conn?.send({ op: GatewayOpcodes.Dispatch, t, s: session.seq, d });
  }

  private connectionOf(session: Session): Connection | undefined {
    for (const c of this.connections) if (c.session === session) return c;
    return undefined;
  }

  private onMessage(conn: Connection, raw: string): void {
    let payload: { op?: unknown; d?: unknown };
    try {
      payload = JSON.parse(raw) as { op?: unknown; d?: unknown };
    } catch {
      conn.socket.close(GatewayCloseCodes.DecodeError, 'Error while decoding payload.');
      return;
    }
    switch (payload.op) {
      case GatewayOpcodes.Heartbeat:
        conn.send({ op: GatewayOpcodes.HeartbeatAck, d: null, s: null, t: null });
        return;
      case GatewayOpcodes.Identify:
        this.identify(conn, payload.d as IdentifyData);
        return;
      case GatewayOpcodes.Resume:
        this.resume(conn, payload.d as ResumeData);
        return;
      case GatewayOpcodes.RequestGuildMembers:
        if (!conn.session) return this.notAuthenticated(conn);
        this.requestMembers(conn.session, payload.d as RequestMembersData);
        return;
      case GatewayOpcodes.PresenceUpdate:
      case GatewayOpcodes.VoiceStateUpdate:
      case GatewayOpcodes.RequestSoundboardSounds:
        if (!conn.session) this.notAuthenticated(conn);
        return;
      default:
        conn.socket.close(GatewayCloseCodes.UnknownOpcode, 'Unknown opcode.');
    }
  }

  /**
   * Charges an identify against its rate-limit key: at most one session start per key per identify window, as
   * `max_concurrency` allows. A refused identify does not start the window again.
   */
  private admitIdentify(botUserId: string, shard: [number, number]): boolean {
    const now = Date.now();
    const rateLimitKey = shard[0] % this.options.maxConcurrency;
    const key = `${botUserId}:${rateLimitKey}`;
    const last = this.lastIdentify.get(key);
    const accepted = last === undefined || now - last >= this.options.identifyWindowMs;
    this.identifies.push({ at: now, botUserId, shard, rateLimitKey, accepted });
    if (accepted) this.lastIdentify.set(key, now);
    return accepted;
  }

  /** `session_start_limit` of `GET /gateway/bot`: accepted identifies count against the day's total. */
  sessionStartLimit(botUserId: string): {
    total: number;
    remaining: number;
    reset_after: number;
    max_concurrency: number;
  } {
    const day = 86_400_000;
    const elapsed = (Date.now() - this.startedAt) % day;
    const windowStart = Date.now() - elapsed;
    const started = this.identifies.filter((i) => i.accepted && i.botUserId === botUserId && i.at >= windowStart);
    return {
      total: this.options.sessionStartLimit,
      remaining: Math.max(0, this.options.sessionStartLimit - started.length),
      reset_after: day - elapsed,
      max_concurrency: this.options.maxConcurrency,
    };
  }

  private notAuthenticated(conn: Connection): void {
    conn.socket.close(GatewayCloseCodes.NotAuthenticated, 'Not authenticated.');
  }

  private identify(conn: Connection, d: IdentifyData): void {
    if (conn.session) return void conn.socket.close(GatewayCloseCodes.AlreadyAuthenticated, 'Already authenticated.');
    const bot = this.model.botByToken(stripBot(d?.token));
    if (!bot) return void conn.socket.close(GatewayCloseCodes.AuthenticationFailed, 'Authentication failed.');
    const intents = Number(d.intents);
    if (!Number.isInteger(intents) || (intents & ~PRIVILEGED_OR_KNOWN) !== 0) {
      return void conn.socket.close(GatewayCloseCodes.InvalidIntents, 'Invalid intent(s).');
    }
    const [shardId, shardCount] = d.shard ?? [0, 1];
    if (!(shardCount >= 1 && shardId >= 0 && shardId < shardCount)) {
      return void conn.socket.close(GatewayCloseCodes.InvalidShard, 'Invalid shard.');
    }
    if (!this.admitIdentify(bot.userId, [shardId, shardCount])) {
      // Discord: "If you hit this limit, the Gateway will respond with an Opcode 9 Invalid Session." The socket stays
      // open; the client waits and identifies again.
      return void conn.send({ op: GatewayOpcodes.InvalidSession, d: false, s: null, t: null });
    }
    const session: Session = {
      id: randomBytes(16).toString('hex'),
      bot,
      intents,
      shard: [shardId, shardCount],
      seq: 0,
      buffer: [],
      socket: conn.socket,
      expiry: undefined,
    };
    this.sessions.set(session.id, session);
    conn.session = session;
    this.options.onSession(session.id, 'started');
    const guilds = this.model.guildsOf(bot.userId).filter((g) => this.onShard(session, g.id));
    const ready: GatewayReadyDispatchData = {
      v: 10,
      user: { ...this.model.userJSON(bot.userId), verified: true, mfa_enabled: false },
      guilds: guilds.map((g) => ({ id: g.id, unavailable: true })),
      session_id: session.id,
      resume_gateway_url: this.options.url(),
      shard: [shardId, shardCount],
      application: { id: bot.applicationId, flags: bot.applicationFlags, flags_new: String(bot.applicationFlags) },
    };
    this.send(session, GatewayDispatchEvents.Ready, ready);
    for (const g of guilds) this.send(session, GatewayDispatchEvents.GuildCreate, this.guildCreate(g.id, bot));
  }

  private resume(conn: Connection, d: ResumeData): void {
    const session = this.sessions.get(String(d?.session_id));
    const bot = this.model.botByToken(stripBot(d?.token));
    if (!session || !bot || session.bot !== bot || typeof d.seq !== 'number') {
      // d: false tells the client to start over with IDENTIFY.
      conn.send({ op: GatewayOpcodes.InvalidSession, d: false, s: null, t: null });
      return;
    }
    const oldest = session.buffer[0]?.s ?? session.seq + 1;
    if (d.seq < oldest - 1 || d.seq > session.seq) {
      conn.send({ op: GatewayOpcodes.InvalidSession, d: false, s: null, t: null });
      return;
    }
    const previous = this.connectionOf(session);
    if (previous) {
      previous.session = null;
      previous.socket.close(GatewayCloseCodes.SessionTimedOut, 'Session resumed elsewhere.');
    }
    clearTimeout(session.expiry);
    session.expiry = undefined;
    session.socket = conn.socket;
    conn.session = session;
    for (const e of session.buffer) {
      if (e.s > d.seq) conn.send({ op: GatewayOpcodes.Dispatch, t: e.t, s: e.s, d: e.d });
    }
    session.seq++;
    conn.send({ op: GatewayOpcodes.Dispatch, t: GatewayDispatchEvents.Resumed, s: session.seq, d: {} });
    this.options.onSession(session.id, 'resumed');
  }

  private onClose(conn: Connection, code: number): void {
    this.connections.delete(conn);
    const session = conn.session;
    if (!session) return;
    session.socket = null;
    // A clean 1000/1001 close from the client ends the session, as on Discord; anything else stays resumable.
    if (code === 1000 || code === 1001) return this.end(session);
    this.options.onSession(session.id, 'disconnected');
    session.expiry = setTimeout(() => this.end(session), this.options.resumeWindowMs);
    session.expiry.unref();
  }

  private end(session: Session): void {
    clearTimeout(session.expiry);
    if (this.sessions.delete(session.id)) this.options.onSession(session.id, 'ended');
  }

  private requestMembers(session: Session, d: RequestMembersData): void {
    const guildIds = Array.isArray(d?.guild_id) ? d.guild_id : [d?.guild_id];
    for (const guildId of guildIds) {
      const guild = typeof guildId === 'string' ? this.model.guilds.get(guildId) : undefined;
      if (!guild || !guild.members.has(session.bot.userId)) continue;
      const wanted =
        d.user_ids === undefined ? undefined : new Set(Array.isArray(d.user_ids) ? d.user_ids : [d.user_ids]);
      const query = (d.query ?? '').toLowerCase();
      let members = [...guild.members.keys()].filter((id) => {
        if (wanted) return wanted.has(id);
        return this.model.user(id).username.toLowerCase().startsWith(query);
      });
      if (d.limit) members = members.slice(0, d.limit);
      const chunk: GatewayGuildMembersChunkDispatchData = {
        guild_id: guild.id,
        members: members.map((id) => this.model.memberJSON(guild.id, id)),
        chunk_index: 0,
        chunk_count: 1,
      };
      if (wanted) chunk.not_found = [...wanted].filter((id) => !guild.members.has(id));
      if (d.nonce !== undefined) chunk.nonce = d.nonce;
      this.send(session, GatewayDispatchEvents.GuildMembersChunk, chunk);
    }
  }

  /** The full GUILD_CREATE a bot receives for a guild it is in. */
  guildCreate(guildId: string, bot: BotRecord): GatewayGuildCreateDispatchData {
    const g = this.model.guild(guildId);
    const channels = g.channelIds.map((id) => this.model.channelJSON(id)) as GatewayGuildCreateDispatchData['channels'];
    return {
      ...this.model.guildJSON(guildId),
      joined_at: g.members.get(bot.userId)?.joinedAt ?? new Date().toISOString(),
      large: false,
      unavailable: false,
      member_count: g.members.size,
      voice_states: [],
      members: [...g.members.keys()].map((id) => this.model.memberJSON(guildId, id)),
      channels,
      threads: [],
      presences: [],
      stage_instances: [],
      guild_scheduled_events: [],
      soundboard_sounds: [],
    };
  }
}

interface IdentifyData {
  token?: unknown;
  intents?: unknown;
  shard?: [number, number];
}

interface ResumeData {
  token?: unknown;
  session_id?: unknown;
  seq?: unknown;
}

interface RequestMembersData {
  guild_id?: unknown;
  query?: string;
  limit?: number;
  user_ids?: string | string[];
  nonce?: string;
}

function stripBot(token: unknown): string {
  return typeof token === 'string' ? token.replace(/^Bot\s+/i, '') : '';
}

/** JSON text frames, or zlib-stream (one deflate context, sync-flushed per payload) when the client asks for it. */
function makeSender(socket: WebSocket, compress: string | null): (payload: unknown) => void {
  let deflate: Deflate | undefined;
  if (compress === 'zlib-stream') {
    deflate = createDeflate({ flush: zlibConstants.Z_SYNC_FLUSH });
    deflate.on('data', (chunk: Buffer) => {
      if (socket.readyState === socket.OPEN) socket.send(chunk);
    });
    socket.on('close', () => deflate?.destroy());
  }
  return (payload) => {
    if (socket.readyState !== socket.OPEN) return;
    const json = JSON.stringify(payload);
    if (deflate) deflate.write(json);
    else socket.send(json);
  };
}
