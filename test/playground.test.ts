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

it('a member types "alice++" in the playground page and sees the bot reply', async () => {
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
  expect(await reply.getByTestId('message-content').textContent()).toContain('alice');

  await page.getByTestId('message-input').fill('/karma top');
  await page.getByTestId('send').click();
  const board = page.locator('[data-testid="message"][data-author="Guildhall"]').nth(1);
  await expect.poll(() => board.getByTestId('message-content').textContent(), { timeout: 15_000 }).toContain('1.');

  mkdirSync(fileURLToPath(new URL('../test-results/', import.meta.url)), { recursive: true });
  await page.screenshot({ path: screenshot });
});
