import { ButtonStyle, ComponentType, InteractionType, MessageFlags } from 'discord-api-types/v10';
import type { APIApplicationCommandOptionChoice, APIEmbed, Locale } from 'discord-api-types/v10';
import type { Emulator } from '../emulator.ts';
import { localized } from '../locales.ts';
import type { MessageRecord } from '../model.ts';
import type { MessageActionRow } from '../shapes/components.ts';
import type {
  CommandHint,
  CommandOptionHint,
  MentionNames,
  PlaygroundMessage,
  ViewEmoji,
  ViewRow,
} from './protocol.ts';

/** Display name in a guild: nickname, then global name, then username. */
export function displayName(emu: Emulator, guildId: string | null, userId: string): string {
  const user = emu.model.users.get(userId);
  if (!user) return 'unknown-user';
  const nick = guildId ? emu.model.guilds.get(guildId)?.members.get(userId)?.nick : null;
  return nick ?? user.globalName ?? user.username;
}

/** Resolves the users, roles and channels the texts mention to names. */
export function mentionNames(emu: Emulator, guildId: string | null, ...texts: string[]): MentionNames {
  const names: MentionNames = { users: {}, roles: {}, channels: {} };
  const guild = guildId ? emu.model.guilds.get(guildId) : undefined;
  for (const m of texts.join('\n').matchAll(/<(@!?|@&|#)(\d{1,25})>/g)) {
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

/** Every text of an embed that Discord renders as markdown (mentions in them show as names, without pinging). */
function embedTexts(embeds: readonly APIEmbed[]): string[] {
  return embeds.flatMap((e) => [e.description ?? '', ...(e.fields ?? []).flatMap((f) => [f.name, f.value])]);
}

/** Converts a stored message for the page. */
export function toPlaygroundMessage(emu: Emulator, m: MessageRecord): PlaygroundMessage {
  const ref = m.reference?.message_id ? emu.model.messages.get(m.reference.message_id) : undefined;
  const interaction = m.interactionId ? emu.core.interactions.get(m.interactionId) : undefined;
  return {
    id: m.id,
    channelId: m.channelId,
    authorId: m.authorId,
    author: displayName(emu, m.guildId, m.authorId),
    authorUsername: emu.model.users.get(m.authorId)?.username ?? 'unknown-user',
    bot: emu.model.users.get(m.authorId)?.bot ?? false,
    content: m.content,
    embeds: m.embeds,
    components: viewComponents(m.components),
    mentions: mentionNames(emu, m.guildId, m.content, ...embedTexts(m.embeds)),
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

/** Buttons and selects as the page draws them. */
function viewComponents(rows: readonly MessageActionRow[]): ViewRow[] {
  const emoji = (e: { name?: string | null } | undefined): ViewEmoji | null => (e?.name ? { name: e.name } : null);
  return rows.map((row) =>
    row.components.map((c) => {
      if (c.type === ComponentType.Button) {
        const link = c.style === ButtonStyle.Link;
        return {
          kind: 'button' as const,
          style: c.style,
          label: 'label' in c ? (c.label ?? null) : null,
          emoji: 'emoji' in c ? emoji(c.emoji) : null,
          customId: 'custom_id' in c ? c.custom_id : null,
          url: link ? c.url : null,
          disabled: c.disabled ?? false,
        };
      }
      return {
        kind: 'select' as const,
        type: c.type,
        customId: c.custom_id,
        placeholder: c.placeholder ?? null,
        minValues: c.min_values ?? 1,
        maxValues: c.max_values ?? 1,
        disabled: c.disabled ?? false,
        options:
          c.type === ComponentType.StringSelect
            ? c.options.map((o) => ({
                label: o.label,
                value: o.value,
                description: o.description ?? null,
                emoji: emoji(o.emoji),
                default: o.default ?? false,
              }))
            : [],
      };
    }),
  );
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

type Localizations = Partial<Record<Locale, string | null>> | null | undefined;

/** The parts of a registered command the picker reads. */
interface HintSource {
  name: string;
  description?: string;
  type?: number;
  name_localizations?: Localizations;
  description_localizations?: Localizations;
  options?: readonly HintSource[];
  required?: boolean;
  autocomplete?: boolean;
  choices?: readonly Pick<APIApplicationCommandOptionChoice, 'name' | 'name_localizations'>[];
}

/**
 * Flattens registered chat commands into one entry per runnable path (subcommands expanded), with names and
 * descriptions in `locale` where the command has localizations (Discord's fallbacks apply), as the picker shows them.
 */
export function commandHints(commands: readonly HintSource[], locale?: Locale): CommandHint[] {
  const name = (s: HintSource): string => localized(s.name, s.name_localizations, locale);
  const description = (s: HintSource): string => localized(s.description ?? '', s.description_localizations, locale);
  const walk = (path: string, label: string, text: string, options: readonly HintSource[]): CommandHint[] => {
    const subs = options.filter((o) => o.type === 1 || o.type === 2);
    if (subs.length)
      return subs.flatMap((s) => walk(`${path} ${s.name}`, `${label} ${name(s)}`, description(s), s.options ?? []));
    const hints: CommandOptionHint[] = options.map((o) => ({
      name: o.name,
      label: name(o),
      description: description(o),
      required: o.required ?? false,
      type: o.type ?? 3,
      choices: (o.choices ?? []).map((c) => localized(c.name, c.name_localizations, locale)),
      autocomplete: o.autocomplete ?? false,
    }));
    return [{ path, label, description: text, options: hints }];
  };
  return commands
    .filter((c) => (c.type ?? 1) === 1)
    .flatMap((c) => walk(c.name, name(c), description(c), c.options ?? []));
}
