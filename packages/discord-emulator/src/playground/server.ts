import type { IncomingMessage, ServerResponse } from 'node:http';
import { InteractionType } from 'discord-api-types/v10';
import type { Emulator } from '../emulator.ts';
import type { EmulatorEvent } from '../recorder.ts';
import { PLAYGROUND_HTML } from './page.ts';
import { commandsFor } from '../services/interactions.ts';
import { commandUsages, displayName, toPlaygroundMessage } from './view.ts';

/** Everything the page needs on load: guilds, channels, pickable members (with their tokens) and history. */
export function playgroundState(emu: Emulator): unknown {
  const { model } = emu;
  const guilds = [...model.guilds.values()].map((g) => ({
    id: g.id,
    name: g.name,
    channels: g.channelIds.map((id) => ({ id, name: model.channels.get(id)?.name ?? '' })),
    members: [...g.members.values()].map((m) => {
      const user = model.user(m.userId);
      const token = [...model.userTokens].find(([, id]) => id === m.userId)?.[0] ?? null;
      const roles = m.roles
        .map((r) => g.roles.get(r))
        .filter((r) => r !== undefined)
        .sort((a, b) => b.position - a.position)
        .map((r) => r.name);
      return {
        id: user.id,
        username: user.username,
        name: displayName(emu, g.id, user.id),
        bot: user.bot,
        owner: g.ownerId === user.id,
        roles,
        token,
      };
    }),
    commands: commandUsages(commandsFor(emu.core, g.id)),
  }));
  const messages = [...model.messages.values()].filter((m) => !m.deleted).map((m) => toPlaygroundMessage(emu, m));
  return { guilds, messages };
}

/** Serves `/`, `/playground/state`, `/playground/events` (server-sent events) and `/playground/parse`. Returns false if not ours. */
export async function handlePlayground(
  emu: Emulator,
  req: IncomingMessage,
  res: ServerResponse,
  url: URL,
): Promise<boolean> {
  const json = (status: number, body: unknown): void =>
    void res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
  if (req.method === 'GET' && (url.pathname === '/' || url.pathname === '/playground')) {
    res
      .writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' })
      .end(PLAYGROUND_HTML);
    return true;
  }
  if (req.method === 'GET' && url.pathname === '/playground/state') {
    json(200, playgroundState(emu));
    return true;
  }
  if (req.method === 'GET' && url.pathname === '/playground/events') {
    streamEvents(emu, req, res);
    return true;
  }
  if (req.method === 'POST' && url.pathname === '/playground/parse') {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    let input: { channel_id?: unknown; text?: unknown };
    try {
      input = JSON.parse(Buffer.concat(chunks).toString('utf8')) as typeof input;
    } catch {
      json(400, { ok: false, error: 'Body must be JSON.' });
      return true;
    }
    const channelId = typeof input.channel_id === 'string' ? input.channel_id : '';
    const channel = emu.model.channels.get(channelId);
    if (!channel || typeof input.text !== 'string') {
      json(400, { ok: false, error: 'Pick a channel and type a command.' });
      return true;
    }
    const parsed = emu.parseSlash(channelId, input.text);
    if (!parsed.ok) {
      json(200, parsed);
      return true;
    }
    json(200, {
      ok: true,
      body: {
        type: InteractionType.ApplicationCommand,
        application_id: parsed.command.application_id,
        guild_id: channel.guildId,
        channel_id: channelId,
        data: { id: parsed.command.id, name: parsed.command.name, type: 1, options: parsed.options },
      },
    });
    return true;
  }
  return false;
}

function streamEvents(emu: Emulator, req: IncomingMessage, res: ServerResponse): void {
  res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-store', connection: 'keep-alive' });
  const send = (event: string, data: unknown): void =>
    void res.write(`event: ${event}\ndata: ${JSON.stringify(data)}\n\n`);
  send('hello', { at: Date.now() });
  const off = emu.on((e: EmulatorEvent) => {
    switch (e.type) {
      case 'message_create':
      case 'message_update':
        if (!e.message.deleted) send('message', toPlaygroundMessage(emu, e.message));
        return;
      case 'message_delete':
        send('delete', { id: e.messageId, channelId: e.channelId });
        return;
      case 'interaction_failed':
        send('failed', {
          channelId: e.interaction.channelId,
          userId: e.interaction.userId,
          command: e.interaction.commandName ?? e.interaction.customId ?? '',
          text: 'The application did not respond',
        });
        return;
      case 'guild_update':
        send('state', { guildId: e.guildId });
        return;
      default:
        return;
    }
  });
  // Comments keep proxies and the browser from closing an idle stream.
  const keepAlive = setInterval(() => res.write(': keep-alive\n\n'), 15_000);
  keepAlive.unref();
  const stop = (): void => {
    off();
    clearInterval(keepAlive);
  };
  req.on('close', stop);
  res.on('close', stop);
}
