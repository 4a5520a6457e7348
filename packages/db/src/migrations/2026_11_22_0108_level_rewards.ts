import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    CREATE TABLE level_rewards (
      guild_id VARCHAR(20) NOT NULL,
      level INT UNSIGNED NOT NULL,
      role_id VARCHAR(20) NOT NULL,
      PRIMARY KEY (guild_id, level)
    ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin
  `.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`DROP TABLE level_rewards`.execute(db);
}
