import { mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type Page } from 'playwright-core';
import { expect } from 'vitest';

/** Where browser tests put their screenshots (git-ignored). */
export const screenshots = fileURLToPath(new URL('../../test-results/', import.meta.url));

/** Chromium as the browser tests drive it: headless, quiet, nothing fetched from the network. */
export async function launchChromium(): Promise<Browser> {
  mkdirSync(screenshots, { recursive: true });
  return chromium.launch({
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
}

/** Opens the playground page at `url` and waits until it has drawn the guild. */
export async function openPlayground(browser: Browser, url: string, viewport = { width: 1100, height: 700 }) {
  const page = await browser.newPage({ viewport });
  await page.goto(`${url}/`);
  await expect.poll(() => page.getByTestId('guild-name').textContent()).toBe('Guildhall Playground');
  return page;
}

/** Types a message (or a slash command) and sends it, once the page has taken it. */
export async function send(page: Page, text: string): Promise<void> {
  await page.getByTestId('message-input').fill(text);
  await page.getByTestId('send').click();
  await expect.poll(() => page.getByTestId('message-input').inputValue()).toBe('');
}

/** The messages of one author (by username) in the channel shown. */
export const byAuthor = (page: Page, author: string) =>
  page.locator(`[data-testid="message"][data-author="${author}"]`);
