import { envelope, type JobDue } from '@guildhall/events';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SchedulerApp } from '@guildhall/scheduler/app';
import type { CoreApp } from '../src/app.ts';
import { PermissionFlagsBits as Permission } from 'discord-api-types/v10';
import { command, CoreHarness, ids, legacyIn, refusalIn } from './harness.ts';
import { actionOf, dueNow, memberNo, modCommand, people, startSchedulerFor } from './moderation-fixtures.ts';

let h: CoreHarness;
let core: CoreApp;
let scheduler: SchedulerApp;

beforeAll(async () => {
  h = await CoreHarness.create();
  core = await h.startCore();
  scheduler = await startSchedulerFor(h);
});
afterAll(async () => {
  await scheduler.stop();
  await core.stop();
  await h.close();
});

const alice = { id: '210000000000000001', displayName: 'Alice' };

async function jobOf(kind: string, payloadPart: string): Promise<string> {
  const row = await h.db
    .selectFrom('scheduled_jobs')
    .select('id')
    .where('kind', '=', kind)
    .where('payload', 'like', `%${payloadPart}%`)
    .where('status', '=', 'pending')
    .executeTakeFirstOrThrow();
  return row.id;
}

describe('reminders', () => {
  it('creates, lists, cancels, and delivers a reminder once through the scheduler', async () => {
    const create = command('remind', 'create', { when: '2h', text: 'stretch' }, alice);
    await h.publish(create);
    const created = (await h.resultOf(create, 'reminder.entry.created')).payload.reminder;
    expect(created.text).toBe('stretch');
    expect(Date.parse(created.dueAt) - Date.parse(created.createdAt)).toBe(7_200_000);

    const other = command('remind', 'create', { when: 'in 3d', text: 'call mum' }, alice);
    await h.publish(other);
    const second = (await h.resultOf(other, 'reminder.entry.created')).payload.reminder;

    const list = command('remind', 'list', {}, alice);
    await h.publish(list);
    expect((await h.resultOf(list, 'reminder.entries.listed')).payload.reminders.map((r) => r.text)).toEqual([
      'stretch',
      'call mum',
    ]);

    const cancel = command('remind', 'cancel', { id: Number(second.id) }, alice);
    await h.publish(cancel);
    expect((await h.resultOf(cancel, 'reminder.entry.cancelled')).payload.reminder.id).toBe(second.id);
    const notYours = command('remind', 'cancel', { id: Number(created.id) }, { id: '210000000000000002' });
    await h.publish(notYours);
    expect(legacyIn(await h.resultOf(notYours, 'command.request.rejected')).code).toBe('not_found');

    const jobId = await jobOf('reminder.deliver', `"${created.id}"`);
    await dueNow(h, jobId);
    await h.waitFor((rs) => rs.some((r) => r.type === 'reminder.entry.delivered' && r.causationId === jobId));
    const delivered = h.results.find((r) => r.type === 'reminder.entry.delivered' && r.causationId === jobId);
    expect(delivered?.payload).toMatchObject({
      userId: alice.id,
      reminder: { text: 'stretch', channelId: ids.channel },
    });
    expect(delivered?.correlationId).toBe(create.correlationId);

    // The same job published again (an expired lease re-published it) is applied once.
    const again: JobDue = {
      ...envelope('scheduler.job.due', 1, {
        jobId,
        kind: 'reminder.deliver',
        guildId: ids.guild,
        payload: { reminderId: created.id },
        dueAt: new Date().toISOString(),
      }),
      id: jobId,
    };
    await h.publish(again);
    const marker = command('remind', 'list', {}, alice);
    await h.publish(marker);
    expect((await h.resultOf(marker, 'reminder.entries.listed')).payload.reminders).toEqual([]);
    expect(h.results.filter((r) => r.type === 'reminder.entry.delivered')).toHaveLength(1);
  });

  it('refuses bad times', async () => {
    const bad = command('remind', 'create', { when: 'tomorrowish', text: 'x' }, alice);
    await h.publish(bad);
    expect(legacyIn(await h.resultOf(bad, 'command.request.rejected')).message).toMatch(/not a duration/);
  });
});

