import { z } from 'zod';
import { defineEvent, Snowflake } from '../envelope.ts';
import { MessageTarget, ReplyTarget } from './common.ts';
import { NamedMember } from './economy.ts';
import { ActionFailure } from './failures.ts';
import { refusal, refusal as coded } from './refusals.ts';

/** A member's place in the levels: total XP, level, and progress towards the next level. */
export const LevelStanding = z.object({
  xp: z.number().int().nonnegative(),
  level: z.number().int().nonnegative(),
  /** XP earned since reaching the current level. */
  xpIntoLevel: z.number().int().nonnegative(),
  /** XP needed to go from the current level to the next (5·L² + 50·L + 100). */
  xpForNextLevel: z.number().int().positive(),
});
export type LevelStanding = z.infer<typeof LevelStanding>;

/** A guild's level settings, with the role rewards. */
export const LevelSettingsSnapshot = z.object({
  xpMin: z.number().int().nonnegative(),
  xpMax: z.number().int().nonnegative(),
  cooldownSeconds: z.number().int().nonnegative(),
  announce: z.boolean(),
  /** Where level-ups are announced; null means in reply to the message that earned the level. */
  announceChannelId: Snowflake.nullable(),
  rewards: z.array(z.object({ level: z.number().int().positive(), roleId: Snowflake })).max(100),
});
export type LevelSettingsSnapshot = z.infer<typeof LevelSettingsSnapshot>;

/** A member's rank card was looked up. */
export const LevelsRankShown = defineEvent(
  'levels.rank.shown',
  1,
  "A member's level, XP and progress; rank is their place by XP (null when they have no XP yet).",
  z.object({
    guildId: Snowflake,
    replyTo: ReplyTarget,
    member: NamedMember,
    standing: LevelStanding,
    rank: z.number().int().positive().nullable(),
  }),
);
export type LevelsRankShown = z.infer<typeof LevelsRankShown>;

/** The members with the most XP. */
export const LevelsLeaderboardListed = defineEvent(
  'levels.leaderboard.listed',
  1,
  'The members of a guild with the most XP, ranked and numbered.',
  z.object({
    guildId: Snowflake,
    replyTo: ReplyTarget,
    entries: z
      .array(
        z.object({
          rank: z.number().int().positive(),
          member: NamedMember,
          level: z.number().int().nonnegative(),
          xp: z.number().int().nonnegative(),
        }),
      )
      .max(25),
  }),
);
export type LevelsLeaderboardListed = z.infer<typeof LevelsLeaderboardListed>;

/** Where a level-up is announced: a configured channel, or a reply to the message that earned it. */
export const LevelAnnouncementTarget = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('channel'), channelId: Snowflake }),
  MessageTarget,
]);

/** A member reached a new level. */
export const LevelsLevelReached = defineEvent(
  'levels.level.reached',
  1,
  'A member reached a new level by chatting; announceTo is null when the guild turned announcements off. Roles in rolesAwarded were requested from the bot (discord.action.requested).',
  z.object({
    guildId: Snowflake,
    member: NamedMember,
    previousLevel: z.number().int().nonnegative(),
    level: z.number().int().positive(),
    xp: z.number().int().nonnegative(),
    announceTo: LevelAnnouncementTarget.nullable(),
    rolesAwarded: z.array(Snowflake).max(100),
  }),
);
export type LevelsLevelReached = z.infer<typeof LevelsLevelReached>;

/** A guild's level settings were changed (or shown, when changed is empty). */
export const LevelsSettingsUpdated = defineEvent(
  'levels.settings.updated',
  1,
  "A guild's level settings and role rewards after a change; changed names what changed (empty: only shown).",
  z.object({
    guildId: Snowflake,
    replyTo: ReplyTarget,
    changed: z.array(z.enum(['xpRange', 'cooldownSeconds', 'announce', 'announceChannelId', 'rewards'])),
    settings: LevelSettingsSnapshot,
  }),
);
export type LevelsSettingsUpdated = z.infer<typeof LevelsSettingsUpdated>;

/** A level reward role was not given, and why; for the guild's moderators (posted in the mod log, if there is one). */
export const LevelsRewardFailed = defineEvent(
  'levels.reward.failed',
  1,
  "A member reached a level that rewards a role, but the role was not added: the bot re-checked it (a role edited into a privileged one after it was set is never handed out) or Discord refused. logChannelId is the guild's mod log (null: none), where moderators read why.",
  z.object({
    guildId: Snowflake,
    memberId: Snowflake,
    level: z.number().int().positive(),
    roleId: Snowflake,
    failure: ActionFailure,
    logChannelId: Snowflake.nullable(),
  }),
);
export type LevelsRewardFailed = z.infer<typeof LevelsRewardFailed>;

/** Why the levels feature refused a command (command.request.rejected's `reason`). */
export const levelsRefusals = [
  /** `/levels-config xp` would make the least XP per message more than the most. */
  refusal('levels.xp.range', { min: z.number().int().nonnegative(), max: z.number().int().nonnegative() }),
  /** `/levels-config xp` without anything to change. */
  refusal('levels.xp.nothing'),
  /** The guild already has as many role rewards as it can. */
  refusal('levels.rewards.full', { max: z.number().int().positive() }),
  /** `/levels-config reward-remove` of a level without a reward. */
  refusal('levels.reward.not_found', { level: z.number().int().positive() }),
  /** `/rank` of a bot, which earns no XP. */
  refusal('levels.member.bot'),
] as const;

/** Why the levels feature acted on Discord, for the audit log (worded by the bot in the guild's language). */
export const levelsAuditReasons = [
  /** A member reached a level that rewards a role. */
  coded('levels.reward', { level: z.number().int().positive() }),
] as const;
