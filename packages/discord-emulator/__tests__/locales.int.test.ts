import { once } from 'node:events';
import { ApplicationCommandOptionType, Events, Locale } from 'discord.js';
import type {
  ChatInputCommandInteraction,
  Client,
  Guild,
  RESTPostAPIChatInputApplicationCommandsJSONBody,
} from 'discord.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BOT_TOKEN, call, connectClient, startWorld, userPost } from './helpers.ts';
import type { World } from './helpers.ts';

let world: World;
let client: Client<true>;

const give: RESTPostAPIChatInputApplicationCommandsJSONBody = {
  name: 'give',
  description: 'Give coins',
  name_localizations: { [Locale.German]: 'geben' },
  description_localizations: { [Locale.German]: 'Münzen geben' },
  options: [
    {
      type: ApplicationCommandOptionType.Integer,
      name: 'amount',
      description: 'How many',
      name_localizations: { [Locale.German]: 'betrag' },
      description_localizations: { [Locale.German]: 'Wie viele' },
      required: true,
    },
    {
      type: ApplicationCommandOptionType.String,
      name: 'mood',
      description: 'How',
      choices: [{ name: 'happy', name_localizations: { [Locale.German]: 'froh' }, value: 'happy' }],
    },
  ],
};

beforeAll(async () => {
  world = await startWorld({ playground: true });
  client = await connectClient(world.emu);
  await client.application.commands.set([give], world.seed.guildId);
});

afterAll(async () => {
  await client?.destroy();
  await world?.emu.close();
});

/** The bot's next slash command. */
function nextCommand(): Promise<ChatInputCommandInteraction> {
  return new Promise((resolve) =>
    client.once(Events.InteractionCreate, (i) => {
      if (!i.isChatInputCommand()) return;
      void i.reply('ok').then(() => resolve(i));
    }),
  );
}

const bot = { authorization: `Bot ${BOT_TOKEN}` };

