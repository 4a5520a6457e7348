import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    CREATE TABLE level_settings (
      guild_id VARCHAR(20) NOT NULL PRIMARY KEY,
      xp_min INT UNSIGNED NOT NULL DEFAULT 15,
      xp_max INT UNSIGNED NOT NULL DEFAULT 25,
      cooldown_seconds INT UNSIGNED NOT NULL DEFAULT 60,
      announce TINYINT(1) NOT NULL DEFAULT 1,
      announce_channel_id VARCHAR(20) NULL,
      updated_at DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3) ON UPDATE CURRENT_TIMESTAMP(3)
    ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin
  `.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`DROP TABLE level_settings`.execute(db);
}
