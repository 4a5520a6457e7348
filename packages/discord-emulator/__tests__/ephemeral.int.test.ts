import { ButtonStyle, ComponentType, Events, MessageFlags } from 'discord.js';
import type { ChatInputCommandInteraction, Client, Message } from 'discord.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { APPLICATION_ID, asBot, connectClient, followEvents, startWorld, userPost } from './helpers.ts';
import type { World } from './helpers.ts';

let world: World;
let client: Client<true>;
/** Every MESSAGE_CREATE/UPDATE/DELETE the bot received, by message id. */
const seen = { created: new Set<string>(), updated: new Set<string>(), deleted: new Set<string>() };

beforeAll(async () => {
  world = await startWorld({ playground: true });
  client = await connectClient(world.emu);
  client.on(Events.MessageCreate, (m) => seen.created.add(m.id));
  client.on(Events.MessageUpdate, (_, m) => seen.updated.add(m.id));
  client.on(Events.MessageDelete, (m) => seen.deleted.add(m.id));
  world.emu.registerCommands(APPLICATION_ID, [{ name: 'secret', description: 'Only for you' }], world.seed.guildId);
});

afterAll(async () => {
  await client?.destroy();
  await world?.emu.close();
});

/** Runs /secret as `user`, answered by `handle`; resolves with the interaction id once handle is done. */
async function secret(
  user: 'alice' | 'bob',
  handle: (i: ChatInputCommandInteraction) => Promise<unknown>,
): Promise<string> {
  const handled = new Promise<void>((resolve, reject) => {
    client.once(Events.InteractionCreate, (interaction) => {
      if (interaction.isChatInputCommand()) handle(interaction).then(() => resolve(), reject);
    });
  });
  const id = world.emu.invokeCommand(world.seed.users[user].id, world.seed.channels.general, 'secret');
  await handled;
  return id;
}

/** A public marker message: once the bot has its MESSAGE_CREATE, everything dispatched before it has arrived too. */
async function barrier(): Promise<void> {
  const res = await asBot(world.emu, 'POST', `/channels/${world.seed.channels.general}/messages`, {
    content: 'barrier',
  });
  const id = (res.json as { id: string }).id;
  await expect.poll(() => seen.created.has(id)).toBe(true);
}

