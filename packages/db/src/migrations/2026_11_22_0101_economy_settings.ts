import { sql, type Kysely } from 'kysely';

// Economy settings get their own table rather than more columns on guild_settings: each feature owns its row.

export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    CREATE TABLE economy_settings (
      guild_id VARCHAR(20) NOT NULL PRIMARY KEY,
      currency_name VARCHAR(32) NOT NULL DEFAULT 'coins',
      currency_symbol VARCHAR(16) NOT NULL DEFAULT '🪙',
      earn_amount BIGINT UNSIGNED NOT NULL DEFAULT 1,
      earn_cooldown_seconds INT UNSIGNED NOT NULL DEFAULT 60,
      daily_amount BIGINT UNSIGNED NOT NULL DEFAULT 100,
      updated_at DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3) ON UPDATE CURRENT_TIMESTAMP(3)
    ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin
  `.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`DROP TABLE economy_settings`.execute(db);
}
