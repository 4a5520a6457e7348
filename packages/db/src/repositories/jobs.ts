import { sql } from 'kysely';
import type { Tx } from '../unit-of-work.ts';

/** A job to schedule. Core generates the id (it becomes the event id of the job's firing). */
export interface NewJob {
  id: string;
  guildId: string;
  kind: string;
  /** Jobs with the same key in a guild replace each other: scheduling one cancels the pending others. */
  key: string | null;
  payload: Record<string, unknown>;
  correlationId: string | null;
  /** An absolute time, or a delay measured on the database's clock. */
  due: { at: Date } | { inMs: number };
}

/** A job handed to the scheduler for publishing. */
export interface DueJob {
  id: string;
  guildId: string;
  kind: string;
  payload: Record<string, unknown>;
  correlationId: string | null;
  dueAt: Date;
  attempts: number;
}

const active = ['pending', 'claimed'] as const;

/**
 * Schedules a job in the caller's transaction, so it commits (or not) with the change that needs it. A keyed job
 * first cancels the guild's pending jobs with that key.
 */
export async function scheduleJob(db: Tx, job: NewJob): Promise<void> {
  if (job.key !== null) await cancelJobsByKey(db, job.guildId, job.key);
  await db
    .insertInto('scheduled_jobs')
    .values({
      id: job.id,
      guild_id: job.guildId,
      kind: job.kind,
      job_key: job.key,
      payload: JSON.stringify(job.payload),
      correlation_id: job.correlationId,
      due_at:
        'at' in job.due
          ? job.due.at
          : sql<Date>`CURRENT_TIMESTAMP(3) + INTERVAL ${Math.max(0, Math.round(job.due.inMs)) * 1000} MICROSECOND`,
    })
    .execute();
}

/** Cancels a guild's not-yet-fired jobs with a key; returns how many. */
export async function cancelJobsByKey(db: Tx, guildId: string, key: string): Promise<number> {
  const result = await db
    .updateTable('scheduled_jobs')
    .set({ status: 'cancelled' })
    .where('guild_id', '=', guildId)
    .where('job_key', '=', key)
    .where('status', 'in', active)
    .executeTakeFirst();
  return Number(result.numUpdatedRows);
}

/** Cancels one not-yet-fired job; returns false when it had already fired or was cancelled. */
export async function cancelJob(db: Tx, id: string): Promise<boolean> {
  const result = await db
    .updateTable('scheduled_jobs')
    .set({ status: 'cancelled' })
    .where('id', '=', id)
    .where('status', 'in', active)
    .executeTakeFirst();
  return result.numUpdatedRows === 1n;
}

/**
 * Core's side of a firing, in the transaction that applies it: locks the job row and marks it done. Returns false
 * for a cancelled (or unknown) job, whose firing must do nothing. The row lock orders this against a concurrent
 * cancel, so a cancel either wins (the job does nothing) or waits and finds the job done.
 */
export async function takeDueJob(db: Tx, id: string): Promise<boolean> {
  const row = await db
    .selectFrom('scheduled_jobs')
    .select('status')
    .where('id', '=', id)
    .forUpdate()
    .executeTakeFirst();
  if (!row || row.status === 'cancelled') return false;
  if (row.status !== 'done') {
    await db
      .updateTable('scheduled_jobs')
      .set({ status: 'done', fired_at: sql<Date>`COALESCE(fired_at, CURRENT_TIMESTAMP(3))` })
      .where('id', '=', id)
      .execute();
  }
  return true;
}

/**
 * The scheduler's claim; must run in a transaction. Takes up to `limit` due jobs (pending ones, then claims whose
 * lease ran out because their claimer died), skipping rows another replica holds, and leases them to `claimer`
 * for `leaseMs`.
 */
export async function claimDueJobs(db: Tx, claimer: string, leaseMs: number, limit: number): Promise<DueJob[]> {
  const columns = ['id', 'guild_id', 'kind', 'payload', 'correlation_id', 'due_at', 'attempts'] as const;
  const due = await db
    .selectFrom('scheduled_jobs')
    .select(columns)
    .where('status', '=', 'pending')
    .where('due_at', '<=', sql<Date>`CURRENT_TIMESTAMP(3)`)
    .orderBy('due_at')
    .limit(limit)
    .forUpdate()
    .skipLocked()
    .execute();
  const expired =
    due.length < limit
      ? await db
          .selectFrom('scheduled_jobs')
          .select(columns)
          .where('status', '=', 'claimed')
          .where('claimed_until', '<=', sql<Date>`CURRENT_TIMESTAMP(3)`)
          .orderBy('claimed_until')
          .limit(limit - due.length)
          .forUpdate()
          .skipLocked()
          .execute()
      : [];
  const rows = [...due, ...expired];
  if (rows.length === 0) return [];
  await db
    .updateTable('scheduled_jobs')
    .set((eb) => ({
      status: 'claimed',
      claimed_by: claimer,
      claimed_until: sql<Date>`CURRENT_TIMESTAMP(3) + INTERVAL ${leaseMs * 1000} MICROSECOND`,
      attempts: eb('attempts', '+', 1),
    }))
    .where(
      'id',
      'in',
      rows.map((r) => r.id),
    )
    .execute();
  return rows.map((r) => ({
    id: r.id,
    guildId: r.guild_id,
    kind: r.kind,
    payload: JSON.parse(r.payload) as Record<string, unknown>,
    correlationId: r.correlation_id,
    dueAt: new Date(r.due_at),
    attempts: Number(r.attempts) + 1,
  }));
}

/** Marks jobs this claimer published (and the broker confirmed) as done; a job core already took stays as it is. */
export async function markJobsFired(db: Tx, ids: readonly string[], claimer: string): Promise<void> {
  if (ids.length === 0) return;
  await db
    .updateTable('scheduled_jobs')
    .set({ status: 'done', fired_at: sql<Date>`CURRENT_TIMESTAMP(3)` })
    .where('id', 'in', ids)
    .where('status', '=', 'claimed')
    .where('claimed_by', '=', claimer)
    .execute();
}

/** Gives claimed jobs back (their publish failed) so the next poll of any replica takes them again. */
export async function releaseJobs(db: Tx, ids: readonly string[], claimer: string): Promise<void> {
  if (ids.length === 0) return;
  await db
    .updateTable('scheduled_jobs')
    .set({ status: 'pending', claimed_by: null, claimed_until: null })
    .where('id', 'in', ids)
    .where('status', '=', 'claimed')
    .where('claimed_by', '=', claimer)
    .execute();
}

/** How many jobs are due and not yet fired, and how late the oldest is (seconds), by the database's clock. */
export async function dueJobLag(db: Tx): Promise<{ due: number; oldestSeconds: number }> {
  const row = await db
    .selectFrom('scheduled_jobs')
    .select([
      sql<string>`COUNT(*)`.as('due'),
      sql<string | null>`TIMESTAMPDIFF(MICROSECOND, MIN(due_at), CURRENT_TIMESTAMP(3))`.as('oldest'),
    ])
    .where('status', 'in', active)
    .where('due_at', '<=', sql<Date>`CURRENT_TIMESTAMP(3)`)
    .executeTakeFirstOrThrow();
  return { due: Number(row.due), oldestSeconds: row.oldest === null ? 0 : Number(row.oldest) / 1e6 };
}
