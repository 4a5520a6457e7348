import { createTempRole, getTempRole, latestTempRoleId, moveTempRole, type TempRoleRecord } from '@guildhall/db';
import { newEventId, ReplyTarget, type ActionCompleted, type CommandInvoked, type JobDue } from '@guildhall/events';
import { z } from 'zod';
import type { HandlerContext } from '../../context.ts';
import { assignableRoleRefusal, hasPermission } from '../../shared/permissions/permissions.ts';
import { parseBoundedDuration } from '../../shared/durations/duration.ts';
import { idOption, refuseLegacy, stringOption } from '../../shared/commands/legacy.ts';
import { scheduleFor } from '../../shared/scheduling/schedule.ts';

/** Job kind that takes a temporary role back. */
export const TempRoleJob = 'temprole.expire';

/** The longest a temporary role lasts. */
const maxSeconds = 365 * 86_400;

const grantActionId = (id: string) => `temprole:${id}:add`;
const removeActionId = (id: string) => `temprole:${id}:remove`;

/** Handles `/temprole <member> <role> <duration>` (Manage Roles). */
export async function handleTempRoleCommand(ctx: HandlerContext<CommandInvoked>): Promise<void> {
  const p = ctx.event.payload;
  const { options } = p.command;
  const reject = (code: 'invalid' | 'forbidden' | 'not_found', message: string) => refuseLegacy(ctx, code, message);
  if (!hasPermission(p.actor, 'ManageRoles'))
    return reject('forbidden', 'You need the **Manage Roles** permission to give temporary roles.');
  const userId = idOption(options, 'member');
  const roleId = idOption(options, 'role');
  const durationText = stringOption(options, 'duration');
  if (userId === undefined || roleId === undefined || durationText === undefined)
    return reject('invalid', 'Name the member, the role and how long, e.g. `/temprole @sam @Event 3d`.');
  const parsed = parseBoundedDuration(durationText, maxSeconds, 60);
  if (!parsed.ok) return reject('invalid', parsed.message);
  const user = p.users[userId] ?? { id: userId, displayName: userId, bot: false };
  if (p.members !== undefined && p.members[userId] === undefined)
    return reject('not_found', `${user.displayName} is not a member of this server.`);
  const wrong = assignableRoleRefusal(p, roleId);
  if (wrong) return ctx.refuse(p.replyTo, wrong);

  const jobId = newEventId();
  const grant = await createTempRole(ctx.db, {
    guildId: p.guildId,
    userId,
    userName: user.displayName,
    roleId,
    grantedBy: p.actor.id,
    durationSeconds: parsed.seconds,
    jobId,
    replyTo: JSON.stringify(p.replyTo),
  });
  // A newer grant of the same role to the same member replaces the older one's timer.
  await scheduleFor(ctx, {
    id: jobId,
    guildId: p.guildId,
    kind: TempRoleJob,
    key: `temprole:${userId}:${roleId}`,
    payload: { tempRoleId: grant.id },
    due: { at: grant.expiresAt },
  });
  ctx.emit('discord.action.requested', {
    guildId: p.guildId,
    actionId: grantActionId(grant.id),
    action: {
      kind: 'role.add',
      userId,
      roleId,
      reason: `Temporary role for ${durationText} by ${p.actor.displayName}`.slice(0, 512),
    },
    replyTo: null,
  });
}

/** The bot reported adding (`temprole:<id>:add`) or removing (`temprole:<id>:remove`) a temporary role. */
export async function handleTempRoleOutcome(ctx: HandlerContext<ActionCompleted>): Promise<void> {
  const p = ctx.event.payload;
  const [, id, step] = p.actionId.split(':');
  const row = id !== undefined && /^\d+$/.test(id) ? await getTempRole(ctx.db, id, true) : undefined;
  if (!row || row.guildId !== p.guildId) {
    ctx.log.warn({ actionId: p.actionId }, 'outcome for an unknown temporary role; ignored');
    return;
  }
  if (step === 'remove') {
    if (!p.ok) ctx.log.warn({ actionId: p.actionId, error: p.error }, 'temporary role could not be removed');
    return;
  }
  if (!(await moveTempRole(ctx.db, row.id, ['pending'], p.ok ? 'active' : 'failed'))) return;
  ctx.emit('temprole.grant.recorded', {
    guildId: row.guildId,
    replyTo: row.replyTo === null ? null : ReplyTarget.parse(JSON.parse(row.replyTo)),
    user: { id: row.userId, displayName: row.userName },
    roleId: row.roleId,
    durationSeconds: row.durationSeconds,
    expiresAt: row.expiresAt.toISOString(),
    ok: p.ok,
    error: p.error === null ? null : p.error.message,
  });
}

const ExpireJob = z.object({ tempRoleId: z.string().regex(/^\d+$/) });

/** A temporary role ran out: take it back, unless the grant failed or a newer grant of that role replaced it. */
export async function handleTempRoleJob(ctx: HandlerContext<JobDue>): Promise<void> {
  const job = ExpireJob.parse(ctx.event.payload.payload);
  const row: TempRoleRecord | undefined = await getTempRole(ctx.db, job.tempRoleId, true);
  if (!row || row.guildId !== ctx.event.payload.guildId) return;
  if ((await latestTempRoleId(ctx.db, row.guildId, row.userId, row.roleId)) !== row.id) return;
  if (!(await moveTempRole(ctx.db, row.id, ['pending', 'active'], 'expired'))) return;
  ctx.emit('discord.action.requested', {
    guildId: row.guildId,
    actionId: removeActionId(row.id),
    action: { kind: 'role.remove', userId: row.userId, roleId: row.roleId, reason: 'Temporary role expired' },
    replyTo: null,
  });
}
