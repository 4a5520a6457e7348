import { wirePlayground } from '@guildhall/discord-emulator';
import {
  ActionRowBuilder,
  ApplicationCommandOptionType,
  ButtonBuilder,
  ButtonStyle,
  Client,
  EmbedBuilder,
  Events,
  GatewayIntentBits,
  Locale,
  MessageFlags,
  StringSelectMenuBuilder,
  type Interaction,
  type MessageActionRowComponentBuilder,
} from 'discord.js';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { byAuthor, launchChromium, openPlayground, screenshots as results, send } from './harness/browser.ts';
import { Stack } from './harness/stack.ts';

const HELPER_TOKEN = 'playground-helper-token';

let stack: Stack;
let browser: Browser;
/** A second app in the guild, written with discord.js, that answers with embeds, components, ephemeral replies,
 * localized commands and autocomplete, so the page is tested on every shape whatever Guildhall's bot sends today. */
let helper: Client<true>;

beforeAll(async () => {
  stack = await Stack.create({ playground: true });
  await stack.startCore();
  await stack.startBot();
  // The seeded #mod-log is made the mod-log the way `pnpm start` does it: the owner's /modconfig.
  await wirePlayground(stack.emu, stack.seed);
  helper = await startHelper();
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
  await helper?.destroy();
  await stack?.close();
});

function leaderboard(page: number): {
  embeds: EmbedBuilder[];
  components: ActionRowBuilder<MessageActionRowComponentBuilder>[];
} {
  const embed = new EmbedBuilder()
    .setAuthor({ name: 'Guildhall Bank' })
    .setTitle(`Leaderboard · page ${page}`)
    .setDescription(page === 1 ? '1. **alice** — 1,250 coins\n2. **bob** — 800 coins' : '3. **carol** — 120 coins')
    .setColor(0x5865f2)
    .addFields(
      { name: 'Members', value: '120', inline: true },
      { name: 'Coins', value: '48,200', inline: true },
      { name: 'Richest', value: 'alice', inline: true },
      { name: 'Note', value: 'Balances update every minute.' },
    )
    .setFooter({ text: `Page ${page} of 2` })
    .setTimestamp(new Date());
  const buttons = new ActionRowBuilder<MessageActionRowComponentBuilder>().addComponents(
    new ButtonBuilder()
      .setCustomId('lb:prev')
      .setLabel('Prev')
      .setStyle(ButtonStyle.Secondary)
      .setDisabled(page === 1),
    new ButtonBuilder()
      .setCustomId('lb:next')
      .setLabel('Next')
      .setStyle(ButtonStyle.Primary)
      .setDisabled(page === 2),
    new ButtonBuilder().setURL('https://example.com/help').setLabel('Help').setStyle(ButtonStyle.Link),
  );
  const sort = new ActionRowBuilder<MessageActionRowComponentBuilder>().addComponents(
    new StringSelectMenuBuilder()
      .setCustomId('lb:sort')
      .setPlaceholder('Sort by')
      .addOptions(
        { label: 'Coins', value: 'coins', description: 'Wallet and bank' },
        { label: 'Karma', value: 'karma' },
      ),
  );
  return { embeds: [embed], components: [buttons, sort] };
}

async function answer(interaction: Interaction): Promise<void> {
  if (interaction.isAutocomplete()) {
    const typed = interaction.options.getFocused();
    const items = ['sword', 'swan', 'shield', 'potion'].filter((i) => i.startsWith(typed));
    await interaction.respond(items.map((i) => ({ name: `The ${i}`, value: i })));
  } else if (interaction.isChatInputCommand()) {
    const name = interaction.member && 'displayName' in interaction.member ? interaction.member.displayName : '?';
    if (interaction.commandName === 'board') await interaction.reply(leaderboard(1));
    if (interaction.commandName === 'secret')
      await interaction.reply({ content: `Only ${name} knows this.`, flags: MessageFlags.Ephemeral });
    if (interaction.commandName === 'greet')
      await interaction.reply(interaction.locale === Locale.German ? `Hallo, ${name}!` : `Hello, ${name}!`);
    if (interaction.commandName === 'find')
      await interaction.reply(`Found ${interaction.options.getString('item', true)}.`);
  } else if (interaction.isButton()) {
    await interaction.update(leaderboard(interaction.customId === 'lb:next' ? 2 : 1));
  } else if (interaction.isStringSelectMenu()) {
    await interaction.update({ content: `Sorted by ${interaction.values.join(', ')}.` });
  }
}

