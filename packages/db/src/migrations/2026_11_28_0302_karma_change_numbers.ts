import { sql, type Kysely } from 'kysely';

// Karma changes are numbered per guild (`/karma revert id:1` is the guild's first change), like moderation cases:
// karma_counters holds the last number handed out, incremented in the transaction that records the changes, so a
// rollback gives numbers back and they never skip; the unique key makes a repeat impossible. Existing changes are
// numbered in the order they were made. The global id stays as the primary key, for the engine only.

export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    CREATE TABLE karma_counters (
      guild_id VARCHAR(20) NOT NULL PRIMARY KEY,
      last_number INT UNSIGNED NOT NULL
    ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin
  `.execute(db);
  await sql`ALTER TABLE karma_changes ADD COLUMN number INT UNSIGNED NULL AFTER guild_id`.execute(db);
  // Window functions and a materialised derived table: the same on MySQL 8 and MariaDB 10.11.
  await sql`
    UPDATE karma_changes c
    JOIN (SELECT id, ROW_NUMBER() OVER (PARTITION BY guild_id ORDER BY id) AS n FROM karma_changes) r ON r.id = c.id
    SET c.number = r.n
  `.execute(db);
  await sql`
    INSERT INTO karma_counters (guild_id, last_number)
    SELECT guild_id, MAX(number) FROM karma_changes GROUP BY guild_id
  `.execute(db);
  await sql`
    ALTER TABLE karma_changes
      MODIFY number INT UNSIGNED NOT NULL,
      ADD UNIQUE KEY karma_changes_number (guild_id, number),
      DROP KEY karma_changes_guild
  `.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`
    ALTER TABLE karma_changes
      ADD KEY karma_changes_guild (guild_id, id),
      DROP KEY karma_changes_number,
      DROP COLUMN number
  `.execute(db);
  await sql`DROP TABLE karma_counters`.execute(db);
}
