import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createLogger } from '@guildhall/runtime';
import {
  ChannelType,
  GatewayDispatchEvents,
  GatewayOpcodes,
  type GatewayDispatchPayload,
  type GatewayGuildCreateDispatchData,
} from 'discord-api-types/v10';
import { afterEach, describe, expect, it } from 'vitest';
import { ShardSession } from '../src/gateway/sessions/shard-session.ts';
import {
  applyDispatch,
  emptyShardState,
  MaxCursors,
  snowflakeAt,
  standInDispatches,
  type GuildFacts,
  type ShardState,
} from '../src/gateway/sessions/state.ts';
import { FileShardStore, type ShardStore } from '../src/gateway/sessions/store.ts';
import { collectWork } from '../src/gateway/sessions/work.ts';

const log = createLogger('test', { level: 'silent' });
const BotId = '900000000000000001';
const GuildId = '800000000000000001';

let s = 0;
/** A dispatch as the gateway sends it, numbered in order. */
function dispatch<T extends GatewayDispatchPayload['t']>(
  t: T,
  d: Extract<GatewayDispatchPayload, { t: T }>['d'],
): GatewayDispatchPayload {
  return { op: GatewayOpcodes.Dispatch, t, s: ++s, d } as GatewayDispatchPayload;
}

const user = (id: string) => ({ id, username: `u${id}`, discriminator: '0', global_name: null, avatar: null });
const member = (id: string, roles: string[] = []) => ({
  user: user(id),
  roles,
  joined_at: '2024-01-01T00:00:00.000Z',
  deaf: false,
  mute: false,
  flags: 0,
});

function ready(sessionId: string): GatewayDispatchPayload {
  return dispatch(GatewayDispatchEvents.Ready, {
    v: 10,
    user: { ...user(BotId), bot: true },
    guilds: [{ id: GuildId, unavailable: true }],
    session_id: sessionId,
    resume_gateway_url: 'wss://gateway.example',
    shard: [0, 1],
    application: { id: BotId, flags: 0, flags_new: '0' } as never,
  });
}

function guildCreate(): GatewayDispatchPayload {
  const d = {
    id: GuildId,
    name: 'Guild',
    owner_id: '1',
    roles: [{ id: GuildId, name: '@everyone', position: 0, permissions: '0' }],
    channels: [
      { id: '700000000000000001', type: ChannelType.GuildText, name: 'general', last_message_id: '1000' },
      { id: '700000000000000002', type: ChannelType.GuildText, name: 'quiet', last_message_id: null },
    ],
    threads: [],
    members: [member(BotId, ['r-bot']), member('2'), member('3')],
    presences: [{ user: { id: '2' }, status: 'online' }],
    voice_states: [],
    emojis: [{ id: 'e', name: 'e' }],
    stickers: [],
    stage_instances: [],
    guild_scheduled_events: [],
    soundboard_sounds: [],
    member_count: 3,
    preferred_locale: 'en-US',
  } as unknown as GatewayGuildCreateDispatchData;
  return dispatch(GatewayDispatchEvents.GuildCreate, d);
}

const message = (id: string, channelId = '700000000000000001') =>
  dispatch(GatewayDispatchEvents.MessageCreate, {
    id,
    channel_id: channelId,
    guild_id: GuildId,
    author: user('2'),
    content: 'hi',
  } as never);

function started(): ShardState {
  const state = emptyShardState(0, 1);
  applyDispatch(state, ready('session-1'), 1_000);
  applyDispatch(state, guildCreate(), 1_000);
  return state;
}

const facts = (state: ShardState) => state.guilds[GuildId] as GuildFacts;

