import { GatewayDispatchEvents, GatewayIntentBits } from 'discord-api-types/v10';
import type {
  Locale,
  GatewayGuildBanAddDispatchData,
  GatewayGuildMemberAddDispatchData,
  GatewayGuildMemberRemoveDispatchData,
  GatewayGuildMemberUpdateDispatchData,
} from 'discord-api-types/v10';
import type { Core } from '../core.ts';
import { Errors, formError } from '../errors.ts';
import type { MemberRecord } from '../model.ts';
import { deleteMessages } from './messages.ts';

/** Fields a member PATCH may change. */
export interface MemberPatch {
  nick?: string | null | undefined;
  roles?: string[] | undefined;
  communicationDisabledUntil?: string | null | undefined;
}

const MAX_TIMEOUT_MS = 28 * 24 * 60 * 60 * 1000;

/** Validates a timeout the way Discord does: an ISO date at most 28 days ahead, or null to clear. */
export function parseTimeout(value: unknown): string | null {
  if (value === null) return null;
  const at = typeof value === 'string' ? Date.parse(value) : Number.NaN;
  if (Number.isNaN(at))
    throw formError(['communication_disabled_until'], 'DATE_TIME_TYPE_PARSE', 'Could not parse a date.');
  if (at - Date.now() > MAX_TIMEOUT_MS + 60_000) {
    throw formError(
      ['communication_disabled_until'],
      'BASE_TYPE_BAD_DATETIME',
      'Timeout can be at most 28 days in the future.',
    );
  }
  return new Date(at).toISOString();
}

/** Renames a guild or changes its preferred locale, dispatching GUILD_UPDATE. */
export function updateGuild(
  core: Core,
  guildId: string,
  patch: { name?: string | undefined; preferredLocale?: Locale | undefined },
): void {
  const guild = core.model.guild(guildId);
  if (patch.name !== undefined) guild.name = patch.name;
  if (patch.preferredLocale !== undefined) guild.preferredLocale = patch.preferredLocale;
  const d = core.model.guildJSON(guildId);
  core.gateway.dispatchGuild(guildId, GatewayDispatchEvents.GuildUpdate, GatewayIntentBits.Guilds, () => d);
  core.recorder.emit({ type: 'guild_update', guildId });
}

/** Applies a member change and dispatches GUILD_MEMBER_UPDATE. */
export function updateMember(core: Core, guildId: string, userId: string, patch: MemberPatch): MemberRecord {
  const member = core.model.member(guildId, userId);
  const guild = core.model.guild(guildId);
  if (patch.roles !== undefined) {
    for (const id of patch.roles) if (!guild.roles.has(id) || id === guildId) throw Errors.unknownRole();
    member.roles = [...new Set(patch.roles)];
  }
  if (patch.nick !== undefined) member.nick = patch.nick === '' ? null : patch.nick;
  if (patch.communicationDisabledUntil !== undefined)
    member.communicationDisabledUntil = patch.communicationDisabledUntil;
  dispatchMemberUpdate(core, guildId, userId);
  return member;
}

/** Dispatches GUILD_MEMBER_UPDATE with the member's current state. */
export function dispatchMemberUpdate(core: Core, guildId: string, userId: string): void {
  const m = core.model.memberJSON(guildId, userId);
  const d: GatewayGuildMemberUpdateDispatchData = {
    ...m,
    user: m.user,
    avatar: m.avatar ?? null,
    banner: m.banner ?? null,
    guild_id: guildId,
  };
  // Discord tells a bot about its own member changes even without GUILD_MEMBERS.
  core.gateway.dispatchGuild(guildId, GatewayDispatchEvents.GuildMemberUpdate, 0, (s) =>
    (s.intents & GatewayIntentBits.GuildMembers) !== 0 || s.bot.userId === userId ? d : undefined,
  );
  core.recorder.emit({ type: 'guild_update', guildId });
}

/** Adds a user to a guild, dispatching GUILD_MEMBER_ADD (and GUILD_CREATE when the user is a bot). */
export function joinGuild(
  core: Core,
  guildId: string,
  userId: string,
  opts: { nick?: string | null; roles?: string[] } = {},
): MemberRecord {
  const member = core.model.addMember(guildId, userId, opts);
  const d: GatewayGuildMemberAddDispatchData = { ...core.model.memberJSON(guildId, userId), guild_id: guildId };
  core.gateway.dispatchGuild(guildId, GatewayDispatchEvents.GuildMemberAdd, GatewayIntentBits.GuildMembers, (s) =>
    s.bot.userId === userId ? undefined : d,
  );
  if (core.model.user(userId).bot) core.gateway.guildJoined(guildId, userId);
  core.recorder.emit({ type: 'guild_update', guildId });
  return member;
}

/** Removes a member (kick or leave), dispatching GUILD_MEMBER_REMOVE (and GUILD_DELETE to a removed bot). */
export function removeMember(core: Core, guildId: string, userId: string): void {
  core.model.member(guildId, userId);
  const d: GatewayGuildMemberRemoveDispatchData = { guild_id: guildId, user: core.model.userJSON(userId) };
  core.gateway.dispatchGuild(guildId, GatewayDispatchEvents.GuildMemberRemove, GatewayIntentBits.GuildMembers, () => d);
  if (core.model.user(userId).bot) {
    core.gateway.dispatchGuild(guildId, GatewayDispatchEvents.GuildDelete, 0, (s) =>
      s.bot.userId === userId ? { id: guildId } : undefined,
    );
  }
  core.model.guild(guildId).members.delete(userId);
  core.recorder.emit({ type: 'guild_update', guildId });
}

/** Bans a user: GUILD_BAN_ADD, then removal of the member and of their recent messages, as Discord does. */
export function banUser(
  core: Core,
  guildId: string,
  userId: string,
  opts: { reason?: string | null; deleteMessageSeconds?: number } = {},
): void {
  const guild = core.model.guild(guildId);
  core.model.user(userId);
  guild.bans.set(userId, { reason: opts.reason ?? null });
  const d: GatewayGuildBanAddDispatchData = { guild_id: guildId, user: core.model.userJSON(userId) };
  core.gateway.dispatchGuild(guildId, GatewayDispatchEvents.GuildBanAdd, GatewayIntentBits.GuildModeration, () => d);
  if (guild.members.has(userId)) removeMember(core, guildId, userId);
  else core.recorder.emit({ type: 'guild_update', guildId });
  const seconds = opts.deleteMessageSeconds ?? 0;
  if (seconds > 0) {
    const since = Date.now() - seconds * 1000;
    for (const channelId of guild.channelIds) {
      const doomed = core.model.channelMessages(channelId).filter((m) => m.authorId === userId && m.createdAt >= since);
      deleteMessages(core, channelId, doomed);
    }
  }
}

/** Lifts a ban and dispatches GUILD_BAN_REMOVE. */
export function unbanUser(core: Core, guildId: string, userId: string): void {
  const guild = core.model.guild(guildId);
  if (!guild.bans.delete(userId)) throw Errors.unknownBan();
  const d = { guild_id: guildId, user: core.model.userJSON(userId) };
  core.gateway.dispatchGuild(guildId, GatewayDispatchEvents.GuildBanRemove, GatewayIntentBits.GuildModeration, () => d);
  core.recorder.emit({ type: 'guild_update', guildId });
}
