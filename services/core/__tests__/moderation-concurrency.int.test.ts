import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CoreApp } from '../src/app.ts';
import { CoreHarness } from './harness.ts';
import { memberNo, modCommand, people } from './moderation-fixtures.ts';

let h: CoreHarness;
let cores: CoreApp[];

beforeAll(async () => {
  h = await CoreHarness.create();
  // Small prefetch and batches so both replicas take a share of the burst instead of one swallowing it.
  const small = { CORE_PREFETCH: '8', CORE_BATCH_SIZE: '4' };
  cores = [await h.startCore(small), await h.startCore(small)];
});
afterAll(async () => {
  for (const core of cores) await core.stop();
  await h.close();
});

describe('case numbers under concurrency', () => {
  it('200 concurrent actions in one guild over 2 core replicas get case numbers 1..200, no gap or repeat', async () => {
    const verbs = ['warn', 'timeout', 'kick', 'ban'] as const;
    const requests = Array.from({ length: 200 }, (_, i) => {
      const target = memberNo(1_000 + i);
      const verb = verbs[i % verbs.length] ?? 'warn';
      const options =
        verb === 'warn'
          ? { member: target.id, reason: `r${i}` }
          : verb === 'timeout'
            ? { member: target.id, duration: '10m' }
            : verb === 'ban'
              ? { member: target.id, duration: '1h' }
              : { member: target.id };
      return modCommand(verb, options, people.mod, [target]);
    });
    await Promise.all(requests.map((r) => h.publish(r)));
    const mine = new Set(requests.map((r) => r.id));
    await h.waitFor(
      (results) => results.filter((r) => r.causationId !== null && mine.has(r.causationId)).length >= 200,
      40_000,
    );

    const rows = await h.db
      .selectFrom('mod_cases')
      .select(['case_number', 'target_id'])
      .orderBy('case_number')
      .execute();
    expect(rows.map((r) => Number(r.case_number))).toEqual(Array.from({ length: 200 }, (_, i) => i + 1));
    expect(new Set(rows.map((r) => r.target_id)).size).toBe(200);
    const counter = await h.db.selectFrom('mod_counters').select('last_number').executeTakeFirstOrThrow();
    expect(Number(counter.last_number)).toBe(200);
    // Both replicas applied part of the burst.
    for (const core of cores) {
      const applied = await core.metrics.registry.getSingleMetric('guildhall_events_handled_total')?.get();
      const commands = applied?.values.filter(
        (v) => v.labels['type'] === 'gateway.command.invoked' && v.labels['outcome'] === 'applied',
      );
      expect(commands?.reduce((n, v) => n + v.value, 0)).toBeGreaterThan(0);
    }
    // Temp-bans scheduled one expiry job each, in the same transactions as their cases.
    const jobs = await h.db
      .selectFrom('scheduled_jobs')
      .select(['kind', sql<string>`COUNT(*)`.as('n')])
      .groupBy('kind')
      .orderBy('kind')
      .execute();
    expect(jobs.map((j) => [j.kind, Number(j.n)])).toEqual([
      ['mod.timeout.end', 50],
      ['mod.unban', 50],
    ]);
  });
});
