import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    CREATE TABLE guild_settings (
      guild_id VARCHAR(20) NOT NULL PRIMARY KEY,
      karma_announce TINYINT(1) NOT NULL DEFAULT 1,
      karma_cooldown_seconds INT UNSIGNED NOT NULL DEFAULT 60,
      karma_max_subjects INT UNSIGNED NOT NULL DEFAULT 5,
      updated_at DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3) ON UPDATE CURRENT_TIMESTAMP(3)
    ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin
  `.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`DROP TABLE guild_settings`.execute(db);
}
