import { inflateSync } from 'node:zlib';
import { GatewayIntentBits, GatewayOpcodes } from 'discord-api-types/v10';
import { WebSocket } from 'ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { shardOf } from '../src/index.ts';
import { BOT_TOKEN, startWorld } from './helpers.ts';
import type { World } from './helpers.ts';

interface Payload {
  op: number;
  t: string | null;
  s: number | null;
  d: Record<string, unknown> & { content?: string };
}

/** A bare gateway client: queues payloads and lets a test await the next matching one. */
class RawGateway {
  readonly received: Payload[] = [];
  private waiters: { match: (p: Payload) => boolean; resolve: (p: Payload) => void }[] = [];
  readonly closed: Promise<number>;

  constructor(readonly ws: WebSocket) {
    ws.on('message', (raw: Buffer) => this.push(JSON.parse(raw.toString()) as Payload));
    this.closed = new Promise((resolve) => ws.on('close', (code) => resolve(code)));
  }

  static async open(url: string): Promise<RawGateway> {
    const ws = new WebSocket(`${url}?v=10&encoding=json`);
    const gw = new RawGateway(ws);
    await new Promise((resolve, reject) => ws.once('open', resolve).once('error', reject));
    return gw;
  }

  push(p: Payload): void {
    this.received.push(p);
    const waiter = this.waiters.find((w) => w.match(p));
    if (!waiter) return;
    this.waiters = this.waiters.filter((w) => w !== waiter);
    waiter.resolve(p);
  }

  next(match: (p: Payload) => boolean, timeoutMs = 2000): Promise<Payload> {
    const seen = this.received.find(match);
    if (seen) return Promise.resolve(seen);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('gateway payload did not arrive')), timeoutMs);
      this.waiters.push({ match, resolve: (p) => (clearTimeout(timer), resolve(p)) });
    });
  }

  send(op: number, d: unknown): void {
    this.ws.send(JSON.stringify({ op, d }));
  }

  identify(intents: number, shard: [number, number] = [0, 1], token = BOT_TOKEN): void {
    this.send(GatewayOpcodes.Identify, {
      token,
      intents,
      shard,
      properties: { os: 'linux', browser: 'test', device: 'test' },
    });
  }
}

let world: World;
const sockets: RawGateway[] = [];

async function open(): Promise<RawGateway> {
  const gw = await RawGateway.open(world.emu.gatewayUrl);
  sockets.push(gw);
  return gw;
}

beforeAll(async () => {
  // Most tests identify many times in a row; the identify limit has its own tests below.
  world = await startWorld({ heartbeatIntervalMs: 1000, identifyWindowMs: 0 });
});

afterAll(async () => {
  for (const s of sockets) s.ws.terminate();
  await world.emu.close();
});

