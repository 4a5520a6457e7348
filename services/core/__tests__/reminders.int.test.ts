import { envelope, ReminderLimits, type ActionCompleted, type CommandInvoked, type JobDue } from '@guildhall/events';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SchedulerApp } from '@guildhall/scheduler/app';
import type { CoreApp } from '../src/app.ts';
import { PermissionFlagsBits as Permission } from 'discord-api-types/v10';
import { command, CoreHarness, ids, refusalIn } from './harness.ts';
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
    const target = create.payload.replyTo;
    if (target.kind === 'interaction') create.payload.replyTo = { ...target, locale: 'de' };
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
    expect(refusalIn(await h.resultOf(notYours, 'command.request.rejected'))).toEqual({
      code: 'reminder.cancel.not_found',
      id: created.id,
    });
    const again = command('remind', 'cancel', { id: Number(second.id) }, alice);
    await h.publish(again);
    expect(refusalIn(await h.resultOf(again, 'command.request.rejected'))).toEqual({
      code: 'reminder.cancel.not_found',
      id: second.id,
    });

    const jobId = await jobOf('reminder.deliver', `"${created.id}"`);
    await dueNow(h, jobId);
    await h.waitFor((rs) => rs.some((r) => r.type === 'reminder.entry.delivered' && r.causationId === jobId));
    const delivered = h.results.find((r) => r.type === 'reminder.entry.delivered' && r.causationId === jobId);
    // It speaks the language of the member who set it, whoever reads the channel.
    expect(delivered?.payload).toMatchObject({
      userId: alice.id,
      reminder: { text: 'stretch', channelId: ids.channel },
      locale: 'de',
    });
    expect(delivered?.correlationId).toBe(create.correlationId);

    // The same job published again (an expired lease re-published it) is applied once.
    const replay: JobDue = {
      ...envelope('scheduler.job.due', 1, {
        jobId,
        kind: 'reminder.deliver',
        guildId: ids.guild,
        payload: { reminderId: created.id },
        dueAt: new Date().toISOString(),
      }),
      id: jobId,
    };
    await h.publish(replay);
    const marker = command('remind', 'list', {}, alice);
    await h.publish(marker);
    expect((await h.resultOf(marker, 'reminder.entries.listed')).payload.reminders).toEqual([]);
    expect(h.results.filter((r) => r.type === 'reminder.entry.delivered')).toHaveLength(1);
  });

  it('refuses times it cannot take with duration codes and their bounds, and blank text', async () => {
    const refusalOf = async (options: CommandInvoked['payload']['command']['options']) => {
      const request = command('remind', 'create', options, alice);
      await h.publish(request);
      return refusalIn(await h.resultOf(request, 'command.request.rejected'));
    };
    expect(await refusalOf({ when: 'tomorrowish', text: 'x' })).toEqual({
      code: 'duration.invalid',
      option: 'when',
      input: 'tomorrowish',
    });
    expect(await refusalOf({ when: '5s', text: 'x' })).toEqual({
      code: 'duration.too_short',
      option: 'when',
      minSeconds: ReminderLimits.minSeconds,
    });
    expect(await refusalOf({ when: '53w', text: 'x' })).toEqual({
      code: 'duration.too_long',
      option: 'when',
      maxSeconds: ReminderLimits.maxSeconds,
    });
    expect(await refusalOf({ when: '1h', text: '   ' })).toEqual({
      code: 'option.invalid',
      option: 'text',
      problem: { kind: 'missing' },
    });
    expect(await refusalOf({ when: '1h', text: 'x'.repeat(ReminderLimits.maxText + 1) })).toMatchObject({
      code: 'option.invalid',
      option: 'text',
      problem: { kind: 'length', max: ReminderLimits.maxText },
    });
  });

  it('refuses a reminder past the per-member limit with the limit, and keeps the count at the limit', async () => {
    const busy = { id: '210000000000000003', displayName: 'Busy' };
    const creates = Array.from({ length: ReminderLimits.perMember }, (_, i) =>
      command('remind', 'create', { when: `${i + 1}h`, text: `task ${i + 1}` }, busy),
    );
    await Promise.all(creates.map((c) => h.publish(c)));
    for (const c of creates) await h.resultOf(c, 'reminder.entry.created');
    const one = command('remind', 'create', { when: '1d', text: 'one too many' }, busy);
    await h.publish(one);
    expect(refusalIn(await h.resultOf(one, 'command.request.rejected'))).toEqual({
      code: 'reminder.limit.reached',
      max: ReminderLimits.perMember,
    });
    const list = command('remind', 'list', {}, busy);
    await h.publish(list);
    expect((await h.resultOf(list, 'reminder.entries.listed')).payload.reminders).toHaveLength(
      ReminderLimits.perMember,
    );
  });
});