async function startHelper(): Promise<Client<true>> {
  const { emu, seed } = stack;
  const bot = emu.createBot({ username: 'Helper', token: HELPER_TOKEN, applicationId: '1300000000000000001' });
  emu.addMember(seed.guildId, bot.userId);
  const client = new Client({ intents: [GatewayIntentBits.Guilds], rest: { api: emu.apiBase } });
  const ready = new Promise<void>((resolve) => client.once(Events.ClientReady, () => resolve()));
  client.on(Events.InteractionCreate, (i) => void answer(i));
  await client.login(HELPER_TOKEN);
  await ready;
  await client.application?.commands.set(
    [
      { name: 'board', description: 'A leaderboard card' },
      { name: 'secret', description: 'Something only you see' },
      {
        name: 'greet',
        description: 'Says hello',
        nameLocalizations: { [Locale.German]: 'gruss' },
        descriptionLocalizations: { [Locale.German]: 'Sagt hallo' },
      },
      {
        name: 'find',
        description: 'Find an item',
        options: [
          {
            type: ApplicationCommandOptionType.String,
            name: 'item',
            description: 'What to find',
            required: true,
            autocomplete: true,
          },
        ],
      },
    ],
    seed.guildId,
  );
  return client as Client<true>;
}

const open = (viewport?: { width: number; height: number }) => openPlayground(browser, stack.emu.url, viewport);

it('a member chats and runs commands in the playground page; a moderator times someone out', async () => {
  const page = await open();
  await page.getByTestId('member-picker').selectOption(stack.seed.users.carol.id);
  await page.getByTestId('channel-general').click();

  await page.getByTestId('message-input').fill('alice++ (ice cream)++');
  await page.getByTestId('send').click();
  const reply = byAuthor(page, 'Guildhall').first();
  await reply.waitFor({ timeout: 15_000 });
  expect(await reply.getByTestId('reply-quote').textContent()).toContain('alice++ (ice cream)++');
  const content = reply.getByTestId('message-content');
  // The bot's `**alice** +1 → 1` is rendered as markdown: a bold element, no literal asterisks.
  expect(await content.locator('strong').first().textContent()).toBe('alice');
  expect(await content.textContent()).not.toContain('**');

  await page.getByTestId('message-input').fill('/karma top');
  await page.getByTestId('send').click();
  const board = byAuthor(page, 'Guildhall').nth(1);
  await expect.poll(() => board.textContent(), { timeout: 15_000 }).toContain('1.');

  // Typing a slash opens the autocomplete, filtered by what is typed, with each command's options.
  await page.getByTestId('message-input').fill('/ka');
  const suggestions = page.getByTestId('command-autocomplete').getByTestId('command-option');
  await suggestions.first().waitFor();
  expect(await suggestions.allTextContents()).toSatisfy((rows: string[]) => rows.every((r) => r.startsWith('/karma')));
  expect(await suggestions.first().textContent()).toContain('/karma get');
  // Focus leaving the input and coming straight back (Send clicked, then typing again) keeps the list open.
  await page.getByTestId('message-input').fill('');
  await page.getByTestId('send').click();
  await page.getByTestId('message-input').fill('/ka');
  await page.waitForTimeout(400);
  expect(await suggestions.first().isVisible()).toBe(true);
  await page.getByTestId('message-input').fill('');

  // A moderator's /timeout shows up on the member in the members panel.
  await page.getByTestId('member-picker').selectOption(stack.seed.users.mod.id);
  await page.getByTestId('message-input').fill('/timeout member:@bob duration:10m reason:spamming');
  await page.getByTestId('send').click();
  const bob = page.getByTestId('members-panel').locator('[data-testid="member-row"][data-username="bob"]');
  await expect
    .poll(() => bob.getByTestId('timeout-badge').textContent(), { timeout: 15_000 })
    .toMatch(/^timed out until /);

  await page.screenshot({ path: `${results}playground.png` });
  await page.close();
});

it('the seeded #mod-log is the mod-log from the start: a warning is posted there', async () => {
  const page = await open();
  await page.getByTestId('member-picker').selectOption(stack.seed.users.mod.id);
  await send(page, '/warn member:@carol reason:testing the mod-log');
  await page.getByTestId('channel-mod-log').click();
  // The owner's /modconfig from the start is there, then the case.
  await expect
    .poll(() => byAuthor(page, 'Guildhall').allTextContents(), { timeout: 15_000 })
    .toContainEqual(expect.stringContaining('testing the mod-log'));
  await page.close();
});

