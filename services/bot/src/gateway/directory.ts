import { envelope, type GuildLeft, type GuildSynced, type RequestEvent } from '@guildhall/events';
import type { Logger } from '@guildhall/runtime';
import { ChannelType, Events, type Client, type Guild } from 'discord.js';

/** How long changes to one guild are gathered into one snapshot (a role reorder is a burst of role updates). */
export const DirectoryDebounceMs = 1_000;

/**
 * Keeps core's guild directory (what the web dashboard lists and offers in its forms) in step with the gateway: a
 * snapshot of every guild when the client is ready, and of a guild whenever it, its roles, its channels or the bot's
 * own roles change, gathered per guild over DirectoryDebounceMs; `gateway.guild.left` when the bot leaves one (not
 * when a guild is merely unavailable during an outage).
 */
export function syncDirectory(client: Client, publish: (event: RequestEvent) => Promise<boolean>, log: Logger): void {
  const pending = new Map<string, NodeJS.Timeout>();
  const later = (guild: Guild) => {
    if (pending.has(guild.id)) return;
    const timer = setTimeout(() => {
      pending.delete(guild.id);
      const current = client.guilds.cache.get(guild.id);
      if (current) void publish(guildSynced(current)).catch((err: unknown) => log.warn({ err }, 'snapshot lost'));
    }, DirectoryDebounceMs);
    timer.unref();
    pending.set(guild.id, timer);
  };
  client.on(Events.ClientReady, (ready) => {
    for (const guild of ready.guilds.cache.values()) later(guild);
  });
  client.on(Events.GuildCreate, later);
  client.on(Events.GuildUpdate, (_, guild) => later(guild));
  client.on(Events.GuildRoleCreate, (role) => later(role.guild));
  client.on(Events.GuildRoleUpdate, (_, role) => later(role.guild));
  client.on(Events.GuildRoleDelete, (role) => later(role.guild));
  client.on(Events.ChannelCreate, (channel) => later(channel.guild));
  client.on(Events.ChannelUpdate, (_, channel) => {
    if ('guild' in channel) later(channel.guild);
  });
  client.on(Events.ChannelDelete, (channel) => {
    if ('guild' in channel) later(channel.guild);
  });
  client.on(Events.GuildMemberUpdate, (_, member) => {
    if (member.id === client.user?.id) later(member.guild);
  });
  client.on(Events.GuildDelete, (guild) => {
    // An outage makes a guild unavailable without the bot leaving it.
    if (!guild.available) return;
    clearTimeout(pending.get(guild.id));
    pending.delete(guild.id);
    void publish(guildLeft(guild.id)).catch((err: unknown) => log.warn({ err }, 'guild left lost'));
  });
}

/** What the dashboard needs of a guild, from the gateway cache. */
export function guildSynced(guild: Guild): GuildSynced {
  const me = guild.members.me;
  const roles = [...guild.roles.cache.values()]
    .sort((a, b) => b.position - a.position)
    .slice(0, 250)
    .map((r) => ({
      id: r.id,
      name: r.name.slice(0, 100),
      position: r.position,
      managed: r.managed,
      permissions: r.permissions.bitfield.toString(),
      color: r.color,
    }));
  const channels = [...guild.channels.cache.values()]
    .filter((c) => c.type === ChannelType.GuildText || c.type === ChannelType.GuildAnnouncement)
    .sort((a, b) => ('rawPosition' in a && 'rawPosition' in b ? a.rawPosition - b.rawPosition : 0))
    .slice(0, 500)
    .map((c) => ({ id: c.id, name: c.name.slice(0, 100), position: 'rawPosition' in c ? c.rawPosition : 0 }));
  return envelope('gateway.guild.synced', 1, {
    guildId: guild.id,
    name: guild.name.slice(0, 100),
    icon: guild.icon,
    ownerId: guild.ownerId,
    preferredLocale: guild.preferredLocale,
    memberCount: guild.memberCount,
    botUserId: guild.client.user.id,
    botHighestRolePosition: me?.roles.highest.position ?? 0,
    roles,
    channels,
    observedAt: new Date().toISOString(),
  });
}

function guildLeft(guildId: string): GuildLeft {
  return envelope('gateway.guild.left', 1, { guildId, observedAt: new Date().toISOString() });
}
