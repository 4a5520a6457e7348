import { z } from 'zod';
import { defineEvent, Snowflake } from '../envelope.ts';
import { ReplyTarget } from './common.ts';

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
