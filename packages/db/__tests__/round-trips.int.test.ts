import { createScratchDatabase, type ScratchDatabase } from '@guildhall/testkit';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import {
  concurrently,
  createDatabase,
  migrateToLatest,
  readRows,
  roundTrip,
  shareRoundTrips,
  UnitOfWork,
  writeThenRead,
  type Database,
  type Kysely,
} from '../src/index.ts';

let scratch: ScratchDatabase;
let db: Kysely<Database>;

beforeAll(async () => {
  scratch = await createScratchDatabase();
  db = createDatabase(scratch.url);
  await migrateToLatest(db);
});
afterAll(async () => {
  await db.destroy();
  await scratch.drop();
});

const inboxRow = (id: string) => db.insertInto('inbox').values({ event_id: id, event_type: 't.t.t' });
const inboxIds = (prefix: string) =>
  db.selectFrom('inbox').select('event_id').where('event_id', 'like', `${prefix}%`).orderBy('event_id');

describe('shared round trips', () => {
  it('send the statements of concurrent branches as one query, in order, each caller getting its own results', async () => {
    const queries: string[] = [];
    const results = await db.connection().execute(async (conn) => {
      shareRoundTrips(conn);
      const spy = vi.spyOn(conn, 'executeQuery');
      try {
        return await concurrently([
          () => roundTrip(conn, [inboxRow('rt-a'), inboxRow('rt-b')]),
          () => readRows(conn, inboxIds('rt-')),
          () => writeThenRead(conn, inboxRow('rt-c'), inboxIds('rt-')),
        ]);
      } finally {
        queries.push(...spy.mock.calls.map(([q]) => ('sql' in q ? q.sql : q.compile().sql)));
        spy.mockRestore();
      }
    });
    expect(queries).toHaveLength(1);
    const [written, readBetween, readAfter] = results;
    expect(written.map((r) => r.numAffectedRows)).toEqual([1n, 1n]);
    // The read was sent after the first branch's writes and before the third's: statements keep their order.
    expect(readBetween).toEqual([{ event_id: 'rt-a' }, { event_id: 'rt-b' }]);
    expect(readAfter.map((r) => r.event_id)).toEqual(['rt-a', 'rt-b', 'rt-c']);
  });

  it('fail every caller of a round trip whose statement fails, and run nothing after it', async () => {
    const outcome = await db.connection().execute(async (conn) => {
      shareRoundTrips(conn);
      return Promise.allSettled([
        roundTrip(conn, [inboxRow('fail-a')]),
        roundTrip(conn, [inboxRow('fail-a')]),
        roundTrip(conn, [inboxRow('fail-b')]),
      ]);
    });
    expect(outcome.map((o) => o.status)).toEqual(['rejected', 'rejected', 'rejected']);
    // No transaction here, so the statement before the failure committed on its own; the one after never ran.
    expect(await inboxIds('fail-').execute()).toEqual([{ event_id: 'fail-a' }]);
  });

  it('without sharing, still send one caller’s statements in one query', async () => {
    await db.connection().execute(async (conn) => {
      const spy = vi.spyOn(conn, 'executeQuery');
      const rows = await writeThenRead(conn, inboxRow('solo-a'), inboxIds('solo-'));
      expect(rows).toEqual([{ event_id: 'solo-a' }]);
      expect(spy).toHaveBeenCalledTimes(1);
      spy.mockRestore();
    });
  });

  it('concurrently waits for every branch before reporting the first failure', async () => {
    let release = () => {};
    const gate = new Promise<void>((resolve) => (release = resolve));
    let slowFinished = false;
    let settled = false;
    const run = concurrently([
      () => Promise.reject(new Error('first branch failed')),
      async () => {
        await gate;
        slowFinished = true;
      },
    ]);
    void run.catch(() => undefined).finally(() => (settled = true));
    // Every continuation under way has run: the failure is known, yet nothing is reported while a branch still runs.
    await new Promise((resolve) => setImmediate(resolve));
    expect(settled).toBe(false);
    release();
    await expect(run).rejects.toThrow('first branch failed');
    expect(slowFinished).toBe(true);
  });

  it('keep a transaction whole: a failing round trip rolls back with everything before it', async () => {
    await expect(
      db.transaction().execute(async (trx) => {
        shareRoundTrips(trx);
        await roundTrip(trx, [inboxRow('tx-a')]);
        await concurrently([
          () => roundTrip(trx, [inboxRow('tx-b')]),
          () => roundTrip(trx, [trx.selectFrom('inbox').select(sql`no_such_column`.as('x'))]),
        ]);
      }),
    ).rejects.toThrow(/no_such_column/);
    expect(await inboxIds('tx-').execute()).toEqual([]);
  });

  it('a unit of work: BEGIN travels with the first statement, COMMIT with the deferred writes; a failure rolls back', async () => {
    const sent: string[] = [];
    const logged = createDatabase(scratch.url, { log: (e) => sent.push(e.query.sql) });
    try {
      await UnitOfWork.run(logged, async (unit) => {
        await roundTrip(unit.db, [unit.db.insertInto('inbox').values({ event_id: 'uow-a', event_type: 't.t.t' })]);
        unit.later(unit.db.insertInto('inbox').values({ event_id: 'uow-b', event_type: 't.t.t' }));
        // A handler's handle refuses transactions at run time as well as in its type.
        await expect((unit.db as Kysely<Database>).transaction().execute(async () => {})).rejects.toThrow(
          /unit of work owns its transaction/,
        );
      });
      expect(sent).toHaveLength(2);
      expect(sent[0]).toMatch(/^BEGIN;\ninsert into `inbox`/);
      expect(sent[1]).toMatch(/^insert into `inbox`.*;\nCOMMIT$/s);
      await expect(
        UnitOfWork.run(logged, async (unit) => {
          // A direct statement (not through roundTrip) gets BEGIN in front too, in a query of its own.
          await unit.db.insertInto('inbox').values({ event_id: 'uow-c', event_type: 't.t.t' }).execute();
          unit.later(unit.db.insertInto('inbox').values({ event_id: 'uow-d', event_type: 't.t.t' }));
          await unit.db.insertInto('inbox').values({ event_id: 'uow-a', event_type: 't.t.t' }).execute();
        }),
      ).rejects.toThrow(/Duplicate entry/);
      expect(sent.slice(2)).toEqual([
        'BEGIN',
        expect.stringMatching(/^insert/),
        expect.stringMatching(/^insert/),
        'ROLLBACK',
      ]);
    } finally {
      await logged.destroy();
    }
    expect(await inboxIds('uow-').execute()).toEqual([{ event_id: 'uow-a' }, { event_id: 'uow-b' }]);
  });
});
