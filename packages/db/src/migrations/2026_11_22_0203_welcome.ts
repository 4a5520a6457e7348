import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    CREATE TABLE welcome_settings (
      guild_id VARCHAR(20) NOT NULL PRIMARY KEY,
      channel_id VARCHAR(20) NULL,
      template VARCHAR(1000) NULL,
      auto_role_id VARCHAR(20) NULL,
      updated_at DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3) ON UPDATE CURRENT_TIMESTAMP(3)
    ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin
  `.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`DROP TABLE welcome_settings`.execute(db);
}
