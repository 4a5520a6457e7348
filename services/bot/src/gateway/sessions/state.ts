import {
  GatewayDispatchEvents,
  GatewayOpcodes,
  type APIGuildMember,
  type APIUnavailableGuild,
  type GatewayDispatchPayload,
  type GatewayGuildCreateDispatchData,
  type GatewayReadyDispatchData,
} from 'discord-api-types/v10';

/** What a new process needs of READY to stand in for it: who the bot is, and the session it resumes. */
export type ReadyFacts = Pick<
  GatewayReadyDispatchData,
  'v' | 'user' | 'application' | 'session_id' | 'resume_gateway_url' | 'shard'
>;

/**
 * A guild as the bot's caches need it after a restart: GUILD_CREATE without the parts the bot does not cache
 * (members other than the bot itself, presences, voice states, emoji, stickers, events, stages, sounds).
 */
export type GuildFacts = Omit<
  GatewayGuildCreateDispatchData,
  | 'members'
  | 'presences'
  | 'voice_states'
  | 'emojis'
  | 'stickers'
  | 'stage_instances'
  | 'guild_scheduled_events'
  | 'soundboard_sounds'
> & { members: APIGuildMember[] };

/** A guild the shard holds: its facts, or only its id while Discord reports it unavailable. */
export type HeldGuild = GuildFacts | APIUnavailableGuild;

/** The last message the bot handed over per channel (backfill starts after it). */
export interface ChannelCursor {
  guildId: string;
  lastMessageId: string;
}

/**
 * A backfill still to do: the channels of a session that ended without being resumed, each from where the bot
 * stopped, plus any channel whose newest message is after `floor`; only messages before `until` (the new
 * session's READY: what came later arrives live).
 */
export interface PendingBackfill {
  channels: Record<string, ChannelCursor>;
  /** A snowflake: channels without a cursor are read after it. */
  floor: string;
  /** A snowflake: nothing at or after it is backfilled. */
  until: string;
}

/**
 * One shard's gateway state as of the last dispatch the bot has fully handled (the watermark): the session and
 * the sequence to RESUME from, the facts a new process's caches are rebuilt from, the channel cursors for a
 * backfill, and a backfill in progress. It is a fold over handled dispatches, in order, so what is persisted
 * never runs ahead of what was published: Discord replays everything after `session.sequence`.
 */
export interface ShardState {
  shardId: number;
  shardCount: number;
  session: { id: string; resumeURL: string; sequence: number } | null;
  ready: ReadyFacts | null;
  guilds: Record<string, HeldGuild>;
  channels: Record<string, ChannelCursor>;
  /** How many channels `channels` holds (kept, so that a message does not count them). */
  cursorCount: number;
  /** When the last dispatch was handled (ms since the epoch): a session's last sign of life. */
  handledAt: number;
  backfill: PendingBackfill | null;
}

/** Channel cursors kept: past a quarter more, only this many, the most recently active. */
export const MaxCursors = 10_000;

/** A fresh shard state: nothing seen yet. */
export function emptyShardState(shardId: number, shardCount: number): ShardState {
  return {
    shardId,
    shardCount,
    session: null,
    ready: null,
    guilds: {},
    channels: {},
    cursorCount: 0,
    handledAt: 0,
    backfill: null,
  };
}

/** A snowflake for a time: the smallest id Discord could give something created then. */
export function snowflakeAt(ms: number): string {
  return ((BigInt(Math.max(ms, DiscordEpoch)) - BigInt(DiscordEpoch)) << 22n).toString();
}

const DiscordEpoch = 1_420_070_400_000;

/** The later of two snowflakes. */
function later(a: string, b: string): string {
  return BigInt(a) >= BigInt(b) ? a : b;
}

/** The earlier of two snowflakes. */
function earlier(a: string, b: string): string {
  return BigInt(a) <= BigInt(b) ? a : b;
}

/**
 * Applies one handled dispatch to the state. Returns whether the guild facts changed (they are persisted apart
 * from the small rest, only when they change). A READY that follows another session of this shard schedules a
 * backfill of what that session did not hand over.
 */