const manageRoles = String(Permission.ManageRoles);

/** A `/temprole` by the moderator, naming `target` (a member unless `outsider`) and `role` with its facts. */
function grantRequest(
  target: ReturnType<typeof memberNo>,
  role: { id: string; position?: number; managed?: boolean; permissions?: string },
  over: { duration?: string; targetPermissions?: string; outsider?: boolean; actorPermissions?: string } = {},
): CommandInvoked {
  const grant = modCommand(
    'temprole',
    { member: target.id, role: role.id, duration: over.duration ?? '3d' },
    { ...people.mod, permissions: over.actorPermissions ?? manageRoles },
    over.outsider ? [] : [target],
    over.outsider ? { outsiders: [target] } : {},
  );
  grant.payload.roles = {
    [role.id]: {
      position: role.position ?? 2,
      managed: role.managed ?? false,
      ...(role.permissions !== undefined && { permissions: role.permissions }),
    },
  };
  const recipient = grant.payload.members?.[target.id];
  if (recipient && over.targetPermissions !== undefined) recipient.permissions = over.targetPermissions;
  return grant;
}

async function refusalOfGrant(grant: CommandInvoked) {
  await h.publish(grant);
  return refusalIn(await h.resultOf(grant, 'command.request.rejected'));
}

/** The bot's report of an action, ok or with Discord's error and/or a typed failure. */
function report(
  actionId: string,
  outcome: Pick<ActionCompleted['payload'], 'ok' | 'error'> & Partial<Pick<ActionCompleted['payload'], 'failure'>>,
) {
  return envelope('gateway.action.completed', 1, {
    guildId: ids.guild,
    actionId,
    kind: 'role.add',
    detail: {},
    ...outcome,
  });
}

/** The temprole.grant.recorded a report caused, in the version core emits (v2, with `failure`). */
async function recordedAfter(outcome: ActionCompleted) {
  await h.publish(outcome);
  const recorded = await h.resultOf(outcome, 'temprole.grant.recorded');
  if (recorded.version !== 2) throw new Error(`expected v2, got ${JSON.stringify(recorded)}`);
  return recorded.payload;
}

