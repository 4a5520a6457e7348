import { z } from 'zod';
import { defineEvent, Snowflake } from '../envelope.ts';
import { DisplayNameMax, ReplyTarget } from './common.ts';
import { ActionFailure } from './failures.ts';
import { refusal, refusal as coded } from './refusals.ts';

const Instant = z.iso.datetime({ offset: true });

// Timed features driven by the scheduler: reminders, temporary roles and birthdays.

/** A reminder as members see it. */
export const Reminder = z.object({
  id: z.string().max(20),
  channelId: Snowflake,
  text: z.string().min(1).max(1000),
  dueAt: Instant,
  createdAt: Instant,
});
export type Reminder = z.infer<typeof Reminder>;

/** A member set a reminder. */
export const ReminderCreated = defineEvent(
  'reminder.entry.created',
  1,
  'A member set a reminder for themselves.',
  z.object({ guildId: Snowflake, replyTo: ReplyTarget, reminder: Reminder }),
);
export type ReminderCreated = z.infer<typeof ReminderCreated>;

/** A member listed their pending reminders. */
export const RemindersListed = defineEvent(
  'reminder.entries.listed',
  1,
  "A member's pending reminders, soonest first.",
  z.object({ guildId: Snowflake, replyTo: ReplyTarget, reminders: z.array(Reminder).max(25) }),
);
export type RemindersListed = z.infer<typeof RemindersListed>;

/** A member cancelled a reminder. */
export const ReminderCancelled = defineEvent(
  'reminder.entry.cancelled',
  1,
  'A member cancelled one of their reminders.',
  z.object({ guildId: Snowflake, replyTo: ReplyTarget, reminder: Reminder }),
);
export type ReminderCancelled = z.infer<typeof ReminderCancelled>;

/** A reminder fell due. */
export const ReminderDelivered = defineEvent(
  'reminder.entry.delivered',
  1,
  'A reminder fell due: the bot posts it in its channel mentioning userId, and pings nobody else.',
  z.object({
    guildId: Snowflake,
    userId: Snowflake,
    reminder: Reminder,
    /**
     * The Discord language of the member who set it, which the post speaks (else the guild's). Optional: added after
     * v1 shipped; reminders set before carry none.
     */
    locale: z.string().max(16).optional(),
  }),
);
export type ReminderDelivered = z.infer<typeof ReminderDelivered>;

const TempRoleGrantFields = {
  guildId: Snowflake,
  replyTo: ReplyTarget.nullable(),
  user: z.object({ id: Snowflake, displayName: z.string().max(DisplayNameMax) }),
  roleId: Snowflake,
  durationSeconds: z.number().int().positive(),
  expiresAt: Instant,
};

/**
 * A temporary role grant was carried out (or failed) on Discord (v1, retired): core emits v2, whose failure is a
 * code; results already queued during a rolling upgrade are still rendered.
 */
export const TempRoleGrantedV1 = defineEvent(
  'temprole.grant.recorded',
  1,
  'RETIRED (core emits v2): a temporary role grant is settled: the role was added until expiresAt (ok) or Discord refused it (error).',
  z.object({ ...TempRoleGrantFields, ok: z.boolean(), error: z.string().max(1000).nullable() }),
);
export type TempRoleGrantedV1 = z.infer<typeof TempRoleGrantedV1>;

/** A temporary role grant was carried out (or failed) on Discord. */
export const TempRoleGranted = defineEvent(
  'temprole.grant.recorded',
  2,
  'A temporary role grant is settled: the role was added until expiresAt (failure null), or not, and failure says why (Discord refused, or the bot found the role privileged when it re-checked it).',
  z.object({ ...TempRoleGrantFields, failure: ActionFailure.nullable() }),
);
export type TempRoleGranted = z.infer<typeof TempRoleGranted>;

/** A member's birthday was saved. */
export const BirthdaySaved = defineEvent(
  'birthday.entry.saved',
  1,
  "A member saved their birthday; nextAt is when it will next be announced (the day's start in the guild's time zone).",
  z.object({
    guildId: Snowflake,
    replyTo: ReplyTarget,
    userId: Snowflake,
    month: z.number().int().min(1).max(12),
    day: z.number().int().min(1).max(31),
    timezone: z.string().max(64),
    nextAt: Instant,
  }),
);
export type BirthdaySaved = z.infer<typeof BirthdaySaved>;

/** A member removed their birthday. */
export const BirthdayRemoved = defineEvent(
  'birthday.entry.removed',
  1,
  'A member removed their birthday; existed is false when there was none.',
  z.object({ guildId: Snowflake, replyTo: ReplyTarget, userId: Snowflake, existed: z.boolean() }),
);
export type BirthdayRemoved = z.infer<typeof BirthdayRemoved>;

/** A guild changed its birthday settings. */
export const BirthdaySettingsUpdated = defineEvent(
  'birthday.settings.updated',
  1,
  "A guild changed its birthday channel or time zone (every birthday's next announcement moves with the zone).",
  z.object({
    guildId: Snowflake,
    replyTo: ReplyTarget,
    channelId: Snowflake.nullable(),
    timezone: z.string().max(64),
  }),
);
export type BirthdaySettingsUpdated = z.infer<typeof BirthdaySettingsUpdated>;

/** Today is a member's birthday. */
export const BirthdayAnnounced = defineEvent(
  'birthday.member.announced',
  1,
  "Today is a member's birthday in the guild's time zone: the bot congratulates them in channelId (pinging only them).",
  z.object({
    guildId: Snowflake,
    channelId: Snowflake,
    user: z.object({ id: Snowflake, displayName: z.string().max(DisplayNameMax) }),
    month: z.number().int().min(1).max(12),
    day: z.number().int().min(1).max(31),
  }),
);
export type BirthdayAnnounced = z.infer<typeof BirthdayAnnounced>;

/** Why a reminder command was refused (command.request.rejected's `reason`). */
export const reminderRefusals = [
  /** The member has as many pending reminders as one may have. */
  refusal('reminder.limit.reached', { max: z.number().int().positive() }),
  /** `/remind cancel` named no pending reminder of the invoker's in this guild. */
  refusal('reminder.cancel.not_found', { id: z.string().max(20) }),
] as const;

/** Why a temporary role was refused (besides the shared `role.*`, `duration.*` and permission codes). */
export const temproleRefusals = [
  /** The member named is not (or no longer) a member of the guild. */
  refusal('temprole.member.not_member', { userId: Snowflake }),
] as const;

/** Why a birthday command was refused. */
export const birthdayRefusals = [
  /** The month and day make no date (February 30); February 29 is a date. */
  refusal('birthday.date.invalid', { month: z.number().int(), day: z.number().int() }),
  /** Not an IANA time zone Intl knows; zone is what was typed. */
  refusal('birthday.zone.invalid', { zone: z.string().max(64) }),
] as const;

/** Why temporary roles act on Discord, for the audit log (worded by the bot in the guild's language). */
export const temproleAuditReasons = [
  /** A moderator gave a member a role for `seconds`. */
  coded('temprole.granted', { seconds: z.number().int().positive(), grantedBy: z.string().max(100) }),
  /** A temporary role ran out after `seconds`. */
  coded('temprole.expired', { seconds: z.number().int().positive() }),
] as const;
