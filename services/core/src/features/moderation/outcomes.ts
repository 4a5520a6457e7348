import { endCase, getCase, latestCaseId, settleCase } from '@guildhall/db';
import { failureOf, type ActionCompleted, type JobDue } from '@guildhall/events';
import { z } from 'zod';
import type { HandlerContext } from '../../context.ts';
import { announceCase, BotName, CaseActionPrefix, carryOut, reloadCase } from './cases.ts';

/**
 * The bot reported a case's Discord side (`mod:<caseId>`): the case becomes succeeded or failed (with why, as a
 * code), once, and the moderator and the mod log hear about it.
 */
export async function handleModerationOutcome(ctx: HandlerContext<ActionCompleted>): Promise<void> {
  const p = ctx.event.payload;
  const caseId = p.actionId.slice(CaseActionPrefix.length + 1);
  const row = /^\d+$/.test(caseId) ? await getCase(ctx.db, caseId, true) : undefined;
  if (!row || row.guildId !== p.guildId) {
    ctx.log.warn({ actionId: p.actionId }, 'outcome for an unknown case; ignored');
    return;
  }
  const settled = await settleCase(ctx.db, row.id, {
    ok: p.ok,
    error: p.error?.message.slice(0, 1000) ?? null,
    failure: p.ok ? null : failureOf(p),
    detail: p.detail,
  });
  if (!settled) {
    ctx.log.info({ actionId: p.actionId }, 'case was already settled; ignoring a repeated outcome');
    return;
  }
  await announceCase(ctx, await reloadCase(ctx, row.id));
}

const UnbanJob = z.object({ caseId: z.string().regex(/^\d+$/), botUserId: z.string() });
const TimeoutEndJob = z.object({ caseId: z.string().regex(/^\d+$/) });

/**
 * A temp-ban ran out (`mod.unban`). It lifts the ban only while that ban is still the member's latest ban or
 * unban: a newer ban (temporary or permanent) or an unban since makes this old timer do nothing.
 */
export async function handleUnbanJob(ctx: HandlerContext<JobDue>): Promise<void> {
  const p = ctx.event.payload;
  const job = UnbanJob.parse(p.payload);
  const ban = await getCase(ctx.db, job.caseId, true);
  if (!ban || ban.guildId !== p.guildId || ban.action !== 'ban' || ban.targetId === null) return;
  if (ban.status === 'failed') return;
  if ((await latestCaseId(ctx.db, p.guildId, ban.targetId, ['ban', 'unban'])) !== ban.id) {
    ctx.log.info({ caseId: ban.id }, 'a newer ban or unban replaced this temp-ban; not lifting it');
    return;
  }
  await carryOut(
    ctx,
    {
      guildId: p.guildId,
      action: 'unban',
      target: { id: ban.targetId, displayName: ban.targetName ?? ban.targetId },
      channelId: null,
      moderator: { id: job.botUserId, displayName: BotName },
      reason: '',
      reasonCode: { code: 'moderation.tempban.expired', banCase: ban.caseNumber },
      durationSeconds: null,
      deleteMessageDays: null,
      purgeCount: null,
      replyTo: null,
    },
    job.botUserId,
  );
}

/** A timeout ran out (`mod.timeout.end`): Discord lifts it by itself; the case records when it ended. */
export async function handleTimeoutEndJob(ctx: HandlerContext<JobDue>): Promise<void> {
  const p = ctx.event.payload;
  const job = TimeoutEndJob.parse(p.payload);
  const row = await getCase(ctx.db, job.caseId, true);
  if (!row || row.guildId !== p.guildId || row.targetId === null || row.status === 'failed') return;
  if ((await latestCaseId(ctx.db, p.guildId, row.targetId, ['timeout'])) !== row.id) return;
  await endCase(ctx.db, row.id);
}