describe('gateway v10', () => {
  it('sends HELLO, acks heartbeats, and closes 4004 on a bad token', async () => {
    const gw = await open();
    const hello = await gw.next((p) => p.op === GatewayOpcodes.Hello);
    expect(hello.d.heartbeat_interval).toBe(1000);
    gw.send(GatewayOpcodes.Heartbeat, null);
    await gw.next((p) => p.op === GatewayOpcodes.HeartbeatAck);
    gw.identify(GatewayIntentBits.Guilds, [0, 1], 'wrong-token');
    expect(await gw.closed).toBe(4004);
  });

  it('READY lists guilds as unavailable, then GUILD_CREATE; without MESSAGE_CONTENT content is stripped unless mentioned', async () => {
    const { emu, seed, bot } = world;
    const gw = await open();
    gw.identify(GatewayIntentBits.Guilds | GatewayIntentBits.GuildMessages);
    const ready = await gw.next((p) => p.t === 'READY');
    expect(ready.d.guilds).toEqual([{ id: seed.guildId, unavailable: true }]);
    expect(ready.d.resume_gateway_url).toBe(emu.gatewayUrl);
    expect(ready.d.application).toMatchObject({ id: bot.applicationId });
    const guild = await gw.next((p) => p.t === 'GUILD_CREATE');
    expect(guild.d.member_count).toBe(7);
    expect((guild.d.channels as unknown[]).length).toBe(3);

    emu.postAsUser(seed.users.alice.id, seed.channels.general, 'secret plans');
    const plain = await gw.next(
      (p) => p.t === 'MESSAGE_CREATE' && p.d.author !== undefined && (p.d.mentions as unknown[]).length === 0,
    );
    expect(plain.d.content).toBe('');
    emu.postAsUser(seed.users.alice.id, seed.channels.general, `<@${bot.userId}> help`);
    const mentioned = await gw.next((p) => p.t === 'MESSAGE_CREATE' && (p.d.mentions as unknown[]).length === 1);
    expect(mentioned.d.content).toBe(`<@${bot.userId}> help`);
    gw.ws.close(1000);
  });

  it('sends no MESSAGE_CREATE without GUILD_MESSAGES, and only the shard that owns the guild gets it', async () => {
    const { emu, seed } = world;
    const other = emu.createGuild({ name: 'Second', ownerId: seed.users.owner.id });
    const otherChannel = emu.createChannel(other.id, { name: 'lobby' });
    emu.addMember(other.id, world.bot.userId);
    emu.addMember(other.id, seed.users.alice.id);
    const guildsOnly = await open();
    guildsOnly.identify(GatewayIntentBits.Guilds);
    await guildsOnly.next((p) => p.t === 'READY');
    const shards = await Promise.all([open(), open()]);
    shards.forEach((gw, i) => gw.identify(GatewayIntentBits.Guilds | GatewayIntentBits.GuildMessages, [i, 2]));
    const readies = await Promise.all(shards.map((gw) => gw.next((p) => p.t === 'READY')));
    for (const [i, ready] of readies.entries()) {
      const ids = (ready.d.guilds as { id: string }[]).map((g) => g.id);
      expect(ids.sort()).toEqual([seed.guildId, other.id].filter((g) => shardOf(g, 2) === i).sort());
    }
    emu.postAsUser(seed.users.alice.id, otherChannel.id, 'on the other guild');
    const owner = shards[shardOf(other.id, 2)];
    await owner?.next((p) => p.t === 'MESSAGE_CREATE');
    await new Promise((r) => setTimeout(r, 50));
    const notOwner = shards[1 - shardOf(other.id, 2)];
    expect(notOwner?.received.some((p) => p.t === 'MESSAGE_CREATE' && p.d.channel_id === otherChannel.id)).toBe(false);
    expect(guildsOnly.received.some((p) => p.t === 'MESSAGE_CREATE')).toBe(false);
  });

  it('RESUME replays missed dispatches; an unknown session gets INVALID_SESSION', async () => {
    const { emu, seed } = world;
    const first = await open();
    first.identify(GatewayIntentBits.Guilds | GatewayIntentBits.GuildMessages | GatewayIntentBits.MessageContent);
    const ready = await first.next((p) => p.t === 'READY');
    const lastSeq = (await first.next((p) => p.t === 'GUILD_CREATE')).s ?? 0;
    first.ws.terminate();
    await first.closed;
    emu.postAsUser(seed.users.bob.id, seed.channels.general, 'missed me?');

    const second = await open();
    second.send(GatewayOpcodes.Resume, { token: BOT_TOKEN, session_id: ready.d.session_id, seq: lastSeq });
    const replayed = await second.next((p) => p.t === 'MESSAGE_CREATE');
    expect(replayed.d.content).toBe('missed me?');
    expect(replayed.s).toBeGreaterThan(lastSeq);
    await second.next((p) => p.t === 'RESUMED');

    const third = await open();
    third.send(GatewayOpcodes.Resume, { token: BOT_TOKEN, session_id: 'nope', seq: 1 });
    const invalid = await third.next((p) => p.op === GatewayOpcodes.InvalidSession);
    expect(invalid.d).toBe(false);
  });

  it('keeps a session resumable across connections for the resume window: what members posted meanwhile is replayed in order; after the window RESUME gets INVALID_SESSION', async () => {
    const { emu, seed } = await startWorld({ resumeWindowMs: 400, identifyWindowMs: 0 });
    const intents = GatewayIntentBits.Guilds | GatewayIntentBits.GuildMessages | GatewayIntentBits.MessageContent;
    try {
      const first = await RawGateway.open(emu.gatewayUrl);
      sockets.push(first);
      first.identify(intents);
      const ready = await first.next((p) => p.t === 'READY');
      const sessionId = String(ready.d.session_id);
      const guildCreate = await first.next((p) => p.t === 'GUILD_CREATE');
      // A process dies (no close frame): the session outlives its socket.
      first.ws.terminate();
      await emu.waitFor(() => emu.gatewaySessions().every((s) => !s.connected));
      for (let i = 0; i < 5; i++) emu.postAsUser(seed.users.alice.id, seed.channels.general, `while away ${i}`);
      expect(emu.gatewaySessions()).toEqual([
        { id: sessionId, shard: [0, 1], connected: false, seq: (guildCreate.s ?? 0) + 5 },
      ]);

      // Another process resumes the same session: the five messages, in order, numbered after what it had seen.
      const second = await RawGateway.open(emu.gatewayUrl);
      sockets.push(second);
      second.send(GatewayOpcodes.Resume, { token: BOT_TOKEN, session_id: sessionId, seq: guildCreate.s });
      const resumed = await second.next((p) => p.t === 'RESUMED');
      const replayed = second.received.filter((p) => p.t === 'MESSAGE_CREATE');
      expect(replayed.map((p) => p.d.content)).toEqual([0, 1, 2, 3, 4].map((i) => `while away ${i}`));
      expect(replayed.map((p) => p.s)).toEqual([1, 2, 3, 4, 5].map((k) => (guildCreate.s ?? 0) + k));
      expect(resumed.s).toBe((guildCreate.s ?? 0) + 6);

      // Closed with a code other than 1000/1001 the session stays resumable, but only for the window.
      second.ws.close(4200);
      await emu.waitFor(() => emu.gatewaySessions().every((s) => !s.connected));
      expect(emu.gatewaySessions()).toHaveLength(1);
      await emu.waitFor(() => emu.gatewaySessions().length === 0, 3000);
      const third = await RawGateway.open(emu.gatewayUrl);
      sockets.push(third);
      third.send(GatewayOpcodes.Resume, { token: BOT_TOKEN, session_id: sessionId, seq: resumed.s });
      expect((await third.next((p) => p.op === GatewayOpcodes.InvalidSession)).d).toBe(false);
    } finally {
      await emu.close();
    }
  });

  it('speaks zlib-stream when asked', async () => {
    const ws = new WebSocket(`${world.emu.gatewayUrl}?v=10&encoding=json&compress=zlib-stream`);
    const chunks: Buffer[] = [];
    const hello = new Promise<Payload>((resolve) => {
      ws.on('message', (raw: Buffer) => {
        chunks.push(raw);
        const all = Buffer.concat(chunks);
        if (all.subarray(-4).equals(Buffer.from([0, 0, 0xff, 0xff])))
          resolve(JSON.parse(inflateSync(all, { finishFlush: 2 }).toString()) as Payload);
      });
    });
    expect((await hello).op).toBe(GatewayOpcodes.Hello);
    ws.terminate();
  });
});

