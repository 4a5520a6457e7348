import {
  cancelJob,
  createReminder,
  finishReminder,
  getReminder,
  pendingReminders,
  type ReminderRecord,
} from '@guildhall/db';
import {
  newEventId,
  remindCommand,
  ReminderLimits,
  type JobDue,
  type OptionsFor,
  type Reminder,
} from '@guildhall/events';
import { z } from 'zod';
import type { HandlerContext } from '../../context.ts';
import { command, type Answer, type CommandContext } from '../../feature.ts';
import { interactionOf } from '../../shared/commands/target.ts';
import { durationOption } from '../../shared/durations/duration.ts';
import { scheduleFor } from '../../shared/scheduling/schedule.ts';

/** Job kind that delivers a reminder. */
export const ReminderJob = 'reminder.deliver';

type Options<K extends keyof (typeof remindCommand)['subcommands']> = OptionsFor<typeof remindCommand, K>;

/** `/remind create|list|cancel`: a member's own reminders, private to them. */
export const remindSlashCommand = command(remindCommand, { create, list, cancel });

async function create(ctx: CommandContext, options: Options<'create'>): Answer {
  const p = ctx.event.payload;
  const when = durationOption('when', options.when, ReminderLimits);
  if (!when.ok) return when.refusal;
  const text = options.text.trim();
  if (text === '') return { code: 'option.invalid', option: 'text', problem: { kind: 'missing' } };
  const pending = await pendingReminders(ctx.db, p.guildId, p.actor.id, ReminderLimits.perMember);
  if (pending.length >= ReminderLimits.perMember)
    return { code: 'reminder.limit.reached', max: ReminderLimits.perMember };
  const { channelId, locale } = interactionOf(p.replyTo);
  const jobId = newEventId();
  const row = await createReminder(ctx.db, {
    guildId: p.guildId,
    userId: p.actor.id,
    channelId,
    text,
    inSeconds: when.seconds,
    jobId,
  });
  await scheduleFor(ctx, {
    id: jobId,
    guildId: p.guildId,
    kind: ReminderJob,
    key: null,
    // The member's language rides with the job, so the reminder speaks it when it falls due.
    payload: { reminderId: row.id, ...(locale !== undefined && { locale }) },
    due: { at: row.dueAt },
  });
  ctx.emit('reminder.entry.created', { guildId: p.guildId, replyTo: p.replyTo, reminder: reminderView(row) });
}

async function list(ctx: CommandContext): Answer {
  const p = ctx.event.payload;
  const rows = await pendingReminders(ctx.db, p.guildId, p.actor.id, ReminderLimits.perMember);
  ctx.emit('reminder.entries.listed', { guildId: p.guildId, replyTo: p.replyTo, reminders: rows.map(reminderView) });
}

async function cancel(ctx: CommandContext, { id }: Options<'cancel'>): Answer {
  const p = ctx.event.payload;
  const row = await getReminder(ctx.db, String(id), true);
  // Someone else's reminder, or one in another guild, is as absent as one that never was.
  if (!row || row.guildId !== p.guildId || row.userId !== p.actor.id || row.status !== 'pending')
    return { code: 'reminder.cancel.not_found', id: String(id) };
  await finishReminder(ctx.db, row.id, 'cancelled');
  await cancelJob(ctx.db, row.jobId);
  ctx.emit('reminder.entry.cancelled', { guildId: p.guildId, replyTo: p.replyTo, reminder: reminderView(row) });
}

const DeliverJob = z.object({ reminderId: z.string().regex(/^\d+$/), locale: z.string().max(16).optional() });

/** A reminder fell due: deliver it once, unless it was cancelled. */
export async function handleReminderJob(ctx: HandlerContext<JobDue>): Promise<void> {
  const job = DeliverJob.parse(ctx.event.payload.payload);
  const row = await getReminder(ctx.db, job.reminderId, true);
  if (!row || row.guildId !== ctx.event.payload.guildId) return;
  if (!(await finishReminder(ctx.db, row.id, 'delivered'))) return;
  ctx.emit('reminder.entry.delivered', {
    guildId: row.guildId,
    userId: row.userId,
    reminder: reminderView(row),
    ...(job.locale !== undefined && { locale: job.locale }),
  });
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
