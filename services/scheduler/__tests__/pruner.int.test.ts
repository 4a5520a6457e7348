import { createDatabase, migrateToLatest, withNamedLock, type Database, type Kysely } from '@guildhall/db';
import { createLogger } from '@guildhall/runtime';
import { createScratchDatabase, type ScratchDatabase } from '@guildhall/testkit';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSchedulerMetrics } from '../src/metrics.ts';
import { DefaultPrunerOptions, Pruner } from '../src/pruner.ts';

const log = createLogger('test', { level: process.env['TEST_LOG_LEVEL'] ?? 'silent' });
let scratch: ScratchDatabase;
let db: Kysely<Database>;

beforeAll(async () => {
  scratch = await createScratchDatabase();
  db = createDatabase(scratch.url, { poolSize: 6 });
  await migrateToLatest(db);
});
afterAll(async () => {
  await db.destroy();
  await scratch.drop();
});

const pruner = (metrics = createSchedulerMetrics()) =>
  new Pruner(db, log, metrics, { ...DefaultPrunerOptions, batch: 100, pauseMs: 1 });

/** Inserts inbox rows processed `hoursAgo` hours ago. */
async function inbox(prefix: string, n: number, hoursAgo: number) {
  for (let at = 0; at < n; at += 500) {
    const rows = Array.from({ length: Math.min(500, n - at) }, (_, i) => ({
      event_id: `${prefix}-${at + i}`,
      event_type: 't.t.t',
      processed_at: sql<Date>`CURRENT_TIMESTAMP(3) - INTERVAL ${hoursAgo * 3600} SECOND`,
    }));
    await db.insertInto('inbox').values(rows).execute();
  }
}

async function cooldowns(giver: string, n: number, expiresInSeconds: number) {
  const rows = Array.from({ length: n }, (_, i) => ({
    guild_id: '1',
    giver_id: giver,
    subject_kind: 'name' as const,
    subject_key: `s${i}`,
    expires_at: sql<Date>`CURRENT_TIMESTAMP(3) + INTERVAL ${expiresInSeconds} SECOND`,
    event_id: `${giver}-${i}`,
  }));
  await db.insertInto('karma_cooldowns').values(rows).execute();
}

const count = async (table: 'inbox' | 'karma_cooldowns', where = sql`1 = 1`) => {
  const { rows } = await sql<{ n: string }>`SELECT COUNT(*) AS n FROM ${sql.table(table)} WHERE ${where}`.execute(db);
  return Number(rows[0]?.n);
};

describe('the pruner', () => {
  it('deletes inbox rows past retention and cooldowns long run out, in batches, and nothing else', async () => {
    await inbox('old', 1_234, 8 * 24);
    await inbox('kept', 10, 6 * 24);
    await cooldowns('gone', 250, -2 * 3600);
    await cooldowns('recent', 5, -600);
    await cooldowns('running', 5, 60);
    const metrics = createSchedulerMetrics();
    expect(await pruner(metrics).runOnce()).toBe(true);
    expect(await count('inbox', sql`event_id LIKE 'old-%'`)).toBe(0);
    expect(await count('inbox', sql`event_id LIKE 'kept-%'`)).toBe(10);
    expect(await count('karma_cooldowns', sql`giver_id = 'gone'`)).toBe(0);
    expect(await count('karma_cooldowns', sql`giver_id IN ('recent', 'running')`)).toBe(10);
    const pruned = await metrics.registry.getSingleMetricAsString('guildhall_pruned_rows_total');
    expect(pruned).toMatch(/table="inbox"} 1234/);
    expect(pruned).toMatch(/table="karma_cooldowns"} 250/);
  });

  it('never waits on the live workload: a transaction inserting a new row does not block a pass', async () => {
    await inbox('old2', 300, 8 * 24);
    // An open transaction holds a fresh inbox row, the first row past the cutoff: a range delete over the time
    // index would lock up to it and wait for this transaction; a delete by primary key does not.
    let finish = () => {};
    const mayFinish = new Promise<void>((resolve) => (finish = resolve));
    let inserted = () => {};
    const didInsert = new Promise<void>((resolve) => (inserted = resolve));
    const live = db.transaction().execute(async (trx) => {
      await trx.insertInto('inbox').values({ event_id: 'live-1', event_type: 't.t.t' }).execute();
      inserted();
      await mayFinish;
    });
    await didInsert;
    try {
      expect(await pruner().runOnce()).toBe(true);
      expect(await count('inbox', sql`event_id LIKE 'old2-%'`)).toBe(0);
    } finally {
      finish();
      await live;
    }
    expect(await count('inbox', sql`event_id = 'live-1'`)).toBe(1);
  }, 20_000);

  it('runs on one replica at a time: a second one skips its pass while the first holds the lock', async () => {
    let release = () => {};
    const released = new Promise<void>((resolve) => (release = resolve));
    let locked = () => {};
    const isLocked = new Promise<void>((resolve) => (locked = resolve));
    const first = withNamedLock(db, 'guildhall.pruner', async () => {
      locked();
      await released;
    });
    await isLocked;
    expect(await pruner().runOnce()).toBe(false);
    release();
    expect(await first).toBe(true);
    expect(await pruner().runOnce()).toBe(true);
  });
});
