import { once } from 'node:events';
import {
  ActionRowBuilder,
  ButtonBuilder,
  ButtonInteraction,
  ButtonStyle,
  ComponentType,
  Events,
  StringSelectMenuBuilder,
  StringSelectMenuInteraction,
} from 'discord.js';
import type { Client, Interaction, MessageActionRowComponentBuilder, Message } from 'discord.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { APPLICATION_ID, asBot, call, connectClient, startWorld, userPost } from './helpers.ts';
import type { World } from './helpers.ts';

let world: World;
let client: Client<true>;

beforeAll(async () => {
  world = await startWorld({ interactionTimeoutMs: 3000 });
  client = await connectClient(world.emu);
});

afterAll(async () => {
  await client?.destroy();
  await world?.emu.close();
});

/** A page with First/Prev/Next buttons (Prev disabled), a link, and a select menu. */
async function sendPager(page: number): Promise<Message> {
  const channel = client.channels.cache.get(world.seed.channels.general);
  if (!channel?.isSendable()) throw new Error('no channel');
  const buttons = new ActionRowBuilder<MessageActionRowComponentBuilder>().addComponents(
    new ButtonBuilder().setCustomId('page:first').setLabel('First').setStyle(ButtonStyle.Secondary),
    new ButtonBuilder().setCustomId('page:prev').setLabel('Prev').setStyle(ButtonStyle.Primary).setDisabled(true),
    new ButtonBuilder().setCustomId(`page:next:${page}`).setLabel('Next').setStyle(ButtonStyle.Primary),
    new ButtonBuilder().setURL('https://example.com/help').setLabel('Help').setStyle(ButtonStyle.Link),
  );
  const menu = new ActionRowBuilder<MessageActionRowComponentBuilder>().addComponents(
    new StringSelectMenuBuilder()
      .setCustomId('sort')
      .setPlaceholder('Sort by')
      .setMaxValues(2)
      .addOptions(
        { label: 'Karma', value: 'karma' },
        { label: 'Coins', value: 'coins' },
        { label: 'Level', value: 'level' },
      ),
  );
  return channel.send({ content: `Page ${page}`, components: [buttons, menu] });
}

/** The bot's next interaction, handed to `handle` (which answers it); resolves with what handle returned. */
function nextInteraction<T>(handle: (i: Interaction) => Promise<T>): Promise<T> {
  return new Promise((resolve, reject) => {
    client.once(Events.InteractionCreate, (interaction) => void handle(interaction).then(resolve, reject));
  });
}

/** What Discord's client sends when a member clicks: `POST /interactions` type 3 with the member's token. */
function click(
  user: 'alice' | 'bob',
  messageId: string,
  customId: string,
  componentType = 2,
  values?: string[],
): Promise<Response> {
  return userPost(world.emu, world.seed.users[user].token, '/interactions', {
    type: 3,
    guild_id: world.seed.guildId,
    channel_id: world.seed.channels.general,
    message_id: messageId,
    data: { custom_id: customId, component_type: componentType, ...(values ? { values } : {}) },
  });
}