describe('shard state: a fold over handled dispatches', () => {
  it('keeps the session, the sequence and the guild as the caches need it, without what they do not keep', () => {
    const state = started();
    expect(state.session).toEqual({ id: 'session-1', resumeURL: 'wss://gateway.example', sequence: s });
    const guild = facts(state);
    expect(guild.members.map((m) => m.user.id)).toEqual([BotId]);
    expect(guild).not.toHaveProperty('presences');
    expect(guild).not.toHaveProperty('emojis');
    expect(guild.member_count).toBe(3);
  });

  it('follows roles, channels, members and the bot itself', () => {
    const state = started();
    const role = { id: 'r-new', name: 'New', position: 3, permissions: '8' } as never;
    applyDispatch(state, dispatch(GatewayDispatchEvents.GuildRoleCreate, { guild_id: GuildId, role }), 2);
    applyDispatch(state, dispatch(GatewayDispatchEvents.GuildRoleDelete, { guild_id: GuildId, role_id: GuildId }), 2);
    expect(facts(state).roles.map((r) => r.id)).toEqual(['r-new']);
    const channel = { id: '700000000000000003', type: ChannelType.GuildText, guild_id: GuildId, name: 'new' } as never;
    applyDispatch(state, dispatch(GatewayDispatchEvents.ChannelCreate, channel), 2);
    applyDispatch(
      state,
      dispatch(GatewayDispatchEvents.ChannelDelete, { ...(channel as object), id: '700000000000000002' } as never),
      2,
    );
    expect(facts(state).channels.map((c) => c.id)).toEqual(['700000000000000001', '700000000000000003']);
    applyDispatch(state, dispatch(GatewayDispatchEvents.GuildMemberAdd, { ...member('4'), guild_id: GuildId }), 2);
    applyDispatch(state, dispatch(GatewayDispatchEvents.GuildMemberRemove, { guild_id: GuildId, user: user('3') }), 2);
    applyDispatch(state, dispatch(GatewayDispatchEvents.GuildMemberAdd, { ...member('5'), guild_id: GuildId }), 2);
    expect(facts(state).member_count).toBe(4);
    applyDispatch(
      state,
      dispatch(GatewayDispatchEvents.GuildMemberUpdate, { ...member(BotId, ['r-new']), guild_id: GuildId } as never),
      2,
    );
    expect(facts(state).members).toEqual([expect.objectContaining({ roles: ['r-new'] })]);
    applyDispatch(state, dispatch(GatewayDispatchEvents.GuildUpdate, { id: GuildId, name: 'Renamed' } as never), 2);
    expect(facts(state)).toMatchObject({ name: 'Renamed', preferred_locale: 'en-US' });
    expect(state.session?.sequence).toBe(s);
  });

  it('gives a new process READY and GUILD_CREATE at the persisted sequence', () => {
    const state = started();
    const [r, g, ...rest] = standInDispatches(state);
    expect(rest).toEqual([]);
    expect(r).toMatchObject({
      t: 'READY',
      s,
      d: { session_id: 'session-1', guilds: [{ id: GuildId, unavailable: true }] },
    });
    expect(g).toMatchObject({
      t: 'GUILD_CREATE',
      s,
      d: { id: GuildId, presences: [], members: [{ user: { id: BotId } }] },
    });
  });

  it('remembers the newest message per channel, the most recently active channels first to stay', () => {
    const state = started();
    applyDispatch(state, message('5000'), 2);
    applyDispatch(state, message('4000'), 2);
    expect(state.channels['700000000000000001']).toEqual({ guildId: GuildId, lastMessageId: '5000' });
    const more = MaxCursors * 1.25;
    for (let i = 0; i < more - 1; i++) applyDispatch(state, message(String(10_000 + i), `c${i}`), 2);
    expect(state.cursorCount).toBe(more);
    expect(state.channels['700000000000000001']).toBeDefined();
    applyDispatch(state, message(String(10_000 + more), `c${more}`), 2);
    expect(Object.keys(state.channels)).toHaveLength(MaxCursors);
    expect(state.cursorCount).toBe(MaxCursors);
    expect(state.channels['700000000000000001']).toBeUndefined();
    expect(state.channels[`c${more - MaxCursors - 1}`]).toBeUndefined();
    expect(state.channels[`c${more - MaxCursors}`]).toBeDefined();
  });

  it('a READY of another session schedules a backfill of what the old one saw, merged with one still pending', () => {
    const state = started();
    applyDispatch(state, message('5000'), 60_000_000);
    applyDispatch(state, ready('session-2'), 61_000_000);
    expect(state.backfill).toEqual({
      channels: { '700000000000000001': { guildId: GuildId, lastMessageId: '5000' } },
      floor: snowflakeAt(60_000_000 - 60_000),
      until: snowflakeAt(61_000_000),
    });
    expect(state.channels).toEqual({});
    // The second session dies too before the backfill is done: the older cursor is kept, the new channel added.
    applyDispatch(state, message('9000'), 62_000_000);
    applyDispatch(state, message('9100', 'other'), 62_000_000);
    applyDispatch(state, ready('session-3'), 63_000_000);
    expect(state.backfill?.channels).toEqual({
      '700000000000000001': { guildId: GuildId, lastMessageId: '5000' },
      other: { guildId: GuildId, lastMessageId: '9100' },
    });
    expect(state.backfill?.floor).toBe(snowflakeAt(60_000_000 - 60_000));
    expect(state.backfill?.until).toBe(snowflakeAt(63_000_000));
  });
});