it('shows embeds as Discord does, and clicking a button or choosing an option goes to the app that sent them', async () => {
  for (const [viewport, name] of [
    [{ width: 1280, height: 800 }, 'desktop'],
    [{ width: 390, height: 844 }, 'phone'],
  ] as const) {
    const page = await open(viewport);
    await page.getByTestId('channel-karma').click();
    await send(page, '/board');
    const card = byAuthor(page, 'Helper').last();
    const embed = card.getByTestId('embed');
    await embed.waitFor({ timeout: 15_000 });
    expect(await embed.getByTestId('embed-title').textContent()).toBe('Leaderboard · page 1');
    expect(await embed.getByTestId('embed-author').textContent()).toBe('Guildhall Bank');
    expect(await embed.getByTestId('embed-description').locator('strong').allTextContents()).toEqual(['alice', 'bob']);
    // The colour bar, as the browser draws it.
    expect(await embed.evaluate((e) => e.ownerDocument.defaultView?.getComputedStyle(e).borderLeftColor)).toBe(
      'rgb(88, 101, 242)',
    );
    const fields = embed.getByTestId('embed-field');
    expect(await fields.evaluateAll((f) => f.map((x) => x.getAttribute('data-inline')))).toEqual([
      'true',
      'true',
      'true',
      'false',
    ]);
    // Three inline fields share a row; the fourth takes a row of its own.
    const boxes = await fields.evaluateAll((f) => f.map((x) => x.getBoundingClientRect().top));
    expect(new Set(boxes.slice(0, 3)).size).toBe(1);
    expect(boxes[3]).toBeGreaterThan(boxes[0] ?? 0);
    expect(await embed.getByTestId('embed-footer').textContent()).toMatch(/^Page 1 of 2•Today at /);
    expect(await card.locator('[data-testid="button"][data-custom-id="lb:prev"]').isDisabled()).toBe(true);
    await page.screenshot({ path: `${results}playground-embed-${name}.png` });

    await card.locator('[data-testid="button"][data-custom-id="lb:next"]').click();
    await expect
      .poll(() => embed.getByTestId('embed-title').textContent(), { timeout: 15_000 })
      .toBe('Leaderboard · page 2');
    expect(await card.locator('[data-testid="button"][data-custom-id="lb:next"]').isDisabled()).toBe(true);

    await card.getByTestId('select').locator('.select-trigger').click();
    await card.locator('[data-testid="select-option"][data-value="karma"]').click();
    await expect
      .poll(() => card.getByTestId('message-content').textContent(), { timeout: 15_000 })
      .toBe('Sorted by karma.');
    await page.screenshot({ path: `${results}playground-components-${name}.png` });
    await page.close();
  }
});

it("shows an ephemeral reply only in the invoker's view, until they dismiss it", async () => {
  for (const [viewport, name] of [
    [{ width: 1280, height: 800 }, 'desktop'],
    [{ width: 390, height: 844 }, 'phone'],
  ] as const) {
    const page = await open(viewport);
    await page.getByTestId('member-picker').selectOption(stack.seed.users.dave.id);
    await page.getByTestId('channel-karma').click();
    await send(page, '/secret');
    const secret = byAuthor(page, 'Helper').filter({ hasText: 'Only Dave knows this.' });
    await secret.waitFor({ timeout: 15_000 });
    expect(await secret.getAttribute('data-ephemeral')).toBe('true');
    expect(await secret.getByTestId('ephemeral-note').textContent()).toBe('Only you can see this·Dismiss message');
    await page.screenshot({ path: `${results}playground-ephemeral-${name}.png` });

    await page.getByTestId('member-picker').selectOption(stack.seed.users.bob.id);
    await expect.poll(() => secret.count()).toBe(0);
    await page.getByTestId('member-picker').selectOption(stack.seed.users.dave.id);
    await expect.poll(() => secret.count()).toBe(1);
    await secret.getByTestId('dismiss-message').click();
    await expect.poll(() => secret.count()).toBe(0);
    await page.close();
  }
  // No other member's client was ever told about it: Discord dispatches no MESSAGE_CREATE for ephemeral messages.
  const stored = stack.emu.messages().find((m) => m.content === 'Only Dave knows this.');
  expect(stored?.ephemeral).toBe(true);
});

