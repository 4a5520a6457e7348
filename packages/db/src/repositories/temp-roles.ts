import { sql } from 'kysely';
import type { Tx } from '../unit-of-work.ts';
import type { TempRoleRow } from '../schema.ts';

/** A role given to a member for a while. */
export interface TempRoleRecord {
  id: string;
  guildId: string;
  userId: string;
  userName: string;
  roleId: string;
  grantedBy: string;
  durationSeconds: number;
  expiresAt: Date;
  jobId: string;
  status: TempRoleRow['status'];
  /** JSON text of where to answer once the bot reports the role added. */
  replyTo: string | null;
  createdAt: Date;
}

function toTempRole(r: TempRoleRow): TempRoleRecord {
  return {
    id: r.id,
    guildId: r.guild_id,
    userId: r.user_id,
    userName: r.user_name,
    roleId: r.role_id,
    grantedBy: r.granted_by,
    durationSeconds: Number(r.duration_seconds),
    expiresAt: new Date(r.expires_at),
    jobId: r.job_id,
    status: r.status,
    replyTo: r.reply_to,
    createdAt: new Date(r.created_at),
  };
}

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
): Promise<TempRoleRecord> {
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
export async function getTempRole(db: Tx, id: string, lock = false): Promise<TempRoleRecord | undefined> {
  const query = db.selectFrom('temp_roles').selectAll().where('id', '=', id);
  const row = await (lock ? query.forUpdate() : query).executeTakeFirst();
  return row && toTempRole(row);
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
  from: readonly TempRoleRecord['status'][],
  to: TempRoleRecord['status'],
): Promise<boolean> {
  const result = await db
    .updateTable('temp_roles')
    .set({ status: to })
    .where('id', '=', id)
    .where('status', 'in', from)
    .executeTakeFirst();
  return result.numUpdatedRows === 1n;
}
