import { createScratchDatabase, type ScratchDatabase } from '@guildhall/testkit';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  addKarma,
  claimInbox,
  createDatabase,
  getKarmaSettings,
  karmaLeaderboard,
  karmaTotals,
  migrateToLatest,
  revertKarmaChange,
  recordKarmaChange,
  startKarmaCooldown,
  updateKarmaSettings,
  type Database,
  type Kysely,
} from '../src/index.ts';

let scratch: ScratchDatabase;
let db: Kysely<Database>;

beforeAll(async () => {
  scratch = await createScratchDatabase();
  db = createDatabase(scratch.url);
});
afterAll(async () => {
  await db.destroy();
  await scratch.drop();
});

describe('migrations', () => {
  it('run once when several replicas migrate at the same moment', async () => {
    const replicas = Array.from({ length: 4 }, () => createDatabase(scratch.url, { poolSize: 2 }));
    const results = await Promise.all(replicas.map((r) => migrateToLatest(r)));
    await Promise.all(replicas.map((r) => r.destroy()));
    const applied = results.flatMap((r) => r.results ?? []).filter((r) => r.status === 'Success');
    expect(applied.map((r) => r.migrationName).sort()).toEqual([
      '2026_11_22_0001_inbox_outbox',
      '2026_11_22_0002_guild_settings',
      '2026_11_22_0003_karma',
    ]);
  });
});

describe('repositories', () => {
  it('claims an inbox row once', async () => {
    expect(await claimInbox(db, 'e-1', 't.t.t')).toBe(true);
    expect(await claimInbox(db, 'e-1', 't.t.t')).toBe(false);
  });

  it('keeps snowflakes and big totals exact', async () => {
    const guild = '1234567890123456789';
    await addKarma(db, guild, { kind: 'member', key: '987654321098765432', display: 'x' }, 5);
    const [row] = await karmaTotals(db, guild, [{ kind: 'member', key: '987654321098765432' }]);
    expect(row).toMatchObject({ key: '987654321098765432', total: 5 });
  });

  it('separates accented names from plain ones and keeps first-seen display', async () => {
    await addKarma(db, 'g1', { kind: 'name', key: 'café', display: 'Café' }, 1);
    await addKarma(db, 'g1', { kind: 'name', key: 'cafe', display: 'cafe' }, 1);
    await addKarma(db, 'g1', { kind: 'name', key: 'café', display: 'CAFÉ' }, 1);
    const totals = await karmaTotals(db, 'g1', [
      { kind: 'name', key: 'café' },
      { kind: 'name', key: 'cafe' },
    ]);
    expect(totals.sort((a, b) => a.key.localeCompare(b.key))).toEqual([
      { kind: 'name', key: 'cafe', display: 'cafe', total: 1 },
      { kind: 'name', key: 'café', display: 'Café', total: 2 },
    ]);
  });

  it('runs the cooldown atomically and lets it expire', async () => {
    const subject = { kind: 'name' as const, key: 'bob' };
    expect(await startKarmaCooldown(db, 'g2', 'u1', subject, 1)).toBe(true);
    expect(await startKarmaCooldown(db, 'g2', 'u1', subject, 1)).toBe(false);
    expect(await startKarmaCooldown(db, 'g2', 'u2', subject, 1)).toBe(true);
    await sql`UPDATE karma_cooldowns SET last_at = last_at - INTERVAL 2 SECOND`.execute(db);
    expect(await startKarmaCooldown(db, 'g2', 'u1', subject, 1)).toBe(true);
  });

  it('lets exactly one of many concurrent cooldown claims through', async () => {
    const subject = { kind: 'name' as const, key: 'race' };
    const wins = await Promise.all(
      Array.from({ length: 20 }, () =>
        db.transaction().execute((trx) => startKarmaCooldown(trx, 'g3', 'u1', subject, 60)),
      ),
    );
    expect(wins.filter(Boolean)).toHaveLength(1);
  });

  it('ranks top and bottom with stable ties', async () => {
    for (const [key, total] of [
      ['a', 3],
      ['b', 3],
      ['c', -2],
      ['d', 1],
    ] as const) {
      await addKarma(db, 'g4', { kind: 'name', key, display: key.toUpperCase() }, total);
    }
    expect((await karmaLeaderboard(db, 'g4', 'top', 2)).map((r) => r.key)).toEqual(['a', 'b']);
    expect((await karmaLeaderboard(db, 'g4', 'bottom', 2)).map((r) => r.key)).toEqual(['c', 'd']);
  });

  it('reverts a recorded change once', async () => {
    await addKarma(db, 'g5', { kind: 'name', key: 'spam', display: 'spam' }, 1);
    await recordKarmaChange(db, {
      guildId: 'g5',
      subject: { kind: 'name', key: 'spam' },
      giverId: 'u9',
      delta: 1,
      messageId: null,
      eventId: 'e-9',
    });
    const [change] = await db.selectFrom('karma_changes').select('id').where('guild_id', '=', 'g5').execute();
    const id = change?.id ?? '';
    expect(await revertKarmaChange(db, 'g5', id, 'admin')).toMatchObject({ delta: -1, total: 0 });
    expect(await revertKarmaChange(db, 'g5', id, 'admin')).toBe('already');
    expect(await revertKarmaChange(db, 'g5', '999999', 'admin')).toBeNull();
  });

  it('stores settings per guild with defaults', async () => {
    expect(await getKarmaSettings(db, 'g6')).toEqual({ announce: true, cooldownSeconds: 60, maxSubjects: 5 });
    await updateKarmaSettings(db, 'g6', { announce: false });
    await updateKarmaSettings(db, 'g6', { cooldownSeconds: 5 });
    expect(await getKarmaSettings(db, 'g6')).toEqual({ announce: false, cooldownSeconds: 5, maxSubjects: 5 });
  });
});
