import { Client, GatewayIntentBits } from 'discord.js';
import type { ClientOptions } from 'discord.js';
import type { BotRecord, Emulator, PlaygroundSeed } from '../src/index.ts';
import { seedPlayground, startEmulator } from '../src/index.ts';

/** An emulator with the playground guild and a registered bot. */
export interface World {
  emu: Emulator;
  bot: BotRecord;
  seed: PlaygroundSeed;
}

export const BOT_TOKEN = 'test-bot-token.abc';
export const APPLICATION_ID = '1200000000000000001';

export async function startWorld(options: Parameters<typeof startEmulator>[0] = {}): Promise<World> {
  const emu = await startEmulator(options);
  const bot = emu.createBot({ username: 'Guildhall', token: BOT_TOKEN, applicationId: APPLICATION_ID });
  const seed = seedPlayground(emu, { botUserId: bot.userId });
  return { emu, bot, seed };
}

/** A real discord.js client pointed at the emulator and logged in (resolves once ready). */
export async function connectClient(emu: Emulator, extra: Partial<ClientOptions> = {}): Promise<Client<true>> {
  const client = new Client({
    intents: [
      GatewayIntentBits.Guilds,
      GatewayIntentBits.GuildMessages,
      GatewayIntentBits.MessageContent,
      GatewayIntentBits.GuildMembers,
      GatewayIntentBits.GuildModeration,
    ],
    rest: { api: emu.apiBase },
    ...extra,
  });
  const ready = new Promise<void>((resolve) => client.once('clientReady', () => resolve()));
  await client.login(BOT_TOKEN);
  await ready;
  return client as Client<true>;
}

/** What a Discord client does: `POST /api/v10/...` with a user's token (no `Bot ` prefix). */
export async function userPost(emu: Emulator, token: string, path: string, body: unknown): Promise<Response> {
  return fetch(`${emu.apiBase}/v10${path}`, {
    method: 'POST',
    headers: { authorization: token, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
}

/** A JSON response: status, parsed body (undefined for 204) and headers. */
export interface JsonResponse {
  status: number;
  json: unknown;
  headers: Headers;
}

/** A REST call with any authorization (a bot's `Bot …`, a user token, or none for interaction webhooks). */
export async function call(
  emu: Emulator,
  method: string,
  path: string,
  body?: unknown,
  headers: Record<string, string> = {},
): Promise<JsonResponse> {
  const res = await fetch(`${emu.apiBase}/v10${path}`, {
    method,
    headers: { ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...headers },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await res.text();
  return { status: res.status, json: text ? (JSON.parse(text) as unknown) : undefined, headers: res.headers };
}

/** A REST call as the test bot. */
export function asBot(emu: Emulator, method: string, path: string, body?: unknown): Promise<JsonResponse> {
  return call(emu, method, path, body, { authorization: `Bot ${BOT_TOKEN}` });
}

/** Follows `/playground/events` from now on, collecting every event, until `stop()`. */
export async function followEvents(emu: Emulator): Promise<{
  events: { event: string; data: unknown }[];
  until: (match: (event: string, data: unknown) => boolean) => Promise<unknown>;
  stop: () => void;
}> {
  const controller = new AbortController();
  const res = await fetch(`${emu.url}/playground/events`, { signal: controller.signal });
  const reader = res.body?.getReader();
  if (!reader) throw new Error('no event stream');
  const events: { event: string; data: unknown }[] = [];
  const waiters: (() => void)[] = [];
  void (async () => {
    const decoder = new TextDecoder();
    let buffer = '';
    for (;;) {
      const chunk = await reader.read().catch(() => ({ done: true, value: undefined }));
      if (chunk.done) return;
      buffer += decoder.decode(chunk.value, { stream: true });
      let cut: number;
      while ((cut = buffer.indexOf('\n\n')) >= 0) {
        const block = buffer.slice(0, cut);
        buffer = buffer.slice(cut + 2);
        const event = /^event: (.*)$/m.exec(block)?.[1];
        const data = /^data: (.*)$/m.exec(block)?.[1];
        if (event && data !== undefined) events.push({ event, data: JSON.parse(data) as unknown });
      }
      for (const wake of waiters.splice(0)) wake();
    }
  })();
  const until = async (match: (event: string, data: unknown) => boolean): Promise<unknown> => {
    for (;;) {
      const found = events.find((e) => match(e.event, e.data));
      if (found) return found.data;
      await new Promise<void>((resolve) => waiters.push(resolve));
    }
  };
  return { events, until, stop: () => controller.abort() };
}