describe('identify rate limit (max_concurrency)', () => {
  const intents = GatewayIntentBits.Guilds;

  it('reports max_concurrency and the session starts left in GET /gateway/bot', async () => {
    const { emu } = await startWorld({ maxConcurrency: 2, sessionStartLimit: 10 });
    try {
      const info = async () =>
        (await (
          await fetch(`${emu.apiBase}/v10/gateway/bot`, { headers: { authorization: `Bot ${BOT_TOKEN}` } })
        ).json()) as { session_start_limit: Record<string, number> };
      expect((await info()).session_start_limit).toMatchObject({ total: 10, remaining: 10, max_concurrency: 2 });
      const gw = await RawGateway.open(emu.gatewayUrl);
      sockets.push(gw);
      gw.identify(intents, [0, 2]);
      await gw.next((p) => p.t === 'READY');
      expect((await info()).session_start_limit.remaining).toBe(9);
    } finally {
      await emu.close();
    }
  });

  it('lets one identify per rate-limit key through per window and answers the next one with INVALID_SESSION', async () => {
    const { emu } = await startWorld({ maxConcurrency: 2, identifyWindowMs: 1000 });
    try {
      const open = async () => {
        const gw = await RawGateway.open(emu.gatewayUrl);
        sockets.push(gw);
        return gw;
      };
      // Shards 0 and 1 have keys 0 and 1: both start at once. Shard 2 shares key 0 with shard 0: refused.
      const [a, b, c] = await Promise.all([open(), open(), open()]);
      a?.identify(intents, [0, 4]);
      b?.identify(intents, [1, 4]);
      await Promise.all([a?.next((p) => p.t === 'READY'), b?.next((p) => p.t === 'READY')]);
      c?.identify(intents, [2, 4]);
      expect((await c?.next((p) => p.op === GatewayOpcodes.InvalidSession))?.d).toBe(false);
      // The socket stays open; once the window has passed the same identify is let through.
      await new Promise((resolve) => setTimeout(resolve, 1000));
      c?.identify(intents, [2, 4]);
      await c?.next((p) => p.t === 'READY');
      expect(emu.identifies().map((i) => [i.shard[0], i.rateLimitKey, i.accepted])).toEqual([
        [0, 0, true],
        [1, 1, true],
        [2, 0, false],
        [2, 0, true],
      ]);
    } finally {
      await emu.close();
    }
  });
});
