import { sql } from 'kysely';
import type { Tx } from '../unit-of-work.ts';
import type { ReminderRow } from '../schema.ts';

/** A reminder a member set for themselves. */
export interface ReminderRecord {
  id: string;
  guildId: string;
  userId: string;
  channelId: string;
  text: string;
  dueAt: Date;
  jobId: string;
  status: ReminderRow['status'];
  createdAt: Date;
}

function toReminder(r: ReminderRow): ReminderRecord {
  return {
    id: r.id,
    guildId: r.guild_id,
    userId: r.user_id,
    channelId: r.channel_id,
    text: r.text,
    dueAt: new Date(r.due_at),
    jobId: r.job_id,
    status: r.status,
    createdAt: new Date(r.created_at),
  };
}

/** Creates a pending reminder due in `inSeconds` (database clock) and returns it as stored. */
export async function createReminder(
  db: Tx,
  r: { guildId: string; userId: string; channelId: string; text: string; inSeconds: number; jobId: string },
): Promise<ReminderRecord> {
  const result = await db
    .insertInto('reminders')
    .values({
      guild_id: r.guildId,
      user_id: r.userId,
      channel_id: r.channelId,
      text: r.text,
      due_at: sql<Date>`CURRENT_TIMESTAMP(3) + INTERVAL ${r.inSeconds} SECOND`,
      job_id: r.jobId,
    })
    .executeTakeFirstOrThrow();
  const row = await getReminder(db, String(result.insertId));
  if (!row) throw new Error('inserted reminder not found');
  return row;
}

/** A reminder by id, optionally locked for the caller's transaction. */
export async function getReminder(db: Tx, id: string, lock = false): Promise<ReminderRecord | undefined> {
  const query = db.selectFrom('reminders').selectAll().where('id', '=', id);
  const row = await (lock ? query.forUpdate() : query).executeTakeFirst();
  return row && toReminder(row);
}

/** A member's pending reminders in a guild, soonest first. */
export async function pendingReminders(
  db: Tx,
  guildId: string,
  userId: string,
  limit: number,
): Promise<ReminderRecord[]> {
  const rows = await db
    .selectFrom('reminders')
    .selectAll()
    .where('guild_id', '=', guildId)
    .where('user_id', '=', userId)
    .where('status', '=', 'pending')
    .orderBy('due_at')
    .limit(limit)
    .execute();
  return rows.map(toReminder);
}

/** Moves a pending reminder to delivered or cancelled; false when it was not pending any more. */
export async function finishReminder(db: Tx, id: string, status: 'delivered' | 'cancelled'): Promise<boolean> {
  const result = await db
    .updateTable('reminders')
    .set({ status })
    .where('id', '=', id)
    .where('status', '=', 'pending')
    .executeTakeFirst();
  return result.numUpdatedRows === 1n;
}