it('switches to German: commands show their German names, and interactions carry the locale', async () => {
  const page = await open();
  await page.getByTestId('locale-picker').selectOption(Locale.German);
  // `/grus`, not `/gr`: Guildhall's own German `/grund` starts with `/gr` too.
  await page.getByTestId('message-input').fill('/grus');
  const option = page.getByTestId('command-autocomplete').getByTestId('command-option').first();
  await expect.poll(() => option.textContent()).toContain('/gruss');
  expect(await option.textContent()).toContain('Sagt hallo');
  await send(page, '/gruss');
  await expect
    .poll(() => byAuthor(page, 'Helper').last().getByTestId('message-content').textContent(), { timeout: 15_000 })
    .toBe('Hallo, Alice!');
  await page.screenshot({ path: `${results}playground-german.png` });
  await page.close();
});

it('Guildhall answers in German: a karma board as an embed, and a refusal only the invoker sees', async () => {
  const page = await open();
  await page.getByTestId('locale-picker').selectOption(Locale.German);
  await page.getByTestId('member-picker').selectOption(stack.seed.users.carol.id);
  await page.getByTestId('channel-karma').click();
  await send(page, 'alice++ (Eis am Stiel)++');
  await send(page, '/karma top');
  const board = byAuthor(page, 'Guildhall').getByTestId('embed').filter({ hasText: 'Höchstes Karma' }).last();
  await board.waitFor({ timeout: 15_000 });
  expect(await board.getByTestId('embed-title').textContent()).toBe('Höchstes Karma');
  expect(await board.getByTestId('embed-description').locator('strong').allTextContents()).toEqual(
    expect.arrayContaining(['alice', 'Eis am Stiel']),
  );
  expect(await board.getByTestId('embed-footer').textContent()).toMatch(/Einträge/);

  await send(page, '/karma abfragen names:a b c d e f g h i j k');
  const refusal = byAuthor(page, 'Guildhall').filter({ hasText: 'Schlag höchstens 10 Namen auf einmal nach.' });
  await refusal.waitFor({ timeout: 15_000 });
  expect(await refusal.getAttribute('data-ephemeral')).toBe('true');
  await page.screenshot({ path: `${results}playground-karma-german.png` });
  // Nobody else sees it, nor a public "thinking…" left behind.
  await page.getByTestId('member-picker').selectOption(stack.seed.users.bob.id);
  await expect.poll(() => refusal.count()).toBe(0);
  await page.close();
});

it('Guildhall’s economy in the page: the balance card, the shop, and a German refusal of a privileged role', async () => {
  const page = await open({ width: 1280, height: 900 });
  const { owner, alice } = stack.seed.users;
  await page.getByTestId('member-picker').selectOption(owner.id);
  await page.getByTestId('channel-general').click();
  await send(page, '/economy grant member:@alice amount:1250');
  await send(page, '/economy shop-add role:@Regular price:100 description:A green name in the member list');
  await send(page, '/economy shop-add role:@Artist price:2500');
  const listed = byAuthor(page, 'Guildhall').filter({ hasText: 'is for sale for' });
  await expect.poll(() => listed.count(), { timeout: 15_000 }).toBe(2);

  await page.getByTestId('member-picker').selectOption(alice.id);
  await send(page, '/daily');
  await send(page, '/balance');
  const card = byAuthor(page, 'Guildhall').getByTestId('embed').filter({ hasText: 'Daily streak' }).last();
  await card.waitFor({ timeout: 15_000 });
  expect(await card.getByTestId('embed-title').textContent()).toBe('Balance');
  expect(await card.getByTestId('embed-description').textContent()).toBe('@Alice has 🪙 1,350 coins.');
  expect(await card.getByTestId('embed-field').allTextContents()).toEqual(['Rank#1', 'Daily streak1 day']);
  await card.scrollIntoViewIfNeeded();
  await page.screenshot({ path: `${results}playground-economy-balance.png` });

  await send(page, '/shop');
  const shop = byAuthor(page, 'Guildhall').getByTestId('embed').filter({ hasText: 'Buy one with' }).last();
  await shop.waitFor({ timeout: 15_000 });
  expect(await shop.getByTestId('embed-description').textContent()).toBe(
    '1. @Regular — 🪙 100 coins · A green name in the member list\n2. @Artist — 🪙 2,500 coins',
  );
  await shop.scrollIntoViewIfNeeded();
  await page.screenshot({ path: `${results}playground-economy-shop.png` });

  await page.getByTestId('member-picker').selectOption(owner.id);
  await page.getByTestId('locale-picker').selectOption(Locale.German);
  await send(page, '/wirtschaft shop-hinzufügen role:@Moderator price:50');
  const refusal = byAuthor(page, 'Guildhall').filter({ hasText: 'zu mächtig, als dass Guildhall sie vergeben dürfte' });
  await refusal.waitFor({ timeout: 15_000 });
  expect(await refusal.getAttribute('data-ephemeral')).toBe('true');
  expect(await refusal.getByTestId('embed-description').locator('strong').allTextContents()).toEqual([
    'Server verwalten',
    'Rollen verwalten',
    'Nachrichten verwalten',
    'Mitglieder bannen',
    'Mitglieder kicken',
    'Mitglieder im Timeout',
  ]);
  await refusal.scrollIntoViewIfNeeded();
  await page.screenshot({ path: `${results}playground-economy-refusal-german.png` });
  await page.close();
});

