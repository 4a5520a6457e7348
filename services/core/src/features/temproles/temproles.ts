import { createTempRole, getTempRole, latestTempRoleId, moveTempRole, type TempRoleRecord } from '@guildhall/db';
import {
  failureOf,
  newEventId,
  NoSubcommand,
  ReplyTarget,
  tempRoleCommand,
  TempRoleLimits,
  type ActionCompleted,
  type JobDue,
  type OptionsFor,
} from '@guildhall/events';
import { z } from 'zod';
import type { HandlerContext } from '../../context.ts';
import { command, type Answer, type CommandContext } from '../../feature.ts';
import { durationOption } from '../../shared/durations/duration.ts';
import { assignableRoleRefusal, isModerator, privilegedRoleOf } from '../../shared/permissions/permissions.ts';
import { scheduleFor } from '../../shared/scheduling/schedule.ts';

/** Job kind that takes a temporary role back. */
export const TempRoleJob = 'temprole.expire';

const grantActionId = (id: string) => `temprole:${id}:add`;
const removeActionId = (id: string) => `temprole:${id}:remove`;

/** `/temprole <member> <role> <duration>`, for members with Manage Roles. */
export const tempRoleSlashCommand = command(tempRoleCommand, {
  [NoSubcommand]: { requires: 'ManageRoles', run: grant },
});

async function grant(
  ctx: CommandContext,
  { member, role, duration }: OptionsFor<typeof tempRoleCommand, typeof NoSubcommand>,
): Answer {
  const p = ctx.event.payload;
  const length = durationOption('duration', duration, TempRoleLimits);
  if (!length.ok) return length.refusal;
  const recipient = p.members?.[member];
  if (p.members !== undefined && recipient === undefined) return { code: 'temprole.member.not_member', userId: member };
  const wrong = assignableRoleRefusal(p, role);
  if (wrong) return wrong;
  // A moderator may be trusted with a powerful role for a while; anyone else must never end up holding one, so the
  // rule is checked now and again by the bot right before it adds the role (the role may be edited meanwhile).
  const guarded = !isModerator({ permissions: recipient?.permissions ?? '0' });
  if (guarded) {
    const privileged = privilegedRoleOf(p, role);
    if (privileged) return privileged;
  }

  const jobId = newEventId();
  const granted = await createTempRole(ctx.db, {
    guildId: p.guildId,
    userId: member,
    userName: p.users[member]?.displayName ?? member,
    roleId: role,
    grantedBy: p.actor.id,
    durationSeconds: length.seconds,
    jobId,
    replyTo: JSON.stringify(p.replyTo),
  });
  // A newer grant of the same role to the same member replaces the older one's timer.
  await scheduleFor(ctx, {
    id: jobId,
    guildId: p.guildId,
    kind: TempRoleJob,
    key: `temprole:${member}:${role}`,
    payload: { tempRoleId: granted.id },
    due: { at: granted.expiresAt },
  });
  ctx.emit('discord.action.requested', {
    guildId: p.guildId,
    actionId: grantActionId(granted.id),
    action: {
      kind: 'role.add',
      userId: member,
      roleId: role,
      reason: '',
      audit: { code: 'temprole.granted', seconds: length.seconds, grantedBy: p.actor.displayName },
      ...(guarded && { refuseIfPrivileged: true }),
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
    failure: p.ok ? null : failureOf(p),
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
    action: {
      kind: 'role.remove',
      userId: row.userId,
      roleId: row.roleId,
      reason: '',
      audit: { code: 'temprole.expired', seconds: row.durationSeconds },
    },
    replyTo: null,
  });
}
