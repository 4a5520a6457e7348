import { z } from 'zod';
import { defineEvent, Snowflake } from '../envelope.ts';
import { DisplayNameMax, ReplyTarget } from './common.ts';
import { ActionFailure } from './failures.ts';
import { PermissionName, refusal, refusal as coded } from './refusals.ts';

const Instant = z.iso.datetime({ offset: true });
const Count = z.number().int().nonnegative();
const CaseNumber = z.number().int().positive();

/** What a moderation case did. */
export const ModAction = z.enum(['warn', 'timeout', 'kick', 'ban', 'unban', 'purge']);
export type ModAction = z.infer<typeof ModAction>;

/** The actions a moderator aims at a member (the ones the hierarchy checks guard). */
export const ModMemberAction = z.enum(['warn', 'timeout', 'kick', 'ban']);
export type ModMemberAction = z.infer<typeof ModMemberAction>;

/** A person as a case names them: id plus the display name they had at the time. */
export const ModPerson = z.object({ id: Snowflake, displayName: z.string().max(DisplayNameMax) });

/** Why anti-spam acted: too many messages in a window, or too many mentions in one message. */
export const antiSpamReasons = [
  /** More than `messages` messages within `seconds` seconds. */
  coded('moderation.antispam.messages', { messages: Count, seconds: Count }),
  /** `mentions` mentions in one message, more than the `limit`. */
  coded('moderation.antispam.mentions', { mentions: Count, limit: Count }),
] as const;
export const AntiSpamReason = z.discriminatedUnion('code', antiSpamReasons);
export type AntiSpamReason = z.infer<typeof AntiSpamReason>;

/**
 * Why Guildhall opened a case on its own, as a code with its numbers (the bot words it in the reader's language);
 * a moderator's case keeps their own words in `reason` instead.
 */
export const CaseReasonCode = z.discriminatedUnion('code', [
  ...antiSpamReasons,
  /** `warns` warnings within `days` days reached the guild's threshold; `lastCase` is the warning that did. */
  coded('moderation.escalation', { warns: Count, days: Count, lastCase: CaseNumber }),
  /** The temporary ban of case `banCase` ran out. */
  coded('moderation.tempban.expired', { banCase: CaseNumber }),
]);
export type CaseReasonCode = z.infer<typeof CaseReasonCode>;

