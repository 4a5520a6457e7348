import {
  ChannelType,
  GuildDefaultMessageNotifications,
  GuildExplicitContentFilter,
  GuildMFALevel,
  GuildNSFWLevel,
  GuildPremiumTier,
  GuildSystemChannelFlags,
  GuildVerificationLevel,
  Locale,
} from 'discord-api-types/v10';
import type {
  APIAllowedMentions,
  APIApplicationCommand,
  APIAttachment,
  APIChannel,
  APIEmbed,
  APIGuild,
  APIGuildMember,
  APIMessage,
  APIMessageInteractionMetadata,
  APIMessageReference,
  APIRole,
  APIUser,
  ChannelFlags,
  GuildMemberFlags,
  RoleFlags,
  UserFlags,
  MessageType,
} from 'discord-api-types/v10';
import { Errors } from './errors.ts';
import type { MessageActionRow } from './shapes/components.ts';
import { isoTimestamp, snowflake } from './snowflake.ts';

/** A user (human or bot) known to the emulator. */
export interface UserRecord {
  id: string;
  username: string;
  globalName: string | null;
  bot: boolean;
  /** The language picked in the user's client settings; interactions carry it as `locale`. */
  locale: Locale;
}

/** A bot account: its user, gateway/REST token and application. */
export interface BotRecord {
  userId: string;
  token: string;
  applicationId: string;
  applicationFlags: number;
}

/** A guild member. */
export interface MemberRecord {
  userId: string;
  nick: string | null;
  roles: string[];
  joinedAt: string;
  communicationDisabledUntil: string | null;
}

/** A guild: channels, roles (the @everyone role has the guild's id), members and bans. */
export interface GuildRecord {
  id: string;
  name: string;
  ownerId: string;
  channelIds: string[];
  roles: Map<string, APIRole>;
  members: Map<string, MemberRecord>;
  bans: Map<string, { reason: string | null }>;
  /** The server's language (Server Settings → Community); interactions carry it as `guild_locale`. */
  preferredLocale: Locale;
}

/** A text or DM channel. */
export interface ChannelRecord {
  id: string;
  guildId: string | null;
  name: string;
  type: ChannelType.GuildText | ChannelType.DM;
  position: number;
  topic: string | null;
  recipientIds: string[];
  lastMessageId: string | null;
}

/** Who a message actually notifies, after Discord's allowed_mentions and permission rules. */
export interface Pinged {
  users: string[];
  roles: string[];
  everyone: boolean;
}

/** A reaction on a message: the emoji and who reacted. */
export interface ReactionRecord {
  emoji: { id: string | null; name: string };
  userIds: Set<string>;
}

/** A stored message, with what the sender asked for (allowed_mentions) kept next to what it pinged. */
export interface MessageRecord {
  id: string;
  channelId: string;
  guildId: string | null;
  authorId: string;
  content: string;
  createdAt: number;
  editedAt: number | null;
  type: MessageType;
  flags: number;
  nonce: string | number | undefined;
  reference: APIMessageReference | undefined;
  allowedMentions: APIAllowedMentions | undefined;
  pinged: Pinged;
  embeds: APIEmbed[];
  components: MessageActionRow[];
  attachments: APIAttachment[];
  reactions: Map<string, ReactionRecord>;
  webhookId: string | undefined;
  interactionId: string | undefined;
  /** Pinned to its channel (`PUT /channels/{id}/pins/{message}`); a bot's purge leaves it alone. */
  pinned: boolean;
  deleted: boolean;
}

/** Options for creating a guild. */
export interface CreateGuildOptions {
  id?: string;
  name: string;
  ownerId: string;
  /** Permission bits of the @everyone role; defaults to view/send/read-history/react. */
  everyonePermissions?: bigint;
  /** `preferred_locale`; en-US by default, as for a new Discord server. */
  preferredLocale?: Locale;
}

/** Options for creating a role. */
export interface CreateRoleOptions {
  id?: string;
  name: string;
  permissions?: bigint;
  position?: number;
  color?: number;
  mentionable?: boolean;
  hoist?: boolean;
}

/** @everyone defaults, matching a fresh Discord guild's basics for a chat bot. */
export const DEFAULT_EVERYONE_PERMISSIONS =
  (1n << 10n) | (1n << 11n) | (1n << 16n) | (1n << 6n) | (1n << 14n) | (1n << 15n) | (1n << 31n) | (1n << 18n);

/** The in-memory world: users, bots, guilds, channels, messages and commands. */
export class Model {
  readonly users = new Map<string, UserRecord>();
  readonly bots = new Map<string, BotRecord>();
  /** Human tokens (sent without the `Bot ` prefix) to user ids. */
  readonly userTokens = new Map<string, string>();
  readonly guilds = new Map<string, GuildRecord>();
  readonly channels = new Map<string, ChannelRecord>();
  readonly messages = new Map<string, MessageRecord>();
  /** Keyed by application id, then `global` or a guild id. */
  readonly commands = new Map<string, Map<string, APIApplicationCommand[]>>();