describe('temporary roles', () => {
  it('adds the role, records the outcome, and takes it back when the job fires', async () => {
    const target = memberNo(7);
    const role = '710000000000000001';
    const grant = modCommand(
      'temprole',
      { member: target.id, role, duration: '3d' },
      {
        ...people.mod,
        permissions: String(Permission.ManageRoles),
      },
      [target],
    );
    grant.payload.roles = { [role]: { position: 2, managed: false } };
    await h.publish(grant);
    const add = (await h.resultOf(grant, 'discord.action.requested')).payload;
    expect(add.action).toMatchObject({ kind: 'role.add', userId: target.id, roleId: role });

    const report = envelope('gateway.action.completed', 1, {
      guildId: ids.guild,
      actionId: add.actionId,
      kind: 'role.add',
      ok: true,
      error: null,
      detail: {},
    });
    await h.publish(report);
    const recorded = (await h.resultOf(report, 'temprole.grant.recorded')).payload;
    expect(recorded).toMatchObject({ ok: true, replyTo: grant.payload.replyTo, durationSeconds: 259_200 });

    const jobId = await jobOf('temprole.expire', '"tempRoleId"');
    await dueNow(h, jobId);
    await h.waitFor((rs) => rs.some((r) => r.causationId === jobId));
    const removal = h.results.find((r) => r.causationId === jobId);
    expect(removal && actionOf(removal)?.action).toMatchObject({
      kind: 'role.remove',
      userId: target.id,
      roleId: role,
    });
  });

  it('refuses roles above the invoker', async () => {
    const target = memberNo(8);
    const role = '710000000000000002';
    const grant = modCommand(
      'temprole',
      { member: target.id, role, duration: '1h' },
      {
        ...people.mod,
        permissions: String(Permission.ManageRoles),
      },
      [target],
    );
    grant.payload.roles = { [role]: { position: 6, managed: false } };
    await h.publish(grant);
    expect(refusalIn(await h.resultOf(grant, 'command.request.rejected'))).toEqual({ code: 'role.above_invoker' });
  });
});

describe('birthdays', () => {
  it('announces once in the guild’s zone and schedules next year', async () => {
    const admin = { id: '220000000000000001', displayName: 'Admin', permissions: String(Permission.ManageGuild) };
    const zone = command('birthday', 'timezone', { zone: 'Asia/Tokyo' }, admin);
    await h.publish(zone);
    expect((await h.resultOf(zone, 'birthday.settings.updated')).payload.timezone).toBe('Asia/Tokyo');
    const channel = command('birthday', 'channel', { channel: '100000000000000099' }, admin);
    await h.publish(channel);
    await h.resultOf(channel, 'birthday.settings.updated');

    const set = command('birthday', 'set', { month: 7, day: 14 }, alice);
    await h.publish(set);
    const saved = (await h.resultOf(set, 'birthday.entry.saved')).payload;
    // Midnight in Tokyo is 15:00 UTC the day before.
    expect(saved.nextAt).toMatch(/-07-13T15:00:00\.000Z$/);

    const bad = command('birthday', 'set', { month: 2, day: 30 }, alice);
    await h.publish(bad);
    expect(legacyIn(await h.resultOf(bad, 'command.request.rejected')).code).toBe('invalid');

    const jobId = await jobOf('birthday.announce', alice.id);
    await dueNow(h, jobId);
    await h.waitFor((rs) => rs.some((r) => r.type === 'birthday.member.announced' && r.causationId === jobId));
    const announced = h.results.find((r) => r.type === 'birthday.member.announced');
    expect(announced?.payload).toMatchObject({ channelId: '100000000000000099', user: alice, month: 7, day: 14 });

    const next = await h.db
      .selectFrom('birthdays')
      .innerJoin('scheduled_jobs', 'scheduled_jobs.id', 'birthdays.job_id')
      .select(['scheduled_jobs.due_at', 'scheduled_jobs.status'])
      .where('birthdays.user_id', '=', alice.id)
      .executeTakeFirstOrThrow();
    expect(next.status).toBe('pending');
    // Counted from the fired job's due time (now): the next start of 14 July in Tokyo.
    expect(new Date(next.due_at).toISOString()).toMatch(/-07-13T15:00:00\.000Z$/);
    expect(new Date(next.due_at).getTime()).toBeGreaterThan(Date.now());
  });
});
