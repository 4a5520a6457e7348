import { z } from 'zod';
import { defineEvent, Snowflake } from '../envelope.ts';
import { DisplayNameMax, ReplyTarget } from './common.ts';

const Instant = z.iso.datetime({ offset: true });

/** What a moderation case did. */
export const ModAction = z.enum(['warn', 'timeout', 'kick', 'ban', 'unban', 'purge']);
export type ModAction = z.infer<typeof ModAction>;

/** A person as a case names them: id plus the display name they had at the time. */
export const ModPerson = z.object({ id: Snowflake, displayName: z.string().max(DisplayNameMax) });

/** One moderation case, with everything the bot needs to render it. */
export const ModCase = z.object({
  /** Per guild, 1, 2, 3 … with no gap or repeat. */
  number: z.number().int().positive(),
  action: ModAction,
  /** Null for a purge (it targets a channel). */
  target: ModPerson.nullable(),
  /** The purged channel. */
  channelId: Snowflake.nullable(),
  moderator: ModPerson,
  /** True when Guildhall acted on its own (warn escalation, anti-spam, temp-ban expiry). */
  automatic: z.boolean(),
  reason: z.string().max(512),
  /** Timeout length or temp-ban length; null when permanent or not timed. */
  durationSeconds: z.number().int().positive().nullable(),
  expiresAt: Instant.nullable(),
  /** When a timed case ran out (or was replaced). */
  endedAt: Instant.nullable(),
  deleteMessageDays: z.number().int().min(0).max(7).nullable(),
  /** How many messages a purge asked for. */
  purgeCount: z.number().int().positive().nullable(),
  /** pending until the bot reports the Discord side (warns need none and succeed at once). */
  status: z.enum(['pending', 'succeeded', 'failed']),
  /** Discord's error when the action failed. */
  error: z.string().max(1000).nullable(),
  /** Numbers the bot reported, e.g. for a purge: deleted, skippedTooOld (older than 14 days). */
  detail: z.record(z.string().max(32), z.number()),
  createdAt: Instant,
});
export type ModCase = z.infer<typeof ModCase>;

/** A case was carried out (or failed): the bot answers the moderator and posts it to the mod log. */
export const ModCaseRecorded = defineEvent(
  'moderation.case.recorded',
  1,
  'A moderation case is settled (succeeded or failed on Discord); the bot answers replyTo (if any) and posts the case to logChannelId (if set).',
  z.object({
    guildId: Snowflake,
    replyTo: ReplyTarget.nullable(),
    logChannelId: Snowflake.nullable(),
    case: ModCase,
  }),
);
export type ModCaseRecorded = z.infer<typeof ModCaseRecorded>;

/** One case was looked up. */
export const ModCaseShown = defineEvent(
  'moderation.case.shown',
  1,
  'One moderation case was looked up by its number.',
  z.object({ guildId: Snowflake, replyTo: ReplyTarget, case: ModCase }),
);
export type ModCaseShown = z.infer<typeof ModCaseShown>;

/** A member's cases were listed. */
export const ModCasesListed = defineEvent(
  'moderation.cases.listed',
  1,
  "A member's most recent cases, newest first; total counts all of them.",
  z.object({
    guildId: Snowflake,
    replyTo: ReplyTarget,
    target: ModPerson,
    total: z.number().int().nonnegative(),
    cases: z.array(ModCase).max(10),
  }),
);
export type ModCasesListed = z.infer<typeof ModCasesListed>;

/** A case's reason was changed. */
export const ModReasonUpdated = defineEvent(
  'moderation.reason.updated',
  1,
  "A case's reason was changed; the bot confirms and posts the change to the mod log.",
  z.object({
    guildId: Snowflake,
    replyTo: ReplyTarget,
    logChannelId: Snowflake.nullable(),
    case: ModCase,
    previousReason: z.string().max(512),
    editor: ModPerson,
  }),
);
export type ModReasonUpdated = z.infer<typeof ModReasonUpdated>;

/** A guild's moderation settings. */
export const ModSettingsView = z.object({
  logChannelId: Snowflake.nullable(),
  warnThreshold: z.number().int().nonnegative(),
  warnWindowDays: z.number().int().positive(),
  warnAction: z.enum(['timeout', 'kick', 'ban']),
  /** Timeout or temp-ban length of the escalation; 0 = permanent ban. */
  warnActionSeconds: z.number().int().nonnegative(),
  spamMessages: z.number().int().nonnegative(),
  spamSeconds: z.number().int().positive(),
  spamMentions: z.number().int().nonnegative(),
  spamAction: z.enum(['warn', 'timeout']),
  spamTimeoutSeconds: z.number().int().positive(),
});
export type ModSettingsView = z.infer<typeof ModSettingsView>;

/** A guild changed (or looked at) its moderation settings. */
export const ModSettingsUpdated = defineEvent(
  'moderation.settings.updated',
  1,
  'A guild changed or looked at its moderation settings; changed names the section changed (null when only shown).',
  z.object({
    guildId: Snowflake,
    replyTo: ReplyTarget,
    settings: ModSettingsView,
    changed: z.enum(['logchannel', 'escalation', 'antispam']).nullable(),
  }),
);
export type ModSettingsUpdated = z.infer<typeof ModSettingsUpdated>;
