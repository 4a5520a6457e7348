import { sql, type Kysely } from 'kysely';

// What the bot last saw of each guild it is in (gateway.guild.synced), for the web dashboard: the roles and channels
// are JSON documents of at most 250 and 500 entries, read whole with their guild's row. observed_at orders snapshots
// that core replicas apply out of order; present = 0 once the bot has left.

export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    CREATE TABLE guild_directory (
      guild_id VARCHAR(20) NOT NULL PRIMARY KEY,
      name VARCHAR(100) NOT NULL,
      icon VARCHAR(64) NULL,
      owner_id VARCHAR(20) NOT NULL,
      preferred_locale VARCHAR(16) NOT NULL,
      member_count INT UNSIGNED NOT NULL,
      bot_user_id VARCHAR(20) NOT NULL,
      bot_highest_role_position INT UNSIGNED NOT NULL,
      roles MEDIUMTEXT NOT NULL,
      channels MEDIUMTEXT NOT NULL,
      present TINYINT(1) NOT NULL,
      observed_at DATETIME(3) NOT NULL,
      updated_at DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3) ON UPDATE CURRENT_TIMESTAMP(3)
    ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin
  `.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`DROP TABLE guild_directory`.execute(db);
}
