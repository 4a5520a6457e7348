import {
  allocateCaseNumber,
  cancelJobsByKey,
  countRecentWarns,
  endCase,
  getCase,
  getModSettings,
  insertCase,
  latestCaseId,
  type CaseRecord,
} from '@guildhall/db';
import {
  ActionFailure,
  CaseReasonCode,
  ReplyTarget,
  type AuditReason,
  type DiscordAction,
  type ModAction,
  type ModCase,
} from '@guildhall/events';
import type { HandlerContext } from '../../context.ts';
import { scheduleFor } from '../../shared/scheduling/schedule.ts';
import { interactionOf } from '../../shared/commands/target.ts';

/** Discord's longest timeout: 28 days. */
export const MaxTimeoutSeconds = 28 * 86_400;

/** The longest temp-ban: a year (longer is a permanent ban). */
export const MaxBanSeconds = 365 * 86_400;

/** The name cases show as moderator of the actions Guildhall takes on its own. */
export const BotName = 'Guildhall';

/** Job kinds moderation schedules. */
export const ModJobs = { unban: 'mod.unban', timeoutEnd: 'mod.timeout.end' } as const;

/** A moderation action about to become a case. */
export interface CaseInput {
  guildId: string;
  action: ModAction;
  target: { id: string; displayName: string } | null;
  channelId: string | null;
  moderator: { id: string; displayName: string };
  /** The moderator's own words ('' for none); an automatic case gives `reasonCode` instead. */
  reason: string;
  /** Why Guildhall acts on its own; a case with one is automatic. */
  reasonCode: CaseReasonCode | null;
  durationSeconds: number | null;
  deleteMessageDays: number | null;
  purgeCount: number | null;
  /** Where to answer once the case is settled; null for automatic cases nobody asked for. */
  replyTo: ReplyTarget | null;
}

const banKey = (userId: string) => `mod.ban:${userId}`;
const timeoutKey = (userId: string) => `mod.timeout:${userId}`;

/** The actionId prefix under which the bot reports a case's Discord side. */
export const CaseActionPrefix = 'mod';
const caseActionId = (caseId: string) => `${CaseActionPrefix}:${caseId}`;

/**
 * Opens a case and sets it in motion, all in the event's transaction: the case number, the case row, the Discord
 * action for the bot, and the expiry job of a temp-ban or timeout (replacing any older one for the same member).
 * A warn has no Discord side, so it is recorded at once and may escalate.
 */
export async function carryOut(ctx: HandlerContext, input: CaseInput, botUserId: string): Promise<CaseRecord> {
  const targetId = input.target?.id ?? null;
  const previousBan =
    input.action === 'unban' && targetId !== null
      ? await latestCaseId(ctx.db, input.guildId, targetId, ['ban', 'unban'])
      : undefined;
  const caseNumber = await allocateCaseNumber(ctx.db, input.guildId);
  const row = await insertCase(ctx.db, {
    guildId: input.guildId,
    caseNumber,
    action: input.action,
    targetId,
    targetName: input.target?.displayName ?? null,
    channelId: input.channelId,
    moderatorId: input.moderator.id,
    moderatorName: input.moderator.displayName,
    automatic: input.reasonCode !== null,
    reason: input.reason,
    reasonCode: input.reasonCode,
    durationSeconds: input.durationSeconds,
    deleteMessageDays: input.deleteMessageDays,
    purgeCount: input.purgeCount,
    status: input.action === 'warn' ? 'succeeded' : 'pending',
    replyTo: input.replyTo === null ? null : JSON.stringify(input.replyTo),
  });

  if (input.action === 'warn') {
    await announceCase(ctx, row);
    if (targetId !== null) await escalate(ctx, row, targetId, botUserId);
    return row;
  }

  const reasons = { reason: '', audit: auditReason(row) };
  let action: DiscordAction;
  switch (input.action) {
    case 'timeout':
      action = { kind: 'member.timeout', userId: need(targetId), until: need(row.expiresAt).toISOString(), ...reasons };
      await scheduleFor(ctx, {
        guildId: input.guildId,
        kind: ModJobs.timeoutEnd,
        key: timeoutKey(need(targetId)),
        payload: { caseId: row.id },
        due: { at: need(row.expiresAt) },
      });
      break;
    case 'kick':
      action = { kind: 'member.kick', userId: need(targetId), ...reasons };
      break;
    case 'ban':
      action = {
        kind: 'member.ban',
        userId: need(targetId),
        deleteMessageSeconds: (input.deleteMessageDays ?? 0) * 86_400,
        ...reasons,
      };
      if (row.expiresAt !== null) {
        await scheduleFor(ctx, {
          guildId: input.guildId,
          kind: ModJobs.unban,
          key: banKey(need(targetId)),
          payload: { caseId: row.id, botUserId },
          due: { at: row.expiresAt },
        });
      } else {
        // A permanent ban outlives any earlier temp-ban: its pending expiry must never fire.
        await cancelJobsByKey(ctx.db, input.guildId, banKey(need(targetId)));
      }
      break;
    case 'unban':
      action = { kind: 'member.unban', userId: need(targetId), ...reasons };
      await cancelJobsByKey(ctx.db, input.guildId, banKey(need(targetId)));
      if (previousBan !== undefined) await endCase(ctx.db, previousBan);
      break;
    case 'purge': {
      // The messages before the command: neither its own answer nor anything said after it.
      const replyTo = need(input.replyTo);
      action = {
        kind: 'messages.purge',
        channelId: need(input.channelId),
        count: need(input.purgeCount),
        before: replyTo.kind === 'message' ? replyTo.messageId : interactionOf(replyTo).interactionId,
      };
      break;
    }
  }
  ctx.emit('discord.action.requested', {
    guildId: input.guildId,
    actionId: caseActionId(row.id),
    action,
    replyTo: null,
  });
  return row;
}