describe('temporary roles', () => {
  it('adds the role (re-checked by the bot) with an audit code, records the outcome, and takes it back when the job fires', async () => {
    const target = memberNo(7);
    const role = '710000000000000001';
    const grant = grantRequest(target, { id: role, permissions: String(Permission.SendMessages) });
    await h.publish(grant);
    const add = (await h.resultOf(grant, 'discord.action.requested')).payload;
    expect(add.action).toEqual({
      kind: 'role.add',
      userId: target.id,
      roleId: role,
      reason: '',
      audit: { code: 'temprole.granted', seconds: 259_200, grantedBy: people.mod.displayName },
      refuseIfPrivileged: true,
    });

    const recorded = await recordedAfter(report(add.actionId, { ok: true, error: null }));
    expect(recorded).toMatchObject({
      failure: null,
      replyTo: grant.payload.replyTo,
      user: { id: target.id, displayName: target.displayName },
      durationSeconds: 259_200,
    });

    const grantId = add.actionId.split(':')[1] ?? '';
    const jobId = await jobOf('temprole.expire', `"tempRoleId":"${grantId}"`);
    await dueNow(h, jobId);
    await h.waitFor((rs) => rs.some((r) => r.causationId === jobId));
    const removal = h.results.find((r) => r.causationId === jobId);
    expect(removal && actionOf(removal)?.action).toEqual({
      kind: 'role.remove',
      userId: target.id,
      roleId: role,
      reason: '',
      audit: { code: 'temprole.expired', seconds: 259_200 },
    });
  });

  it('refuses a privileged role for a member who is not a moderator, saying why', async () => {
    const target = memberNo(9);
    const dangerous = String(Permission.ManageMessages | Permission.MentionEveryone);
    expect(await refusalOfGrant(grantRequest(target, { id: '710000000000000003', permissions: dangerous }))).toEqual({
      code: 'role.dangerous',
      permissions: ['ManageMessages', 'MentionEveryone'],
    });
    // Without the role's permissions (an older bot) nothing can be judged: refused, never granted blind.
    expect(await refusalOfGrant(grantRequest(target, { id: '710000000000000003' }))).toEqual({ code: 'role.unknown' });
    expect(
      await refusalOfGrant(grantRequest(target, { id: '710000000000000004', managed: true, permissions: '0' })),
    ).toEqual({ code: 'role.managed' });
    expect(await refusalOfGrant(grantRequest(target, { id: ids.guild, permissions: '0' }))).toEqual({
      code: 'role.everyone',
    });
  });

  it('lets a moderator hold a powerful role for a while, without the re-check', async () => {
    const target = memberNo(10);
    const grant = grantRequest(
      target,
      { id: '710000000000000005', permissions: String(Permission.ManageMessages) },
      { targetPermissions: String(Permission.ModerateMembers) },
    );
    await h.publish(grant);
    const add = (await h.resultOf(grant, 'discord.action.requested')).payload;
    expect(add.action).toMatchObject({ kind: 'role.add', roleId: '710000000000000005' });
    expect(add.action).not.toHaveProperty('refuseIfPrivileged');
  });

  it('records why a grant failed: the bot’s typed failure, or Discord’s status and code from an older bot', async () => {
    const target = memberNo(11);
    const declined = grantRequest(target, { id: '710000000000000006', permissions: '0' });
    await h.publish(declined);
    const first = (await h.resultOf(declined, 'discord.action.requested')).payload;
    const refusedByBot = report(first.actionId, {
      ok: false,
      error: { status: 0, code: 0, message: 'declined: role.dangerous' },
      failure: { code: 'role.dangerous', permissions: ['Administrator'] },
    });
    expect((await recordedAfter(refusedByBot)).failure).toEqual({
      code: 'role.dangerous',
      permissions: ['Administrator'],
    });

    const rejected = grantRequest(target, { id: '710000000000000007', permissions: '0' });
    await h.publish(rejected);
    const second = (await h.resultOf(rejected, 'discord.action.requested')).payload;
    const old = report(second.actionId, {
      ok: false,
      error: { status: 403, code: 50013, message: 'Missing Permissions' },
    });
    expect((await recordedAfter(old)).failure).toEqual({
      code: 'discord.rejected',
      status: 403,
      discordCode: 50013,
    });
  });

  it('refuses with codes: no Manage Roles, a bad duration, someone not in the server, a role above the invoker', async () => {
    const target = memberNo(8);
    const safe = { id: '710000000000000002', permissions: '0' };
    expect(await refusalOfGrant(grantRequest(target, safe, { actorPermissions: '0' }))).toEqual({
      code: 'permission.missing',
      permission: 'ManageRoles',
    });
    expect(await refusalOfGrant(grantRequest(target, safe, { duration: '30s' }))).toEqual({
      code: 'duration.too_short',
      option: 'duration',
      minSeconds: 60,
    });
    expect(await refusalOfGrant(grantRequest(target, safe, { duration: 'soon' }))).toEqual({
      code: 'duration.invalid',
      option: 'duration',
      input: 'soon',
    });
    expect(await refusalOfGrant(grantRequest(target, safe, { outsider: true }))).toEqual({
      code: 'temprole.member.not_member',
      userId: target.id,
    });
    expect(await refusalOfGrant(grantRequest(target, { ...safe, position: 6 }))).toEqual({
      code: 'role.above_invoker',
    });
  });
});

describe('birthdays', () => {
  const admin = { id: '220000000000000001', displayName: 'Admin', permissions: String(Permission.ManageGuild) };

  it('announces once in the guild’s zone and schedules next year', async () => {
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

  it('refuses with codes: a day that does not exist, a zone Intl does not know, settings without Manage Server', async () => {
    const refusalOf = async (request: CommandInvoked) => {
      await h.publish(request);
      return refusalIn(await h.resultOf(request, 'command.request.rejected'));
    };
    expect(await refusalOf(command('birthday', 'set', { month: 2, day: 30 }, alice))).toEqual({
      code: 'birthday.date.invalid',
      month: 2,
      day: 30,
    });
    expect(await refusalOf(command('birthday', 'timezone', { zone: 'Mars/Olympus' }, admin))).toEqual({
      code: 'birthday.zone.invalid',
      zone: 'Mars/Olympus',
    });
    expect(await refusalOf(command('birthday', 'timezone', { zone: 'Europe/Berlin' }, alice))).toEqual({
      code: 'permission.missing',
      permission: 'ManageGuild',
    });
    expect(await refusalOf(command('birthday', 'channel', {}, alice))).toEqual({
      code: 'permission.missing',
      permission: 'ManageGuild',
    });
    // February 29 exists (celebrated on the 28th in other years).
    const leap = command('birthday', 'set', { month: 2, day: 29 }, { id: '220000000000000002' });
    await h.publish(leap);
    expect((await h.resultOf(leap, 'birthday.entry.saved')).payload).toMatchObject({ month: 2, day: 29 });
  });
});
