import {
  cancelJob,
  createReminder,
  finishReminder,
  getReminder,
  pendingReminders,
  type ReminderRecord,
} from '@guildhall/db';
import type { CommandInvoked, JobDue, Reminder } from '@guildhall/events';
import { newEventId } from '@guildhall/events';
import { z } from 'zod';
import type { HandlerContext } from '../../context.ts';
import { parseBoundedDuration } from '../../shared/durations/duration.ts';
import { intOption, refuseLegacy, stringOption } from '../../shared/commands/legacy.ts';
import { scheduleFor } from '../../shared/scheduling/schedule.ts';

/** Job kind that delivers a reminder. */
export const ReminderJob = 'reminder.deliver';

/** Bounds on reminders. */
export const ReminderLimits = { maxSeconds: 365 * 86_400, minSeconds: 10, perMember: 25, maxText: 1000 };

/** Handles `/remind create|list|cancel`. */
export async function handleRemindCommand(ctx: HandlerContext<CommandInvoked>): Promise<void> {
  const p = ctx.event.payload;
  const { options, subcommand } = p.command;
  const reject = (code: 'invalid' | 'not_found' | 'conflict', message: string) => refuseLegacy(ctx, code, message);

  switch (subcommand) {
    case 'create': {
      const when = stringOption(options, 'when');
      const text = stringOption(options, 'text');
      if (when === undefined) return reject('invalid', 'Say when, e.g. `10m`, `2h` or `3d`.');
      if (text === undefined || text.length > ReminderLimits.maxText)
        return reject('invalid', `Say what to remind you of (at most ${ReminderLimits.maxText} characters).`);
      const parsed = parseBoundedDuration(when, ReminderLimits.maxSeconds, ReminderLimits.minSeconds);
      if (!parsed.ok) return reject('invalid', parsed.message);
      const pending = await pendingReminders(ctx.db, p.guildId, p.actor.id, ReminderLimits.perMember);
      if (pending.length >= ReminderLimits.perMember)
        return reject('conflict', `You have ${ReminderLimits.perMember} reminders already; cancel one first.`);
      const jobId = newEventId();
      const row = await createReminder(ctx.db, {
        guildId: p.guildId,
        userId: p.actor.id,
        channelId: p.replyTo.channelId,
        text,
        inSeconds: parsed.seconds,
        jobId,
      });
      await scheduleFor(ctx, {
        id: jobId,
        guildId: p.guildId,
        kind: ReminderJob,
        key: null,
        payload: { reminderId: row.id },
        due: { at: row.dueAt },
      });
      ctx.emit('reminder.entry.created', { guildId: p.guildId, replyTo: p.replyTo, reminder: reminderView(row) });
      return;
    }
    case 'list': {
      const rows = await pendingReminders(ctx.db, p.guildId, p.actor.id, ReminderLimits.perMember);
      ctx.emit('reminder.entries.listed', {
        guildId: p.guildId,
        replyTo: p.replyTo,
        reminders: rows.map(reminderView),
      });
      return;
    }
    case 'cancel': {
      const id = intOption(options, 'id');
      if (id === undefined || id < 1) return reject('invalid', 'Give the number of a reminder from `/remind list`.');
      const row = await getReminder(ctx.db, String(id), true);
      if (!row || row.guildId !== p.guildId || row.userId !== p.actor.id || row.status !== 'pending')
        return reject('not_found', `You have no pending reminder #${id}.`);
      await finishReminder(ctx.db, row.id, 'cancelled');
      await cancelJob(ctx.db, row.jobId);
      ctx.emit('reminder.entry.cancelled', { guildId: p.guildId, replyTo: p.replyTo, reminder: reminderView(row) });
      return;
    }
    default:
      return reject('invalid', 'Unknown `/remind` subcommand. Try `create`, `list` or `cancel`.');
  }
}

const DeliverJob = z.object({ reminderId: z.string().regex(/^\d+$/) });

/** A reminder fell due: deliver it once, unless it was cancelled. */
export async function handleReminderJob(ctx: HandlerContext<JobDue>): Promise<void> {
  const job = DeliverJob.parse(ctx.event.payload.payload);
  const row = await getReminder(ctx.db, job.reminderId, true);
  if (!row || row.guildId !== ctx.event.payload.guildId) return;
  if (!(await finishReminder(ctx.db, row.id, 'delivered'))) return;
  ctx.emit('reminder.entry.delivered', { guildId: row.guildId, userId: row.userId, reminder: reminderView(row) });
}

function reminderView(row: ReminderRecord): Reminder {
  return {
    id: row.id,
    channelId: row.channelId,
    text: row.text,
    dueAt: row.dueAt.toISOString(),
    createdAt: row.createdAt.toISOString(),
  };
}