/** One moderation case, with everything the bot needs to render it. */
export const ModCase = z.object({
  /** Per guild, 1, 2, 3 … with no gap or repeat. */
  number: CaseNumber,
  action: ModAction,
  /** Null for a purge (it targets a channel). */
  target: ModPerson.nullable(),
  /** The purged channel. */
  channelId: Snowflake.nullable(),
  moderator: ModPerson,
  /** True when Guildhall acted on its own (warn escalation, anti-spam, temp-ban expiry). */
  automatic: z.boolean(),
  /** The moderator's own words ('' when none were given, and for automatic cases, which carry `reasonCode`). */
  reason: z.string().max(512),
  /**
   * Why Guildhall opened an automatic case, as a code (optional: added after v1; cases recorded before it carry
   * core's English in `reason`).
   */
  reasonCode: CaseReasonCode.optional(),
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
  /** Discord's own (English) error text when the action failed, for logs; the bot words `failure`. */
  error: z.string().max(1000).nullable(),
  /** Why the action failed, as a code (optional: added after v1; older cases have only `error`). */
  failure: ActionFailure.optional(),
  /**
   * Numbers the bot reported, e.g. for a purge: deleted, skippedTooOld (older than 14 days) and skippedPinned
   * (pinned messages are never purged).
   */
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

/** How many cases one page of /cases shows. */
export const CasesPageSize = 10;

/** A member's cases were listed (v1, retired: core emits v2, which also lists a whole guild's cases by page). */
export const ModCasesListedV1 = defineEvent(
  'moderation.cases.listed',
  1,
  "RETIRED (core emits v2): a member's most recent cases, newest first; total counts all of them.",
  z.object({
    guildId: Snowflake,
    replyTo: ReplyTarget,
    target: ModPerson,
    total: Count,
    cases: z.array(ModCase).max(CasesPageSize),
  }),
);
export type ModCasesListedV1 = z.infer<typeof ModCasesListedV1>;

/** One page of cases, newest first: a member's, or the whole guild's. */
export const ModCasesListed = defineEvent(
  'moderation.cases.listed',
  2,
  "One page of moderation cases, newest first: a member's (target) or the guild's (target null). total counts every case of the list; nextBefore is the case number to ask for the next (older) page with, null on the last page.",
  z.object({
    guildId: Snowflake,
    replyTo: ReplyTarget,
    target: ModPerson.nullable(),
    total: Count,
    cases: z.array(ModCase).max(CasesPageSize),
    nextBefore: CaseNumber.nullable(),
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
    /** The automatic reason the moderator's words replaced (optional: added after v1). */
    previousReasonCode: CaseReasonCode.optional(),
    editor: ModPerson,
  }),
);
export type ModReasonUpdated = z.infer<typeof ModReasonUpdated>;

/** A guild's moderation settings. */
export const ModSettingsView = z.object({
  logChannelId: Snowflake.nullable(),
  warnThreshold: Count,
  warnWindowDays: z.number().int().positive(),
  warnAction: z.enum(['timeout', 'kick', 'ban']),
  /** Timeout or temp-ban length of the escalation; 0 = permanent ban. */
  warnActionSeconds: Count,
  spamMessages: Count,
  spamSeconds: z.number().int().positive(),
  spamMentions: Count,
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

/** Why a moderation command was refused (command.request.rejected's `reason`). */
export const moderationRefusals = [
  /** A moderator named themself. */
  refusal('moderation.target.self', { action: ModMemberAction }),
  /** A moderator named Guildhall. */
  refusal('moderation.target.bot', { action: ModMemberAction }),
  /** A moderator named the server owner, whom nobody can act on. */
  refusal('moderation.target.owner', { action: ModMemberAction }),
  /** Kick, timeout and warn need the target to be a member of the guild. */
  refusal('moderation.target.not_member', { action: ModMemberAction, userId: Snowflake }),
  /** The target's highest role is not below the moderator's (and the moderator does not own the server). */
  refusal('moderation.target.above_you', { action: ModMemberAction, userId: Snowflake }),
  /** The target's highest role is not below Guildhall's, so Discord would refuse. */
  refusal('moderation.target.above_bot', { action: ModMemberAction, userId: Snowflake }),
  /** The bot could not send role positions, so the hierarchy cannot be checked. */
  refusal('moderation.ranks.unverifiable'),
  /** A warning needs a reason (one of only spaces is none). */
  refusal('moderation.reason.required'),
  /** Only members with one of these permissions may read and annotate cases. */
  refusal('moderation.moderator_only', { anyOf: z.array(PermissionName).min(1).max(8) }),
  /** No case with this number in the guild. */
  refusal('moderation.case.not_found', { number: CaseNumber }),
  /** `/unban` named nobody in the guild's ban list; input is what was typed, cut to 100 characters. */
  refusal('moderation.unban.not_banned', { input: z.string().max(100) }),
  /** The bot could not read the guild's ban list, so `/unban` cannot tell whom it names. */
  refusal('moderation.bans.unverifiable'),
] as const;

/** Why moderation acted on Discord, for the audit log (worded by the bot in the guild's language). */
export const moderationAuditReasons = [
  /** A moderator's case: its number, the moderator's name and their reason ('' when none). */
  coded('moderation.case', { number: CaseNumber, moderator: z.string().max(100), reason: z.string().max(512) }),
  /** A case Guildhall opened on its own, with why. */
  coded('moderation.case.automatic', { number: CaseNumber, reason: CaseReasonCode }),
  /** Anti-spam deleted the message that crossed a limit. */
  coded('moderation.antispam.deleted', { reason: AntiSpamReason }),
] as const;
