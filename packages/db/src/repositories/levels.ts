import { sql, type Selectable } from 'kysely';
import { writeNowOrLater, writeThenRead, type WriteSink, type Tx } from '../unit-of-work.ts';
import type { LevelSettingsTable } from '../schema.ts';

/** A guild's level settings, with defaults filled in. */
export interface LevelSettings {
  /** Each XP-earning message gives a whole number of XP in [xpMin, xpMax]. */
  xpMin: number;
  xpMax: number;
  cooldownSeconds: number;
  announce: boolean;
  /** Where level-ups are announced; null means in reply to the message. */
  announceChannelId: string | null;
}

/** Settings a guild has before anyone changes them (MEE6's well-known 15-25 XP per minute). */
export const DefaultLevelSettings: LevelSettings = {
  xpMin: 15,
  xpMax: 25,
  cooldownSeconds: 60,
  announce: true,
  announceChannelId: null,
};

/** Reads a guild's level settings; a guild with no row has the defaults. */
export async function getLevelSettings(db: Tx, guildId: string): Promise<LevelSettings> {
  const row = await db.selectFrom('level_settings').selectAll().where('guild_id', '=', guildId).executeTakeFirst();
  return row ? levelSettingsOf(row) : DefaultLevelSettings;
}

/** The settings a level_settings row holds. */
export function levelSettingsOf(row: Omit<Selectable<LevelSettingsTable>, 'guild_id' | 'updated_at'>): LevelSettings {
  return {
    xpMin: Number(row.xp_min),
    xpMax: Number(row.xp_max),
    cooldownSeconds: Number(row.cooldown_seconds),
    announce: Number(row.announce) === 1,
    announceChannelId: row.announce_channel_id,
  };
}

/** Changes some of a guild's level settings, creating its row if needed. */
export async function updateLevelSettings(db: Tx, guildId: string, changes: Partial<LevelSettings>): Promise<void> {
  const values = {
    ...(changes.xpMin !== undefined && { xp_min: changes.xpMin }),
    ...(changes.xpMax !== undefined && { xp_max: changes.xpMax }),
    ...(changes.cooldownSeconds !== undefined && { cooldown_seconds: changes.cooldownSeconds }),
    ...(changes.announce !== undefined && { announce: changes.announce ? 1 : 0 }),
    ...(changes.announceChannelId !== undefined && { announce_channel_id: changes.announceChannelId }),
  };
  if (Object.keys(values).length === 0) return;
  await db
    .insertInto('level_settings')
    .values({ guild_id: guildId, ...values })
    .onDuplicateKeyUpdate(values)
    .execute();
}

/** A role given at a level. */
export interface LevelReward {
  level: number;
  roleId: string;
}

/** A guild's role rewards, lowest level first. */
export async function listLevelRewards(db: Tx, guildId: string): Promise<LevelReward[]> {
  const rows = await db
    .selectFrom('level_rewards')
    .select(['level', 'role_id'])
    .where('guild_id', '=', guildId)
    .orderBy('level')
    .execute();
  return rows.map((r) => ({ level: Number(r.level), roleId: r.role_id }));
}

/** Sets (or replaces) the role given at a level. */
export async function setLevelReward(db: Tx, guildId: string, reward: LevelReward): Promise<void> {
  await db
    .insertInto('level_rewards')
    .values({ guild_id: guildId, level: reward.level, role_id: reward.roleId })
    .onDuplicateKeyUpdate({ role_id: reward.roleId })
    .execute();
}

/** Removes the reward at a level; false when there was none. */
export async function removeLevelReward(db: Tx, guildId: string, level: number): Promise<boolean> {
  const result = await db
    .deleteFrom('level_rewards')
    .where('guild_id', '=', guildId)
    .where('level', '=', level)
    .executeTakeFirst();
  return result.numDeletedRows > 0n;
}

/** A member's XP and level. */
export interface LevelMember {
  userId: string;
  displayName: string;
  xp: number;
  level: number;
}

/** A member's row as locked for an XP award. */
export interface LockedLevelMember extends LevelMember {
  /** Whether the XP cooldown has passed (by the DB clock). */
  ready: boolean;
}

