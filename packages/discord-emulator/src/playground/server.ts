import type { IncomingMessage, ServerResponse } from 'node:http';
import { InteractionType } from 'discord-api-types/v10';
import type { Emulator } from '../emulator.ts';
import type { EmulatorEvent } from '../recorder.ts';
import { PLAYGROUND_HTML, PLAYGROUND_MARKDOWN_JS } from './page.ts';
import { commandsFor } from '../services/interactions.ts';
import { commandHints, displayName, toPlaygroundMessage } from './view.ts';

/** Everything the page needs on load: guilds (channels, roles, members with their moderation state, bans,
 * users who could rejoin, commands), the pickable members' tokens, and history. */
export function playgroundState(emu: Emulator): unknown {
  const { model } = emu;
  const tokenOf = (userId: string): string | null => [...model.userTokens].find(([, id]) => id === userId)?.[0] ?? null;
  const person = (id: string): { id: string; username: string; name: string; bot: boolean } => {
    const user = model.user(id);
    return { id, username: user.username, name: user.globalName ?? user.username, bot: user.bot };
  };
  const guilds = [...model.guilds.values()].map((g) => {
    const roles = [...g.roles.values()].filter((r) => r.id !== g.id).sort((a, b) => b.position - a.position);
    const members = [...g.members.values()].map((m) => {
      const user = model.user(m.userId);
      const own = roles.filter((r) => m.roles.includes(r.id));
      return {
        id: user.id,
        username: user.username,
        name: displayName(emu, g.id, user.id),
        nick: m.nick,
        bot: user.bot,
        owner: g.ownerId === user.id,
        roles: own.map((r) => r.name),
        roleIds: own.map((r) => r.id),
        timedOutUntil: m.communicationDisabledUntil,
        token: tokenOf(user.id),
      };
    });
    const bans = [...g.bans].map(([id, ban]) => ({ ...person(id), reason: ban.reason }));
    // Humans who left, were kicked or had a ban lifted can rejoin from the page.
    const outside = [...model.users.values()]
      .filter((u) => !u.bot && !g.members.has(u.id) && !g.bans.has(u.id) && tokenOf(u.id))
      .map((u) => person(u.id));
    return {
      id: g.id,
      name: g.name,
      channels: g.channelIds.map((id) => ({
        id,
        name: model.channels.get(id)?.name ?? '',
        topic: model.channels.get(id)?.topic ?? null,
      })),
      roles: roles.map((r) => ({ id: r.id, name: r.name, color: r.color, hoist: r.hoist, position: r.position })),
      members,
      bans,
      outside,
      commands: commandHints(commandsFor(emu.core, g.id)),
    };
  });
  const messages = [...model.messages.values()].filter((m) => !m.deleted).map((m) => toPlaygroundMessage(emu, m));
  return { guilds, messages };
}

/**
 * Serves `/`, `/playground/markdown.js`, `/playground/state`, `/playground/events` (server-sent events),
 * `/playground/parse` and `/playground/join` (a user who is not in the guild rejoins). Returns false if not ours.
 */
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
  if (req.method === 'GET' && url.pathname === '/playground/markdown.js') {
    res
      .writeHead(200, { 'content-type': 'text/javascript; charset=utf-8', 'cache-control': 'no-store' })
      .end(PLAYGROUND_MARKDOWN_JS);
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
  if (req.method !== 'POST' || (url.pathname !== '/playground/parse' && url.pathname !== '/playground/join'))
    return false;
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  let input: { channel_id?: unknown; text?: unknown; guild_id?: unknown; user_id?: unknown };
  try {
    input = JSON.parse(Buffer.concat(chunks).toString('utf8')) as typeof input;
  } catch {
    json(400, { ok: false, error: 'Body must be JSON.' });
    return true;
  }
  if (url.pathname === '/playground/join') {
    const guild = emu.model.guilds.get(typeof input.guild_id === 'string' ? input.guild_id : '');
    const userId = typeof input.user_id === 'string' ? input.user_id : '';
    if (!guild || !emu.model.users.has(userId)) json(400, { ok: false, error: 'Unknown guild or user.' });
    else if (guild.bans.has(userId)) json(403, { ok: false, error: 'That user is banned from this server.' });
    else if (guild.members.has(userId)) json(200, { ok: true });
    else {
      emu.addMember(guild.id, userId);
      json(200, { ok: true });
    }
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
