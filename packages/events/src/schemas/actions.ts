import { z } from 'zod';
import { defineEvent, Snowflake } from '../envelope.ts';
import { ReplyTarget } from './common.ts';
import { ActionFailure } from './failures.ts';
import { levelsAuditReasons } from './levels.ts';
import { temproleAuditReasons } from './reminders.ts';
import { economyAuditReasons } from './economy.ts';
import { moderationAuditReasons } from './moderation.ts';
import { welcomeAuditReasons } from './welcome.ts';

/**
 * Why Guildhall acts on Discord, as the audit log shows it: a code with parameters (each domain lists its own beside
 * its schemas, composed here), worded by the bot in the guild's language. An action carries it as `audit`; `reason`
 * stays for bots that predate it (core leaves it empty once a domain is converted).
 */
export const AuditReason = z.discriminatedUnion('code', [
  ...levelsAuditReasons,
  ...welcomeAuditReasons,
  ...temproleAuditReasons,
  ...economyAuditReasons,
  ...moderationAuditReasons,
]);
export type AuditReason = z.infer<typeof AuditReason>;

/** The legacy reason and, added after v1 shipped, its typed form (see AuditReason). */
const reasons = { reason: z.string().max(512), audit: AuditReason.optional() };

/** A side effect on Discord that core asks the bot to carry out. */
export const DiscordAction = z.discriminatedUnion('kind', [
  z.object({
    kind: z.literal('role.add'),
    userId: Snowflake,
    roleId: Snowflake,
    ...reasons,
    /**
     * Re-check the privileged-role rule (privilegedRoleRefusal) against the bot's view of the role right before adding
     * it, and report a typed failure instead of adding a privileged role. Optional: an older bot ignores it.
     */
    refuseIfPrivileged: z.boolean().optional(),
  }),
  z.object({ kind: z.literal('role.remove'), userId: Snowflake, roleId: Snowflake, ...reasons }),
  z.object({
    kind: z.literal('member.ban'),
    userId: Snowflake,
    /** Seconds of the member's recent messages to delete, 0..604800 (7 days), as Discord takes it. */
    deleteMessageSeconds: z.number().int().min(0).max(604_800),
    ...reasons,
  }),
  z.object({ kind: z.literal('member.unban'), userId: Snowflake, ...reasons }),
  z.object({ kind: z.literal('member.kick'), userId: Snowflake, ...reasons }),
  z.object({
    kind: z.literal('member.timeout'),
    userId: Snowflake,
    /** When the timeout ends; null lifts it. At most 28 days ahead (Discord's limit). */
    until: z.iso.datetime({ offset: true }).nullable(),
    ...reasons,
  }),
  z.object({ kind: z.literal('member.nickname'), userId: Snowflake, nickname: z.string().max(32).nullable() }),
  z.object({
    kind: z.literal('messages.purge'),
    channelId: Snowflake,
    /**
     * How many messages to look at, the latest ones before `before`: those older than 14 days (which Discord cannot
     * bulk-delete) and pinned ones are left alone and counted in the outcome's detail.
     */
    count: z.number().int().min(1).max(1000),
    /**
     * The purge command's interaction id: only messages older than it are touched, so neither the command's own
     * answer nor anything posted after it is deleted. Optional (added after v1): without it the bot falls back to
     * `replyTo`'s interaction or message id.
     */
    before: Snowflake.optional(),
  }),
  /** Deletes one message (anti-spam's offending message); one already gone counts as done. */
  z.object({
    kind: z.literal('message.delete'),
    channelId: Snowflake,
    messageId: Snowflake,
    ...reasons,
  }),
]);
export type DiscordAction = z.infer<typeof DiscordAction>;

/** Core asks the bot to carry out a Discord side effect; the bot answers with gateway.action.completed. */
export const ActionRequested = defineEvent(
  'discord.action.requested',
  1,
  'Core asks the bot to carry out a side effect on Discord (ban, timeout, role, nickname, purge); the bot reports back with gateway.action.completed carrying the same actionId.',
  z.object({
    guildId: Snowflake,
    /** Unique per action; the bot reports the outcome under it and core matches it to what asked for it. */
    actionId: z.string().min(1).max(64),
    action: DiscordAction,
    /** Where to say something about the outcome, if anywhere; core usually decides that after the report. */
    replyTo: ReplyTarget.nullable(),
  }),
);
export type ActionRequested = z.infer<typeof ActionRequested>;

/** The bot reports the outcome of a requested action. */
export const ActionCompleted = defineEvent(
  'gateway.action.completed',
  1,
  'The bot reports how a requested Discord action went, so core can record success, failure or compensate (e.g. refund).',
  z.object({
    guildId: Snowflake,
    actionId: z.string().min(1).max(64),
    kind: z.string().max(32),
    ok: z.boolean(),
    /** Discord's error when not ok: HTTP status, Discord error code and message. */
    error: z.object({ status: z.number().int(), code: z.number().int(), message: z.string().max(1000) }).nullable(),
    /**
     * Why it failed, as a code (optional: added after v1 shipped; older bots send only `error`). `error.message` is
     * Discord's English text, for logs only.
     */
    failure: ActionFailure.optional(),
    /** Action-specific numbers, e.g. for a purge: deleted and skippedTooOld. */
    detail: z.record(z.string().max(32), z.number()).default({}),
  }),
);
export type ActionCompleted = z.infer<typeof ActionCompleted>;
