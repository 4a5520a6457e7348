import { sql } from 'kysely';
import { roundTrip, writeNowOrLater, type WriteSink, type Tx } from '../unit-of-work.ts';

/**
 * Records that an event is being applied. Returns false when it was applied before (or is being applied by another
 * transaction that then commits): the caller skips it. Must run in the same transaction as the event's effects.
 */
export async function claimInbox(db: Tx, eventId: string, eventType: string): Promise<boolean> {
  const result = await db
    .insertInto('inbox')
    .ignore()
    .values({ event_id: eventId, event_type: eventType })
    .executeTakeFirst();
  return result.numInsertedOrUpdatedRows === 1n;
}

/**
 * Claims many events at once: returns the ids that were not processed before, after inserting their inbox rows.
 * One round trip: a read of the ids already done, then an upsert that inserts the rest and leaves done ones alone.
 * If another transaction claimed one of them meanwhile (it committed after the read, or was inserting it and then
 * committed), the upsert inserts fewer rows than the read left fresh: that is an InboxRaceError, and the caller
 * rolls back and runs the batch again to skip it. No statement fails on a duplicate, so the claim can share its
 * round trip with other reads (roundTrip).
 */
export async function claimInboxMany(db: Tx, events: readonly { id: string; type: string }[]): Promise<Set<string>> {
  // Sorted, so two batches sharing ids lock them in the same order.
  const unique = [...new Map(events.map((e) => [e.id, e])).values()].sort((a, b) => (a.id < b.id ? -1 : 1));
  if (unique.length === 0) return new Set();
  const done = db
    .selectFrom('inbox')
    .select('event_id')
    .where(
      'event_id',
      'in',
      unique.map((e) => e.id),
    );
  const claim = db
    .insertInto('inbox')
    .values(unique.map((e) => ({ event_id: e.id, event_type: e.type })))
    // A no-op update: with FOUND_ROWS off it counts 0 rows, so the count says how many ids were inserted.
    .onDuplicateKeyUpdate({ event_id: sql<string>`event_id` });
  const [seen, claimed] = await roundTrip(db, [done, claim]);
  const doneIds = new Set((seen?.rows as { event_id: string }[] | undefined)?.map((r) => r.event_id));
  const fresh = unique.filter((e) => !doneIds.has(e.id)).map((e) => e.id);
  if (claimed?.numAffectedRows !== BigInt(fresh.length)) throw new InboxRaceError();
  return new Set(fresh);
}

/** Another transaction claimed one of the events first; run the batch again to skip it. */
export class InboxRaceError extends Error {
  override readonly name = 'InboxRaceError';
  constructor() {
    super('an event of this batch was claimed concurrently');
  }
}

/** An event in the outbox, as the relay publishes it. */
export interface OutboxMessage {
  eventId: string;
  direction: 'request' | 'result';
  /** The event's type. */
  routingKey: string;
  /** The event as JSON. */
  body: string;
}

/** Adds events to the outbox, in the caller's transaction (now, or handed to `later`). */
export async function addToOutbox(db: Tx, messages: readonly OutboxMessage[], later?: WriteSink): Promise<void> {
  if (messages.length === 0) return;
  const insert = db
    .insertInto('outbox')
    .values(
      messages.map((m) => ({ event_id: m.eventId, direction: m.direction, routing_key: m.routingKey, body: m.body })),
    );
  await writeNowOrLater(db, insert, later);
}

/**
 * Unpublished outbox rows at least `graceMs` old (by the database's clock), oldest first, locked for this
 * transaction so other replicas skip them.
 */
export async function claimUnpublished(db: Tx, graceMs: number, limit: number): Promise<OutboxMessage[]> {
  const rows = await db
    .selectFrom('outbox')
    .select(['event_id', 'direction', 'routing_key', 'body'])
    .where('published_at', 'is', null)
    .where('created_at', '<', sql<Date>`CURRENT_TIMESTAMP(3) - INTERVAL ${graceMs * 1000} MICROSECOND`)
    .orderBy('id')
    .limit(limit)
    .forUpdate()
    .skipLocked()
    .execute();
  return rows.map((r) => ({ eventId: r.event_id, direction: r.direction, routingKey: r.routing_key, body: r.body }));
}

/** Marks rows as published, by event id (after the broker confirmed them). */
export async function markPublished(db: Tx, eventIds: readonly string[]): Promise<void> {
  if (eventIds.length === 0) return;
  await db
    .updateTable('outbox')
    .set({ published_at: sql<Date>`CURRENT_TIMESTAMP(3)` })
    .where('event_id', 'in', eventIds)
    .execute();
}

/** How many rows wait to be published, and how old the oldest is (seconds). */
export async function outboxLag(db: Tx): Promise<{ pending: number; oldestSeconds: number }> {
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
