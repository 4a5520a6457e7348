import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    CREATE TABLE birthday_settings (
      guild_id VARCHAR(20) NOT NULL PRIMARY KEY,
      channel_id VARCHAR(20) NULL,
      timezone VARCHAR(64) NOT NULL DEFAULT 'UTC',
      updated_at DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3) ON UPDATE CURRENT_TIMESTAMP(3)
    ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin
  `.execute(db);
  await sql`
    CREATE TABLE birthdays (
      guild_id VARCHAR(20) NOT NULL,
      user_id VARCHAR(20) NOT NULL,
      display_name VARCHAR(100) NOT NULL,
      month TINYINT UNSIGNED NOT NULL,
      day TINYINT UNSIGNED NOT NULL,
      job_id VARCHAR(36) NOT NULL,
      updated_at DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3) ON UPDATE CURRENT_TIMESTAMP(3),
      PRIMARY KEY (guild_id, user_id)
    ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin
  `.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`DROP TABLE birthdays`.execute(db);
  await sql`DROP TABLE birthday_settings`.execute(db);
}
