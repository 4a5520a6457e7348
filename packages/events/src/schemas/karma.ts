import { z } from 'zod';
import { defineEvent, Snowflake } from '../envelope.ts';
import { KarmaSubject, MessageTarget, ReplyTarget } from './common.ts';
import { refusal } from './refusals.ts';

/** Why a karma operation in a message was not applied. */
export const KarmaRefusal = z.enum(['self', 'cooldown', 'too_many_subjects']);

/** Karma operations in one message were applied or refused. */
export const KarmaPointsChanged = defineEvent(
  'karma.points.changed',
  1,
  'Karma operations in one message were applied (with the new totals) and/or refused (with the reason).',
  z.object({
    guildId: Snowflake,
    giverId: Snowflake,
    replyTo: MessageTarget,
    /** False when the guild turned announcements off: the bot stays silent. */
    announce: z.boolean(),
    changes: z.array(z.object({ subject: KarmaSubject, delta: z.number().int(), total: z.number().int() })).max(25),
    refused: z.array(z.object({ subject: KarmaSubject, reason: KarmaRefusal })).max(100),
    cooldownSeconds: z.number().int().nonnegative(),
  }),
);
export type KarmaPointsChanged = z.infer<typeof KarmaPointsChanged>;

/** Karma totals were looked up. */
export const KarmaTotalsListed = defineEvent(
  'karma.totals.listed',
  1,
  'Karma totals were looked up; unknown subjects have total 0.',
  z.object({
    guildId: Snowflake,
    replyTo: ReplyTarget,
    entries: z.array(z.object({ subject: KarmaSubject, total: z.number().int() })).max(25),
  }),
);
export type KarmaTotalsListed = z.infer<typeof KarmaTotalsListed>;

/** The top or bottom of a guild's karma board. */
export const KarmaLeaderboardListed = defineEvent(
  'karma.leaderboard.listed',
  1,
  "The top or bottom of a guild's karma board, ranked and numbered.",
  z.object({
    guildId: Snowflake,
    replyTo: ReplyTarget,
    direction: z.enum(['top', 'bottom']),
    entries: z
      .array(z.object({ rank: z.number().int().positive(), subject: KarmaSubject, total: z.number().int() }))
      .max(25),
  }),
);
export type KarmaLeaderboardListed = z.infer<typeof KarmaLeaderboardListed>;

/** A guild turned karma announcements on or off. */
export const KarmaAnnounceUpdated = defineEvent(
  'karma.announce.updated',
  1,
  'A guild turned karma announcements on or off.',
  z.object({ guildId: Snowflake, replyTo: ReplyTarget, enabled: z.boolean() }),
);
export type KarmaAnnounceUpdated = z.infer<typeof KarmaAnnounceUpdated>;

/** Recent karma changes in a guild. */
export const KarmaHistoryListed = defineEvent(
  'karma.history.listed',
  1,
  'Recent karma changes in a guild (optionally of one subject), for an admin to review and undo abuse.',
  z.object({
    guildId: Snowflake,
    replyTo: ReplyTarget,
    entries: z
      .array(
        z.object({
          id: z.string(),
          subject: KarmaSubject,
          giverId: Snowflake,
          delta: z.number().int(),
          messageId: Snowflake.nullable(),
          at: z.iso.datetime({ offset: true }),
          revertedAt: z.iso.datetime({ offset: true }).nullable(),
        }),
      )
      .max(25),
  }),
);
export type KarmaHistoryListed = z.infer<typeof KarmaHistoryListed>;

/** An admin reverted one recorded karma change. */
export const KarmaChangeReverted = defineEvent(
  'karma.change.reverted',
  1,
  "An admin reverted one recorded karma change; total is the subject's new total.",
  z.object({
    guildId: Snowflake,
    replyTo: ReplyTarget,
    changeId: z.string(),
    subject: KarmaSubject,
    delta: z.number().int(),
    total: z.number().int(),
  }),
);
export type KarmaChangeReverted = z.infer<typeof KarmaChangeReverted>;

/** Why a karma command was refused (command.request.rejected's `reason`). */
export const karmaRefusals = [
  /** A lookup named nothing. */
  refusal('karma.lookup.empty'),
  /** A lookup named more subjects than one command may. */
  refusal('karma.lookup.too_many', { max: z.number().int().positive() }),
  /** A `(` in a lookup has no matching `)`. */
  refusal('karma.lookup.unclosed'),
  /** A name in a lookup is empty (`()`). */
  refusal('karma.name.empty'),
  /** A lookup named a role, a channel, `@everyone` or `@here`, which have no karma. */
  refusal('karma.name.mention'),
  /** A name is longer than names may be, in characters. */
  refusal('karma.name.too_long', { max: z.number().int().positive() }),
  /** A name has no letter, number or emoji. */
  refusal('karma.name.no_word'),
  /** `@Guildhall top|bottom N` with a count out of range. */
  refusal('karma.leaderboard.count', { direction: z.enum(['top', 'bottom']), max: z.number().int().positive() }),
  /** `@Guildhall announce …` with something other than on/off. */
  refusal('karma.announce.value'),
  /** `/karma revert` named a change this guild does not have. */
  refusal('karma.revert.not_found', { changeId: z.string().max(20) }),
  /** `/karma revert` named a change that was already reverted. */
  refusal('karma.revert.already', { changeId: z.string().max(20) }),
] as const;
