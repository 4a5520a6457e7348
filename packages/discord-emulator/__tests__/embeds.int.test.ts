import { DiscordAPIError, EmbedBuilder, Events } from 'discord.js';
import type { ChatInputCommandInteraction, Client, Message, PartialMessage } from 'discord.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { APPLICATION_ID, asBot, connectClient, startWorld } from './helpers.ts';
import type { World } from './helpers.ts';

let world: World;
let client: Client<true>;

beforeAll(async () => {
  world = await startWorld();
  client = await connectClient(world.emu);
  world.emu.registerCommands(APPLICATION_ID, [{ name: 'card', description: 'Shows a card' }], world.seed.guildId);
});

afterAll(async () => {
  await client?.destroy();
  await world?.emu.close();
});

/** The next event `name` whose message passes `match`. */
function next<T extends Message | PartialMessage>(
  name: Events.MessageCreate | Events.MessageUpdate,
  match: (m: T) => boolean,
): Promise<T> {
  return new Promise((resolve) => {
    const listener = (...args: unknown[]): void => {
      const m = args.at(-1) as T;
      if (!match(m)) return;
      client.off(name, listener);
      resolve(m);
    };
    client.on(name, listener);
  });
}

/** Answers the next /card interaction with `handle`, resolving once it has run (or rejecting with its error). */
function onCard(handle: (i: ChatInputCommandInteraction) => Promise<unknown>): Promise<string> {
  return new Promise((resolve, reject) => {
    client.once(Events.InteractionCreate, (interaction) => {
      if (!interaction.isChatInputCommand()) return;
      handle(interaction).then(() => resolve(interaction.id), reject);
    });
  });
}

const balance = {
  title: 'Balance',
  description: '**alice** has 1,250 coins',
  color: 0x5865f2,
  fields: [
    { name: 'Wallet', value: '1,000', inline: true },
    { name: 'Bank', value: '250', inline: true },
  ],
  footer: { text: 'Guildhall' },
  timestamp: '2024-03-01T12:00:00.000Z',
};

