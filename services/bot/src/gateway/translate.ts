import {
  envelope,
  type Actor,
  type CommandInvoked,
  type MemberJoined,
  type MessageCreated,
  type RequestEvent,
  type UserRef,
} from '@guildhall/events';
import {
  ApplicationCommandOptionType,
  DiscordAPIError,
  GuildMember,
  RESTJSONErrorCodes,
  type ChatInputCommandInteraction,
  type Guild,
  type CommandInteractionOption,
  type Message,
  type User,
} from 'discord.js';
import type { APIInteractionDataResolvedGuildMember, APIInteractionGuildMember } from 'discord-api-types/v10';
import { deterministicEventId } from '../ids.ts';

type AnyMember = GuildMember | APIInteractionGuildMember | APIInteractionDataResolvedGuildMember;

/** What Discord shows for a member: nickname, then global name, then username (cut to the schema's 100). */
function displayName(user: User, member?: AnyMember | null): string {
  const name = member instanceof GuildMember ? member.displayName : (member?.nick ?? user.displayName);
  return name.slice(0, 100);
}

function userRef(user: User, member?: AnyMember | null): UserRef {
  return { id: user.id, displayName: displayName(user, member), bot: user.bot };
}

/** A member's permissions as Discord's decimal bitfield (resolved members carry them as a string). */
function memberPermissions(member: GuildMember | APIInteractionDataResolvedGuildMember): string {
  return member instanceof GuildMember ? member.permissions.bitfield.toString() : member.permissions;
}

/** The member's role ids without @everyone, which Discord never lists. */
function roleIds(member: AnyMember, guildId: string): string[] {
  const ids = member instanceof GuildMember ? [...member.roles.cache.keys()] : member.roles;
  return ids.filter((id) => id !== guildId).slice(0, 250);
}

/**
 * A request whose id is derived from the Discord object it reports, so the same dispatch seen twice (a resumed
 * session's replay) is applied once by core's inbox.
 */
function request<E extends RequestEvent>(type: E['type'], payload: E['payload'], key: string, timeMs: number): E {
  const id = deterministicEventId(`${type}:${key}`, timeMs);
  return { ...envelope(type, 1, payload), id, correlationId: id } as E;
}

/** A guild message as gateway.message.created; null for messages core has no use for (DMs, webhooks, system). */
export function messageCreated(message: Message, botUserId: string): MessageCreated | null {
  const { guildId, member } = message;
  if (!guildId || !member || message.system || message.webhookId || message.author.id === botUserId) return null;
  const actor: Actor = {
    ...userRef(message.author, member),
    roleIds: roleIds(member, guildId),
    permissions: member.permissions.bitfield.toString(),
  };
  const mentions = message.mentions;
  return request<MessageCreated>(
    'gateway.message.created',
    {
      guildId,
      channelId: message.channelId,
      messageId: message.id,
      botUserId,
      author: actor,
      content: message.content.slice(0, 4000),
      mentions: {
        users: [...mentions.users.values()].slice(0, 100).map((u) => userRef(u, mentions.members?.get(u.id))),
        roleIds: [...mentions.roles.keys()].slice(0, 100),
        everyone: mentions.everyone,
      },
    },
    message.id,
    message.createdTimestamp,
  );
}

/**
 * A slash command as gateway.command.invoked, its options flattened by name; user options become user ids. With the
 * guild (null when it is not cached), it carries what moderation's hierarchy checks need (see `hierarchy`).
 */
