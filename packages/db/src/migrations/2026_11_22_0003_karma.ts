import { sql, type Kysely } from 'kysely';

// Keys are compared byte for byte (utf8mb4_bin): the application already folds case, and a collation that also
// folded accents would merge "café" into "cafe".

export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    CREATE TABLE karma_subjects (
      guild_id VARCHAR(20) NOT NULL,
      subject_kind ENUM('name', 'member') NOT NULL,
      subject_key VARCHAR(64) NOT NULL,
      display VARCHAR(64) NOT NULL,
      total BIGINT NOT NULL DEFAULT 0,
      updated_at DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3) ON UPDATE CURRENT_TIMESTAMP(3),
      PRIMARY KEY (guild_id, subject_kind, subject_key),
      KEY karma_subjects_board (guild_id, total)
    ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin
  `.execute(db);
  await sql`
    CREATE TABLE karma_changes (
      id BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
      guild_id VARCHAR(20) NOT NULL,
      subject_kind ENUM('name', 'member') NOT NULL,
      subject_key VARCHAR(64) NOT NULL,
      giver_id VARCHAR(20) NOT NULL,
      delta INT NOT NULL,
      message_id VARCHAR(20) NULL,
      event_id VARCHAR(64) NOT NULL,
      created_at DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
      reverted_at DATETIME(3) NULL,
      reverted_by VARCHAR(20) NULL,
      KEY karma_changes_guild (guild_id, id),
      KEY karma_changes_subject (guild_id, subject_kind, subject_key, id)
    ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin
  `.execute(db);
  await sql`
    CREATE TABLE karma_cooldowns (
      guild_id VARCHAR(20) NOT NULL,
      giver_id VARCHAR(20) NOT NULL,
      subject_kind ENUM('name', 'member') NOT NULL,
      subject_key VARCHAR(64) NOT NULL,
      expires_at DATETIME(3) NOT NULL,
      event_id VARCHAR(64) NOT NULL,
      PRIMARY KEY (guild_id, giver_id, subject_kind, subject_key)
    ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin
  `.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`DROP TABLE karma_cooldowns`.execute(db);
  await sql`DROP TABLE karma_changes`.execute(db);
  await sql`DROP TABLE karma_subjects`.execute(db);
}
