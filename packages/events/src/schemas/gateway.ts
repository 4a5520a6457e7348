import { z } from 'zod';
import { defineEvent, Snowflake } from '../envelope.ts';
import { Actor, CommandTarget, UserRef } from './common.ts';

/** A message was posted in a guild channel. */
export const MessageCreated = defineEvent(
  'gateway.message.created',
  1,
  'A message was posted in a guild channel; core parses karma (and later earns XP and currency) from it.',
  z.object({
    guildId: Snowflake,
    channelId: Snowflake,
    messageId: Snowflake,
    /** The bot's own user id, so core can recognise `@Guildhall karma …` without knowing the deployment. */
    botUserId: Snowflake,
    author: Actor,
    content: z.string().max(4000),
    mentions: z.object({
      users: z.array(UserRef).max(100),
      roleIds: z.array(Snowflake).max(100),
      everyone: z.boolean(),
    }),
  }),
);
export type MessageCreated = z.infer<typeof MessageCreated>;

/** A value a slash-command option can take once Discord has resolved it. */
export const CommandOptionValue = z.union([z.string().max(6000), z.number(), z.boolean()]);

/** A slash command was invoked. */
export const CommandInvoked = defineEvent(
  'gateway.command.invoked',
  1,
  'A slash command was invoked (on Discord, where the bot has already deferred the reply, or on the web dashboard); core answers through replyTo.',
  z.object({
    guildId: Snowflake,
    actor: Actor,
    /** An interaction (from the bot), or the dashboard replica waiting for the result (from services/web). */
    replyTo: CommandTarget,
    command: z.object({
      name: z.string().min(1).max(32),
      group: z.string().max(32).nullable(),
      subcommand: z.string().max(32).nullable(),
      options: z.record(z.string().max(32), CommandOptionValue),
    }),
    /** Users named by user-typed options, keyed by id. */
    users: z.record(Snowflake, UserRef),
    // Optional (added for moderation's hierarchy checks; events without them stay valid). Moderation commands
    // are refused when `members` is absent, since role positions cannot be checked.
    /**
     * Guild members among the invoker and the users named in options, keyed by user id, with the position of their
     * highest role (0 = only @everyone). A named user who is not a member of the guild is absent.
     */
    members: z
      .record(
        Snowflake,
        z.object({
          highestRolePosition: z.number().int().min(0),
          /**
           * Their permissions as Discord's decimal bitfield, for users named in options (added for temporary roles: a
           * privileged role may go to a moderator only). Absent from older bots; core then takes them for members
           * without any.
           */
          permissions: z
            .string()
            .regex(/^\d{1,20}$/)
            .optional(),
        }),
      )
      .optional(),
    /**
     * Roles named in role options, keyed by id: their position, whether an integration manages them, and (added for
     * the privileged-role rule, see privilegedRoleRefusal) their permission bits as a decimal string.
     */
    roles: z
      .record(
        Snowflake,
        z.object({
          position: z.number().int().min(0),
          managed: z.boolean(),
          permissions: z
            .string()
            .regex(/^\d{1,20}$/)
            .optional(),
        }),
      )
      .optional(),
    guildOwnerId: Snowflake.optional(),
    /**
     * For each ban-list option (option.bannedUser), keyed by the option's name: the banned user its text names (by
     * id, mention or name), or null when it names nobody in the guild's ban list. Optional (added for /unban): absent
     * when the bot could not read the ban list, and core then refuses rather than guess.
     */
    banned: z.record(z.string().max(32), UserRef.nullable()).optional(),
    /** The bot's own user id and the position of its highest role in this guild. */
    botUserId: Snowflake.optional(),
    botHighestRolePosition: z.number().int().min(0).optional(),
  }),
);
export type CommandInvoked = z.infer<typeof CommandInvoked>;

/** A member joined a guild. */
export const MemberJoined = defineEvent(
  'gateway.member.joined',
  1,
  'A member joined a guild.',
  z.object({
    guildId: Snowflake,
    user: UserRef,
    joinedAt: z.iso.datetime({ offset: true }),
  }),
);
export type MemberJoined = z.infer<typeof MemberJoined>;