  createUser(opts: {
    id?: string;
    username: string;
    globalName?: string | null;
    bot?: boolean;
    locale?: Locale;
  }): UserRecord {
    const user: UserRecord = {
      id: opts.id ?? snowflake(),
      username: opts.username,
      globalName: opts.globalName ?? null,
      bot: opts.bot ?? false,
      locale: opts.locale ?? Locale.EnglishUS,
    };
    this.users.set(user.id, user);
    return user;
  }

  botByToken(token: string): BotRecord | undefined {
    for (const bot of this.bots.values()) if (bot.token === token) return bot;
    return undefined;
  }

  botByApplication(applicationId: string): BotRecord | undefined {
    for (const bot of this.bots.values()) if (bot.applicationId === applicationId) return bot;
    return undefined;
  }

  user(id: string): UserRecord {
    const user = this.users.get(id);
    if (!user) throw Errors.unknownUser();
    return user;
  }

  guild(id: string): GuildRecord {
    const guild = this.guilds.get(id);
    if (!guild) throw Errors.unknownGuild();
    return guild;
  }

  channel(id: string): ChannelRecord {
    const channel = this.channels.get(id);
    if (!channel) throw Errors.unknownChannel();
    return channel;
  }

  member(guildId: string, userId: string): MemberRecord {
    const member = this.guild(guildId).members.get(userId);
    if (!member) throw Errors.unknownMember();
    return member;
  }

  role(guildId: string, roleId: string): APIRole {
    const role = this.guild(guildId).roles.get(roleId);
    if (!role) throw Errors.unknownRole();
    return role;
  }

  message(channelId: string, messageId: string): MessageRecord {
    const message = this.messages.get(messageId);
    if (!message || message.deleted || message.channelId !== channelId) throw Errors.unknownMessage();
    return message;
  }

  createGuild(opts: CreateGuildOptions): GuildRecord {
    const id = opts.id ?? snowflake();
    const guild: GuildRecord = {
      id,
      name: opts.name,
      ownerId: opts.ownerId,
      channelIds: [],
      roles: new Map(),
      members: new Map(),
      bans: new Map(),
      preferredLocale: opts.preferredLocale ?? Locale.EnglishUS,
    };
    this.guilds.set(id, guild);
    guild.roles.set(
      id,
      makeRole(id, {
        name: '@everyone',
        permissions: opts.everyonePermissions ?? DEFAULT_EVERYONE_PERMISSIONS,
        position: 0,
      }),
    );
    return guild;
  }

  createRole(guildId: string, opts: CreateRoleOptions): APIRole {
    const guild = this.guild(guildId);
    const position = opts.position ?? Math.max(0, ...[...guild.roles.values()].map((r) => r.position)) + 1;
    const role = makeRole(opts.id ?? snowflake(), { ...opts, position });
    guild.roles.set(role.id, role);
    return role;
  }

  createChannel(guildId: string, opts: { id?: string; name: string; topic?: string | null }): ChannelRecord {
    const guild = this.guild(guildId);
    const channel: ChannelRecord = {
      id: opts.id ?? snowflake(),
      guildId,
      name: opts.name,
      type: ChannelType.GuildText,
      position: guild.channelIds.length,
      topic: opts.topic ?? null,
      recipientIds: [],
      lastMessageId: null,
    };
    guild.channelIds.push(channel.id);
    this.channels.set(channel.id, channel);
    return channel;
  }

  /** The DM channel between two users, created on first use as Discord does. */
  dmChannel(userA: string, userB: string): ChannelRecord {
    for (const c of this.channels.values()) {
      if (c.type === ChannelType.DM && c.recipientIds.includes(userA) && c.recipientIds.includes(userB)) return c;
    }
    const channel: ChannelRecord = {
      id: snowflake(),
      guildId: null,
      name: '',
      type: ChannelType.DM,
      position: 0,
      topic: null,
      recipientIds: [userA, userB],
      lastMessageId: null,
    };
    this.channels.set(channel.id, channel);
    return channel;
  }

  addMember(guildId: string, userId: string, opts: { nick?: string | null; roles?: string[] } = {}): MemberRecord {
    const guild = this.guild(guildId);
    this.user(userId);
    const member: MemberRecord = {
      userId,
      nick: opts.nick ?? null,
      roles: [...(opts.roles ?? [])],
      joinedAt: isoTimestamp(),
      communicationDisabledUntil: null,
    };
    guild.members.set(userId, member);
    return member;
  }

  /** Guilds a user belongs to, in creation order. */
  guildsOf(userId: string): GuildRecord[] {
    return [...this.guilds.values()].filter((g) => g.members.has(userId));
  }

  channelMessages(channelId: string): MessageRecord[] {
    return [...this.messages.values()].filter((m) => m.channelId === channelId && !m.deleted);
  }

  userJSON(id: string): APIUser {
    const u = this.user(id);
    const json: APIUser = {
      id: u.id,
      username: u.username,
      discriminator: '0',
      global_name: u.globalName,
      avatar: null,
      public_flags: 0 as UserFlags,
    };
    if (u.bot) json.bot = true;
    return json;
  }

