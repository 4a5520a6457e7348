import { sql, type Selectable } from 'kysely';
import type { GuildDirectoryTable } from '../schema.ts';
import type { Tx } from '../unit-of-work.ts';

/** A role as the bot last saw it. */
export interface DirectoryRoleRecord {
  id: string;
  name: string;
  position: number;
  managed: boolean;
  permissions: string;
  color: number;
}

/** A text channel as the bot last saw it. */
export interface DirectoryChannelRecord {
  id: string;
  name: string;
  position: number;
}

/** What the bot last saw of a guild (gateway.guild.synced). */
export interface GuildSnapshot {
  guildId: string;
  name: string;
  icon: string | null;
  ownerId: string;
  preferredLocale: string;
  memberCount: number;
  botUserId: string;
  botHighestRolePosition: number;
  roles: DirectoryRoleRecord[];
  channels: DirectoryChannelRecord[];
  observedAt: Date;
}

/** A guild in the directory, and whether the bot is still there. */
export interface GuildDirectoryEntry extends GuildSnapshot {
  present: boolean;
}

/**
 * Stores a snapshot unless a newer one is stored already (snapshots of one guild may be applied out of order by
 * different core replicas): one statement, the row's own observed_at deciding.
 */
export async function recordGuildSnapshot(db: Tx, s: GuildSnapshot): Promise<void> {
  const values = {
    guild_id: s.guildId,
    name: s.name,
    icon: s.icon,
    owner_id: s.ownerId,
    preferred_locale: s.preferredLocale,
    member_count: s.memberCount,
    bot_user_id: s.botUserId,
    bot_highest_role_position: s.botHighestRolePosition,
    roles: JSON.stringify(s.roles),
    channels: JSON.stringify(s.channels),
    present: 1,
    observed_at: s.observedAt,
  };
  // Each column keeps its value unless this snapshot is newer; observed_at goes last, so the comparisons before it
  // still see the stored time (MySQL assigns left to right).
  const newer = sql<boolean>`VALUES(observed_at) > observed_at`;
  const keep = <C extends keyof typeof values>(column: C) =>
    sql<(typeof values)[C]>`IF(${newer}, VALUES(${sql.ref(column)}), ${sql.ref(column)})`;
  await db
    .insertInto('guild_directory')
    .values(values)
    .onDuplicateKeyUpdate({
      name: keep('name'),
      icon: keep('icon'),
      owner_id: keep('owner_id'),
      preferred_locale: keep('preferred_locale'),
      member_count: keep('member_count'),
      bot_user_id: keep('bot_user_id'),
      bot_highest_role_position: keep('bot_highest_role_position'),
      roles: keep('roles'),
      channels: keep('channels'),
      present: keep('present'),
      observed_at: keep('observed_at'),
    })
    .execute();
}

/** Marks a guild as left, unless a newer snapshot says the bot is (back) there. */
export async function recordGuildLeft(db: Tx, guildId: string, observedAt: Date): Promise<void> {
  await db
    .updateTable('guild_directory')
    .set({ present: 0, observed_at: observedAt })
    .where('guild_id', '=', guildId)
    .where('observed_at', '<', observedAt)
    .execute();
}

/** What a guild's public pages show of it, and whether they are public: one primary-key read. */
export interface GuildPageFacts {
  guildId: string;
  name: string;
  icon: string | null;
  memberCount: number;
  publicPages: boolean;
}

/**
 * A guild where the bot is, with its public-pages switch, without its roles and channels (a leaderboard page,
 * asked for at every view, needs neither), or undefined.
 */
export async function guildPageFacts(db: Tx, guildId: string): Promise<GuildPageFacts | undefined> {
  const row = await db
    .selectFrom('guild_directory as d')
    .leftJoin('guild_settings as s', 's.guild_id', 'd.guild_id')
    .select(['d.guild_id', 'd.name', 'd.icon', 'd.member_count', 's.public_pages'])
    .where('d.guild_id', '=', guildId)
    .where('d.present', '=', 1)
    .executeTakeFirst();
  return (
    row && {
      guildId: row.guild_id,
      name: row.name,
      icon: row.icon,
      memberCount: Number(row.member_count),
      publicPages: Number(row.public_pages ?? 0) === 1,
    }
  );
}

/** The guilds among `guildIds` where the bot is, keyed by id. */
export async function presentGuilds(db: Tx, guildIds: readonly string[]): Promise<Map<string, GuildDirectoryEntry>> {
  if (guildIds.length === 0) return new Map();
  const rows = await db
    .selectFrom('guild_directory')
    .selectAll()
    .where('guild_id', 'in', guildIds)
    .where('present', '=', 1)
    .execute();
  return new Map(rows.map((r) => [r.guild_id, entryOf(r)]));
}

/** A guild where the bot is, or undefined (never seen, or left). */
export async function presentGuild(db: Tx, guildId: string): Promise<GuildDirectoryEntry | undefined> {
  return (await presentGuilds(db, [guildId])).get(guildId);
}

function entryOf(r: Selectable<GuildDirectoryTable>): GuildDirectoryEntry {
  return {
    guildId: r.guild_id,
    name: r.name,
    icon: r.icon,
    ownerId: r.owner_id,
    preferredLocale: r.preferred_locale,
    memberCount: Number(r.member_count),
    botUserId: r.bot_user_id,
    botHighestRolePosition: Number(r.bot_highest_role_position),
    roles: JSON.parse(r.roles) as DirectoryRoleRecord[],
    channels: JSON.parse(r.channels) as DirectoryChannelRecord[],
    present: Number(r.present) === 1,
    observedAt: r.observed_at,
  };
}
