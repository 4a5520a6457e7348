import { InteractionType, MessageFlags } from 'discord-api-types/v10';
import type { Emulator } from '../emulator.ts';
import type { MessageRecord } from '../model.ts';

/** A run of message text; mentions are flagged so the page can style them. */
export interface TextPart {
  text: string;
  mention?: boolean;
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
  parts: TextPart[];
  replyTo: { author: string; text: string } | null;
  /** A deferred interaction response still "thinking". */
  thinking: boolean;
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

/** Splits content into plain text and `@name` / `@Role` / `#channel` mention parts. */
export function renderParts(emu: Emulator, guildId: string | null, content: string): TextPart[] {
  const parts: TextPart[] = [];
  let last = 0;
  for (const m of content.matchAll(/<(@!?|@&|#)(\d{15,25})>|@everyone|@here/g)) {
    const index = m.index;
    if (index > last) parts.push({ text: content.slice(last, index) });
    let text = m[0];
    if (m[1] === '@&') text = `@${emu.model.guilds.get(guildId ?? '')?.roles.get(m[2] ?? '')?.name ?? 'deleted-role'}`;
    else if (m[1] === '#') text = `#${emu.model.channels.get(m[2] ?? '')?.name ?? 'deleted-channel'}`;
    else if (m[1]) text = `@${displayName(emu, guildId, m[2] ?? '')}`;
    parts.push({ text, mention: true });
    last = index + m[0].length;
  }
  if (last < content.length) parts.push({ text: content.slice(last) });
  return parts;
}

function plain(emu: Emulator, m: MessageRecord): string {
  return renderParts(emu, m.guildId, m.content)
    .map((p) => p.text)
    .join('');
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
    parts: renderParts(emu, m.guildId, content),
    replyTo: ref
      ? {
          author: displayName(emu, ref.guildId, ref.authorId),
          text: ref.deleted ? 'Original message was deleted' : plain(emu, ref),
        }
      : null,
    thinking: (m.flags & MessageFlags.Loading) !== 0,
    edited: m.editedAt !== null,
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

/** A one-line usage hint per command, e.g. `/karma give <user> [amount]`, `/karma top [count]`. */
export function commandUsages(
  commands: readonly { name: string; description?: string; options?: readonly unknown[] }[],
): string[] {
  type Opt = { name: string; type: number; required?: boolean; options?: readonly Opt[] };
  const walk = (prefix: string, options: readonly Opt[]): string[] => {
    const subs = options.filter((o) => o.type === 1 || o.type === 2);
    if (subs.length) return subs.flatMap((s) => walk(`${prefix} ${s.name}`, s.options ?? []));
    return [[prefix, ...options.map((o) => (o.required ? `<${o.name}>` : `[${o.name}]`))].join(' ')];
  };
  return commands.flatMap((c) => walk(`/${c.name}`, (c.options ?? []) as readonly Opt[]));
}