describe('locales', () => {
  it("interactions carry the member's locale (their setting, or the client's X-Discord-Locale) and the guild's", async () => {
    const { emu, seed } = world;
    const viaHelper = nextCommand();
    emu.model.user(seed.users.carol.id).locale = Locale.French;
    emu.invokeCommand(seed.users.carol.id, seed.channels.general, 'give', { amount: 1 });
    const fromSetting = await viaHelper;
    expect(fromSetting.locale).toBe(Locale.French);
    expect(fromSetting.guildLocale).toBe(Locale.EnglishUS);

    const parsed = emu.parseSlash(seed.channels.general, '/give 2');
    if (!parsed.ok) throw new Error(parsed.error);
    const fromHeader = nextCommand();
    const res = await fetch(`${emu.apiBase}/v10/interactions`, {
      method: 'POST',
      headers: { authorization: seed.users.carol.token, 'content-type': 'application/json', 'x-discord-locale': 'de' },
      body: JSON.stringify({
        type: 2,
        guild_id: seed.guildId,
        channel_id: seed.channels.general,
        data: { name: 'give', type: 1, options: parsed.options },
      }),
    });
    expect(res.status).toBe(204);
    expect((await fromHeader).locale).toBe(Locale.German);
  });

  it('the guild has a preferred_locale that a member with Manage Server changes (GUILD_UPDATE), and interactions follow it', async () => {
    const { emu, seed } = world;
    const guildPath = `/guilds/${seed.guildId}`;
    const patch = (user: 'alice' | 'owner', locale: string) =>
      call(emu, 'PATCH', guildPath, { preferred_locale: locale }, { authorization: seed.users[user].token });
    expect((await call(emu, 'GET', guildPath, undefined, bot)).json).toMatchObject({ preferred_locale: 'en-US' });
    const refused = await patch('alice', 'de');
    expect(refused).toMatchObject({ status: 403, json: { code: 50013 } });
    const invalid = await patch('owner', 'de_DE');
    expect(invalid).toMatchObject({
      status: 400,
      json: { code: 50035, errors: { preferred_locale: expect.any(Object) } },
    });
    const updated = once(client, Events.GuildUpdate) as Promise<[Guild, Guild]>;
    const changed = await patch('owner', 'de');
    expect(changed).toMatchObject({ status: 200, json: { preferred_locale: 'de' } });
    const [, after] = await updated;
    expect(after.preferredLocale).toBe(Locale.German);
    const next = nextCommand();
    emu.invokeCommand(seed.users.alice.id, seed.channels.general, 'give', { amount: 3 });
    const interaction = await next;
    expect(interaction.guildLocale).toBe(Locale.German);
    expect(emu.interaction(interaction.id)?.payload).toMatchObject({ guild_locale: 'de', guild: { locale: 'de' } });
  });

  it('commands keep their localizations; a batch GET gives name_localized for the requester unless asked for all', async () => {
    const { emu, seed } = world;
    const route = `/applications/${world.bot.applicationId}/guilds/${seed.guildId}/commands`;
    const german = (await call(emu, 'GET', route, undefined, { ...bot, 'x-discord-locale': 'de' })).json as object[];
    expect(german[0]).toMatchObject({ name: 'give', name_localized: 'geben', description_localized: 'Münzen geben' });
    expect(german[0]).not.toHaveProperty('name_localizations');
    expect((german[0] as { options: object[] }).options[0]).toMatchObject({ name: 'amount', name_localized: 'betrag' });
    const english = (await call(emu, 'GET', route, undefined, bot)).json as object[];
    expect(english[0]).not.toHaveProperty('name_localized');
    const full = (await call(emu, 'GET', `${route}?with_localizations=true`, undefined, bot)).json as object[];
    expect(full[0]).toMatchObject({
      name_localizations: { de: 'geben' },
      description_localizations: { de: 'Münzen geben' },
    });
    const fetched = await client.guilds.cache.get(seed.guildId)?.commands.fetch({ withLocalizations: true });
    expect(fetched?.first()?.nameLocalizations).toEqual({ de: 'geben' });
  });

  it('refuses localizations for unknown locales and localized names Discord would not accept', async () => {
    const guild = client.guilds.cache.get(world.seed.guildId);
    await expect(
      guild?.commands.create({ ...give, name: 'bad', name_localizations: { de_DE: 'geben' } } as never),
    ).rejects.toMatchObject({
      code: 50035,
      rawError: { errors: { name_localizations: { de_DE: { _errors: [{ code: 'BASE_TYPE_CHOICES' }] } } } },
    });
    await expect(
      guild?.commands.create({ ...give, name: 'bad', name_localizations: { de: 'Geben' } } as never),
    ).rejects.toMatchObject({
      rawError: { errors: { name_localizations: { de: { _errors: [{ code: 'APPLICATION_COMMAND_INVALID_NAME' }] } } } },
    });
  });

  it('the playground shows commands in the viewer’s locale and reads what they type in it', async () => {
    const { emu, seed } = world;
    const state = (await (await fetch(`${emu.url}/playground/state?locale=de`)).json()) as {
      guilds: {
        commands: {
          path: string;
          label: string;
          description: string;
          options: { label: string; choices: string[] }[];
        }[];
      }[];
      locales: string[];
    };
    expect(state.locales).toContain('de');
    expect(state.guilds[0]?.commands).toEqual([
      expect.objectContaining({
        path: 'give',
        label: 'geben',
        description: 'Münzen geben',
        options: [
          expect.objectContaining({ label: 'betrag', choices: [] }),
          expect.objectContaining({ label: 'mood', choices: ['froh'] }),
        ],
      }),
    ]);
    const parsed = (await (
      await fetch(`${emu.url}/playground/parse`, {
        method: 'POST',
        body: JSON.stringify({ channel_id: seed.channels.general, text: '/geben betrag:5 mood:froh', locale: 'de' }),
      })
    ).json()) as { ok: boolean; body: { data: unknown } };
    // Interactions carry the default names, whatever the member typed.
    expect(parsed.body.data).toMatchObject({
      name: 'give',
      options: [
        { name: 'amount', type: 4, value: 5 },
        { name: 'mood', type: 3, value: 'happy' },
      ],
    });
    const next = nextCommand();
    const sent = await userPost(emu, seed.users.bob.token, '/interactions', parsed.body);
    expect(sent.status).toBe(204);
    expect((await next).options.getInteger('amount')).toBe(5);
  });
});
