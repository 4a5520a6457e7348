import {
  cancelJob,
  deleteBirthday,
  getBirthday,
  getBirthdaySettings,
  guildBirthdays,
  saveBirthday,
  setBirthdayJob,
  updateBirthdaySettings,
} from '@guildhall/db';
import { birthdayCommand, type JobDue, type OptionsFor } from '@guildhall/events';
import { z } from 'zod';
import type { HandlerContext } from '../../context.ts';
import { command, type Answer, type CommandContext } from '../../feature.ts';
import { canonicalTimeZone, isCalendarDay, nextBirthday } from './calendar.ts';
import { scheduleFor } from '../../shared/scheduling/schedule.ts';

/** Job kind that announces a birthday (and schedules next year's). */
export const BirthdayJob = 'birthday.announce';

/** Schedules the announcement of a member's next birthday after `after`; returns the job id. */
async function scheduleNext(
  ctx: HandlerContext,
  guildId: string,
  userId: string,
  month: number,
  day: number,
  timezone: string,
  after: Date,
): Promise<{ jobId: string; at: Date }> {
  const at = nextBirthday(month, day, timezone, after);
  const jobId = await scheduleFor(ctx, {
    guildId,
    kind: BirthdayJob,
    key: `birthday:${userId}`,
    payload: { userId },
    due: { at },
  });
  return { jobId, at };
}

type Options<K extends keyof (typeof birthdayCommand)['subcommands']> = OptionsFor<typeof birthdayCommand, K>;

/** `/birthday set|remove` for anyone, `channel|timezone` for members with Manage Server. */
export const birthdaySlashCommand = command(birthdayCommand, {
  set,
  remove,
  channel: { requires: 'ManageGuild', run: setChannel },
  timezone: { requires: 'ManageGuild', run: setTimezone },
});

async function set(ctx: CommandContext, { month, day }: Options<'set'>): Answer {
  const p = ctx.event.payload;
  if (!isCalendarDay(month, day)) return { code: 'birthday.date.invalid', month, day };
  const settings = await getBirthdaySettings(ctx.db, p.guildId);
  const { jobId, at } = await scheduleNext(ctx, p.guildId, p.actor.id, month, day, settings.timezone, new Date());
  await saveBirthday(ctx.db, {
    guildId: p.guildId,
    userId: p.actor.id,
    displayName: p.actor.displayName,
    month,
    day,
    jobId,
  });
  ctx.emit('birthday.entry.saved', {
    guildId: p.guildId,
    replyTo: p.replyTo,
    userId: p.actor.id,
    month,
    day,
    timezone: settings.timezone,
    nextAt: at.toISOString(),
  });
}

async function remove(ctx: CommandContext): Answer {
  const p = ctx.event.payload;
  const jobId = await deleteBirthday(ctx.db, p.guildId, p.actor.id);
  if (jobId !== undefined) await cancelJob(ctx.db, jobId);
  ctx.emit('birthday.entry.removed', {
    guildId: p.guildId,
    replyTo: p.replyTo,
    userId: p.actor.id,
    existed: jobId !== undefined,
  });
}

async function setChannel(ctx: CommandContext, { channel }: Options<'channel'>): Answer {
  const p = ctx.event.payload;
  await updateBirthdaySettings(ctx.db, p.guildId, { channelId: channel ?? null });
  await settingsUpdated(ctx);
}

async function setTimezone(ctx: CommandContext, { zone }: Options<'timezone'>): Answer {
  const p = ctx.event.payload;
  const canonical = canonicalTimeZone(zone.trim());
  if (canonical === null) return { code: 'birthday.zone.invalid', zone };
  await updateBirthdaySettings(ctx.db, p.guildId, { timezone: canonical });
  await rescheduleAll(ctx, p.guildId, canonical);
  await settingsUpdated(ctx);
}

async function settingsUpdated(ctx: CommandContext): Promise<void> {
  const p = ctx.event.payload;
  const settings = await getBirthdaySettings(ctx.db, p.guildId);
  ctx.emit('birthday.settings.updated', { guildId: p.guildId, replyTo: p.replyTo, ...settings });
}

/** The guild's day now begins at another time: every birthday's next announcement moves with it. */
async function rescheduleAll(ctx: HandlerContext, guildId: string, timezone: string): Promise<void> {
  const now = new Date();
  for (const b of await guildBirthdays(ctx.db, guildId)) {
    const { jobId } = await scheduleNext(ctx, guildId, b.userId, b.month, b.day, timezone, now);
    await setBirthdayJob(ctx.db, guildId, b.userId, jobId);
  }
}

const AnnounceJob = z.object({ userId: z.string() });

/**
 * A birthday began in the guild's zone: announce it (when the guild has a channel) and schedule next year's, counted
 * from this one's due time so a late firing can never announce the same birthday twice. A job the birthday no longer
 * points at (changed or removed since) does nothing.
 */
export async function handleBirthdayJob(ctx: HandlerContext<JobDue>): Promise<void> {
  const p = ctx.event.payload;
  const job = AnnounceJob.parse(p.payload);
  const birthday = await getBirthday(ctx.db, p.guildId, job.userId, true);
  if (!birthday || birthday.jobId !== p.jobId) return;
  const settings = await getBirthdaySettings(ctx.db, p.guildId);
  const month = Number(birthday.month);
  const day = Number(birthday.day);
  if (settings.channelId !== null)
    ctx.emit('birthday.member.announced', {
      guildId: p.guildId,
      channelId: settings.channelId,
      user: { id: birthday.userId, displayName: birthday.displayName },
      month,
      day,
    });
  const { jobId } = await scheduleNext(ctx, p.guildId, job.userId, month, day, settings.timezone, new Date(p.dueAt));
  await setBirthdayJob(ctx.db, p.guildId, job.userId, jobId);
}
