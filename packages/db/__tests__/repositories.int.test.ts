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
  recordKarmaChanges,
  claimKarmaCooldowns,
  claimInboxMany,
  InboxRaceError,
  updateKarmaSettings,
  karmaHistory,
  UnitOfWork,
  type Database,
  type Kysely,
} from '../src/index.ts';
import { migrations } from '../src/migrations/index.ts';

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
    expect(applied.map((r) => r.migrationName).sort()).toEqual(Object.keys(migrations).sort());
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

  it('runs the cooldown per giver and subject and lets it expire', async () => {
    const claim = (giverId: string, eventId: string) => ({
      guildId: 'g2',
      giverId,
      kind: 'name' as const,
      key: 'bob',
      eventId,
      seconds: 1,
    });
    expect(await claimKarmaCooldowns(db, [claim('u1', 'e1')])).toHaveLength(1);
    expect(await claimKarmaCooldowns(db, [claim('u1', 'e2')])).toEqual([]);
    expect(await claimKarmaCooldowns(db, [claim('u2', 'e3')])).toHaveLength(1);
    await sql`UPDATE karma_cooldowns SET expires_at = expires_at - INTERVAL 2 SECOND`.execute(db);
    expect((await claimKarmaCooldowns(db, [claim('u1', 'e4')])).map((c) => c.eventId)).toEqual(['e4']);
  });

  it('lets one claim per pair win within a batch and across concurrent transactions', async () => {
    const claim = (eventId: string, key = 'race') => ({
      guildId: 'g3',
      giverId: 'u1',
      kind: 'name' as const,
      key,
      eventId,
      seconds: 60,
    });
    const inBatch = await claimKarmaCooldowns(db, [claim('a1'), claim('a2', 'other'), claim('a3')]);
    expect(inBatch.map((c) => c.eventId)).toEqual(['a1', 'a2']);
    const wins = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        db.transaction().execute((trx) => claimKarmaCooldowns(trx, [claim(`c${i}`, 'race2')])),
      ),
    );
    expect(wins.flat()).toHaveLength(1);
  });

  it('claims each inbox id once, even when one batch carries it twice', async () => {
    const first = await claimInboxMany(db, [
      { id: 'b-1', type: 't.t.t' },
      { id: 'b-2', type: 't.t.t' },
      { id: 'b-1', type: 't.t.t' },
    ]);
    expect([...first].sort()).toEqual(['b-1', 'b-2']);
    expect([
      ...(await claimInboxMany(db, [
        { id: 'b-2', type: 't.t.t' },
        { id: 'b-3', type: 't.t.t' },
      ])),
    ]).toEqual(['b-3']);
  });

  it('reports an id another transaction claims at the same moment as a race, and skips it when run again', async () => {
    // The other transaction claims r-1 and holds it, uncommitted, until the claim below is seen waiting for its lock.
    let commitOther = () => {};
    const otherMayCommit = new Promise<void>((resolve) => (commitOther = resolve));
    let otherClaimed = () => {};
    const claimedByOther = new Promise<void>((resolve) => (otherClaimed = resolve));
    const other = db.transaction().execute(async (trx) => {
      await claimInboxMany(trx, [{ id: 'r-1', type: 't.t.t' }]);
      otherClaimed();
      await otherMayCommit;
    });
    await claimedByOther;
    const claim = (onConnection?: (threadId: number) => void) =>
      db.transaction().execute(async (trx) => {
        const { rows } = await sql<{ id: number }>`SELECT CONNECTION_ID() AS id`.execute(trx);
        onConnection?.(Number(rows[0]?.id));
        return claimInboxMany(trx, [
          { id: 'r-1', type: 't.t.t' },
          { id: 'r-2', type: 't.t.t' },
        ]);
      });
    let threadId: number | undefined;
    const racing = claim((id) => (threadId = id));
    racing.catch(() => undefined);
    // The claim really is blocked on the other transaction's row (not merely started) before that one commits.
    await expect
      .poll(async () => {
        if (threadId === undefined) return undefined;
        const { rows } = await sql<{ state: string }>`
          SELECT trx_state AS state FROM information_schema.INNODB_TRX WHERE trx_mysql_thread_id = ${threadId}
        `.execute(db);
        return rows[0]?.state;
      })
      .toBe('LOCK WAIT');
    commitOther();
    await other;
    // The claim waited for the other transaction's row, found it committed, and rolls back rather than guess.
    await expect(racing).rejects.toBeInstanceOf(InboxRaceError);
    expect([...(await claim())]).toEqual(['r-2']);
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
    await recordKarmaChanges(db, [
      {
        guildId: 'g5',
        subject: { kind: 'name', key: 'spam' },
        giverId: 'u9',
        delta: 1,
        messageId: null,
        eventId: 'e-9',
      },
    ]);
    expect(await revertKarmaChange(db, 'g5', 1, 'admin')).toMatchObject({ delta: -1, total: 0 });
    expect(await revertKarmaChange(db, 'g5', 1, 'admin')).toBe('already');
    expect(await revertKarmaChange(db, 'g5', 2, 'admin')).toBeNull();
  });

  it('numbers changes per guild from 1, gapless and unique under concurrency, a rollback giving its numbers back', async () => {
    const change = (guildId: string, eventId: string) => ({
      guildId,
      subject: { kind: 'name' as const, key: 'tea' },
      giverId: 'u1',
      delta: 1,
      messageId: null,
      eventId,
    });
    // Another guild's changes come first and in between: they must not take the numbers of g-num-a.
    await recordKarmaChanges(db, [change('g-num-b', 'b-1'), change('g-num-a', 'a-1'), change('g-num-b', 'b-2')]);
    const writers = Array.from({ length: 12 }, (_, i) =>
      UnitOfWork.run(db, async (unit) => {
        await recordKarmaChanges(
          unit.db,
          Array.from({ length: (i % 3) + 1 }, (_, k) => change('g-num-a', `a-${i}-${k}`)),
          unit.later,
        );
        if (i === 5) throw new Error('rolled back');
      }),
    );
    const outcomes = await Promise.allSettled(writers);
    expect(outcomes.filter((o) => o.status === 'rejected')).toHaveLength(1);
    const numbers = async (guildId: string) =>
      (
        await db
          .selectFrom('karma_changes')
          .select('number')
          .where('guild_id', '=', guildId)
          .orderBy('number')
          .execute()
      ).map((r) => r.number);
    // 1 + (12 writers of 1, 2 or 3 changes: 24) − the rolled-back writer's 3 = 22 changes, numbered 1…22.
    expect(await numbers('g-num-a')).toEqual(Array.from({ length: 22 }, (_, i) => i + 1));
    expect(await numbers('g-num-b')).toEqual([1, 2]);
    await addKarma(db, 'g-num-b', { kind: 'name', key: 'tea', display: 'Tea' }, 2);
    const history = await karmaHistory(db, 'g-num-b', null, 10);
    expect(history.map((h) => h.number)).toEqual([2, 1]);
  });

  it('stores settings per guild with defaults', async () => {
    expect(await getKarmaSettings(db, 'g6')).toEqual({ announce: true, cooldownSeconds: 60, maxSubjects: 5 });
    await updateKarmaSettings(db, 'g6', { announce: false });
    await updateKarmaSettings(db, 'g6', { cooldownSeconds: 5 });
    expect(await getKarmaSettings(db, 'g6')).toEqual({ announce: false, cooldownSeconds: 5, maxSubjects: 5 });
  });
});