/**
 * Creates missing member rows (refreshing display names) and locks the members' rows for this transaction, in
 * primary-key order so concurrent batches queue rather than deadlock. Each row says whether its XP cooldown has
 * passed; while the locks are held, saveXpAwards can then pay exactly those. The upsert and the locking read go in
 * one round trip.
 */
export async function lockLevelMembers(
  db: Tx,
  guildId: string,
  members: readonly { userId: string; displayName: string }[],
  cooldownSeconds: number,
): Promise<LockedLevelMember[]> {
  if (members.length === 0) return [];
  const sorted = [...members].sort((a, b) => (a.userId < b.userId ? -1 : a.userId > b.userId ? 1 : 0));
  const upsert = db
    .insertInto('level_members')
    .values(sorted.map((m) => ({ guild_id: guildId, user_id: m.userId, display_name: m.displayName })))
    .onDuplicateKeyUpdate({ display_name: sql<string>`VALUES(display_name)` });
  const lock = db
    .selectFrom('level_members')
    .select(['user_id', 'display_name', 'xp', 'level'])
    .select(
      sql<number>`(last_xp_at IS NULL OR last_xp_at <= CURRENT_TIMESTAMP(3) - INTERVAL ${cooldownSeconds} SECOND)`.as(
        'ready',
      ),
    )
    .where('guild_id', '=', guildId)
    .where(
      'user_id',
      'in',
      sorted.map((m) => m.userId),
    )
    .orderBy('user_id')
    .forUpdate();
  const rows = await writeThenRead(db, upsert, lock);
  return rows.map((r) => ({ ...toMember(r), ready: Number(r.ready) === 1 }));
}

/**
 * Adds XP to members locked by lockLevelMembers, sets their levels and restarts their cooldowns: one UPDATE, run now
 * or handed to `later`.
 */
export async function saveXpAwards(
  db: Tx,
  guildId: string,
  awards: readonly { userId: string; xp: number; level: number }[],
  later?: WriteSink,
): Promise<void> {
  if (awards.length === 0) return;
  const xpCase = sql.join(
    awards.map((a) => sql`WHEN ${a.userId} THEN ${a.xp}`),
    sql` `,
  );
  const levelCase = sql.join(
    awards.map((a) => sql`WHEN ${a.userId} THEN ${a.level}`),
    sql` `,
  );
  const update = db
    .updateTable('level_members')
    .set({
      xp: sql<string>`xp + CASE user_id ${xpCase} ELSE 0 END`,
      level: sql<number>`CASE user_id ${levelCase} ELSE level END`,
      last_xp_at: sql<Date>`CURRENT_TIMESTAMP(3)`,
    })
    .where('guild_id', '=', guildId)
    .where(
      'user_id',
      'in',
      awards.map((a) => a.userId),
    );
  await writeNowOrLater(db, update, later);
}

/** A member's XP and level, or null when they have never earned any. */
export async function getLevelMember(db: Tx, guildId: string, userId: string): Promise<LevelMember | null> {
  const row = await db
    .selectFrom('level_members')
    .select(['user_id', 'display_name', 'xp', 'level'])
    .where('guild_id', '=', guildId)
    .where('user_id', '=', userId)
    .executeTakeFirst();
  return row ? toMember(row) : null;
}

/** A member's place by XP: one more than the number of members with more XP. */
export async function xpRank(db: Tx, guildId: string, xp: number): Promise<number> {
  const row = await db
    .selectFrom('level_members')
    .select(db.fn.countAll<string>().as('n'))
    .where('guild_id', '=', guildId)
    .where(sql<boolean>`xp > ${xp}`)
    .executeTakeFirstOrThrow();
  return Number(row.n) + 1;
}

/** The members with the most XP; ties broken by user id so the order is stable. */
export async function levelLeaderboard(db: Tx, guildId: string, limit: number): Promise<LevelMember[]> {
  const rows = await db
    .selectFrom('level_members')
    .select(['user_id', 'display_name', 'xp', 'level'])
    .where('guild_id', '=', guildId)
    .where(sql<boolean>`xp > 0`)
    .orderBy('xp', 'desc')
    .orderBy('user_id')
    .limit(limit)
    .execute();
  return rows.map(toMember);
}

function toMember(row: { user_id: string; display_name: string; xp: string; level: number }): LevelMember {
  return { userId: row.user_id, displayName: row.display_name, xp: Number(row.xp), level: Number(row.level) };
}
