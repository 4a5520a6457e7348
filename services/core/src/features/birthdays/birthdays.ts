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
import type { CommandInvoked, JobDue } from '@guildhall/events';
import { z } from 'zod';
import type { HandlerContext } from '../../context.ts';
import { idOption, intOption, refuseLegacy, stringOption } from '../../shared/commands/legacy.ts';
import { hasPermission } from '../../shared/permissions/permissions.ts';
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

/** Handles `/birthday set|remove|channel|timezone`. */
export async function handleBirthdayCommand(ctx: HandlerContext<CommandInvoked>): Promise<void> {
  const p = ctx.event.payload;
  const { options, subcommand } = p.command;
  const reject = (code: 'invalid' | 'forbidden', message: string) => refuseLegacy(ctx, code, message);

  switch (subcommand) {
    case 'set': {
      const month = intOption(options, 'month');
      const day = intOption(options, 'day');
      if (month === undefined || day === undefined || !isCalendarDay(month, day))
        return reject('invalid', 'That is not a day of the year; give a month (1-12) and a day that exists in it.');
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
      return;
    }
    case 'remove': {
      const jobId = await deleteBirthday(ctx.db, p.guildId, p.actor.id);
      if (jobId !== undefined) await cancelJob(ctx.db, jobId);
      ctx.emit('birthday.entry.removed', {
        guildId: p.guildId,
        replyTo: p.replyTo,
        userId: p.actor.id,
        existed: jobId !== undefined,
      });
      return;
    }
    case 'channel':
    case 'timezone': {
      if (!hasPermission(p.actor, 'ManageGuild'))
        return reject('forbidden', 'Only members with **Manage Server** can change birthday settings.');
      if (subcommand === 'channel') {
        await updateBirthdaySettings(ctx.db, p.guildId, { channelId: idOption(options, 'channel') ?? null });
      } else {
        const zone = canonicalTimeZone(stringOption(options, 'zone') ?? '');
        if (zone === null) return reject('invalid', 'That is not a time zone; use an IANA name like `Europe/Berlin`.');
        await updateBirthdaySettings(ctx.db, p.guildId, { timezone: zone });
        await rescheduleAll(ctx, p.guildId, zone);
      }
      const settings = await getBirthdaySettings(ctx.db, p.guildId);
      ctx.emit('birthday.settings.updated', { guildId: p.guildId, replyTo: p.replyTo, ...settings });
      return;
    }
    default:
      return reject('invalid', 'Unknown `/birthday` subcommand. Try `set`, `remove`, `channel` or `timezone`.');
  }
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
