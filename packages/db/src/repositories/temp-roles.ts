import { sql } from 'kysely';
import type { Tx } from '../unit-of-work.ts';
import type { TempRoleRow } from '../schema.ts';

/** Records a temporary role grant (pending until the bot reports the role added) and returns it as stored. */
export async function createTempRole(
  db: Tx,
  t: {
    guildId: string;
    userId: string;
    userName: string;
    roleId: string;
    grantedBy: string;
    durationSeconds: number;
    jobId: string;
    replyTo: string | null;
  },
): Promise<TempRoleRow> {
  const result = await db
    .insertInto('temp_roles')
    .values({
      guild_id: t.guildId,
      user_id: t.userId,
      user_name: t.userName,
      role_id: t.roleId,
      granted_by: t.grantedBy,
      duration_seconds: t.durationSeconds,
      expires_at: sql<Date>`CURRENT_TIMESTAMP(3) + INTERVAL ${t.durationSeconds} SECOND`,
      job_id: t.jobId,
      reply_to: t.replyTo,
    })
    .executeTakeFirstOrThrow();
  const row = await getTempRole(db, String(result.insertId));
  if (!row) throw new Error('inserted temp role not found');
  return row;
}

/** A grant by id, optionally locked for the caller's transaction. */
export async function getTempRole(db: Tx, id: string, lock = false): Promise<TempRoleRow | undefined> {
  const query = db.selectFrom('temp_roles').selectAll().where('id', '=', id);
  return (lock ? query.forUpdate() : query).executeTakeFirst();
}

/** The id of the latest grant of a role to a member: only that grant's timer may take the role away. */
export async function latestTempRoleId(
  db: Tx,
  guildId: string,
  userId: string,
  roleId: string,
): Promise<string | undefined> {
  const row = await db
    .selectFrom('temp_roles')
    .select('id')
    .where('guild_id', '=', guildId)
    .where('user_id', '=', userId)
    .where('role_id', '=', roleId)
    .orderBy('id', 'desc')
    .limit(1)
    .executeTakeFirst();
  return row?.id;
}

/** Moves a grant to a new status, only from one of the expected ones; false when it was elsewhere. */
export async function moveTempRole(
  db: Tx,
  id: string,
  from: readonly TempRoleRow['status'][],
  to: TempRoleRow['status'],
): Promise<boolean> {
  const result = await db
    .updateTable('temp_roles')
    .set({ status: to })
    .where('id', '=', id)
    .where('status', 'in', from)
    .executeTakeFirst();
  return result.numUpdatedRows === 1n;
}