  memberJSON(guildId: string, userId: string): APIGuildMember {
    const m = this.member(guildId, userId);
    return {
      user: this.userJSON(userId),
      nick: m.nick,
      avatar: null,
      banner: null,
      roles: [...m.roles],
      joined_at: m.joinedAt,
      premium_since: null,
      deaf: false,
      mute: false,
      flags: 0 as GuildMemberFlags,
      pending: false,
      communication_disabled_until: m.communicationDisabledUntil,
    };
  }

  channelJSON(id: string): APIChannel {
    const c = this.channel(id);
    if (c.type === ChannelType.DM) {
      return {
        id: c.id,
        type: ChannelType.DM,
        name: null,
        last_message_id: c.lastMessageId,
        recipients: c.recipientIds.map((r) => this.userJSON(r)),
        flags: 0 as ChannelFlags,
      };
    }
    return {
      id: c.id,
      type: ChannelType.GuildText,
      guild_id: c.guildId ?? '',
      name: c.name,
      position: c.position,
      topic: c.topic,
      nsfw: false,
      parent_id: null,
      last_message_id: c.lastMessageId,
      rate_limit_per_user: 0,
      permission_overwrites: [],
      flags: 0 as ChannelFlags,
    };
  }

  guildJSON(id: string): APIGuild {
    const g = this.guild(id);
    return {
      id: g.id,
      name: g.name,
      icon: null,
      splash: null,
      discovery_splash: null,
      owner_id: g.ownerId,
      afk_channel_id: null,
      afk_timeout: 300,
      verification_level: GuildVerificationLevel.None,
      default_message_notifications: GuildDefaultMessageNotifications.OnlyMentions,
      explicit_content_filter: GuildExplicitContentFilter.Disabled,
      roles: [...g.roles.values()].map((r) => ({ ...r })),
      emojis: [],
      stickers: [],
      features: [],
      mfa_level: GuildMFALevel.None,
      application_id: null,
      system_channel_id: null,
      system_channel_flags: GuildSystemChannelFlags.SuppressJoinNotifications,
      rules_channel_id: null,
      vanity_url_code: null,
      description: null,
      banner: null,
      premium_tier: GuildPremiumTier.None,
      premium_subscription_count: 0,
      preferred_locale: g.preferredLocale,
      public_updates_channel_id: null,
      nsfw_level: GuildNSFWLevel.Default,
      premium_progress_bar_enabled: false,
      hub_type: null,
      safety_alerts_channel_id: null,
      incidents_data: null,
      max_members: 500000,
    };
  }

  /** The REST/gateway shape of a message; `viewerId` decides `me` on reactions. */
  messageJSON(id: string, viewerId?: string, depth = 0): APIMessage {
    const m = this.messages.get(id);
    if (!m) throw Errors.unknownMessage();
    const json: APIMessage = {
      id: m.id,
      channel_id: m.channelId,
      author: this.userJSON(m.authorId),
      content: m.content,
      timestamp: isoTimestamp(m.createdAt),
      edited_timestamp: m.editedAt === null ? null : isoTimestamp(m.editedAt),
      tts: false,
      mention_everyone: m.pinged.everyone,
      mentions: m.pinged.users.filter((u) => this.users.has(u)).map((u) => this.userJSON(u)),
      mention_roles: [...m.pinged.roles],
      attachments: m.attachments.map((a) => ({ ...a })),
      embeds: structuredClone(m.embeds),
      pinned: m.pinned,
      type: m.type,
      flags: m.flags,
      components: structuredClone(m.components),
    };
    if (m.nonce !== undefined) json.nonce = m.nonce;
    if (m.webhookId) {
      json.webhook_id = m.webhookId;
      json.application_id = m.webhookId;
    }
    if (m.reactions.size > 0) {
      json.reactions = [...m.reactions.values()].map((r) => ({
        emoji: { id: r.emoji.id, name: r.emoji.name },
        count: r.userIds.size,
        count_details: { burst: 0, normal: r.userIds.size },
        me: viewerId !== undefined && r.userIds.has(viewerId),
        me_burst: false,
        burst_colors: [],
      }));
    }
    if (m.reference) {
      json.message_reference = m.reference;
      const ref = m.reference.message_id ? this.messages.get(m.reference.message_id) : undefined;
      if (depth === 0) json.referenced_message = ref && !ref.deleted ? this.messageJSON(ref.id, viewerId, 1) : null;
    }
    const interaction = m.interactionId ? this.interactionMeta.get(m.interactionId) : undefined;
    if (interaction) json.interaction_metadata = interaction;
    return json;
  }

  /** Interaction metadata attached to response messages, keyed by interaction id. */
  readonly interactionMeta = new Map<string, APIMessageInteractionMetadata>();
}

function makeRole(id: string, opts: CreateRoleOptions & { position: number }): APIRole {
  return {
    id,
    name: opts.name,
    color: opts.color ?? 0,
    colors: { primary_color: opts.color ?? 0, secondary_color: null, tertiary_color: null },
    hoist: opts.hoist ?? false,
    icon: null,
    unicode_emoji: null,
    position: opts.position,
    permissions: (opts.permissions ?? 0n).toString(),
    managed: false,
    mentionable: opts.mentionable ?? false,
    flags: 0 as RoleFlags,
  };
}
