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
import { ReplyTarget, type DiscordAction, type ModAction, type ModCase } from '@guildhall/events';
import type { HandlerContext } from '../../context.ts';
import { scheduleFor } from '../../shared/scheduling/schedule.ts';

/** Discord's longest timeout: 28 days. */
export const MaxTimeoutSeconds = 28 * 86_400;

/** The name cases show for actions Guildhall takes on its own. */
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
  automatic: boolean;
  reason: string;
  durationSeconds: number | null;
  deleteMessageDays: number | null;
  purgeCount: number | null;
  /** Where to answer once the case is settled; null for automatic cases nobody asked for. */
  replyTo: ReplyTarget | null;
}

const banKey = (userId: string) => `mod.ban:${userId}`;
const timeoutKey = (userId: string) => `mod.timeout:${userId}`;

/** The actionId under which the bot reports a case's Discord side. */
export const caseActionId = (caseId: string) => `mod:${caseId}`;

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
  const number = await allocateCaseNumber(ctx.db, input.guildId);
  const row = await insertCase(ctx.db, {
    guildId: input.guildId,
    caseNumber: number,
    action: input.action,
    targetId,
    targetName: input.target?.displayName ?? null,
    channelId: input.channelId,
    moderatorId: input.moderator.id,
    moderatorName: input.moderator.displayName,
    automatic: input.automatic,
    reason: input.reason,
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

  const reason = auditReason(row);
  let action: DiscordAction;
  switch (input.action) {
    case 'timeout':
      action = { kind: 'member.timeout', userId: need(targetId), until: need(row.expiresAt).toISOString(), reason };
      await scheduleFor(ctx, {
        guildId: input.guildId,
        kind: ModJobs.timeoutEnd,
        key: timeoutKey(need(targetId)),
        payload: { caseId: row.id },
        due: { at: need(row.expiresAt) },
      });
      break;
    case 'kick':
      action = { kind: 'member.kick', userId: need(targetId), reason };
      break;
    case 'ban':
      action = {
        kind: 'member.ban',
        userId: need(targetId),
        deleteMessageSeconds: (input.deleteMessageDays ?? 0) * 86_400,
        reason,
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
      action = { kind: 'member.unban', userId: need(targetId), reason };
      await cancelJobsByKey(ctx.db, input.guildId, banKey(need(targetId)));
      if (previousBan !== undefined) await endCase(ctx.db, previousBan);
      break;
    case 'purge':
      action = { kind: 'messages.purge', channelId: need(input.channelId), count: need(input.purgeCount) };
      break;
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
      automatic: true,
      reason: `${warns} warnings within ${settings.warnWindowDays} days (last: case #${warn.caseNumber})`,
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

/** The reason Discord's audit log shows: the case number, who, and why. */
export function auditReason(row: CaseRecord): string {
  const text = `Case #${row.caseNumber} by ${row.moderatorName}${row.reason ? `: ${row.reason}` : ''}`;
  return text.length > 512 ? `${text.slice(0, 511)}…` : text;
}

/** A case as events carry it. */
export function caseView(row: CaseRecord): ModCase {
  return {
    number: row.caseNumber,
    action: row.action,
    target: row.targetId === null ? null : { id: row.targetId, displayName: row.targetName ?? row.targetId },
    channelId: row.channelId,
    moderator: { id: row.moderatorId, displayName: row.moderatorName },
    automatic: row.automatic,
    reason: row.reason,
    durationSeconds: row.durationSeconds,
    expiresAt: iso(row.expiresAt),
    endedAt: iso(row.endedAt),
    deleteMessageDays: row.deleteMessageDays,
    purgeCount: row.purgeCount,
    status: row.status,
    error: row.error,
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
  return value === null ? null : new Date(value).toISOString();
}

/** A value the action's shape guarantees; a missing one is a bug in the caller. */
function need<T>(value: T | null | undefined): T {
  if (value === null || value === undefined) throw new Error('moderation action is missing a required field');
  return value;
}