export function applyDispatch(state: ShardState, packet: GatewayDispatchPayload, now: number): boolean {
  const lastSignOfLife = state.handledAt;
  state.handledAt = now;
  let guildsChanged = false;
  switch (packet.t) {
    case GatewayDispatchEvents.Ready: {
      const d = packet.d;
      if (state.session && state.session.id !== d.session_id) scheduleBackfill(state, lastSignOfLife, now);
      state.ready = {
        v: d.v,
        user: d.user,
        application: d.application,
        session_id: d.session_id,
        resume_gateway_url: d.resume_gateway_url,
        ...(d.shard ? { shard: d.shard } : {}),
      };
      state.session = { id: d.session_id, resumeURL: d.resume_gateway_url, sequence: packet.s };
      state.guilds = Object.fromEntries(d.guilds.map((g) => [g.id, { id: g.id, unavailable: true }]));
      return true;
    }
    case GatewayDispatchEvents.GuildCreate:
      state.guilds[packet.d.id] = packet.d.unavailable
        ? { id: packet.d.id, unavailable: true }
        : trimGuild(state, packet.d);
      guildsChanged = true;
      break;
    case GatewayDispatchEvents.GuildUpdate:
      guildsChanged = updateGuild(state, packet.d.id, (g) => Object.assign(g, packet.d));
      break;
    case GatewayDispatchEvents.GuildDelete: {
      const { [packet.d.id]: _left, ...others } = state.guilds;
      state.guilds = packet.d.unavailable
        ? { ...others, [packet.d.id]: { id: packet.d.id, unavailable: true } }
        : others;
      guildsChanged = true;
      break;
    }
    case GatewayDispatchEvents.ChannelCreate:
    case GatewayDispatchEvents.ChannelUpdate:
    case GatewayDispatchEvents.ChannelDelete: {
      const d = packet.d;
      if (!('guild_id' in d) || !d.guild_id) break;
      guildsChanged = updateGuild(state, d.guild_id, (g) => {
        g.channels = g.channels.filter((c) => c.id !== d.id);
        if (packet.t !== GatewayDispatchEvents.ChannelDelete) g.channels.push(d as GuildFacts['channels'][number]);
      });
      break;
    }
    case GatewayDispatchEvents.ThreadCreate:
    case GatewayDispatchEvents.ThreadUpdate:
    case GatewayDispatchEvents.ThreadDelete: {
      const d = packet.d;
      if (!d.guild_id) break;
      guildsChanged = updateGuild(state, d.guild_id, (g) => {
        g.threads = g.threads.filter((t) => t.id !== d.id);
        if (packet.t !== GatewayDispatchEvents.ThreadDelete) g.threads.push(d as GuildFacts['threads'][number]);
      });
      break;
    }
    case GatewayDispatchEvents.ThreadListSync: {
      const d = packet.d;
      const parents = d.channel_ids ? new Set(d.channel_ids) : undefined;
      guildsChanged = updateGuild(state, d.guild_id, (g) => {
        g.threads = [
          ...g.threads.filter((t) => parents && !parents.has(t.parent_id ?? '')),
          ...(d.threads as GuildFacts['threads']),
        ];
      });
      break;
    }
    case GatewayDispatchEvents.GuildRoleCreate:
    case GatewayDispatchEvents.GuildRoleUpdate: {
      const { guild_id, role } = packet.d;
      guildsChanged = updateGuild(state, guild_id, (g) => {
        g.roles = [...g.roles.filter((r) => r.id !== role.id), role];
      });
      break;
    }
    case GatewayDispatchEvents.GuildRoleDelete: {
      const { guild_id, role_id } = packet.d;
      guildsChanged = updateGuild(state, guild_id, (g) => {
        g.roles = g.roles.filter((r) => r.id !== role_id);
      });
      break;
    }
    case GatewayDispatchEvents.GuildMemberAdd: {
      const d = packet.d;
      guildsChanged = updateGuild(state, d.guild_id, (g) => {
        g.member_count++;
        if (d.user.id === state.ready?.user.id) g.members = [d];
      });
      break;
    }
    case GatewayDispatchEvents.GuildMemberRemove:
      guildsChanged = updateGuild(state, packet.d.guild_id, (g) => {
        g.member_count = Math.max(0, g.member_count - 1);
      });
      break;
    case GatewayDispatchEvents.GuildMemberUpdate: {
      const d = packet.d;
      // Only the bot's own member is kept (its roles decide what it may do); others are fetched when needed.
      if (d.user.id !== state.ready?.user.id) break;
      guildsChanged = updateGuild(state, d.guild_id, (g) => {
        const [old] = g.members;
        g.members = [{ ...old, ...d, deaf: old?.deaf ?? false, mute: old?.mute ?? false } as APIGuildMember];
      });
      break;
    }
    case GatewayDispatchEvents.MessageCreate: {
      const d = packet.d;
      if (d.guild_id) noteMessage(state, d.channel_id, d.guild_id, d.id);
      break;
    }
    default:
      break;
  }
  if (state.session) state.session.sequence = packet.s;
  return guildsChanged;
}

