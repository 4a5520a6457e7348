import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { APPLICATION_ID, asBot, BOT_TOKEN, call, startWorld, userPost } from './helpers.ts';
import type { World } from './helpers.ts';

let world: World;

beforeAll(async () => {
  world = await startWorld();
});

afterAll(async () => {
  await world.emu.close();
});

async function bot(
  method: string,
  path: string,
  body?: unknown,
): Promise<{ status: number; json: unknown; headers: Headers }> {
  const res = await fetch(`${world.emu.apiBase}/v10${path}`, {
    method,
    headers: {
      authorization: `Bot ${BOT_TOKEN}`,
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await res.text();
  return { status: res.status, json: text ? (JSON.parse(text) as unknown) : undefined, headers: res.headers };
}

describe('REST shapes and errors', () => {
  it('authenticates: 401 for a bad token, users vs bots per route', async () => {
    const bad = await fetch(`${world.emu.apiBase}/v10/users/@me`, { headers: { authorization: 'Bot nope' } });
    expect(bad.status).toBe(401);
    expect(await bad.json()).toEqual({ code: 0, message: '401: Unauthorized' });
    expect((await bot('GET', '/users/@me')).json).toMatchObject({ id: world.bot.userId, bot: true });
    expect((await bot('GET', '/applications/@me')).json).toMatchObject({ id: world.bot.applicationId });
    const userOnBotRoute = await fetch(`${world.emu.apiBase}/v10/gateway/bot`, {
      headers: { authorization: world.seed.users.alice.token },
    });
    expect(userOnBotRoute.status).toBe(403);
  });

  it("answers with Discord's error codes and rate-limit headers", async () => {
    const { seed } = world;
    const unknownChannel = await bot('POST', '/channels/1/messages', { content: 'x' });
    expect(unknownChannel).toMatchObject({ status: 404, json: { code: 10003, message: 'Unknown Channel' } });
    expect(unknownChannel.headers.get('x-ratelimit-bucket')).toMatch(/^[0-9a-f]{16}$/);
    expect((await bot('GET', `/channels/${seed.channels.general}/messages/1`)).json).toMatchObject({ code: 10008 });
    expect((await bot('GET', `/guilds/${seed.guildId}/members/1`)).json).toMatchObject({ code: 10007 });
    const tooLong = await bot('POST', `/channels/${seed.channels.general}/messages`, { content: 'x'.repeat(2001) });
    expect(tooLong).toMatchObject({
      status: 400,
      json: {
        code: 50035,
        message: 'Invalid Form Body',
        errors: { content: { _errors: [{ code: 'BASE_TYPE_MAX_LENGTH' }] } },
      },
    });
    expect((await bot('POST', `/channels/${seed.channels.general}/messages`, {})).json).toMatchObject({ code: 50006 });
  });

  it('fills in user-posted messages: author, mentions, roles, @everyone', async () => {
    const { emu, seed } = world;
    const res = await userPost(emu, seed.users.mod.token, `/channels/${seed.channels.general}/messages`, {
      content: `<@${seed.users.alice.id}> <@!${seed.users.bob.id}> <@&${seed.roles.member}> @everyone`,
    });
    const message = (await res.json()) as Record<string, unknown>;
    expect(message).toMatchObject({
      author: { id: seed.users.mod.id },
      mention_roles: [],
      mention_everyone: false,
    });
    expect((message.mentions as { id: string }[]).map((u) => u.id)).toEqual([seed.users.alice.id, seed.users.bob.id]);
    // The owner may mention @everyone and any role.
    const owner = await userPost(emu, seed.users.owner.token, `/channels/${seed.channels.general}/messages`, {
      content: `<@&${seed.roles.member}> @everyone`,
    });
    expect(await owner.json()).toMatchObject({ mention_roles: [seed.roles.member], mention_everyone: true });
  });

  it('lists members with limit/after, reactions and DMs', async () => {
    const { seed } = world;
    const page = (await bot('GET', `/guilds/${seed.guildId}/members?limit=2`)).json as { user: { id: string } }[];
    expect(page).toHaveLength(2);
    const next = (await bot('GET', `/guilds/${seed.guildId}/members?limit=1000&after=${page[1]?.user.id}`))
      .json as unknown[];
    expect(next).toHaveLength(5);
    const msg = world.emu.postAsUser(seed.users.alice.id, seed.channels.general, 'react to me');
    expect(
      (
        await bot(
          'PUT',
          `/channels/${seed.channels.general}/messages/${msg.id}/reactions/${encodeURIComponent('👍')}/@me`,
        )
      ).status,
    ).toBe(204);
    expect(world.emu.message(msg.id)?.api.reactions).toMatchObject([{ emoji: { name: '👍' }, count: 1 }]);
    const dm = (await bot('POST', '/users/@me/channels', { recipient_id: seed.users.alice.id })).json as {
      id: string;
      type: number;
    };
    expect(dm.type).toBe(1);
    expect((await bot('POST', `/channels/${dm.id}/messages`, { content: 'psst' })).status).toBe(200);
  });

  it('interaction callbacks: reply, follow-up, already-acknowledged, with_response', async () => {
    const { emu, seed } = world;
    emu.registerCommands(world.bot.applicationId, [{ name: 'ping', description: 'Ping' }]);
    const id = emu.invokeCommand(seed.users.bob.id, seed.channels.general, 'ping');
    const token = emu.interaction(id)?.token ?? '';
    const reply = await fetch(`${emu.apiBase}/v10/interactions/${id}/${token}/callback?with_response=true`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ type: 4, data: { content: 'pong', flags: 64 } }),
    });
    expect(await reply.json()).toMatchObject({
      interaction: { id, response_message_ephemeral: true },
      resource: { type: 4, message: { content: 'pong' } },
    });
    const again = await fetch(`${emu.apiBase}/v10/interactions/${id}/${token}/callback`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ type: 4, data: { content: 'again' } }),
    });
    expect(await again.json()).toMatchObject({ code: 40060 });
    const follow = await fetch(`${emu.apiBase}/v10/webhooks/${world.bot.applicationId}/${token}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ content: 'and more' }),
    });
    expect(follow.status).toBe(200);
    const view = emu.interactionResponse(id);
    expect(view).toMatchObject({ state: 'replied', content: 'pong', ephemeral: true });
    expect(view.followups.map((m) => m.content)).toEqual(['and more']);
  });
});

describe('the global rate limit', () => {
  it("answers the request over a token's per-second budget with a global 429, spares interaction endpoints, and records each 429", async () => {
    const { emu, seed } = await startWorld({ rateLimits: { globalPerSecond: 3 } });
    try {
      emu.registerCommands(APPLICATION_ID, [{ name: 'ping', description: 'Ping' }]);
      const id = emu.invokeCommand(seed.users.bob.id, seed.channels.general, 'ping');
      const token = emu.interaction(id)?.token ?? '';
      const answers = [];
      for (let i = 0; i < 4; i++) answers.push(await asBot(emu, 'GET', `/channels/${seed.channels.general}`));
      expect(answers.map((a) => a.status)).toEqual([200, 200, 200, 429]);
      const limited = answers[3];
      expect(limited?.json).toMatchObject({ message: 'You are being rate limited.', global: true });
      expect(Number((limited?.json as { retry_after: number }).retry_after)).toBeGreaterThan(0);
      expect(limited?.headers.get('x-ratelimit-global')).toBe('true');
      expect(limited?.headers.get('x-ratelimit-scope')).toBe('global');
      expect(Number(limited?.headers.get('retry-after'))).toBeGreaterThan(0);
      // "Interaction endpoints are not bound to the bot's Global Rate Limit": the callback and the webhook go through.
      const callback = await call(emu, 'POST', `/interactions/${id}/${token}/callback`, { type: 5 });
      expect(callback.status).toBe(204);
      const edit = await call(emu, 'PATCH', `/webhooks/${APPLICATION_ID}/${token}/messages/@original`, {
        content: 'pong',
      });
      expect(edit.status).toBe(200);
      expect(emu.tooManyRequests()).toEqual([
        {
          at: expect.any(Number),
          route: 'GET /channels/:channel_id',
          actor: expect.objectContaining({ kind: 'bot' }),
          scope: 'global',
        },
      ]);
      expect(emu.rateLimitHits()).toEqual({ route: 0, global: 1, total: 1 });
    } finally {
      await emu.close();
    }
  });
});
