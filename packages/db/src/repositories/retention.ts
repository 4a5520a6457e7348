import { CompiledQuery, sql, type Compilable, type Kysely } from 'kysely';
import type { Database } from '../schema.ts';
import { roundTrip } from '../unit-of-work.ts';

// Pruning deletes in small steps that never hold long locks (ADR 13). Each step first READS the primary keys of up to
// `limit` old rows (a plain consistent read: no locks), then deletes exactly those rows, one DELETE per primary key,
// all in one round trip and one short transaction. A delete by one primary key is a point lookup that locks that row
// only. One DELETE with the keys in a list is not: on a small table, or with a condition on the time index as well,
// the optimizer may scan instead and lock every row it passes (in REPEATABLE READ), a live transaction's fresh row
// included, and then wait for it (so does the same DELETE with FORCE INDEX (PRIMARY): tried). Rows that can change meanwhile (a cooldown claimed again) are matched on a column
// the change rewrites, so they stay.

/** Runs the deletes in one round trip and one transaction, on one connection; returns how many rows went. */
async function deleteEach(db: Kysely<Database>, deletes: readonly Compilable[]): Promise<number> {
  if (deletes.length === 0) return 0;
  return db.connection().execute(async (conn) => {
    try {
      const results = await roundTrip(conn, [Begin, ...deletes, Commit]);
      return results.reduce((n, r) => n + Number(r.numAffectedRows ?? 0n), 0);
    } catch (err) {
      // A delete that failed (a lock wait timeout) left the transaction open: end it before the connection goes back.
      await conn.executeQuery(CompiledQuery.raw('ROLLBACK')).catch(() => undefined);
      throw err;
    }
  });
}

const Begin: Compilable = { compile: () => CompiledQuery.raw('BEGIN') };
const Commit: Compilable = { compile: () => CompiledQuery.raw('COMMIT') };

/** `ms` before the database's clock, as SQL. */
const ago = (ms: number) => sql<Date>`CURRENT_TIMESTAMP(3) - INTERVAL ${Math.round(ms * 1000)} MICROSECOND`;

/** Deletes up to `limit` inbox rows of events applied more than `retainMs` ago; returns how many went. */
export async function pruneInbox(db: Kysely<Database>, retainMs: number, limit: number): Promise<number> {
  const old = await db
    .selectFrom('inbox')
    .select('event_id')
    .where('processed_at', '<', ago(retainMs))
    .orderBy('processed_at')
    .limit(limit)
    .execute();
  // Inbox rows never change: no second look at their age.
  return deleteEach(
    db,
    old.map((r) => db.deleteFrom('inbox').where('event_id', '=', r.event_id)),
  );
}

/**
 * Deletes up to `limit` karma cooldowns that ran out more than `expiredMs` ago; returns how many went. A cooldown
 * that has run out means the same as none (the next claim takes the pair either way), so this only saves space.
 */
export async function pruneKarmaCooldowns(db: Kysely<Database>, expiredMs: number, limit: number): Promise<number> {
  const old = await db
    .selectFrom('karma_cooldowns')
    .select(['guild_id', 'giver_id', 'subject_kind', 'subject_key', 'event_id'])
    .where('expires_at', '<', ago(expiredMs))
    .orderBy('expires_at')
    .limit(limit)
    .execute();
  return deleteEach(
    db,
    old.map((r) =>
      db
        .deleteFrom('karma_cooldowns')
        .where('guild_id', '=', r.guild_id)
        .where('giver_id', '=', r.giver_id)
        .where('subject_kind', '=', r.subject_kind)
        .where('subject_key', '=', r.subject_key)
        // Claimed again since the read, the row names the new claim's event, and it stays.
        .where('event_id', '=', r.event_id),
    ),
  );
}

/** Deletes up to `limit` outbox rows published more than `ageMs` ago; returns how many went. */
export async function prunePublished(db: Kysely<Database>, ageMs: number, limit: number): Promise<number> {
  const old = await db
    .selectFrom('outbox')
    .select('id')
    .where('published_at', '<', ago(ageMs))
    .orderBy('published_at')
    .limit(limit)
    .execute();
  return deleteEach(
    db,
    old.map((r) => db.deleteFrom('outbox').where('id', '=', r.id)),
  );
}

/**
 * Deletes up to `limit` jobs that fired or were cancelled, due more than `ageMs` ago; returns how many went. A
 * finished job never changes again (a redelivered firing finds no row and is skipped, as for a cancelled one).
 */
export async function pruneFinishedJobs(db: Kysely<Database>, ageMs: number, limit: number): Promise<number> {
  const finished = ['done', 'cancelled'] as const;
  const old = await db
    .selectFrom('scheduled_jobs')
    .select('id')
    .where('status', 'in', finished)
    .where('due_at', '<', ago(ageMs))
    .limit(limit)
    .execute();
  return deleteEach(
    db,
    old.map((r) => db.deleteFrom('scheduled_jobs').where('id', '=', r.id)),
  );
}

/**
 * Runs `work` on one connection while holding a named lock of this database (GET_LOCK, per connection), or returns
 * false at once if another replica holds it: so one replica at a time prunes, and the others skip their turn.
 */
export async function withNamedLock(
  db: Kysely<Database>,
  name: string,
  work: (conn: Kysely<Database>) => Promise<void>,
): Promise<boolean> {
  return db.connection().execute(async (conn) => {
    const lockName = sql`CONCAT(DATABASE(), '.', ${name})`;
    const { rows } = await sql<{ got: number | null }>`SELECT GET_LOCK(${lockName}, 0) AS got`.execute(conn);
    if (Number(rows[0]?.got) !== 1) return false;
    try {
      await work(conn);
      return true;
    } finally {
      await sql`SELECT RELEASE_LOCK(${lockName})`.execute(conn).catch(() => undefined);
    }
  });
}