/** Remembers the newest message handed over in a channel; past the limit, the most recently active are kept. */
function noteMessage(state: ShardState, channelId: string, guildId: string, messageId: string): void {
  const previous = state.channels[channelId];
  if (!previous) state.cursorCount++;
  state.channels[channelId] = {
    guildId,
    lastMessageId: previous ? later(previous.lastMessageId, messageId) : messageId,
  };
  // Trimmed in batches, so a busy shard does not sort its channels on every message.
  if (state.cursorCount <= MaxCursors * 1.25) return;
  const newest = Object.entries(state.channels)
    .sort(([, a], [, b]) => (BigInt(a.lastMessageId) > BigInt(b.lastMessageId) ? -1 : 1))
    .slice(0, MaxCursors);
  state.channels = Object.fromEntries(newest);
  state.cursorCount = newest.length;
}

/**
 * A new session replaced one that was not resumed: what that session had not handed over is to be read back from
 * channel history. The cursors move to the backfill (merged with one still pending, keeping each channel's older
 * cursor), the floor is the old session's last sign of life (a minute earlier), the end is now.
 */
function scheduleBackfill(state: ShardState, lastSignOfLife: number, now: number): void {
  const channels = { ...state.channels };
  // A margin for clocks: Discord's (in the snowflakes) and ours (handledAt) need not agree to the second.
  let floor = snowflakeAt(lastSignOfLife - 60_000);
  if (state.backfill) {
    for (const [id, cursor] of Object.entries(state.backfill.channels)) {
      const live = channels[id];
      channels[id] = live ? { ...cursor, lastMessageId: earlier(cursor.lastMessageId, live.lastMessageId) } : cursor;
    }
    floor = earlier(floor, state.backfill.floor);
  }
  state.backfill = { channels, floor, until: snowflakeAt(now) };
  state.channels = {};
  state.cursorCount = 0;
}

function updateGuild(state: ShardState, guildId: string, change: (guild: GuildFacts) => void): boolean {
  const guild = state.guilds[guildId];
  if (!guild || !('name' in guild)) return false;
  change(guild);
  return true;
}

function trimGuild(state: ShardState, d: GatewayGuildCreateDispatchData): GuildFacts {
  const {
    members,
    presences: _presences,
    voice_states: _voiceStates,
    emojis: _emojis,
    stickers: _stickers,
    stage_instances: _stages,
    guild_scheduled_events: _events,
    soundboard_sounds: _sounds,
    ...rest
  } = d;
  return { ...rest, members: members.filter((m) => m.user.id === state.ready?.user.id) };
}

/**
 * The READY and GUILD_CREATE dispatches a new process's caches are built from before it resumes: Discord does
 * not send them again on RESUME, and without them discord.js drops events for channels it does not know.
 */
export function standInDispatches(state: ShardState): GatewayDispatchPayload[] {
  const { ready, session } = state;
  if (!ready || !session) return [];
  const s = session.sequence;
  const guilds = Object.values(state.guilds);
  const readyPayload: GatewayDispatchPayload = {
    op: GatewayOpcodes.Dispatch,
    t: GatewayDispatchEvents.Ready,
    s,
    d: { ...ready, guilds: guilds.map((g) => ({ id: g.id, unavailable: true })) },
  };
  const creates = guilds.flatMap((g): GatewayDispatchPayload[] =>
    'name' in g
      ? [
          {
            op: GatewayOpcodes.Dispatch,
            t: GatewayDispatchEvents.GuildCreate,
            s,
            d: {
              ...g,
              presences: [],
              voice_states: [],
              emojis: [],
              stickers: [],
              stage_instances: [],
              guild_scheduled_events: [],
              soundboard_sounds: [],
            },
          },
        ]
      : [],
  );
  return [readyPayload, ...creates];
}
