import { ApplicationCommandOptionType, AutocompleteInteraction, Events, Locale } from 'discord.js';
import type { Client, Interaction } from 'discord.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { APPLICATION_ID, call, connectClient, followEvents, startWorld, userPost } from './helpers.ts';
import type { World } from './helpers.ts';

let world: World;
let client: Client<true>;

const ITEMS = ['sword', 'shield', 'swan', 'potion'];

beforeAll(async () => {
  world = await startWorld({ playground: true });
  client = await connectClient(world.emu);
  await client.application.commands.set(
    [
      {
        name: 'buy',
        description: 'Buy from the shop',
        options: [
          {
            type: ApplicationCommandOptionType.String,
            name: 'item',
            description: 'What',
            required: true,
            autocomplete: true,
          },
          { type: ApplicationCommandOptionType.Integer, name: 'amount', description: 'How many', autocomplete: true },
          { type: ApplicationCommandOptionType.String, name: 'note', description: 'A note' },
        ],
      },
    ],
    world.seed.guildId,
  );
});

afterAll(async () => {
  await client?.destroy();
  await world?.emu.close();
});

/** Answers the bot's next interaction with `handle`; resolves with the interaction once handled. */
function next<T extends Interaction>(handle: (i: Interaction) => Promise<unknown>): Promise<T> {
  return new Promise((resolve, reject) => {
    client.once(Events.InteractionCreate, (i) => void handle(i).then(() => resolve(i as T), reject));
  });
}