describe('ephemeral responses and follow-ups', () => {
  it('a deferral with flag 64 stays private: no gateway dispatch, not in channel history, visible to the invoker only', async () => {
    const { emu, seed } = world;
    const feed = await followEvents(emu);
    const id = await secret('alice', async (i) => {
      await i.deferReply({ flags: MessageFlags.Ephemeral });
      expect(emu.interactionResponse(i.id)).toMatchObject({
        state: 'deferred',
        ephemeral: true,
        original: { loading: true },
      });
      await i.editReply('Your balance: 1,250 coins');
    });
    const response = emu.interactionResponse(id);
    expect(response).toMatchObject({ state: 'replied', ephemeral: true, content: 'Your balance: 1,250 coins' });
    const messageId = response.original?.id ?? '';
    expect(response.original?.api.flags).toBe(MessageFlags.Ephemeral);
    await barrier();
    expect(seen.created.has(messageId) || seen.updated.has(messageId)).toBe(false);
    const history = (await asBot(emu, 'GET', `/channels/${seed.channels.general}/messages?limit=100`)).json as {
      id: string;
    }[];
    expect(history.map((m) => m.id)).not.toContain(messageId);
    expect((await asBot(emu, 'GET', `/channels/${seed.channels.general}/messages/${messageId}`)).json).toMatchObject({
      code: 10008,
    });
    // The playground's live feed marks it for alice's view only; a reloaded page no longer has it, as on Discord.
    const live = await feed.until(
      (event, data) => event === 'message' && (data as { content: string }).content.startsWith('Your balance'),
    );
    feed.stop();
    expect(live).toMatchObject({ id: messageId, visibleTo: seed.users.alice.id });
    const state = (await (await fetch(`${emu.url}/playground/state`)).json()) as { messages: { id: string }[] };
    expect(state.messages.map((m) => m.id)).not.toContain(messageId);
  });

  it('CHANNEL_MESSAGE_WITH_SOURCE with flag 64, ephemeral and public follow-ups, and deleting @original', async () => {
    const { emu } = world;
    let followIds: string[] = [];
    const id = await secret('bob', async (i) => {
      await i.reply({ content: 'only bob', flags: MessageFlags.Ephemeral });
      const privateNote = await i.followUp({ content: 'also only bob', flags: MessageFlags.Ephemeral });
      const publicNote = await i.followUp({ content: 'everyone sees this' });
      followIds = [privateNote.id, publicNote.id];
      await i.deleteReply();
    });
    const response = emu.interactionResponse(id);
    expect(response.original).toMatchObject({ ephemeral: true, deleted: true, content: 'only bob' });
    expect(response.followups.map((m) => [m.content, m.ephemeral])).toEqual([
      ['also only bob', true],
      ['everyone sees this', false],
    ]);
    await barrier();
    expect(seen.created.has(followIds[1] ?? '')).toBe(true);
    expect(seen.created.has(followIds[0] ?? '')).toBe(false);
    expect(seen.deleted.has(response.original?.id ?? '')).toBe(false);
  });

  it('after a public deferral the first follow-up edits the deferred message and stays public, as Discord documents', async () => {
    const { emu } = world;
    const id = await secret('alice', async (i) => {
      await i.deferReply();
      await i.followUp({ content: 'meant to be private', flags: MessageFlags.Ephemeral });
    });
    const response = emu.interactionResponse(id);
    expect(response).toMatchObject({ content: 'meant to be private', ephemeral: false, followups: [] });
    await barrier();
    expect(seen.updated.has(response.original?.id ?? '')).toBe(true);

    // What works: delete the public deferral, then the ephemeral follow-up is a message of its own.
    const fixed = await secret('alice', async (i) => {
      await i.deferReply();
      await i.deleteReply();
      await i.followUp({ content: 'private refusal', flags: MessageFlags.Ephemeral });
    });
    const answer = emu.interactionResponse(fixed);
    expect(answer.original?.deleted).toBe(true);
    expect(answer.followups.map((m) => [m.content, m.ephemeral])).toEqual([['private refusal', true]]);
    await barrier();
    expect(seen.deleted.has(answer.original?.id ?? '')).toBe(true);
  });

  it('buttons on an ephemeral message answer only the member who sees it', async () => {
    const { emu, seed } = world;
    let messageId = '';
    await secret('alice', async (i) => {
      const reply = await i.reply({
        content: 'Confirm?',
        flags: MessageFlags.Ephemeral,
        components: [
          {
            type: ComponentType.ActionRow,
            components: [{ type: ComponentType.Button, style: ButtonStyle.Success, label: 'Yes', custom_id: 'yes' }],
          },
        ],
        withResponse: true,
      });
      messageId = reply.resource?.message?.id ?? '';
    });
    const body = (user: 'alice' | 'bob') =>
      userPost(emu, seed.users[user].token, '/interactions', {
        type: 3,
        guild_id: seed.guildId,
        channel_id: seed.channels.general,
        message_id: messageId,
        data: { custom_id: 'yes', component_type: 2 },
      });
    const stranger = await body('bob');
    expect(stranger.status).toBe(404);
    expect(await stranger.json()).toMatchObject({ code: 10008 });
    const clicked = new Promise<Message | null>((resolve) =>
      client.once(Events.InteractionCreate, (i) => {
        if (!i.isButton()) return resolve(null);
        expect(i.message.flags.has(MessageFlags.Ephemeral)).toBe(true);
        void i.update({ content: 'Confirmed', components: [] }).then(() => resolve(i.message));
      }),
    );
    expect((await body('alice')).status).toBe(204);
    expect(await clicked).not.toBeNull();
    expect(emu.message(messageId)).toMatchObject({ content: 'Confirmed', ephemeral: true });
  });
});