it('shows the choices an app suggests while a member types an autocomplete option', async () => {
  const page = await open();
  await page.getByTestId('message-input').fill('/find item:sw');
  const choices = page.getByTestId('command-autocomplete').getByTestId('autocomplete-choice');
  await expect.poll(() => choices.allTextContents(), { timeout: 15_000 }).toEqual(['The sword', 'The swan']);
  await page.screenshot({ path: `${results}playground-autocomplete.png` });
  await choices.nth(1).click();
  expect(await page.getByTestId('message-input').inputValue()).toBe('/find item:swan ');
  await page.getByTestId('send').click();
  await expect
    .poll(() => byAuthor(page, 'Helper').last().getByTestId('message-content').textContent(), { timeout: 15_000 })
    .toBe('Found swan.');
  await page.close();
});

it('reminders and temporary roles as a member sees them: a confirmation, a list embed, a German refusal', async () => {
  const page = await open();
  await page.getByTestId('member-picker').selectOption(stack.seed.users.carol.id);
  await page.getByTestId('channel-general').click();
  await send(page, '/remind create when:2h text:stretch my legs');
  const confirmation = byAuthor(page, 'Guildhall').filter({ hasText: 'stretch my legs' }).last();
  await confirmation.waitFor({ timeout: 15_000 });
  // Relative to when it was written, plus the absolute time (which Discord shows in the reader's own zone).
  expect(await confirmation.getByTestId('message-content').textContent()).toMatch(
    /^Reminder #\d+ set: I'll remind you in 2 hours \(.+\): stretch my legs$/,
  );
  expect(await confirmation.getAttribute('data-ephemeral')).toBe('true');
  await send(page, '/remind create when:3d text:call mum');
  await send(page, '/remind list');
  const list = byAuthor(page, 'Guildhall').getByTestId('embed').filter({ hasText: 'Your reminders' }).last();
  await list.waitFor({ timeout: 15_000 });
  expect(await list.getByTestId('embed-description').locator('strong').allTextContents()).toEqual([
    'stretch my legs',
    'call mum',
  ]);
  expect(await list.getByTestId('embed-description').textContent()).toMatch(/in 2 hours · .+ · #general/);
  expect(await list.getByTestId('embed-footer').textContent()).toMatch(
    /^2 reminders · Cancel one with \/remind cancel and its number\./,
  );
  await page.screenshot({ path: `${results}playground-reminders.png` });

  // The owner gives bob (no moderator) the Moderator role for an hour, in German: refused, and only the owner sees why.
  await page.getByTestId('locale-picker').selectOption(Locale.German);
  await page.getByTestId('member-picker').selectOption(stack.seed.users.owner.id);
  await send(page, '/zeitrolle member:@bob role:@Moderator duration:1h');
  const refusal = byAuthor(page, 'Guildhall').filter({ hasText: 'zu mächtig' }).last();
  await refusal.waitFor({ timeout: 15_000 });
  expect(await refusal.getByTestId('embed-description').textContent()).toMatch(
    /^Diese Rolle hat Server verwalten, Rollen verwalten, .+ – zu mächtig, als dass Guildhall sie vergeben dürfte\.$/,
  );
  expect(await refusal.getAttribute('data-ephemeral')).toBe('true');
  await page.screenshot({ path: `${results}playground-temprole-german.png` });
  const bob = stack.emu.model.guilds.get(stack.seed.guildId)?.members.get(stack.seed.users.bob.id);
  expect(bob?.roles).not.toContain(stack.seed.roles.moderator);
  await page.close();
});
