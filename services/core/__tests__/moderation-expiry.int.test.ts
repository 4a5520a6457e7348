import type { SchedulerApp } from '@guildhall/scheduler/app';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CoreApp } from '../src/app.ts';
import { CoreHarness } from './harness.ts';
import { actionOf, dueNow, memberNo, modCommand, people, startSchedulerFor } from './moderation-fixtures.ts';

// Each test makes its timers due on purpose (dueNow) and waits for conditions: a job's firing applied by core
// (its id in the inbox), the rows it wrote. No test waits for a clock to run out, so none depends on how fast the
// machine is, and each checks that the timer it is about really fired (or really could not).

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

/** Bans member `n` (for `duration`, or for good) and waits for the ban's action: its case and timer are committed. */
async function ban(n: number, duration?: string) {
  const target = memberNo(n);
  const req = modCommand('ban', duration ? { member: target.id, duration } : { member: target.id }, people.mod, [
    target,
  ]);
  await h.publish(req);
  await h.resultOf(req, 'discord.action.requested');
  return target;
}

/** The temp-ban timers of a member, oldest first. */
function timers(userId: string) {
  return h.db
    .selectFrom('scheduled_jobs')
    .select(['id', 'status', sql<number>`due_at <= CURRENT_TIMESTAMP(3)`.as('due')])
    .where('kind', '=', 'mod.unban')
    .where('job_key', '=', `mod.ban:${userId}`)
    .orderBy('created_at')
    .orderBy('id')
    .execute();
}

/** Whether core has applied an event (a job's firing carries the job's id). */
async function applied(eventId: string): Promise<boolean> {
  return (
    (await h.db.selectFrom('inbox').select('event_id').where('event_id', '=', eventId).executeTakeFirst()) !== undefined
  );
}

/** The unban cases of a member, as stored. */
function unbanCases(userId: string) {
  return h.db
    .selectFrom('mod_cases')
    .select(['case_number', 'automatic', 'reason', 'reason_code', 'reason_params'])
    .where('target_id', '=', userId)
    .where('action', '=', 'unban')
    .execute();
}

/** The unban actions core has asked the bot for about a member, as published so far. */
const unbanRequests = (userId: string) =>
  h.results.filter((r) => {
    const a = actionOf(r);
    return a?.action.kind === 'member.unban' && a.action.userId === userId;
  });

describe('temp-ban expiry through the scheduler', () => {
  it('a temp-ban that fell due while core and the scheduler were down is lifted once when they are back', async () => {
    const target = await ban(1, '1h');
    await scheduler.stop();
    await core.stop();
    const [timer] = await timers(target.id);
    if (!timer) throw new Error('the temp-ban scheduled no timer');
    // The ban falls due while nothing runs.
    await dueNow(h, timer.id);
    expect(await timers(target.id)).toEqual([{ id: timer.id, status: 'pending', due: 1 }]);

    core = await h.startCore();
    scheduler = await startSchedulerFor(h);
    await expect.poll(() => applied(timer.id), { timeout: 15_000 }).toBe(true);
    const cases = await unbanCases(target.id);
    expect(cases).toHaveLength(1);
    expect(cases[0]).toMatchObject({ automatic: 1, reason: '', reason_code: 'moderation.tempban.expired' });
    expect(JSON.parse(cases[0]?.reason_params ?? '{}')).toEqual({ banCase: 1 });
    await expect.poll(() => unbanRequests(target.id).length, { timeout: 15_000 }).toBe(1);
    const [request] = unbanRequests(target.id);
    expect(request && actionOf(request)?.action).toMatchObject({
      audit: { code: 'moderation.case.automatic', reason: { code: 'moderation.tempban.expired', banCase: 1 } },
    });
    const ended = await h.db
      .selectFrom('mod_cases')
      .select('ended_at')
      .where('target_id', '=', target.id)
      .where('action', '=', 'ban')
      .executeTakeFirstOrThrow();
    expect(ended.ended_at).not.toBeNull();
  });

  it('a permanent ban issued after a temp-ban cancels the old timer, which lifts nothing even if it fires', async () => {
    const target = await ban(2, '1h');
    await ban(2);
    const [timer, ...others] = await timers(target.id);
    expect(others).toEqual([]);
    expect(timer?.status).toBe('cancelled');
    if (!timer) throw new Error('the temp-ban scheduled no timer');

    // Even if the cancel had lost a race and the old timer fired, it checks its ban is still the latest: no unban.
    await h.db.updateTable('scheduled_jobs').set({ status: 'pending' }).where('id', '=', timer.id).execute();
    await dueNow(h, timer.id);
    await expect.poll(() => applied(timer.id), { timeout: 15_000 }).toBe(true);
    expect(await unbanCases(target.id)).toEqual([]);
    expect(unbanRequests(target.id)).toEqual([]);
  });

  it('an unban cancels the pending expiry; a newer temp-ban replaces the older one’s timer', async () => {
    const unbanned = await ban(3, '1h');
    const unban = modCommand('unban', { user: unbanned.id }, people.mod, [], {
      payload: { banned: { user: { id: unbanned.id, displayName: unbanned.displayName, bot: false } } },
    });
    await h.publish(unban);
    await h.resultOf(unban, 'discord.action.requested');
    expect((await timers(unbanned.id)).map((t) => t.status)).toEqual(['cancelled']);

    const extended = await ban(4, '1h');
    await ban(4, '1d');
    const [older, newer] = await timers(extended.id);
    expect([older?.status, newer?.status]).toEqual(['cancelled', 'pending']);
    if (!newer) throw new Error('the newer temp-ban scheduled no timer');
    // The newer timer is the live one: made due, it lifts the ban, once.
    await dueNow(h, newer.id);
    await expect.poll(() => applied(newer.id), { timeout: 15_000 }).toBe(true);
    expect(await unbanCases(extended.id)).toHaveLength(1);
    // Member 3 was unbanned by hand only.
    expect((await unbanCases(unbanned.id)).map((c) => c.automatic)).toEqual([0]);
  });
});