describe('autocomplete', () => {
  it('refuses autocomplete with choices or on an option type that cannot have it', async () => {
    const guild = client.guilds.cache.get(world.seed.guildId);
    const withChoices = guild?.commands.create({
      name: 'pick',
      description: 'x',
      options: [
        {
          type: ApplicationCommandOptionType.String,
          name: 'what',
          description: 'x',
          autocomplete: true,
          choices: [{ name: 'a', value: 'a' }],
        } as never,
      ],
    });
    await expect(withChoices).rejects.toMatchObject({ code: 50035 });
    const onUser = guild?.commands.create({
      name: 'pick',
      description: 'x',
      options: [
        { type: ApplicationCommandOptionType.User, name: 'who', description: 'x', autocomplete: true } as never,
      ],
    });
    await expect(onUser).rejects.toMatchObject({ code: 50035 });
  });

  it('sends APPLICATION_COMMAND_AUTOCOMPLETE with the focused option; the choices of callback 8 come back', async () => {
    const { emu, seed } = world;
    const handled = next<AutocompleteInteraction>(async (i) => {
      expect(i).toBeInstanceOf(AutocompleteInteraction);
      if (!i.isAutocomplete()) throw new Error('not autocomplete');
      expect(i.commandName).toBe('buy');
      expect(i.options.getFocused(true)).toEqual({
        name: 'item',
        type: ApplicationCommandOptionType.String,
        value: 'sw',
        focused: true,
      });
      expect(i.options.getString('note')).toBe('for me');
      const typed = i.options.getFocused();
      await i.respond(
        ITEMS.filter((item) => item.startsWith(typed)).map((item) => ({ name: `A ${item}`, value: item })),
      );
    });
    const id = emu.autocomplete(seed.users.alice.id, seed.channels.general, '/buy note:"for me" item:sw', 'item');
    const interaction = await handled;
    expect(interaction.id).toBe(id);
    expect(await emu.waitForAutocomplete(id)).toEqual([
      { name: 'A sword', value: 'sword' },
      { name: 'A swan', value: 'swan' },
    ]);
    expect(emu.interaction(id)?.payload).toMatchObject({
      type: 4,
      data: {
        name: 'buy',
        options: [
          { name: 'item', type: 3, value: 'sw', focused: true },
          { name: 'note', type: 3, value: 'for me' },
        ],
      },
    });
    // Autocomplete leaves no message and has no webhook to follow up on.
    expect(emu.interactionResponse(id).original).toBeUndefined();
    expect(await call(emu, 'POST', `/webhooks/${APPLICATION_ID}/${interaction.token}`, { content: 'x' })).toMatchObject(
      {
        status: 404,
        json: { code: 10015 },
      },
    );
  });

  it('comes from a member typing, as Discord’s client sends it (an integer option still typed as text)', async () => {
    const { emu, seed } = world;
    const handled = next(async (i) => {
      if (!i.isAutocomplete()) throw new Error('not autocomplete');
      expect(i.options.getFocused(true)).toMatchObject({ name: 'amount', value: '1' });
      await i.respond([1, 10, 100].map((n) => ({ name: String(n), value: n })));
    });
    const parsed = (await (
      await fetch(`${emu.url}/playground/parse`, {
        method: 'POST',
        body: JSON.stringify({
          channel_id: seed.channels.general,
          text: '/buy item:sword amount:1',
          focused: 'amount',
        }),
      })
    ).json()) as { ok: boolean; body: unknown };
    expect(parsed.body).toMatchObject({ type: 4, data: { name: 'buy' } });
    const res = await userPost(emu, seed.users.bob.token, '/interactions', parsed.body);
    expect(res.status).toBe(204);
    await handled;
    const id = res.headers.get('x-emulator-interaction-id') ?? '';
    expect(await emu.waitForAutocomplete(id)).toEqual([
      { name: '1', value: 1 },
      { name: '10', value: 10 },
      { name: '100', value: 100 },
    ]);
  });

  it('checks callback 8 (≤ 25 choices of the option’s type) and allows nothing else for autocomplete', async () => {
    const { emu, seed } = world;
    const handled = next(async (i) => {
      if (!i.isAutocomplete()) throw new Error('not autocomplete');
      const route = `/interactions/${i.id}/${i.token}/callback` as const;
      const post = (body: unknown) => client.rest.post(route, { body, auth: false }).catch((e: unknown) => e);
      const tooMany = Array.from({ length: 26 }, (_, n) => ({ name: `${n}`, value: `${n}` }));
      expect(await post({ type: 8, data: { choices: tooMany } })).toMatchObject({
        code: 50035,
        rawError: { errors: { data: { choices: { _errors: [{ code: 'BASE_TYPE_MAX_LENGTH' }] } } } },
      });
      expect(await post({ type: 8, data: { choices: [{ name: 'one', value: 1 }] } })).toMatchObject({
        rawError: { errors: { data: { choices: { 0: { value: { _errors: [{ code: expect.any(String) }] } } } } } },
      });
      expect(await post({ type: 5 })).toMatchObject({
        code: 50035,
        rawError: { errors: { type: expect.any(Object) } },
      });
      await i.respond([{ name: 'Sword', value: 'sword' }]);
    });
    const id = emu.autocomplete(seed.users.alice.id, seed.channels.general, '/buy item:s', 'item');
    await handled;
    expect(await emu.waitForAutocomplete(id)).toEqual([{ name: 'Sword', value: 'sword' }]);
  });

  it('refuses a focused option without autocomplete; an unanswered request fails after the time limit', async () => {
    const { emu, seed } = world;
    const refused = (() => {
      try {
        return emu.autocomplete(seed.users.alice.id, seed.channels.general, '/buy item:x note:hi', 'note');
      } catch (error) {
        return error;
      }
    })();
    expect(refused).toMatchObject({
      code: 50035,
      errors: { data: { options: { _errors: [{ code: 'APPLICATION_COMMAND_AUTOCOMPLETE_DISABLED' }] } } },
    });
    emu.core.config.interactionTimeoutMs = 150;
    try {
      const ignored = next(async () => undefined);
      const id = emu.autocomplete(seed.users.alice.id, seed.channels.general, '/buy item:', 'item');
      await ignored;
      await expect(emu.waitForAutocomplete(id)).rejects.toThrow(/ended failed without choices/);
    } finally {
      emu.core.config.interactionTimeoutMs = 3000;
    }
  });

  it('streams the choices to the playground in the member’s locale', async () => {
    const { emu, seed } = world;
    const feed = await followEvents(emu);
    const handled = next(async (i) => {
      if (!i.isAutocomplete()) throw new Error('not autocomplete');
      expect(i.locale).toBe(Locale.German);
      await i.respond([{ name: 'Sword', nameLocalizations: { [Locale.German]: 'Schwert' }, value: 'sword' }]);
    });
    const id = emu.autocomplete(seed.users.alice.id, seed.channels.general, '/buy item:sch', 'item', {
      locale: Locale.German,
    });
    await handled;
    const event = await feed.until(
      (name, data) =>
        name === 'interaction' &&
        (data as { id: string; choices: unknown }).id === id &&
        !!(data as { choices: unknown }).choices,
    );
    feed.stop();
    expect(event).toMatchObject({
      kind: 'autocomplete',
      state: 'replied',
      choices: [{ name: 'Schwert', value: 'sword' }],
    });
  });
});