describe('embeds', () => {
  it('are stored on create and edit, returned in message objects and dispatched in MESSAGE_CREATE/UPDATE', async () => {
    const { emu, seed } = world;
    const created = next<Message>(Events.MessageCreate, (m) => m.embeds[0]?.title === 'Balance');
    const res = await asBot(emu, 'POST', `/channels/${seed.channels.general}/messages`, { embeds: [balance] });
    expect(res.status).toBe(200);
    const body = res.json as { id: string; embeds: unknown[] };
    // As Discord returns it: typed "rich", the timestamp in Discord's form.
    expect(body.embeds).toEqual([{ ...balance, type: 'rich', timestamp: '2024-03-01T12:00:00+00:00' }]);
    const received = await created;
    expect(received.embeds[0]?.fields.map((f) => f.name)).toEqual(['Wallet', 'Bank']);
    expect(received.embeds[0]?.hexColor).toBe('#5865f2');
    expect((await asBot(emu, 'GET', `/channels/${seed.channels.general}/messages/${body.id}`)).json).toMatchObject({
      embeds: [{ title: 'Balance' }],
    });

    const updated = next<Message>(Events.MessageUpdate, (m) => m.id === body.id && m.embeds[0]?.title === 'Spent');
    const edit = await asBot(emu, 'PATCH', `/channels/${seed.channels.general}/messages/${body.id}`, {
      embeds: [{ ...balance, title: 'Spent' }],
    });
    expect(edit.json).toMatchObject({ embeds: [{ title: 'Spent' }] });
    await updated;
    const cleared = await asBot(emu, 'PATCH', `/channels/${seed.channels.general}/messages/${body.id}`, {
      content: 'no card',
      embeds: [],
    });
    expect(cleared.json).toMatchObject({ content: 'no card', embeds: [] });
  });

  it("are refused over Discord's limits with 50035, every problem at once, and nothing is posted", async () => {
    const { emu, seed } = world;
    const before = emu.messages(seed.channels.general).length;
    const dispatched = emu.requests().length;
    const res = await asBot(emu, 'POST', `/channels/${seed.channels.general}/messages`, {
      content: 'x'.repeat(2001),
      embeds: [
        { title: 'x'.repeat(257), fields: [{ name: 'n', value: 'x'.repeat(1025) }] },
        { description: 'x'.repeat(4097) },
      ],
    });
    expect(res.status).toBe(400);
    expect(res.json).toEqual({
      code: 50035,
      message: 'Invalid Form Body',
      errors: {
        content: { _errors: [{ code: 'BASE_TYPE_MAX_LENGTH', message: 'Must be 2000 or fewer in length.' }] },
        embeds: {
          0: {
            title: { _errors: [{ code: 'BASE_TYPE_MAX_LENGTH', message: 'Must be 256 or fewer in length.' }] },
            fields: {
              0: {
                value: { _errors: [{ code: 'BASE_TYPE_MAX_LENGTH', message: 'Must be 1024 or fewer in length.' }] },
              },
            },
          },
          1: {
            description: { _errors: [{ code: 'BASE_TYPE_MAX_LENGTH', message: 'Must be 4096 or fewer in length.' }] },
          },
        },
      },
    });
    expect(emu.messages(seed.channels.general)).toHaveLength(before);
    expect(emu.requests().length).toBe(dispatched + 1);
    const total = await asBot(emu, 'POST', `/channels/${seed.channels.general}/messages`, {
      embeds: [{ description: 'x'.repeat(4000) }, { description: 'y'.repeat(2001) }],
    });
    expect(total.json).toMatchObject({
      code: 50035,
      errors: { embeds: { _errors: [{ code: 'MAX_EMBED_SIZE_EXCEEDED' }] } },
    });
  });

  it('travel in interaction replies, @original edits and follow-ups, each checked the same way', async () => {
    const { emu, seed } = world;
    const handled = onCard(async (interaction) => {
      await interaction.reply({
        embeds: [
          new EmbedBuilder().setTitle('Card').setColor(0x57f287).addFields({ name: 'Level', value: '3', inline: true }),
        ],
      });
      await interaction.editReply({ embeds: [new EmbedBuilder().setTitle('Card').setDescription('Level 4')] });
      await interaction.followUp({ embeds: [new EmbedBuilder().setTitle('Also').setFooter({ text: 'later' })] });
      await expect(interaction.editReply({ embeds: [{ title: 'x'.repeat(257) }] })).rejects.toMatchObject({
        code: 50035,
        rawError: { errors: { embeds: { 0: { title: { _errors: [{ code: 'BASE_TYPE_MAX_LENGTH' }] } } } } },
      });
    });
    const id = emu.invokeCommand(seed.users.alice.id, seed.channels.general, 'card');
    expect(await handled).toBe(id);
    const response = emu.interactionResponse(id);
    expect(response.original?.api.embeds).toEqual([{ type: 'rich', title: 'Card', description: 'Level 4' }]);
    expect(response.followups.map((m) => m.api.embeds)).toEqual([
      [{ type: 'rich', title: 'Also', footer: { text: 'later' } }],
    ]);
  });

  it('leave an interaction unacknowledged when its callback is refused, so a corrected reply still works', async () => {
    const { emu, seed } = world;
    const handled = onCard(async (interaction) => {
      const refused = await interaction
        .reply({ embeds: [{ fields: Array.from({ length: 26 }, () => ({ name: 'n', value: 'v' })) }] })
        .catch((error: unknown) => error);
      expect(refused).toBeInstanceOf(DiscordAPIError);
      // A callback's message lives under `data`, and so do its errors.
      expect(refused).toMatchObject({
        code: 50035,
        rawError: { errors: { data: { embeds: { 0: { fields: { _errors: [{ code: 'BASE_TYPE_MAX_LENGTH' }] } } } } } },
      });
      await interaction.reply({ embeds: [{ title: 'Fixed', fields: [{ name: 'n', value: 'v' }] }] });
    });
    const id = emu.invokeCommand(seed.users.bob.id, seed.channels.general, 'card');
    await handled;
    expect(emu.interactionResponse(id)).toMatchObject({
      state: 'replied',
      original: { api: { embeds: [{ title: 'Fixed' }] } },
    });
  });
});
