import { sql, type Kysely } from 'kysely';

// last_xp_at is on the member's row so "award XP if the cooldown has passed" is one atomic statement.

export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    CREATE TABLE level_members (
      guild_id VARCHAR(20) NOT NULL,
      user_id VARCHAR(20) NOT NULL,
      display_name VARCHAR(100) NOT NULL,
      xp BIGINT UNSIGNED NOT NULL DEFAULT 0,
      level INT UNSIGNED NOT NULL DEFAULT 0,
      last_xp_at DATETIME(3) NULL,
      PRIMARY KEY (guild_id, user_id),
      KEY level_members_board (guild_id, xp)
    ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin
  `.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`DROP TABLE level_members`.execute(db);
}
