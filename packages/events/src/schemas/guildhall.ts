import { z } from 'zod';
import { defineEvent, Snowflake } from '../envelope.ts';
import { ReplyTarget } from './common.ts';
import { CommandOptionValue } from './gateway.ts';

/** A core feature's name, as `/guildhall about` lists it. */
export const FeatureName = z
  .string()
  .regex(/^[a-z]+$/)
  .max(32);

/** `/guildhall about`: what is running and what this guild has switched on. */
export const GuildhallAboutShown = defineEvent(
  'guildhall.about.shown',
  1,
  "Guildhall describes itself: core's version and uptime, the features it runs, and which of this guild's per-message features are on.",
  z.object({
    guildId: Snowflake,
    replyTo: ReplyTarget,
    version: z.string().max(32),
    uptimeSeconds: z.number().int().nonnegative(),
    features: z.array(FeatureName).max(32),
    /** This guild's switches for what happens on every message. */
    guild: z.object({
      karmaReplies: z.boolean(),
      earning: z.boolean(),
      levelUpAnnouncements: z.boolean(),
      antiSpam: z.boolean(),
    }),
  }),
);
export type GuildhallAboutShown = z.infer<typeof GuildhallAboutShown>;

/** `/help`: the commands this member can use. */
export const GuildhallHelpListed = defineEvent(
  'guildhall.help.listed',
  1,
  "The commands the invoker may use (those whose default permission they hold), by name and subcommand; the bot words each in the member's language.",
  z.object({
    guildId: Snowflake,
    replyTo: ReplyTarget,
    commands: z
      .array(z.object({ name: z.string().max(32), subcommands: z.array(z.string().max(32)).max(25) }))
      .max(100),
  }),
);
export type GuildhallHelpListed = z.infer<typeof GuildhallHelpListed>;

/** `/guildhall public-pages`: whether the guild's leaderboards are public on the web dashboard. */
export const GuildhallPagesUpdated = defineEvent(
  'guildhall.pages.updated',
  1,
  'A guild made its web dashboard pages (leaderboards and settings summary) public, or visible to its members only.',
  z.object({ guildId: Snowflake, replyTo: ReplyTarget, public: z.boolean() }),
);
export type GuildhallPagesUpdated = z.infer<typeof GuildhallPagesUpdated>;

/**
 * Who changed which setting, for the mod-log: emitted by core for every settings change that went through
 * (packages/events/src/settings.ts lists them), made with a slash command or on the web dashboard alike.
 */
export const GuildhallSettingsChanged = defineEvent(
  'guildhall.settings.changed',
  1,
  'A member changed a setting, with a slash command or on the web dashboard; the bot posts who changed what in the mod-log channel, if the guild has one.',
  z.object({
    guildId: Snowflake,
    /** The mod-log channel when the change was made (null: none, nothing is posted). */
    logChannelId: Snowflake.nullable(),
    actor: z.object({ id: Snowflake, displayName: z.string().max(100) }),
    via: z.enum(['discord', 'web']),
    command: z.string().min(1).max(32),
    subcommand: z.string().max(32).nullable(),
    /** The options as the member gave them (ids for roles, channels and members). */
    options: z.record(z.string().max(32), CommandOptionValue),
  }),
);
export type GuildhallSettingsChanged = z.infer<typeof GuildhallSettingsChanged>;
