import { InteractionType, MessageFlags } from 'discord-api-types/v10';
import type { Emulator } from '../emulator.ts';
import type { MessageRecord } from '../model.ts';

/** Names for the ids a message mentions, so the page can render `<@id>`, `<@&id>` and `<#id>` as chips. */
export interface MentionNames {
  users: Record<string, string>;
  roles: Record<string, { name: string; color: number }>;
  channels: Record<string, string>;
}

/** A message shaped for the playground page (mentions already turned into names). */
export interface PlaygroundMessage {
  id: string;
  channelId: string;
  authorId: string;
  /** Display name (nick, global name or username). */
  author: string;
  authorUsername: string;
  bot: boolean;
  /** Raw Discord markdown (embeds appended as text); the page renders it. */
  content: string;
  mentions: MentionNames;
  replyTo: { authorId: string; author: string; content: string; mentions: MentionNames; deleted: boolean } | null;
  /** A deferred interaction response still "thinking". */
  thinking: boolean;
  /** Edited, except an interaction's original response: Discord's client never marks that one edited. */
  edited: boolean;
  /** Only this user may see it (ephemeral interaction responses); null = everyone. */
  visibleTo: string | null;
  /** `/name` of the command this message answers, if any. */
  command: string | null;
  invokedBy: string | null;
  timestamp: number;
}

/** Display name in a guild: nickname, then global name, then username. */
export function displayName(emu: Emulator, guildId: string | null, userId: string): string {
  const user = emu.model.users.get(userId);
  if (!user) return 'unknown-user';
  const nick = guildId ? emu.model.guilds.get(guildId)?.members.get(userId)?.nick : null;
  return nick ?? user.globalName ?? user.username;
}

/** Resolves the users, roles and channels `content` mentions to names. */
export function mentionNames(emu: Emulator, guildId: string | null, content: string): MentionNames {
  const names: MentionNames = { users: {}, roles: {}, channels: {} };
  const guild = guildId ? emu.model.guilds.get(guildId) : undefined;
  for (const m of content.matchAll(/<(@!?|@&|#)(\d{1,25})>/g)) {
    const [, kind, id = ''] = m;
    if (kind === '@&') {
      const role = guild?.roles.get(id);
      if (role) names.roles[id] = { name: role.name, color: role.color };
    } else if (kind === '#') {
      const channel = emu.model.channels.get(id);
      if (channel) names.channels[id] = channel.name;
    } else if (emu.model.users.has(id)) {
      names.users[id] = displayName(emu, guildId, id);
    }
  }
  return names;
}

/** Converts a stored message for the page. */
export function toPlaygroundMessage(emu: Emulator, m: MessageRecord): PlaygroundMessage {
  const ref = m.reference?.message_id ? emu.model.messages.get(m.reference.message_id) : undefined;
  const interaction = m.interactionId ? emu.core.interactions.get(m.interactionId) : undefined;
  const embedText = m.embeds
    .map((e) =>
      [e.title, e.description, ...(e.fields ?? []).map((f) => `${f.name}: ${f.value}`)].filter(Boolean).join('\n'),
    )
    .filter(Boolean)
    .join('\n');
  const content = embedText && m.content ? `${m.content}\n${embedText}` : m.content || embedText;
  return {
    id: m.id,
    channelId: m.channelId,
    authorId: m.authorId,
    author: displayName(emu, m.guildId, m.authorId),
    authorUsername: emu.model.users.get(m.authorId)?.username ?? 'unknown-user',
    bot: emu.model.users.get(m.authorId)?.bot ?? false,
    content,
    mentions: mentionNames(emu, m.guildId, content),
    replyTo: ref
      ? {
          authorId: ref.authorId,
          author: displayName(emu, ref.guildId, ref.authorId),
          content: ref.deleted ? '' : ref.content,
          mentions: mentionNames(emu, ref.guildId, ref.content),
          deleted: ref.deleted,
        }
      : null,
    thinking: (m.flags & MessageFlags.Loading) !== 0,
    edited: m.editedAt !== null && interaction?.originalMessageId !== m.id,
    visibleTo: (m.flags & MessageFlags.Ephemeral) !== 0 && interaction ? interaction.userId : null,
    command:
      interaction?.type === InteractionType.ApplicationCommand
        ? `/${commandLine(interaction.commandName, interaction.options)}`
        : null,
    invokedBy: interaction ? displayName(emu, m.guildId, interaction.userId) : null,
    timestamp: m.createdAt,
  };
}

function commandLine(
  name: string | undefined,
  options: readonly { name: string; options?: readonly unknown[] }[],
): string {
  const path = [name ?? ''];
  let level: readonly { name: string; type?: number; options?: readonly unknown[] }[] = options;
  while (level.length === 1 && level[0] && (level[0].type === 1 || level[0].type === 2)) {
    path.push(level[0].name);
    level = (level[0].options ?? []) as typeof level;
  }
  return path.join(' ');
}

/** One option of a command as the page's autocomplete shows it. */
export interface CommandOptionHint {
  name: string;
  description: string;
  required: boolean;
  /** Discord's option type (3 string, 4 integer, 5 boolean, 6 user, 7 channel, 8 role, ...). */
  type: number;
  choices: string[];
}

/** A runnable command path (`karma give`) with its options, for autocomplete. */
export interface CommandHint {
  path: string;
  description: string;
  options: CommandOptionHint[];
}

/** Flattens registered chat commands into one entry per runnable path (subcommands expanded). */
export function commandHints(
  commands: readonly { name: string; description?: string; type?: number; options?: readonly unknown[] }[],
): CommandHint[] {
  type Opt = {
    name: string;
    description?: string;
    type: number;
    required?: boolean;
    options?: readonly Opt[];
    choices?: readonly { name: string }[];
  };
  const walk = (path: string, description: string, options: readonly Opt[]): CommandHint[] => {
    const subs = options.filter((o) => o.type === 1 || o.type === 2);
    if (subs.length) return subs.flatMap((s) => walk(`${path} ${s.name}`, s.description ?? '', s.options ?? []));
    const hints = options.map((o) => ({
      name: o.name,
      description: o.description ?? '',
      required: o.required ?? false,
      type: o.type,
      choices: (o.choices ?? []).map((c) => c.name),
    }));
    return [{ path, description, options: hints }];
  };
  return commands
    .filter((c) => (c.type ?? 1) === 1)
    .flatMap((c) => walk(c.name, c.description ?? '', (c.options ?? []) as readonly Opt[]));
}
