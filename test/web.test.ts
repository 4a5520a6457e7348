import { mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { createDatabase, getEconomySettings, type Database, type Kysely } from '@guildhall/db';
import { wirePlayground } from '@guildhall/discord-emulator';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Stack } from './harness/stack.ts';

// The web dashboard as a person uses it (issue 15): headless Chromium logs in through the emulator's OAuth2 pages,
// changes settings on the dashboard and sees the bot use them in the playground; a plain member sees leaderboards
// and no settings; forged posts are refused. Screenshots at desktop and phone widths go to test-results/web/.
const results = fileURLToPath(new URL('../test-results/web/', import.meta.url));

let stack: Stack;
let browser: Browser;
let dashboard: string;
let db: Kysely<Database>;
/** How long the bot may take to answer on a machine loaded by other test runs. */
const Answered = 30_000;
const Desktop = { width: 1280, height: 860 };
const Phone = { width: 390, height: 844 };

beforeAll(async () => {
  stack = await Stack.create({ playground: true });
  await stack.startCore();
  await stack.startBot();
  await wirePlayground(stack.emu, stack.seed);
  dashboard = (await stack.startWeb()).url;
  db = createDatabase(stack.scratchDb.url, { poolSize: 2 });
  // Some standing on the leaderboards: XP, coins and karma from a few messages.
  const { users, channels } = stack.seed;
  for (const [who, text] of [
    [users.alice, 'bob++ (ice cream)++ good morning'],
    [users.bob, 'alice++ carol++ hello'],
    [users.carol, 'alice++ dave++'],
    [users.dave, 'alice++ bob++'],
  ] as const)
    await stack.replyTo((await stack.post(who, channels.general, text)).id);
  mkdirSync(results, { recursive: true });
  browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking'],
  });
});
afterAll(async () => {
  await browser?.close();
  await db?.destroy();
  await stack?.close();
});

/** A browser session logged in on the dashboard as a playground member, by clicking through the consent page. */
async function loggedIn(username: string, viewport = Desktop): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({ viewport, locale: 'en-US' });
  const page = await context.newPage();
  await page.goto(`${dashboard}/`);
  await page.getByTestId('login').first().click();
  await page.locator(`[data-testid="oauth-user"][data-username="${username}"]`).click();
  // Attached rather than visible: at phone width the name is hidden beside the avatar.
  await page.getByTestId('me').waitFor({ state: 'attached' });
  return { context, page };
}

async function shot(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: `${results}${name}.png`, fullPage: true });
}

/** Submits one settings form and waits for the page that shows what core stored. */
async function save(page: Page, form: string): Promise<string> {
  await page.locator(`[data-testid="form-${form}"] button[type=submit]`).click();
  const flash = page.locator(`[data-testid="form-${form}"] [data-testid="flash"]`);
  await flash.waitFor({ timeout: Answered });
  return (await flash.textContent()) ?? '';
}

describe('the owner', () => {
  it('changes the currency name and an anti-spam limit, and the bot uses them in the playground', async () => {
    const { context, page } = await loggedIn('owner');
    const { guildId } = stack.seed;
    await shot(page, 'home-desktop');
    await page.locator(`[data-guild="${guildId}"]`).getByTestId('settings-link').click();
    await page.getByRole('link', { name: 'Economy' }).click();
    await page.locator('#currency-currency_name').fill('gems');
    expect(await save(page, 'currency')).toContain('Saved');
    // What the page shows is read back from the database after core's answer, not what was typed.
    expect(await page.locator('#currency-currency_name').inputValue()).toBe('gems');
    await shot(page, 'settings-economy-desktop');

    await page.getByRole('link', { name: 'Moderation' }).click();
    await page.locator('#antispam-mentions').fill('2');
    expect(await save(page, 'antispam')).toContain('Saved');
    expect(await page.locator('#antispam-mentions').inputValue()).toBe('2');
    // A value the slash command would refuse is refused here with the bot's own sentence, and nothing changes.
    await page.locator('#antispam-seconds').fill('90');
    await page.locator('#antispam-seconds').evaluate((input: HTMLInputElement) => input.removeAttribute('max'));
    const refused = await save(page, 'antispam');
    expect(refused).toMatch(/Not changed/);
    expect(await page.locator('#antispam-seconds').inputValue()).toBe('5');
    await shot(page, 'settings-moderation-desktop');

    // The playground: the bot answers in gems, and warns a message with three mentions.
    const playground = await context.newPage();
    await playground.goto(`${stack.emu.url}/`);
    await expect.poll(() => playground.getByTestId('guild-name').textContent()).toBe('Guildhall Playground');
    expect(await playground.getByTestId('dashboard-link').getAttribute('href')).toBe(`${dashboard}/`);
    await playground.getByTestId('member-picker').selectOption(stack.seed.users.alice.id);
    await playground.getByTestId('channel-general').click();
    await playground.getByTestId('message-input').fill('/balance');
    await playground.getByTestId('send').click();
    const guildhall = playground.locator('[data-testid="message"][data-author="Guildhall"]');
    await expect
      .poll(
        () =>
          guildhall
            .last()
            .textContent({ timeout: 1_000 })
            .catch(() => ''),
        { timeout: Answered },
      )
      .toContain('gems');
    const { users } = stack.seed;
    await playground.getByTestId('member-picker').selectOption(users.carol.id);
    await playground
      .getByTestId('message-input')
      .fill(`<@${users.alice.id}> <@${users.bob.id}> <@${users.dave.id}> look`);
    await playground.getByTestId('send').click();
    // Anti-spam's warning, posted as a case in the mod-log, names the member who sent the mentions.
    const warned = await stack.emu.waitForMessage(
      (m) =>
        m.channelId === stack.seed.channels.modLog &&
        !m.ephemeral &&
        JSON.stringify(m.api).includes(users.carol.id) &&
        /warn/i.test(JSON.stringify(m.api)),
      Answered,
    );
    await playground.getByTestId('channel-mod-log').click();
    await playground.locator(`[data-testid="message"]`).last().waitFor();
    expect(warned.authorBot).toBe(true);
    // The two dashboard changes are in the mod-log too, with who made them.
    const modLog = stack.emu.messages(stack.seed.channels.modLog).map((m) => JSON.stringify(m.api));
    expect(modLog.filter((m) => m.includes('on the web dashboard'))).toHaveLength(2);
    await playground.screenshot({ path: `${results}playground-after.png` });
    await context.close();
  });

  it('makes the pages public: then anyone with the link sees the leaderboards', async () => {
    const anonymous = await browser.newPage({ viewport: Desktop });
    const board = `${dashboard}/g/${stack.seed.guildId}/levels`;
    expect((await anonymous.goto(board))?.status()).toBe(404);
    const { context, page } = await loggedIn('owner');
    await page.goto(`${dashboard}/g/${stack.seed.guildId}/settings/dashboard`);
    await page.locator('#public-pages-enabled').selectOption('true');
    expect(await save(page, 'public-pages')).toContain('Saved');
    await context.close();
    expect((await anonymous.goto(board))?.status()).toBe(200);
    expect(await anonymous.getByTestId('board-row').count()).toBeGreaterThan(0);
    await anonymous.close();
  });
});

