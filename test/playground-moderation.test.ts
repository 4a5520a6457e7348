import { wirePlayground } from '@guildhall/discord-emulator';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { byAuthor, launchChromium, openPlayground, screenshots as results, send } from './harness/browser.ts';
import { Stack } from './harness/stack.ts';

// Moderation as a moderator sees it in the playground, in Chromium: a case in #mod-log, a purge's answer, an unban
// picked from the ban list's suggestions, and a refusal in German. Screenshots land in test-results/.

let stack: Stack;
let browser: Browser;

beforeAll(async () => {
  stack = await Stack.create({ playground: true });
  await stack.startCore();
  await stack.startBot();
  await wirePlayground(stack.emu, stack.seed);
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
  await stack?.close();
});

const open = () => openPlayground(browser, stack.emu.url, { width: 1280, height: 860 });

const botEmbeds = (page: Page) => byAuthor(page, 'Guildhall').getByTestId('embed');

it('a moderator warns and purges: the case is a card in #mod-log, the purge says what it deleted and kept', async () => {
  const { alice, bob, mod } = stack.seed.users;
  const { general } = stack.seed.channels;
  for (const n of [1, 2, 3, 4]) await stack.post(n % 2 ? alice : bob, general, `spam ${n}`);
  const kept = await stack.post(alice, general, 'house rules: be kind');
  stack.emu.pin(general, kept.id);

  const page = await open();
  await page.getByTestId('member-picker').selectOption(mod.id);
  await page.getByTestId('channel-general').click();
  await send(page, '/purge count:5');
  const purged = botEmbeds(page).filter({ hasText: 'Purge' }).last();
  await expect
    .poll(() => purged.getByTestId('embed-field').allTextContents(), { timeout: 15_000 })
    .toContainEqual(expect.stringContaining('4 messages deleted (asked: the last 5)'));
  expect(await purged.getByTestId('embed-field').allTextContents()).toContainEqual(
    expect.stringContaining('1 pinned message kept'),
  );
  await page.screenshot({ path: `${results}moderation-purge.png` });

  await send(page, '/warn member:@bob reason:spamming links in #general');
  await page.getByTestId('channel-mod-log').click();
  const warning = botEmbeds(page).filter({ hasText: 'Warning' }).last();
  await warning.waitFor({ timeout: 15_000 });
  expect(await warning.getByTestId('embed-title').textContent()).toMatch(/^Case #\d+ · Warning$/);
  expect(await warning.getByTestId('embed-field-name').allTextContents()).toEqual([
    'Member',
    'Moderator',
    'Reason',
    'Outcome',
  ]);
  // Mentions are drawn as names, not ids.
  expect(await warning.getByTestId('embed-field-value').first().textContent()).toContain('Bob');
  await page.screenshot({ path: `${results}moderation-modlog.png` });
  await page.close();
});

it('a moderator picks a banned user from the suggestions to unban them', async () => {
  const { carol, mod } = stack.seed.users;
  stack.emu.ban(stack.seed.guildId, carol.id);
  const page = await open();
  await page.getByTestId('member-picker').selectOption(mod.id);
  await page.getByTestId('channel-general').click();
  await page.getByTestId('message-input').fill('/unban user:car');
  const choices = page.getByTestId('command-autocomplete').getByTestId('autocomplete-choice');
  await expect.poll(() => choices.allTextContents(), { timeout: 15_000 }).toEqual(['Carol (@carol)']);
  await page.screenshot({ path: `${results}moderation-unban-suggestions.png` });
  await choices.first().click();
  expect(await page.getByTestId('message-input').inputValue()).toBe(`/unban user:${carol.id} `);
  await page.getByTestId('send').click();
  const unban = botEmbeds(page).filter({ hasText: 'Unban' }).last();
  await expect
    .poll(() => unban.getByTestId('embed-field').allTextContents(), { timeout: 15_000 })
    .toContainEqual(expect.stringContaining('Done'));
  expect(stack.emu.model.guild(stack.seed.guildId).bans.has(carol.id)).toBe(false);
  await page.screenshot({ path: `${results}moderation-unban.png` });
  await page.close();
});

it('refuses in German, to the moderator alone', async () => {
  const { mod, bob } = stack.seed.users;
  const page = await open();
  await page.getByTestId('locale-picker').selectOption('de');
  await page.getByTestId('member-picker').selectOption(mod.id);
  await page.getByTestId('channel-general').click();
  await send(page, '/verwarnen member:@mod reason:test');
  const refusal = byAuthor(page, 'Guildhall').filter({ hasText: 'Du kannst dich nicht selbst verwarnen.' });
  await refusal.waitFor({ timeout: 15_000 });
  expect(await refusal.getAttribute('data-ephemeral')).toBe('true');
  await send(page, '/entbannen user:bob');
  // The typed name is shown as inline code, whose text is the name itself.
  const notBanned = byAuthor(page, 'Guildhall').filter({
    hasText: 'Niemand namens bob steht auf der Bannliste dieses Servers.',
  });
  await notBanned.waitFor({ timeout: 15_000 });
  expect(await notBanned.locator('code').textContent()).toBe('bob');
  await page.screenshot({ path: `${results}moderation-german-refusal.png` });
  await page.getByTestId('member-picker').selectOption(bob.id);
  await expect.poll(() => refusal.count()).toBe(0);
  await page.close();
});
