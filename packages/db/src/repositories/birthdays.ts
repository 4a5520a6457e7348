import type { Tx } from '../unit-of-work.ts';
import type { BirthdayRow } from '../schema.ts';

/** Where a guild announces birthdays and in which IANA time zone its days begin. */
export interface BirthdaySettings {
  channelId: string | null;
  timezone: string;
}

/** A member's birthday and the job that announces it next. */
export interface BirthdayRecord {
  guildId: string;
  userId: string;
  displayName: string;
  month: number;
  day: number;
  jobId: string;
}

function toBirthday(r: BirthdayRow): BirthdayRecord {
  return {
    guildId: r.guild_id,
    userId: r.user_id,
    displayName: r.display_name,
    month: Number(r.month),
    day: Number(r.day),
    jobId: r.job_id,
  };
}

/** Reads a guild's birthday settings: no channel and UTC until someone sets them. */
export async function getBirthdaySettings(db: Tx, guildId: string): Promise<BirthdaySettings> {
  const row = await db
    .selectFrom('birthday_settings')
    .select(['channel_id', 'timezone'])
    .where('guild_id', '=', guildId)
    .executeTakeFirst();
  return { channelId: row?.channel_id ?? null, timezone: row?.timezone ?? 'UTC' };
}

/** Changes some of a guild's birthday settings, creating its row if needed. */
export async function updateBirthdaySettings(
  db: Tx,
  guildId: string,
  changes: Partial<BirthdaySettings>,
): Promise<void> {
  const values = {
    ...(changes.channelId !== undefined && { channel_id: changes.channelId }),
    ...(changes.timezone !== undefined && { timezone: changes.timezone }),
  };
  if (Object.keys(values).length === 0) return;
  await db
    .insertInto('birthday_settings')
    .values({ guild_id: guildId, ...values })
    .onDuplicateKeyUpdate(values)
    .execute();
}

/** A member's birthday, optionally locked for the caller's transaction. */
export async function getBirthday(
  db: Tx,
  guildId: string,
  userId: string,
  lock = false,
): Promise<BirthdayRecord | undefined> {
  const query = db.selectFrom('birthdays').selectAll().where('guild_id', '=', guildId).where('user_id', '=', userId);
  const row = await (lock ? query.forUpdate() : query).executeTakeFirst();
  return row && toBirthday(row);
}

/** Every birthday in a guild (to reschedule them when its time zone changes). */
export async function guildBirthdays(db: Tx, guildId: string): Promise<BirthdayRecord[]> {
  const rows = await db.selectFrom('birthdays').selectAll().where('guild_id', '=', guildId).forUpdate().execute();
  return rows.map(toBirthday);
}

/** Sets a member's birthday and the job that announces it next. */
export async function saveBirthday(
  db: Tx,
  b: { guildId: string; userId: string; displayName: string; month: number; day: number; jobId: string },
): Promise<void> {
  const values = { display_name: b.displayName, month: b.month, day: b.day, job_id: b.jobId };
  await db
    .insertInto('birthdays')
    .values({ guild_id: b.guildId, user_id: b.userId, ...values })
    .onDuplicateKeyUpdate(values)
    .execute();
}

/** Points a birthday at the job that announces it next. */
export async function setBirthdayJob(db: Tx, guildId: string, userId: string, jobId: string) {
  await db
    .updateTable('birthdays')
    .set({ job_id: jobId })
    .where('guild_id', '=', guildId)
    .where('user_id', '=', userId)
    .execute();
}

/** Forgets a member's birthday; returns its announcing job id, or undefined when there was none. */
export async function deleteBirthday(db: Tx, guildId: string, userId: string): Promise<string | undefined> {
  const row = await getBirthday(db, guildId, userId, true);
  if (!row) return undefined;
  await db.deleteFrom('birthdays').where('guild_id', '=', guildId).where('user_id', '=', userId).execute();
  return row.jobId;
}
