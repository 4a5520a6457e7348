import { recordGuildLeft, recordGuildSnapshot } from '@guildhall/db';
import type { GuildLeft, GuildSynced } from '@guildhall/events';
import { defineFeature } from '../../feature.ts';
import type { HandlerContext } from '../../context.ts';

/**
 * The guild directory: what the bot last saw of each guild it is in (name, icon, owner, roles, text channels, its
 * own highest role), kept for the web dashboard, which lists the guilds where Guildhall is and offers their roles
 * and channels in its forms without holding the bot's token. Snapshots applied out of order keep the newest.
 */
export const directory = defineFeature({
  name: 'directory',
  onGuild: async (ctx: HandlerContext<GuildSynced | GuildLeft>) => {
    const event = ctx.event;
    if (event.type === 'gateway.guild.left') {
      await recordGuildLeft(ctx.db, event.payload.guildId, new Date(event.payload.observedAt));
      return;
    }
    const p = event.payload;
    await recordGuildSnapshot(ctx.db, {
      guildId: p.guildId,
      name: p.name,
      icon: p.icon,
      ownerId: p.ownerId,
      preferredLocale: p.preferredLocale,
      memberCount: p.memberCount,
      botUserId: p.botUserId,
      botHighestRolePosition: p.botHighestRolePosition,
      roles: p.roles,
      channels: p.channels,
      observedAt: new Date(p.observedAt),
    });
  },
});
