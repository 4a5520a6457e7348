import { z } from 'zod';
import { defineEvent, Snowflake } from '../envelope.ts';
import { DisplayNameMax, ReplyTarget } from './common.ts';

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
  z.object({ guildId: Snowflake, userId: Snowflake, reminder: Reminder }),
);
export type ReminderDelivered = z.infer<typeof ReminderDelivered>;

/** A temporary role grant was carried out (or failed) on Discord. */
export const TempRoleGranted = defineEvent(
  'temprole.grant.recorded',
  1,
  'A temporary role grant is settled: the role was added until expiresAt (ok) or Discord refused it (error).',
  z.object({
    guildId: Snowflake,
    replyTo: ReplyTarget.nullable(),
    user: z.object({ id: Snowflake, displayName: z.string().max(DisplayNameMax) }),
    roleId: Snowflake,
    durationSeconds: z.number().int().positive(),
    expiresAt: Instant,
    ok: z.boolean(),
    error: z.string().max(1000).nullable(),
  }),
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
