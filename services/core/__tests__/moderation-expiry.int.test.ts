import type { ResultEvent } from '@guildhall/events';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CoreApp } from '../src/app.ts';
import type { SchedulerApp } from '@guildhall/scheduler/app';
import { CoreHarness } from './harness.ts';
import { actionOf, memberNo, modCommand, people, startSchedulerFor } from './moderation-fixtures.ts';

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

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const unbansOf = (userId: string) => (results: ResultEvent[]) =>
  results.filter((r) => {
    const a = actionOf(r);
    return a?.action.kind === 'member.unban' && a.action.userId === userId;
  });

async function ban(userId: number, duration?: string) {
  const target = memberNo(userId);
  const req = modCommand('ban', duration ? { member: target.id, duration } : { member: target.id }, people.mod, [
    target,
  ]);
  await h.publish(req);
  await h.resultOf(req, 'discord.action.requested');
  return target;
}

describe('temp-ban expiry through the scheduler', () => {
  it('a 2-second temp-ban is lifted even though core and the scheduler both restarted in between', async () => {
    const target = await ban(1, '2s');
    await scheduler.stop();
    await core.stop();
    // The ban falls due while nothing runs.
    await sleep(2_500);
    expect(unbansOf(target.id)(h.results)).toEqual([]);
    core = await h.startCore();
    scheduler = await startSchedulerFor(h);
    await h.waitFor((results) => unbansOf(target.id)(results).length > 0, 15_000);
    await sleep(500);
    const [unban, ...more] = unbansOf(target.id)(h.results);
    expect(more).toEqual([]);
    expect(unban && actionOf(unban)?.action).toMatchObject({
      reason: expect.stringMatching(/Temporary ban \(case #1\) expired/),
    });
    const cases = await h.db
      .selectFrom('mod_cases')
      .select(['case_number', 'action', 'automatic', 'ended_at'])
      .where('target_id', '=', target.id)
      .orderBy('case_number')
      .execute();
    expect(cases.map((c) => [Number(c.case_number), c.action, Number(c.automatic)])).toEqual([
      [1, 'ban', 0],
      [2, 'unban', 1],
    ]);
    expect(cases[0]?.ended_at).not.toBeNull();
  });

  it('a permanent ban issued after a temp-ban is not lifted by the old timer', async () => {
    const target = await ban(2, '1s');
    await ban(2);
    await sleep(2_500);
    expect(unbansOf(target.id)(h.results)).toEqual([]);
    const job = await h.db
      .selectFrom('scheduled_jobs')
      .select('status')
      .where('kind', '=', 'mod.unban')
      .where('job_key', '=', `mod.ban:${target.id}`)
      .executeTakeFirstOrThrow();
    expect(job.status).toBe('cancelled');

    // Even if the cancel had lost a race and the old timer fired, it checks its ban is still the latest: no unban.
    await h.db
      .updateTable('scheduled_jobs')
      .set({ status: 'pending', due_at: new Date(Date.now() - 1_000) })
      .where('job_key', '=', `mod.ban:${target.id}`)
      .execute();
    await h.waitFor(() => false, 1_500).catch(() => undefined);
    const fired = await h.db
      .selectFrom('scheduled_jobs')
      .select('status')
      .where('job_key', '=', `mod.ban:${target.id}`)
      .executeTakeFirstOrThrow();
    expect(fired.status).toBe('done');
    expect(unbansOf(target.id)(h.results)).toEqual([]);
  });

  it('an unban cancels the pending expiry; a newer temp-ban replaces the older one’s timer', async () => {
    const unbanned = await ban(3, '1s');
    const unban = modCommand('unban', { user: unbanned.id }, people.mod, [], {
      outsiders: [unbanned],
    });
    await h.publish(unban);
    await h.resultOf(unban, 'discord.action.requested');

    const extended = await ban(4, '1s');
    await ban(4, '1h');
    await sleep(2_500);
    // Only the manual unban of member 3; no timer fired for either.
    expect(unbansOf(unbanned.id)(h.results)).toHaveLength(1);
    expect(unbansOf(extended.id)(h.results)).toEqual([]);
  });
});