/** Tells the moderator (if anyone asked) and the mod log about a settled case. */
export async function announceCase(ctx: HandlerContext, row: CaseRecord): Promise<void> {
  const settings = await getModSettings(ctx.db, row.guildId);
  ctx.emit('moderation.case.recorded', {
    guildId: row.guildId,
    replyTo: row.replyTo === null ? null : ReplyTarget.parse(JSON.parse(row.replyTo)),
    logChannelId: settings.logChannelId,
    case: caseView(row),
  });
}

/** After a warn: when the member has reached the guild's threshold within its window, the configured action. */
async function escalate(ctx: HandlerContext, warn: CaseRecord, targetId: string, botUserId: string): Promise<void> {
  const settings = await getModSettings(ctx.db, warn.guildId);
  if (settings.warnThreshold === 0) return;
  const warns = await countRecentWarns(ctx.db, warn.guildId, targetId, settings.warnWindowDays);
  if (warns < settings.warnThreshold) return;
  const seconds = settings.warnActionSeconds;
  await carryOut(
    ctx,
    {
      guildId: warn.guildId,
      action: settings.warnAction,
      target: { id: targetId, displayName: warn.targetName ?? targetId },
      channelId: null,
      moderator: { id: botUserId, displayName: BotName },
      reason: '',
      reasonCode: {
        code: 'moderation.escalation',
        warns,
        days: settings.warnWindowDays,
        lastCase: warn.caseNumber,
      },
      durationSeconds:
        settings.warnAction === 'kick'
          ? null
          : settings.warnAction === 'timeout'
            ? Math.min(Math.max(seconds, 60), MaxTimeoutSeconds)
            : seconds > 0
              ? seconds
              : null,
      deleteMessageDays: settings.warnAction === 'ban' ? 0 : null,
      purgeCount: null,
      replyTo: null,
    },
    botUserId,
  );
}

/** What Discord's audit log says about a case's action: its number, who, and why (worded by the bot). */
function auditReason(row: CaseRecord): AuditReason {
  const code = reasonCodeOf(row);
  return code
    ? { code: 'moderation.case.automatic', number: row.caseNumber, reason: code }
    : { code: 'moderation.case', number: row.caseNumber, moderator: row.moderatorName, reason: row.reason };
}

/** An automatic case's reason code, if it has one this version knows. */
export function reasonCodeOf(row: CaseRecord): CaseReasonCode | undefined {
  const parsed = CaseReasonCode.safeParse(row.reasonCode);
  return parsed.success ? parsed.data : undefined;
}

/** A case as events carry it. */
export function caseView(row: CaseRecord): ModCase {
  const reasonCode = reasonCodeOf(row);
  const failure = ActionFailure.safeParse(row.failure);
  return {
    number: row.caseNumber,
    action: row.action,
    target: row.targetId === null ? null : { id: row.targetId, displayName: row.targetName ?? row.targetId },
    channelId: row.channelId,
    moderator: { id: row.moderatorId, displayName: row.moderatorName },
    automatic: row.automatic,
    reason: row.reason,
    ...(reasonCode && { reasonCode }),
    durationSeconds: row.durationSeconds,
    expiresAt: iso(row.expiresAt),
    endedAt: iso(row.endedAt),
    deleteMessageDays: row.deleteMessageDays,
    purgeCount: row.purgeCount,
    status: row.status,
    error: row.error,
    ...(failure.success && { failure: failure.data }),
    detail: row.detail,
    createdAt: row.createdAt.toISOString(),
  };
}

/** Re-reads a case (after an update in this transaction). */
export async function reloadCase(ctx: HandlerContext, id: string): Promise<CaseRecord> {
  const row = await getCase(ctx.db, id);
  if (!row) throw new Error(`case ${id} vanished`);
  return row;
}

function iso(value: Date | null): string | null {
  return value === null ? null : value.toISOString();
}

/** A value the action's shape guarantees; a missing one is a bug in the caller. */
function need<T>(value: T | null | undefined): T {
  if (value === null || value === undefined) throw new Error('moderation action is missing a required field');
  return value;
}