describe('a plain member', () => {
  it('sees the leaderboards and their rank, and is refused the settings', async () => {
    const { context, page } = await loggedIn('alice');
    expect(await page.getByTestId('settings-link').count()).toBe(0);
    await page.locator(`[data-guild="${stack.seed.guildId}"]`).getByRole('link', { name: 'Leaderboards' }).click();
    await page.getByTestId('board').waitFor();
    expect(await page.getByTestId('board-row').count()).toBeGreaterThanOrEqual(4);
    expect(await page.getByTestId('standing').textContent()).toMatch(/ranked #\d/);
    await page.getByRole('link', { name: 'Karma' }).click();
    expect(await page.getByTestId('board-row').first().textContent()).toContain('alice');
    await shot(page, 'karma-desktop');
    await page.getByRole('link', { name: 'About' }).click();
    const { currencyName } = await getEconomySettings(db, stack.seed.guildId);
    expect(await page.getByTestId('summary').textContent()).toContain(currencyName);
    const settings = await page.goto(`${dashboard}/g/${stack.seed.guildId}/settings/economy`);
    expect(settings?.status()).toBe(403);
    expect(await page.getByTestId('error-forbidden').textContent()).toContain('Manage Server');
    await shot(page, 'forbidden-desktop');
    await context.close();
  });
});

describe('forged form posts', () => {
  it('without the CSRF token, and for a guild the member cannot manage, are refused and change nothing', async () => {
    const path = `${dashboard}/g/${stack.seed.guildId}/settings/economy/currency`;
    const before = (await getEconomySettings(db, stack.seed.guildId)).currencyName;
    const form = {
      currency_name: 'forged',
      currency_symbol: 'F',
      earn_amount: '1',
      earn_cooldown: '60',
      daily_amount: '1',
    };
    // The owner's own browser, made to post without the form's token (as another site's page would).
    const owner = await loggedIn('owner');
    const noToken = await owner.page.request.post(path, { form, maxRedirects: 0 });
    expect(noToken.status()).toBe(403);
    expect(await noToken.text()).toContain('data-testid="error-csrf"');
    // A member with a valid token of their own, posting to a guild they may not manage.
    const alice = await loggedIn('alice');
    await alice.page.goto(`${dashboard}/`);
    const token = await alice.page.locator('input[name="_csrf"]').first().inputValue();
    const notTheirs = await alice.page.request.post(path, { form: { ...form, _csrf: token }, maxRedirects: 0 });
    expect(notTheirs.status()).toBe(403);
    expect(await notTheirs.text()).toContain('data-testid="error-forbidden"');
    expect((await getEconomySettings(db, stack.seed.guildId)).currencyName).toBe(before);
    await owner.context.close();
    await alice.context.close();
  });
});

describe('at phone width', () => {
  it('the pages fit the screen', async () => {
    const { context, page } = await loggedIn('owner', Phone);
    const { guildId } = stack.seed;
    const pages: [string, string][] = [
      ['/', 'home-phone'],
      [`/g/${guildId}/levels`, 'levels-phone'],
      [`/g/${guildId}/about`, 'about-phone'],
      [`/g/${guildId}/settings/economy`, 'settings-economy-phone'],
      [`/g/${guildId}/settings/moderation`, 'settings-moderation-phone'],
      [`/g/${guildId}/settings/levels`, 'settings-levels-phone'],
    ];
    for (const [path, name] of pages) {
      await page.goto(`${dashboard}${path}`);
      // Nothing wider than the screen: no sideways scrolling of the page.
      expect(await page.evaluate(() => document.documentElement.scrollWidth), name).toBeLessThanOrEqual(Phone.width);
      await shot(page, name);
    }
    await context.close();
    const consent = await browser.newPage({ viewport: Phone });
    await consent.goto(`${dashboard}/login`);
    await shot(consent, 'login-phone');
    await consent.close();
  });
});
