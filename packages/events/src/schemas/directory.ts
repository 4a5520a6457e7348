import { z } from 'zod';
import { defineEvent, Snowflake } from '../envelope.ts';

/**
 * What Guildhall knows of a guild from Discord, for the web dashboard (docs/adr/0018-web-dashboard.md): that the bot
 * is there, the guild's name and icon, its roles (with the facts the privileged-role rule reads) and the channels it
 * can post in. The bot publishes a snapshot whenever the gateway tells it something here changed; core stores the
 * newest one. The dashboard reads it, so it never needs the bot's token.
 */

/** A role as the dashboard lists it and core checks it. */
export const DirectoryRole = z.object({
  id: Snowflake,
  name: z.string().max(100),
  position: z.number().int().min(0),
  managed: z.boolean(),
  /** Permission bits as Discord's decimal string. */
  permissions: z.string().regex(/^\d{1,20}$/),
  /** RGB colour, 0 for none. */
  color: z.number().int().min(0).max(0xffffff),
});
export type DirectoryRole = z.infer<typeof DirectoryRole>;

/** A channel the bot could post in (text and announcement channels). */
export const DirectoryChannel = z.object({
  id: Snowflake,
  name: z.string().max(100),
  position: z.number().int(),
});
export type DirectoryChannel = z.infer<typeof DirectoryChannel>;

/** A snapshot of a guild the bot is in. */
export const GuildSynced = defineEvent(
  'gateway.guild.synced',
  1,
  "A snapshot of a guild the bot is in (name, icon, owner, language, member count, roles, text channels, the bot's highest role), sent when the bot becomes ready and whenever one of these changes; core keeps the newest for the web dashboard.",
  z.object({
    guildId: Snowflake,
    name: z.string().max(100),
    /** Discord's icon hash (the CDN path's last part), or null. */
    icon: z.string().max(64).nullable(),
    ownerId: Snowflake,
    preferredLocale: z.string().max(16),
    memberCount: z.number().int().min(0),
    botUserId: Snowflake,
    botHighestRolePosition: z.number().int().min(0),
    roles: z.array(DirectoryRole).max(250),
    channels: z.array(DirectoryChannel).max(500),
    /** When the bot read its cache: a snapshot older than the stored one is ignored. */
    observedAt: z.iso.datetime({ offset: true }),
  }),
);
export type GuildSynced = z.infer<typeof GuildSynced>;

/** The bot left a guild (or was removed from it). */
export const GuildLeft = defineEvent(
  'gateway.guild.left',
  1,
  'The bot is no longer in a guild (it left, was removed, or the guild was deleted); the dashboard stops listing it.',
  z.object({ guildId: Snowflake, observedAt: z.iso.datetime({ offset: true }) }),
);
export type GuildLeft = z.infer<typeof GuildLeft>;
