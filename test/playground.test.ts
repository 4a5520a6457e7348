import { mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { Stack } from './harness/stack.ts';

const screenshot = fileURLToPath(new URL('../test-results/playground.png', import.meta.url));

let stack: Stack;
let browser: Browser;

beforeAll(async () => {
  stack = await Stack.create({ playground: true });
  await stack.startCore();
  await stack.startBot();
  browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-quic',
      '--no-first-run',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
});
afterAll(async () => {
  await browser?.close();
  await stack?.close();
});

it('a member chats and runs commands in the playground page; a moderator times someone out', async () => {
  const page = await browser.newPage({ viewport: { width: 1100, height: 700 } });
  await page.goto(`${stack.emu.url}/`);
  await expect.poll(() => page.getByTestId('guild-name').textContent()).toBe('Guildhall Playground');
  await page.getByTestId('member-picker').selectOption(stack.seed.users.carol.id);
  await page.getByTestId('channel-general').click();

  await page.getByTestId('message-input').fill('alice++ (ice cream)++');
  await page.getByTestId('send').click();
  const reply = page.locator('[data-testid="message"][data-author="Guildhall"]').first();
  await reply.waitFor({ timeout: 15_000 });
  expect(await reply.getByTestId('reply-quote').textContent()).toContain('alice++ (ice cream)++');
  const content = reply.getByTestId('message-content');
  // The bot's `**alice** +1 → 1` is rendered as markdown: a bold element, no literal asterisks.
  expect(await content.locator('strong').first().textContent()).toBe('alice');
  expect(await content.textContent()).not.toContain('**');

  await page.getByTestId('message-input').fill('/karma top');
  await page.getByTestId('send').click();
  const board = page.locator('[data-testid="message"][data-author="Guildhall"]').nth(1);
  await expect.poll(() => board.getByTestId('message-content').textContent(), { timeout: 15_000 }).toContain('1.');

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

  mkdirSync(fileURLToPath(new URL('../test-results/', import.meta.url)), { recursive: true });
  await page.screenshot({ path: screenshot });
});