export async function commandInvoked(
  interaction: ChatInputCommandInteraction<'cached' | 'raw'>,
  guild: GuildView | null,
  deferred: { ephemeral: boolean } = { ephemeral: false },
): Promise<CommandInvoked> {
  const { member, guildId } = interaction;
  const options: CommandInvoked['payload']['command']['options'] = {};
  const users: CommandInvoked['payload']['users'] = {};
  const roles: NonNullable<CommandInvoked['payload']['roles']> = {};
  /** Permissions of the members named in options, from the interaction's resolved data. */
  const permissions = new Map<string, string>();
  for (const option of leafOptions(interaction.options.data)) {
    if (option.type === ApplicationCommandOptionType.User && option.user) {
      users[option.user.id] = userRef(option.user, option.member);
      options[option.name] = option.user.id;
      if (option.member) permissions.set(option.user.id, memberPermissions(option.member));
    } else if (option.value !== undefined) {
      options[option.name] = option.value;
    }
    // Resolved roles carry their position, managed flag and permissions, cached or not (the privileged-role rule
    // reads all three).
    if (option.type === ApplicationCommandOptionType.Role && option.role) {
      const { position, managed, permissions } = option.role;
      roles[option.role.id] = {
        position,
        managed,
        permissions: typeof permissions === 'string' ? permissions : permissions.bitfield.toString(),
      };
    }
  }
  const context = guild ? await hierarchy(guild, [interaction.user.id, ...Object.keys(users)]) : {};
  // Whether a named member is a moderator decides whether they may be handed a privileged role (temporary roles).
  for (const [id, bits] of permissions) {
    const found = context.members?.[id];
    if (found) found.permissions = bits;
  }
  return request<CommandInvoked>(
    'gateway.command.invoked',
    {
      guildId,
      actor: {
        ...userRef(interaction.user, member),
        roleIds: roleIds(member, guildId),
        permissions: (interaction.memberPermissions?.bitfield ?? 0n).toString(),
      },
      replyTo: {
        kind: 'interaction',
        channelId: interaction.channelId,
        interactionId: interaction.id,
        applicationId: interaction.applicationId,
        token: interaction.token,
        locale: interaction.locale,
        ...(interaction.guildLocale !== null && { guildLocale: interaction.guildLocale }),
        ephemeral: deferred.ephemeral,
      },
      command: {
        name: interaction.commandName,
        group: interaction.options.getSubcommandGroup(false),
        subcommand: interaction.options.getSubcommand(false),
        options,
      },
      users,
      ...(Object.keys(roles).length > 0 ? { roles } : {}),
      ...context,
    },
    interaction.id,
    interaction.createdTimestamp,
  );
}

/** What the hierarchy fields are read from: a guild as the bot sees it (a seam, so tests need no gateway). */
export interface GuildView {
  ownerId: string;
  botUserId: string;
  /** The position of a user's highest role (0 = only @everyone); null when they are not a member. */
  highestRolePosition: (userId: string) => Promise<number | null>;
}

/** A cached discord.js guild as a GuildView: members from the cache, fetched from Discord when not there. */
export function guildView(guild: Guild): GuildView {
  return {
    ownerId: guild.ownerId,
    botUserId: guild.client.user.id,
    highestRolePosition: async (userId) => {
      try {
        // fetch() answers from the cache when the member is there.
        return (await guild.members.fetch(userId)).roles.highest.position;
      } catch (err) {
        if (err instanceof DiscordAPIError && NotAMember.has(Number(err.code))) return null;
        throw err;
      }
    },
  };
}

const NotAMember = new Set<number>([RESTJSONErrorCodes.UnknownMember, RESTJSONErrorCodes.UnknownUser]);

type Hierarchy = Pick<CommandInvoked['payload'], 'members' | 'guildOwnerId' | 'botUserId' | 'botHighestRolePosition'>;

/**
 * Role positions for moderation's checks: the invoker's and each named user's who is a member, the owner, and the
 * bot's own. When a member cannot be looked up (Discord unreachable), `members` is left out altogether, so core
 * refuses the moderation command rather than judge it on missing ranks.
 */
export async function hierarchy(guild: GuildView, userIds: string[]): Promise<Hierarchy> {
  const base: Hierarchy = { guildOwnerId: guild.ownerId, botUserId: guild.botUserId };
  try {
    const members: NonNullable<Hierarchy['members']> = {};
    for (const id of new Set(userIds)) {
      const position = await guild.highestRolePosition(id);
      if (position !== null) members[id] = { highestRolePosition: position };
    }
    const bot = await guild.highestRolePosition(guild.botUserId);
    return { ...base, members, ...(bot === null ? {} : { botHighestRolePosition: bot }) };
  } catch {
    return base;
  }
}

/** The options under the (group and) subcommand, where the values are. */
function leafOptions(data: readonly CommandInteractionOption[]): readonly CommandInteractionOption[] {
  const [first] = data;
  if (
    first &&
    (first.type === ApplicationCommandOptionType.Subcommand ||
      first.type === ApplicationCommandOptionType.SubcommandGroup)
  ) {
    return leafOptions(first.options ?? []);
  }
  return data;
}

/** A member who joined, as gateway.member.joined. */
export function memberJoined(member: GuildMember): MemberJoined {
  const joinedAt = member.joinedTimestamp ?? Date.now();
  return request<MemberJoined>(
    'gateway.member.joined',
    { guildId: member.guild.id, user: userRef(member.user, member), joinedAt: new Date(joinedAt).toISOString() },
    `${member.guild.id}:${member.id}:${joinedAt}`,
    joinedAt,
  );
}