/** A store that keeps what was saved, as a copy. */
function memoryStore(): ShardStore & { saved: ShardState[] } {
  const saved: ShardState[] = [];
  return {
    saved,
    load: () => Promise.resolve(saved.at(-1) ? structuredClone(saved.at(-1) as ShardState) : null),
    save: (state) => {
      saved.push(structuredClone(state));
      return Promise.resolve();
    },
  };
}

describe('shard session: the watermark', () => {
  it('persists no sequence past a dispatch whose work is not done, and writes the new session at once', async () => {
    const store = memoryStore();
    const session = await ShardSession.open(store, 0, 1, 10_000, log);
    const receive = (packet: GatewayDispatchPayload, work?: Promise<unknown>) => {
      const entry = session.receive(packet);
      if (work)
        collectWork(
          (w) => session.hold(entry, w),
          () => session.hold(entry, work),
        );
      session.emitted(entry);
    };
    receive(ready('session-1'));
    await session.flush();
    expect(store.saved.at(-1)?.session?.sequence).toBe(s);
    let publish!: () => void;
    const published = new Promise<void>((resolve) => (publish = resolve));
    const m1 = message('5000');
    receive(m1, published);
    const m2 = message('5001');
    receive(m2);
    await session.flush();
    expect(store.saved.at(-1)?.session?.sequence).toBe(m1.s - 1);
    publish();
    await published;
    await session.flush();
    expect(store.saved.at(-1)?.session?.sequence).toBe(m2.s);
    expect(store.saved.at(-1)?.channels['700000000000000001']?.lastMessageId).toBe('5001');
  });

  it('offers the persisted session once, for the same shard count only; a graceful stop writes and stops writing', async () => {
    const store = memoryStore();
    const first = await ShardSession.open(store, 0, 1, 10_000, log);
    for (const packet of [ready('session-1'), guildCreate()]) first.emitted(first.receive(packet));
    let done!: () => void;
    const slow = first.receive(message('6000'));
    first.hold(slow, new Promise<void>((resolve) => (done = resolve)));
    first.emitted(slow);
    setTimeout(done, 20);
    await first.handOver(5_000);
    expect(store.saved.at(-1)?.session?.sequence).toBe(slow.packet.s);
    const writes = store.saved.length;
    first.emitted(first.receive(message('6001')));
    await first.flush();
    expect(store.saved).toHaveLength(writes);

    const next = await ShardSession.open(store, 0, 1, 10_000, log);
    expect(next.standIns().map((p) => p.t)).toEqual(['READY', 'GUILD_CREATE']);
    expect(next.retrieve()).toMatchObject({ sessionId: 'session-1', sequence: slow.packet.s, shardCount: 1 });
    next.update(null);
    expect(next.retrieve()).toBeNull();
    const resharded = await ShardSession.open(store, 0, 2, 10_000, log);
    expect(resharded.standIns()).toEqual([]);
    expect(resharded.retrieve()).toBeNull();
  });
});

describe('file store', () => {
  let dir: string | undefined;
  afterEach(() => {
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('round-trips the state; rewrites the guild facts only when they change; a torn write leaves the old pair', async () => {
    dir = mkdtempSync(join(tmpdir(), 'gh-store-'));
    const store = new FileShardStore(dir, 3);
    expect(await store.load()).toBeNull();
    const state = started();
    await store.save(state, true);
    expect(await new FileShardStore(dir, 3).load()).toEqual(state);
    state.session = { id: 'session-1', resumeURL: 'wss://gateway.example', sequence: 99 };
    await store.save(state, false);
    expect(readdirSync(dir).sort()).toEqual(['shard-3.guilds.1.json', 'shard-3.json']);
    facts(state).name = 'Renamed';
    await store.save(state, true);
    expect(readdirSync(dir).sort()).toEqual(['shard-3.guilds.2.json', 'shard-3.json']);
    // A process that died after writing the next guild file but before the state file that names it.
    writeFileSync(join(dir, 'shard-3.guilds.3.json'), '{"half":');
    const loaded = await new FileShardStore(dir, 3).load();
    expect(loaded?.session?.sequence).toBe(99);
    expect((loaded?.guilds[GuildId] as GuildFacts).name).toBe('Renamed');
  });
});
