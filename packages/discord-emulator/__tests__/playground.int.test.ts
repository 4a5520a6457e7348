import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { APPLICATION_ID, followEvents, startWorld, userPost } from './helpers.ts';
import type { World } from './helpers.ts';

let world: World;

beforeAll(async () => {
  world = await startWorld({ playground: true, interactionTimeoutMs: 150 });
  world.emu.registerCommands(
    APPLICATION_ID,
    [
      {
        name: 'karma',
        description: 'Karma points',
        options: [
          {
            type: 1,
            name: 'top',
            description: 'Leaderboard',
            options: [{ type: 4, name: 'count', description: 'How many' }],
          },
          {
            type: 1,
            name: 'give',
            description: 'Give karma',
            options: [{ type: 6, name: 'user', description: 'Who', required: true }],
          },
        ],
      },
    ],
    world.seed.guildId,
  );
});

afterAll(async () => {
  await world.emu.close();
});

describe('playground', () => {
  it('serves the page: markup, stylesheet, and the type-checked script bundled with its markdown renderer', async () => {
    const res = await fetch(`${world.emu.url}/`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('text/html');
    const html = await res.text();
    for (const id of ['member-picker', 'locale-picker', 'guild-locale-picker', 'message-input', 'send'])
      expect(html).toContain(`data-testid="${id}"`);
    expect(html).toContain('<link rel="stylesheet" href="/playground/style.css" />');
    expect(html).toContain('<script type="module" src="/playground/app.js"></script>');
    const css = await fetch(`${world.emu.url}/playground/style.css`);
    expect(css.headers.get('content-type')).toContain('text/css');
    expect(await css.text()).toContain('.embed-fields');
    const script = await fetch(`${world.emu.url}/playground/app.js`);
    expect(script.headers.get('content-type')).toContain('text/javascript');
    const js = await script.text();
    // The bundle holds the page and the markdown renderer; TypeScript syntax is gone.
    expect(js).toContain('function renderMarkdown(');
    expect(js).toContain('"data-testid": "embed"');
    expect(js).toContain('"data-testid": "message"');
    expect(js).not.toMatch(/\): HTMLElement \{/);
  });

  it('exposes state: channels, roles, members with moderation state, bans, commands with options', async () => {
    type Person = { id: string; username: string };
    type State = {
      guilds: {
        name: string;
        channels: { name: string }[];
        roles: { name: string; color: number; hoist: boolean }[];
        members: (Person & { token: string | null; bot: boolean; roles: string[]; timedOutUntil: string | null })[];
        bans: (Person & { reason: string | null })[];
        outside: Person[];
        commands: { path: string; options: { name: string; required: boolean }[] }[];
      }[];
    };
    const state = async (): Promise<State['guilds'][number] | undefined> =>
      ((await (await fetch(`${world.emu.url}/playground/state`)).json()) as State).guilds[0];
    const guild = await state();
    expect(guild?.name).toBe('Guildhall Playground');
    expect(guild?.channels.map((c) => c.name)).toEqual(['general', 'karma', 'mod-log']);
    expect(guild?.roles.map((r) => [r.name, r.color, r.hoist])).toEqual([
      ['Guildhall', 0, false],
      ['Moderator', 0xed4245, true],
      ['Artist', 0xeb459e, false],
      ['Regular', 0x57f287, false],
      ['Member', 0x5865f2, false],
    ]);
    expect(guild?.members.find((m) => m.username === 'dave')?.roles).toEqual(['Artist', 'Regular', 'Member']);
    expect(guild?.members.find((m) => m.username === 'mod')?.roles).toEqual(['Moderator']);
    expect(guild?.members.find((m) => m.username === 'alice')?.token).toBe(world.seed.users.alice.token);
    expect(guild?.members.find((m) => m.bot)?.token).toBeNull();
    expect(guild?.commands.map((c) => [c.path, c.options.map((o) => `${o.name}${o.required ? '*' : ''}`)])).toEqual([
      ['karma top', ['count']],
      ['karma give', ['user*']],
    ]);

    const { emu, seed } = world;
    const until = new Date(Date.now() + 60_000).toISOString();
    emu.updateMember(seed.guildId, seed.users.bob.id, { communicationDisabledUntil: until });
    emu.ban(seed.guildId, seed.users.carol.id, 'spam');
    const moderated = await state();
    expect(moderated?.members.find((m) => m.username === 'bob')?.timedOutUntil).toBe(until);
    expect(moderated?.members.some((m) => m.username === 'carol')).toBe(false);
    expect(moderated?.bans).toMatchObject([{ username: 'carol', reason: 'spam' }]);
    emu.updateMember(seed.guildId, seed.users.bob.id, { communicationDisabledUntil: null });
    emu.unban(seed.guildId, seed.users.carol.id);
    expect((await state())?.outside).toMatchObject([{ username: 'carol' }]);
    const join = await fetch(`${emu.url}/playground/join`, {
      method: 'POST',
      body: JSON.stringify({ guild_id: seed.guildId, user_id: seed.users.carol.id }),
    });
    expect(join.status).toBe(200);
    expect((await state())?.members.some((m) => m.username === 'carol')).toBe(true);
  });

  it('parses slash text against registered commands, with a clear error for unknown ones', async () => {
    const parse = async (
      text: string,
    ): Promise<{ ok: boolean; error?: string; body?: { data: { name: string; options: unknown[] } } }> =>
      (await (
        await fetch(`${world.emu.url}/playground/parse`, {
          method: 'POST',
          body: JSON.stringify({ channel_id: world.seed.channels.karma, text }),
        })
      ).json()) as { ok: boolean; error?: string };
    expect(await parse('/nope')).toEqual({ ok: false, error: 'Unknown command /nope. Available: /karma.' });
    const ok = await parse('/karma top 5');
    expect(ok.body?.data).toMatchObject({
      name: 'karma',
      options: [{ type: 1, name: 'top', options: [{ type: 4, name: 'count', value: 5 }] }],
    });
    const named = await parse('/karma give user:@bob');
    expect(named.body?.data.options).toEqual([
      { type: 1, name: 'give', options: [{ type: 6, name: 'user', value: world.seed.users.bob.id }] },
    ]);
  });

  it('streams new messages (raw markdown with mention names), state changes and failed interactions', async () => {
    const { emu, seed } = world;
    const feed = await followEvents(emu);
    const posted = await userPost(emu, seed.users.alice.token, `/channels/${seed.channels.general}/messages`, {
      content: `hey <@${seed.users.bob.id}> <b>bold</b>`,
    });
    expect(posted.status).toBe(200);
    emu.ban(seed.guildId, seed.users.carol.id);
    emu.unban(seed.guildId, seed.users.carol.id);
    const sent = await userPost(emu, seed.users.alice.token, '/interactions', {
      type: 2,
      guild_id: seed.guildId,
      channel_id: seed.channels.karma,
      data: { name: 'karma', type: 1, options: [{ type: 1, name: 'top', options: [] }] },
    });
    expect(sent.status).toBe(204);
    await feed.until((event) => event === 'failed');
    feed.stop();
    const events = feed.events;
    const message = events.find((e) => e.event === 'message')?.data as {
      authorUsername: string;
      content: string;
      mentions: { users: Record<string, string> };
    };
    expect(message.authorUsername).toBe('alice');
    expect(message.content).toBe(`hey <@${seed.users.bob.id}> <b>bold</b>`);
    expect(message.mentions.users).toEqual({ [seed.users.bob.id]: 'Bob' });
    // Ban (member removal) and unban each tell the page to reload the guild.
    expect(events.filter((e) => e.event === 'state').length).toBeGreaterThanOrEqual(2);
    expect(events.find((e) => e.event === 'failed')?.data).toMatchObject({
      kind: 'command',
      command: 'karma',
      text: 'The application did not respond',
      userId: seed.users.alice.id,
    });
  });

  it("does not mark a deferred interaction's edited original response as edited; edited follow-ups are", async () => {
    const { emu, seed } = world;
    const id = emu.invokeCommand(seed.users.alice.id, seed.channels.karma, 'karma top');
    const token = emu.interaction(id)?.token ?? '';
    const hook = `${emu.apiBase}/v10/webhooks/${APPLICATION_ID}/${token}`;
    const call = (method: string, url: string, body: unknown): Promise<Response> =>
      fetch(url, { method, headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
    expect((await call('POST', `${emu.apiBase}/v10/interactions/${id}/${token}/callback`, { type: 5 })).status).toBe(
      204,
    );
    expect((await call('PATCH', `${hook}/messages/@original`, { content: '**Top**' })).status).toBe(200);
    const follow = (await (await call('POST', hook, { content: 'more' })).json()) as { id: string };
    expect((await call('PATCH', `${hook}/messages/${follow.id}`, { content: 'more!' })).status).toBe(200);
    const state = (await (await fetch(`${emu.url}/playground/state`)).json()) as {
      messages: { id: string; content: string; edited: boolean; thinking: boolean }[];
    };
    const original = state.messages.find((m) => m.id === emu.interaction(id)?.originalMessageId);
    expect(original).toMatchObject({ content: '**Top**', edited: false, thinking: false });
    expect(state.messages.find((m) => m.id === follow.id)).toMatchObject({ content: 'more!', edited: true });
  });

  it('hands the page embeds as stored and components as it draws them, with names for what embeds mention', async () => {
    const { emu, seed } = world;
    const res = await fetch(`${emu.apiBase}/v10/channels/${seed.channels.general}/messages`, {
      method: 'POST',
      headers: { authorization: 'Bot test-bot-token.abc', 'content-type': 'application/json' },
      body: JSON.stringify({
        embeds: [
          {
            title: 'Top',
            description: `1. <@${seed.users.bob.id}>`,
            fields: [{ name: 'Role', value: `<@&${seed.roles.moderator}>` }],
          },
        ],
        components: [
          {
            type: 1,
            components: [
              { type: 2, style: 3, label: 'Next', custom_id: 'next', emoji: { name: '▶️' } },
              { type: 2, style: 5, label: 'Docs', url: 'https://example.com' },
            ],
          },
          {
            type: 1,
            components: [{ type: 3, custom_id: 'sort', options: [{ label: 'Karma', value: 'karma', default: true }] }],
          },
        ],
      }),
    });
    expect(res.status).toBe(200);
    const { id } = (await res.json()) as { id: string };
    const state = (await (await fetch(`${emu.url}/playground/state`)).json()) as {
      messages: { id: string; embeds: unknown; components: unknown; mentions: unknown }[];
    };
    const message = state.messages.find((m) => m.id === id);
    expect(message?.embeds).toEqual([
      {
        type: 'rich',
        title: 'Top',
        description: `1. <@${seed.users.bob.id}>`,
        fields: [{ name: 'Role', value: `<@&${seed.roles.moderator}>`, inline: false }],
      },
    ]);
    expect(message?.mentions).toEqual({
      users: { [seed.users.bob.id]: 'Bob' },
      roles: { [seed.roles.moderator]: { name: 'Moderator', color: 0xed4245 } },
      channels: {},
    });
    expect(message?.components).toEqual([
      [
        {
          kind: 'button',
          style: 3,
          label: 'Next',
          emoji: { name: '▶️' },
          customId: 'next',
          url: null,
          disabled: false,
        },
        {
          kind: 'button',
          style: 5,
          label: 'Docs',
          emoji: null,
          customId: null,
          url: 'https://example.com',
          disabled: false,
        },
      ],
      [
        {
          kind: 'select',
          type: 3,
          customId: 'sort',
          placeholder: null,
          minValues: 1,
          maxValues: 1,
          disabled: false,
          options: [{ label: 'Karma', value: 'karma', description: null, emoji: null, default: true }],
        },
      ],
    ]);
  });
});
