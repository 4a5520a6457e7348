import { sql, type Kysely } from 'kysely';
import { runWrites, writeNowOrLater, type WriteSink } from '../connection.ts';
import type { Compilable } from 'kysely';
import type { Database, NewOutboxRow, OutboxRow } from '../schema.ts';

/**
 * Records that an event is being applied. Returns false when it was applied before (or is being applied by another
 * transaction that then commits): the caller skips it. Must run in the same transaction as the event's effects.
 */
export async function claimInbox(db: Kysely<Database>, eventId: string, eventType: string): Promise<boolean> {
  const result = await db
    .insertInto('inbox')
    .ignore()
    .values({ event_id: eventId, event_type: eventType })
    .executeTakeFirst();
  return result.numInsertedOrUpdatedRows === 1n;
}

/**
 * Claims many events at once: returns the ids that were not processed before, after inserting their inbox rows.
 * The common case (no duplicate) is one statement; when one of them was seen before, the ids already done are read
 * and only the rest inserted. If another transaction is inserting one of them right now, the insert waits for it and
 * then fails with a duplicate key; the caller rolls back and runs the batch again (InboxRaceError). `before` (e.g.
 * Begin) runs in the same round trip, ahead of the first insert.
 */
export async function claimInboxMany(
  db: Kysely<Database>,
  events: readonly { id: string; type: string }[],
  before?: Compilable,
): Promise<Set<string>> {
  // Sorted, so two batches sharing ids lock them in the same order.
  const unique = [...new Map(events.map((e) => [e.id, e])).values()].sort((a, b) => (a.id < b.id ? -1 : 1));
  const first = before ? [before] : [];
  if (unique.length === 0) {
    await runWrites(db, first);
    return new Set();
  }
  try {
    // When the insert fails, `before` has still run: statements of a multi-statement query run in order.
    await runWrites(db, [...first, inboxInsert(db, unique)]);
    return new Set(unique.map((e) => e.id));
  } catch (err) {
    if (!isDuplicateKey(err)) throw err;
  }
  const done = await db
    .selectFrom('inbox')
    .select('event_id')
    .where(
      'event_id',
      'in',
      unique.map((e) => e.id),
    )
    .execute();
  const seen = new Set(done.map((d) => d.event_id));
  const fresh = unique.filter((e) => !seen.has(e.id));
  if (fresh.length > 0) {
    try {
      await insertInbox(db, fresh);
    } catch (err) {
      if (isDuplicateKey(err)) throw new InboxRaceError(err);
      throw err;
    }
  }
  return new Set(fresh.map((e) => e.id));
}

function inboxInsert(db: Kysely<Database>, events: readonly { id: string; type: string }[]) {
  return db.insertInto('inbox').values(events.map((e) => ({ event_id: e.id, event_type: e.type })));
}

async function insertInbox(db: Kysely<Database>, events: readonly { id: string; type: string }[]): Promise<void> {
  await inboxInsert(db, events).execute();
}

const isDuplicateKey = (err: unknown) => (err as { code?: unknown } | null)?.code === 'ER_DUP_ENTRY';

/** Another transaction claimed one of the events first; run the batch again to skip it. */
export class InboxRaceError extends Error {
  override readonly name = 'InboxRaceError';
  constructor(cause: unknown) {
    super('an event of this batch was claimed concurrently', { cause });
  }
}

/** Adds events to the outbox, in the caller's transaction (now, or handed to `later`). */
export async function addToOutbox(db: Kysely<Database>, rows: NewOutboxRow[], later?: WriteSink): Promise<void> {
  if (rows.length === 0) return;
  await writeNowOrLater(db, db.insertInto('outbox').values(rows), later);
}

/**
 * Unpublished outbox rows at least `graceMs` old (by the database's clock), oldest first, locked for this
 * transaction so other replicas skip them.
 */
export async function claimUnpublished(db: Kysely<Database>, graceMs: number, limit: number): Promise<OutboxRow[]> {
  return db
    .selectFrom('outbox')
    .selectAll()
    .where('published_at', 'is', null)
    .where('created_at', '<', sql<Date>`CURRENT_TIMESTAMP(3) - INTERVAL ${graceMs * 1000} MICROSECOND`)
    .orderBy('id')
    .limit(limit)
    .forUpdate()
    .skipLocked()
    .execute();
}

/** Marks rows as published, by event id (after the broker confirmed them). */
export async function markPublished(db: Kysely<Database>, eventIds: readonly string[]): Promise<void> {
  if (eventIds.length === 0) return;
  await db
    .updateTable('outbox')
    .set({ published_at: sql<Date>`CURRENT_TIMESTAMP(3)` })
    .where('event_id', 'in', eventIds)
    .execute();
}

/** How many rows wait to be published, and how old the oldest is (seconds). */
export async function outboxLag(db: Kysely<Database>): Promise<{ pending: number; oldestSeconds: number }> {
  const row = await db
    .selectFrom('outbox')
    .select([
      sql<string>`COUNT(*)`.as('pending'),
      sql<string | null>`TIMESTAMPDIFF(MICROSECOND, MIN(created_at), CURRENT_TIMESTAMP(3))`.as('oldest'),
    ])
    .where('published_at', 'is', null)
    .executeTakeFirstOrThrow();
  return { pending: Number(row.pending), oldestSeconds: row.oldest === null ? 0 : Number(row.oldest) / 1e6 };
}

/** Deletes rows published more than `ageMs` ago, a bounded number at a time. */
export async function prunePublished(db: Kysely<Database>, ageMs: number, limit: number): Promise<number> {
  const result = await db
    .deleteFrom('outbox')
    .where('published_at', '<', sql<Date>`CURRENT_TIMESTAMP(3) - INTERVAL ${ageMs * 1000} MICROSECOND`)
    .orderBy('id')
    .limit(limit)
    .executeTakeFirst();
  return Number(result.numDeletedRows);
}
