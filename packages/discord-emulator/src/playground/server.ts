import type { IncomingMessage, ServerResponse } from 'node:http';
import { InteractionType, Locale, MessageFlags } from 'discord-api-types/v10';
import type { Emulator } from '../emulator.ts';
import { asLocale, localized } from '../locales.ts';
import type { EmulatorEvent } from '../recorder.ts';
import type { InteractionRecord } from '../services/interactions.ts';
import { commandsFor } from '../services/interactions.ts';
import { PLAYGROUND_CSS, PLAYGROUND_HTML, playgroundScript } from './assets.ts';
import type {
  FailedEvent,
  InteractionEvent,
  ParseResponse,
  PlaygroundGuild,
  PlaygroundPerson,
  PlaygroundState,
} from './protocol.ts';
import { commandHints, displayName, toPlaygroundMessage } from './view.ts';

/**
 * Everything the page needs on load: guilds (channels, roles, members with their moderation state, bans, users who
 * could rejoin, commands in the viewer's `locale`), the pickable members' tokens, history, and the locales.
 */
export function playgroundState(emu: Emulator, locale?: Locale): PlaygroundState {
  const { model } = emu;
  const tokenOf = (userId: string): string | null => [...model.userTokens].find(([, id]) => id === userId)?.[0] ?? null;
  const person = (id: string): PlaygroundPerson => {
    const user = model.user(id);
    return { id, username: user.username, name: user.globalName ?? user.username, bot: user.bot };
  };
  const guilds = [...model.guilds.values()].map((g): PlaygroundGuild => {
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
      preferredLocale: g.preferredLocale,
      channels: g.channelIds.map((id) => ({
        id,
        name: model.channels.get(id)?.name ?? '',
        topic: model.channels.get(id)?.topic ?? null,
      })),
      roles: roles.map((r) => ({ id: r.id, name: r.name, color: r.color, hoist: r.hoist, position: r.position })),
      members,
      bans,
      outside,
      commands: commandHints(commandsFor(emu.core, g.id), locale),
    };
  });
  // Like Discord's client after a reload: history has no ephemeral messages (they only ever reach a live session).
  const messages = [...model.messages.values()]
    .filter((m) => !m.deleted && (m.flags & MessageFlags.Ephemeral) === 0)
    .map((m) => toPlaygroundMessage(emu, m));
  return { guilds, messages, locales: Object.values(Locale), dashboardUrl: emu.dashboardUrl };
}

/**
 * Serves `/` (the page), `/playground/style.css`, `/playground/app.js`, `/playground/state`,
 * `/playground/events` (server-sent events), `/playground/parse` (slash text to an interaction body) and
 * `/playground/join` (a user who is not in the guild rejoins). Returns false if the path is not the playground's.
 */
export async function handlePlayground(
  emu: Emulator,
  req: IncomingMessage,
  res: ServerResponse,
  url: URL,
): Promise<boolean> {
  const json = (status: number, body: unknown): void =>
    void res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
  const asset = (type: string, body: string): void =>
    void res.writeHead(200, { 'content-type': `${type}; charset=utf-8`, 'cache-control': 'no-store' }).end(body);
  if (req.method === 'GET') {
    switch (url.pathname) {
      case '/':
      case '/playground':
        asset('text/html', PLAYGROUND_HTML);
        return true;
      case '/playground/style.css':
        asset('text/css', PLAYGROUND_CSS);
        return true;
      case '/playground/app.js':
        asset('text/javascript', await playgroundScript());
        return true;
      case '/playground/state':
        json(200, playgroundState(emu, asLocale(url.searchParams.get('locale'))));
        return true;
      case '/playground/events':
        streamEvents(emu, req, res);
        return true;
      default:
        return false;
    }
  }
  if (req.method !== 'POST' || (url.pathname !== '/playground/parse' && url.pathname !== '/playground/join'))
    return false;
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  let input: Record<string, unknown>;
  try {
    input = JSON.parse(Buffer.concat(chunks).toString('utf8')) as Record<string, unknown>;
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
  json(200, parse(emu, input));
  return true;
}

/** Slash text (in the viewer's locale) to the body a Discord client posts to `/interactions`. */
function parse(emu: Emulator, input: Record<string, unknown>): ParseResponse {
  const channelId = typeof input.channel_id === 'string' ? input.channel_id : '';
  const channel = emu.model.channels.get(channelId);
  if (!channel || typeof input.text !== 'string') return { ok: false, error: 'Pick a channel and type a command.' };
  const focused = typeof input.focused === 'string' ? input.focused : undefined;
  const parsed = emu.parseSlash(channelId, input.text, { locale: asLocale(input.locale), focused });
  if (!parsed.ok) return parsed;
  return {
    ok: true,
    body: {
      type: focused === undefined ? InteractionType.ApplicationCommand : InteractionType.ApplicationCommandAutocomplete,
      application_id: parsed.command.application_id,
      guild_id: channel.guildId,
      channel_id: channelId,
      data: { id: parsed.command.id, name: parsed.command.name, type: 1, options: parsed.options },
    },
  };
}

const KINDS = {
  [InteractionType.ApplicationCommand]: 'command',
  [InteractionType.MessageComponent]: 'component',
  [InteractionType.ApplicationCommandAutocomplete]: 'autocomplete',
} as const;

function interactionEvent(i: InteractionRecord): InteractionEvent {
  return {
    id: i.id,
    kind: KINDS[i.type],
    userId: i.userId,
    channelId: i.channelId,
    state: i.state,
    messageId: i.sourceMessageId ?? null,
    customId: i.customId ?? null,
    choices:
      i.choices?.map((c) => ({ name: localized(c.name, c.name_localizations, i.locale), value: c.value })) ?? null,
  };
}

function failedEvent(i: InteractionRecord): FailedEvent {
  return {
    id: i.id,
    kind: KINDS[i.type],
    channelId: i.channelId,
    userId: i.userId,
    command: i.commandName ?? i.customId ?? '',
    messageId: i.sourceMessageId ?? null,
    text: i.type === InteractionType.MessageComponent ? 'This interaction failed' : 'The application did not respond',
  };
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
      case 'interaction_create':
      case 'interaction_update':
        send('interaction', interactionEvent(e.interaction));
        return;
      case 'interaction_failed':
        send('interaction', interactionEvent(e.interaction));
        send('failed', failedEvent(e.interaction));
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