describe('message components', () => {
  it('a button click reaches discord.js as a ButtonInteraction; UPDATE_MESSAGE edits the message', async () => {
    const { emu, seed } = world;
    const message = await sendPager(1);
    const stored = emu.message(message.id);
    expect(stored?.api.components?.[0]).toMatchObject({
      type: 1,
      id: 1,
      components: [
        { type: 2, id: 2, custom_id: 'page:first', style: 2, disabled: false },
        { type: 2, id: 3, custom_id: 'page:prev', disabled: true },
        { type: 2, id: 4, custom_id: 'page:next:1' },
        { type: 2, id: 5, style: 5, url: 'https://example.com/help' },
      ],
    });
    const updated = once(client, Events.MessageUpdate);
    const handled = nextInteraction(async (interaction) => {
      expect(interaction).toBeInstanceOf(ButtonInteraction);
      if (!interaction.isButton()) throw new Error('not a button');
      expect(interaction.customId).toBe('page:next:1');
      expect(interaction.componentType).toBe(ComponentType.Button);
      expect(interaction.message.id).toBe(message.id);
      expect(interaction.user.id).toBe(seed.users.alice.id);
      expect(interaction.component).toMatchObject({ label: 'Next' });
      await interaction.update({ content: 'Page 2', components: [] });
      return interaction.id;
    });
    const res = await click('alice', message.id, 'page:next:1');
    expect(res.status).toBe(204);
    const id = await handled;
    expect(res.headers.get('x-emulator-interaction-id')).toBe(id);
    const [, after] = (await updated) as [unknown, Message];
    expect(after.content).toBe('Page 2');
    expect(emu.message(message.id)).toMatchObject({ content: 'Page 2', api: { components: [] } });
    const payload = emu.interaction(id)?.payload as { type: number; data: object; message: { id: string } };
    expect(payload).toMatchObject({
      type: 3,
      data: { custom_id: 'page:next:1', component_type: 2, id: 4 },
      message: { id: message.id },
    });
    expect(emu.interactionResponse(id)).toMatchObject({ state: 'replied', callbackType: 7 });
  });

  it('DEFERRED_UPDATE_MESSAGE, then editing @original edits the message the select sits on', async () => {
    const { emu } = world;
    const message = await sendPager(3);
    const handled = nextInteraction(async (interaction) => {
      expect(interaction).toBeInstanceOf(StringSelectMenuInteraction);
      if (!interaction.isStringSelectMenu()) throw new Error('not a select');
      expect(interaction.values).toEqual(['coins', 'karma']);
      await interaction.deferUpdate();
      expect(emu.interactionResponse(interaction.id)).toMatchObject({ state: 'deferred', callbackType: 6 });
      await interaction.editReply({ content: 'Sorted by coins, then karma' });
      return interaction.id;
    });
    expect((await click('bob', message.id, 'sort', 3, ['coins', 'karma'])).status).toBe(204);
    const id = await handled;
    expect(emu.message(message.id)?.content).toBe('Sorted by coins, then karma');
    expect(emu.interactionResponse(id).state).toBe('replied');
  });

  it('refuses clicks Discord would not send: unknown or disabled components, bad values, a wrong type', async () => {
    const message = await sendPager(5);
    const failures = [
      await click('alice', message.id, 'nope'),
      await click('alice', message.id, 'page:prev'),
      await click('alice', message.id, 'sort', 3, ['coins', 'gold']),
      await click('alice', message.id, 'sort', 3, ['coins', 'karma', 'level']),
      await click('alice', message.id, 'sort', 3, []),
      await click('alice', message.id, 'sort', 2),
    ];
    for (const res of failures) {
      expect(res.status).toBe(400);
      expect(await res.json()).toMatchObject({
        code: 50035,
        errors: { data: { _errors: [{ code: 'COMPONENT_VALIDATION_FAILED' }] } },
      });
    }
  });

  it('marks a click failed when the bot does not answer within the time limit, and then the token is dead', async () => {
    const { emu } = world;
    emu.core.config.interactionTimeoutMs = 150;
    try {
      const message = await sendPager(7);
      const ignored = nextInteraction(async (i) => i);
      await click('alice', message.id, 'page:first');
      const interaction = await ignored;
      const failed = await emu.waitForInteractionResponse(interaction.id, (r) => r.state === 'failed', 3000);
      expect(failed.callbackType).toBeUndefined();
      const late = await call(emu, 'POST', `/interactions/${interaction.id}/${interaction.token}/callback`, {
        type: 6,
      });
      expect(late).toMatchObject({ status: 404, json: { code: 10062, message: 'Unknown interaction' } });
      const edit = await call(emu, 'PATCH', `/webhooks/${APPLICATION_ID}/${interaction.token}/messages/@original`, {
        content: 'too late',
      });
      expect(edit).toMatchObject({ status: 404, json: { code: 10015 } });
    } finally {
      emu.core.config.interactionTimeoutMs = 3000;
    }
  });

  it('keeps the token 15 minutes (configurable), then answers 401 Invalid Webhook Token', async () => {
    const { emu } = world;
    emu.core.config.interactionTokenLifetimeMs = 300;
    try {
      const message = await sendPager(9);
      const deferred = nextInteraction(async (i) => {
        if (!i.isButton()) throw new Error('not a button');
        await i.deferUpdate();
        return i;
      });
      await click('bob', message.id, 'page:first');
      const interaction = await deferred;
      const hook = `/webhooks/${APPLICATION_ID}/${interaction.token}`;
      expect((await call(emu, 'POST', hook, { content: 'in time' })).status).toBe(200);
      await expect
        .poll(async () => (await call(emu, 'POST', hook, { content: 'too late' })).json, { timeout: 3000 })
        .toEqual({ code: 50027, message: 'Invalid Webhook Token' });
      expect((await call(emu, 'POST', hook, { content: 'too late' })).status).toBe(401);
    } finally {
      emu.core.config.interactionTokenLifetimeMs = 15 * 60_000;
    }
  });

  it('validates components the bot sends, and only a component message answers with UPDATE_MESSAGE', async () => {
    const { emu, seed } = world;
    const sixButtons = Array.from({ length: 6 }, (_, i) => ({ type: 2, style: 1, label: `${i}`, custom_id: `b${i}` }));
    const wide = await asBot(emu, 'POST', `/channels/${seed.channels.general}/messages`, {
      components: [{ type: 1, components: sixButtons }],
    });
    expect(wide.json).toMatchObject({
      code: 50035,
      errors: { components: { 0: { components: { _errors: [{ code: 'BASE_TYPE_BAD_LENGTH' }] } } } },
    });
    emu.registerCommands(APPLICATION_ID, [{ name: 'ping', description: 'Pong' }], seed.guildId);
    const answered = nextInteraction(async (interaction) => {
      const route = `/interactions/${interaction.id}/${interaction.token}/callback` as const;
      const refused = await client.rest
        .post(route, { body: { type: 7, data: { content: 'x' } }, auth: false })
        .catch((e: unknown) => e);
      expect(refused).toMatchObject({
        code: 50035,
        rawError: { errors: { type: { _errors: [{ code: 'INTERACTION_RESPONSE_TYPE_INVALID' }] } } },
      });
      await client.rest.post(route, { body: { type: 4, data: { content: 'pong' } }, auth: false });
      return interaction.id;
    });
    const id = emu.invokeCommand(seed.users.alice.id, seed.channels.general, 'ping');
    expect(await answered).toBe(id);
    expect(emu.interactionResponse(id).content).toBe('pong');
  });
});
