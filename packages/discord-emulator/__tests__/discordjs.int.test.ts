import { once } from 'node:events';
import {
  ApplicationCommandOptionType,
  DiscordAPIError,
  Events,
  GatewayDispatchEvents,
  PermissionFlagsBits,
} from 'discord.js';
import type { Client, Interaction, Message } from 'discord.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { APPLICATION_ID, BOT_TOKEN, call, connectClient, startWorld, userPost } from './helpers.ts';
import type { World } from './helpers.ts';

let world: World;
let client: Client<true>;

beforeAll(async () => {
  world = await startWorld();
  client = await connectClient(world.emu);
});

afterAll(async () => {
  await client?.destroy();
  await world?.emu.close();
});

/** Resolves with the next messageCreate whose content matches. */
function nextMessage(content: string): Promise<Message> {
  return new Promise((resolve) => {
    const listener = (m: Message): void => {
      if (m.content !== content) return;
      client.off(Events.MessageCreate, listener);
      resolve(m);
    };
    client.on(Events.MessageCreate, listener);
  });
}

describe('discord.js v14 against the emulator', () => {
  it('logs in, gets READY and a full GUILD_CREATE, and fetches members over the gateway', async () => {
    const { seed, bot, emu } = world;
    expect(client.user.id).toBe(bot.userId);
    expect(client.application.id).toBe(APPLICATION_ID);
    const guild = client.guilds.cache.get(seed.guildId);
    expect(guild?.name).toBe('Guildhall Playground');
    expect(guild?.channels.cache.map((c) => c.name).sort()).toEqual(['general', 'karma', 'mod-log']);
    expect(guild?.roles.cache.get(seed.roles.moderator)?.name).toBe('Moderator');
    expect(guild?.members.cache.get(seed.users.alice.id)?.user.username).toBe('alice');
    expect(guild?.memberCount).toBe(7);
    expect(emu.requests({ route: 'GET /gateway/bot' })).toHaveLength(1);
    expect(emu.connectedBots()).toBe(1);
    // Fetching all members goes through gateway opcode 8 (REQUEST_GUILD_MEMBERS), not REST.
    expect((await guild?.members.fetch())?.size).toBe(7);
  });

  it('delivers a user-posted message and records a reply that pings nobody', async () => {
    const { emu, seed } = world;
    const received = nextMessage('hello bot');
    const res = await userPost(emu, seed.users.alice.token, `/channels/${seed.channels.general}/messages`, {
      content: 'hello bot',
    });
    expect(res.status).toBe(200);
    const message = await received;
    expect(message.author.id).toBe(seed.users.alice.id);
    expect(message.member?.roles.cache.has(seed.roles.member)).toBe(true);

    const reply = await message.reply({ content: `hi <@${seed.users.bob.id}>`, allowedMentions: { parse: [] } });
    const request = emu.requests({ method: 'POST', route: 'POST /channels/:channel_id/messages', actor: 'bot' }).at(-1);
    expect(request?.body).toMatchObject({
      content: `hi <@${seed.users.bob.id}>`,
      allowed_mentions: { parse: [] },
      message_reference: { message_id: message.id },
    });
    const recorded = emu.message(reply.id);
    expect(recorded?.replyTo).toBe(message.id);
    expect(recorded?.api.message_reference?.message_id).toBe(message.id);
    expect(recorded?.api.referenced_message?.id).toBe(message.id);
    expect(recorded?.allowedMentions).toEqual({ parse: [] });
    expect(recorded?.pingedNobody).toBe(true);

    // Without allowed_mentions a reply pings the replied-to author and anyone mentioned, as on Discord.
    const loud = await message.reply(`hi <@${seed.users.bob.id}>`);
    expect(emu.message(loud.id)?.pinged.users.sort()).toEqual([seed.users.alice.id, seed.users.bob.id].sort());
  });

  it('dedupes a create with the same nonce when enforce_nonce is set', async () => {
    const { emu, seed } = world;
    const channel = client.channels.cache.get(seed.channels.general);
    if (!channel?.isSendable()) throw new Error('no channel');
    const first = await channel.send({ content: 'only once', nonce: 'n-123', enforceNonce: true });
    const second = await channel.send({ content: 'only once', nonce: 'n-123', enforceNonce: true });
    expect(second.id).toBe(first.id);
    expect(emu.messages(seed.channels.general).filter((m) => m.content === 'only once')).toHaveLength(1);
    const sent = emu
      .requests({ method: 'POST', actor: 'bot' })
      .filter((r) => (r.body as { nonce?: string }).nonce === 'n-123');
    expect(sent).toHaveLength(2);
    expect(sent.every((r) => (r.body as { enforce_nonce?: boolean }).enforce_nonce === true)).toBe(true);
  });

  it('runs a slash command: user invokes, bot defers then edits, emulator records the final response', async () => {
    const { emu, seed } = world;
    await client.application.commands.set(
      [
        {
          name: 'karma',
          description: 'Karma points',
          options: [
            {
              type: ApplicationCommandOptionType.Subcommand,
              name: 'give',
              description: 'Give karma',
              options: [
                { type: ApplicationCommandOptionType.User, name: 'user', description: 'Who', required: true },
                { type: ApplicationCommandOptionType.Integer, name: 'amount', description: 'How much' },
              ],
            },
          ],
        },
      ],
      seed.guildId,
    );
    const handled = new Promise<string>((resolve) => {
      client.once(Events.InteractionCreate, (interaction: Interaction) => {
        if (!interaction.isChatInputCommand()) return;
        void (async () => {
          const target = interaction.options.getMember('user');
          await interaction.deferReply();
          await interaction.editReply({
            content: `${interaction.user.username} gave ${interaction.options.getInteger('amount')} to ${target && 'displayName' in target ? target.displayName : '?'}`,
            allowedMentions: { parse: [] },
          });
          resolve(interaction.id);
        })();
      });
    });
    const parsed = emu.parseSlash(seed.channels.karma, '/karma give @bob 3');
    if (!parsed.ok) throw new Error(parsed.error);
    const res = await userPost(emu, seed.users.alice.token, '/interactions', {
      type: 2,
      application_id: APPLICATION_ID,
      guild_id: seed.guildId,
      channel_id: seed.channels.karma,
      data: { id: parsed.command.id, name: 'karma', type: 1, options: parsed.options },
    });
    expect(res.status).toBe(204);
    const id = res.headers.get('x-emulator-interaction-id') ?? '';
    expect(await handled).toBe(id);
    const response = await emu.waitForInteractionResponse(id);
    expect(response.state).toBe('replied');
    expect(response.content).toBe('alice gave 3 to Bob');
    expect(response.original?.loading).toBe(false);
    expect(response.original?.pingedNobody).toBe(true);
    const payload = emu.interaction(id)?.payload;
    expect(payload?.member?.permissions).toBeDefined();
    expect(payload).toMatchObject({ data: { resolved: { users: { [seed.users.bob.id]: { username: 'bob' } } } } });
    const callback = emu.requests({ route: /callback$/ }).at(-1);
    expect(callback?.body).toMatchObject({ type: 5 });
    expect(emu.requests({ method: 'PATCH', route: /@original/ })).toHaveLength(1);
  });

  it('marks an interaction failed when the bot never answers', async () => {
    const { emu, seed } = world;
    emu.core.config.interactionTimeoutMs = 200;
    const ignored = once(client, Events.InteractionCreate);
    const id = emu.invokeCommand(seed.users.carol.id, seed.channels.karma, 'karma give', { user: 'alice' });
    await ignored;
    const response = await emu.waitForInteractionResponse(id, (r) => r.state === 'failed', 2000);
    expect(response.content).toBeUndefined();
    emu.core.config.interactionTimeoutMs = 3000;
  });

  it('times out, adds a role and bans through discord.js, dispatching the gateway events', async () => {
    const { emu, seed } = world;
    const guild = client.guilds.cache.get(seed.guildId);
    if (!guild) throw new Error('no guild');
    const bob = await guild.members.fetch(seed.users.bob.id);

    const updated = once(client, Events.GuildMemberUpdate);
    await bob.timeout(60_000, 'spamming');
    await updated;
    expect(emu.model.member(seed.guildId, seed.users.bob.id).communicationDisabledUntil).not.toBeNull();
    expect(guild.members.cache.get(seed.users.bob.id)?.isCommunicationDisabled()).toBe(true);

    const helper = emu.createRole(seed.guildId, { name: 'Helper', position: 1 });
    await bob.roles.add(helper.id);
    expect(emu.model.member(seed.guildId, seed.users.bob.id).roles).toContain(helper.id);

    const banned = once(client, Events.GuildBanAdd);
    const removed = once(client, Events.GuildMemberRemove);
    await guild.members.ban(seed.users.carol.id, { reason: 'raid', deleteMessageSeconds: 60 });
    await Promise.all([banned, removed]);
    expect(emu.model.guild(seed.guildId).bans.get(seed.users.carol.id)?.reason).toBe('raid');
    expect(guild.members.cache.has(seed.users.carol.id)).toBe(false);
  });

  it('refuses moderation above the bot with 50013, and honours failNext', async () => {
    const { emu, seed } = world;
    const guild = client.guilds.cache.get(seed.guildId);
    if (!guild) throw new Error('no guild');
    const alice = await guild.members.fetch(seed.users.alice.id);
    const admin = emu.createRole(seed.guildId, { name: 'Admin' }); // defaults to the top, above the bot's role
    await expect(alice.roles.add(admin.id)).rejects.toMatchObject({ code: 50013, status: 403 });
    await expect(guild.members.ban(seed.users.owner.id)).rejects.toBeInstanceOf(DiscordAPIError);
    await expect(guild.members.ban(seed.users.owner.id)).rejects.toMatchObject({ code: 50013 });

    emu.updateMember(seed.guildId, seed.users.mod.id, { roles: [seed.roles.moderator, admin.id] });
    const mod = await guild.members.fetch(seed.users.mod.id);
    await expect(mod.timeout(60_000)).rejects.toMatchObject({ code: 50013 });

    emu.failNext({ method: 'PUT', route: /roles/, status: 403 });
    await expect(alice.roles.add(seed.roles.member)).rejects.toMatchObject({
      code: 50013,
      message: 'Missing Permissions',
    });
    await expect(guild.members.fetch({ user: '1', force: true })).rejects.toMatchObject({ code: 10007 });
  });

  it('edits a role as Discord does (Manage Roles, below the editor, no permission they lack) and dispatches it', async () => {
    const { emu, seed } = world;
    const guild = client.guilds.cache.get(seed.guildId);
    const regular = guild?.roles.cache.get(seed.roles.regular);
    if (!guild || !regular) throw new Error('no guild or role');
    const { ManageMessages, Administrator, SendMessages } = PermissionFlagsBits;

    const updated = once(client, Events.GuildRoleUpdate);
    await regular.setPermissions(ManageMessages | SendMessages);
    await updated;
    expect(emu.model.role(seed.guildId, seed.roles.regular).permissions).toBe(String(ManageMessages | SendMessages));
    expect(guild.roles.cache.get(seed.roles.regular)?.permissions.has(ManageMessages)).toBe(true);

    // The bot lacks Administrator, so it cannot grant it; nor edit a role above its own.
    await expect(regular.setPermissions(Administrator)).rejects.toMatchObject({ code: 50013 });
    const top = emu.createRole(seed.guildId, { name: 'Top' });
    await expect.poll(() => guild.roles.cache.has(top.id)).toBe(true);
    await expect(guild.roles.edit(top.id, { name: 'Mine' })).rejects.toMatchObject({ code: 50013 });
    // A member without Manage Roles cannot edit roles; the owner can grant anything.
    const path = `/guilds/${seed.guildId}/roles/${seed.roles.regular}`;
    const body = { permissions: String(Administrator) };
    expect(await call(emu, 'PATCH', path, body, { authorization: seed.users.alice.token })).toMatchObject({
      status: 403,
      json: { code: 50013 },
    });
    expect(
      await call(emu, 'PATCH', path, { permissions: 'lots' }, { authorization: seed.users.owner.token }),
    ).toMatchObject({
      status: 400,
      json: { code: 50035 },
    });
    const byOwner = await call(emu, 'PATCH', path, body, { authorization: seed.users.owner.token });
    expect(byOwner).toMatchObject({
      status: 200,
      json: { id: seed.roles.regular, permissions: String(Administrator) },
    });
    await expect.poll(() => guild.roles.cache.get(seed.roles.regular)?.permissions.has(Administrator)).toBe(true);
  });

  it('answers 429 with retry_after; discord.js waits and succeeds', async () => {
    const { emu, seed } = world;
    emu.setRateLimits({ routes: { 'POST /channels/:channel_id/messages': { limit: 1, windowMs: 400 } } });
    try {
      // Another process sharing the token spends the bucket, so discord.js cannot know it is empty.
      const spent = await fetch(`${emu.apiBase}/v10/channels/${seed.channels.modLog}/messages`, {
        method: 'POST',
        headers: { authorization: `Bot ${BOT_TOKEN}`, 'content-type': 'application/json' },
        body: JSON.stringify({ content: 'spend the bucket' }),
      });
      expect(spent.headers.get('x-ratelimit-remaining')).toBe('0');
      const channel = client.channels.cache.get(seed.channels.modLog);
      if (!channel?.isSendable()) throw new Error('no channel');
      const limited = once(client.rest, 'rateLimited');
      const started = Date.now();
      const sent = await channel.send('after the limit');
      const [info] = (await limited) as [{ retryAfter: number }];
      expect(info.retryAfter).toBeGreaterThan(0);
      expect(Date.now() - started).toBeGreaterThanOrEqual(150);
      expect(emu.message(sent.id)?.content).toBe('after the limit');
      expect(emu.rateLimitHits().route).toBeGreaterThan(0);
      const tooMany = emu.requests({ route: 'POST /channels/:channel_id/messages' }).find((r) => r.status === 429);
      expect(tooMany?.response).toMatchObject({ message: 'You are being rate limited.', global: false });
    } finally {
      emu.setRateLimits({ routes: { 'POST /channels/:channel_id/messages': { limit: 1000, windowMs: 1000 } } });
    }
  });

  it('RESUMEs after the server drops the socket and replays what was missed', async () => {
    const { emu, seed } = world;
    const resumed = once(client, Events.ShardResume);
    const missed = nextMessage('sent while you were away');
    const sessionsBefore = [...emu.core.gateway.sessions.keys()];
    emu.dropConnections();
    emu.postAsUser(seed.users.alice.id, seed.channels.general, 'sent while you were away');
    await resumed;
    const message = await missed;
    expect(message.author.id).toBe(seed.users.alice.id);
    expect([...emu.core.gateway.sessions.keys()]).toEqual(sessionsBefore);
    expect(emu.connectedBots()).toBe(1);
  });

  it('dispatches MESSAGE_UPDATE/DELETE and honours bulk-delete rules', async () => {
    const { emu, seed } = world;
    const channel = client.channels.cache.get(seed.channels.general);
    if (!channel?.isTextBased() || channel.isDMBased()) throw new Error('no channel');
    const a = await channel.send('one');
    const b = await channel.send('two');
    const edited = await a.edit('one (edited)');
    expect(emu.message(a.id)?.edited).toBe(true);
    expect(edited.content).toBe('one (edited)');
    await channel.bulkDelete([a.id, b.id]);
    expect(emu.message(a.id)?.deleted).toBe(true);
    const old = emu.seedMessage({
      channelId: seed.channels.general,
      authorId: seed.users.alice.id,
      content: 'ancient',
      createdAt: Date.now() - 15 * 86_400_000,
    });
    const fresh = emu.postAsUser(seed.users.alice.id, seed.channels.general, 'fresh');
    await expect(channel.bulkDelete([old.id, fresh.id], false)).rejects.toMatchObject({ code: 50034 });
    const deleted = once(client, Events.MessageDelete);
    await (await channel.messages.fetch(fresh.id)).delete();
    await deleted;
    await expect(channel.messages.fetch(fresh.id)).rejects.toMatchObject({ code: 10008, status: 404 });
    expect(GatewayDispatchEvents.MessageDelete).toBe('MESSAGE_DELETE');
  });
});
