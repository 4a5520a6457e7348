import { sql, type Kysely } from 'kysely';

// Case numbers come from mod_counters, incremented in the same transaction that inserts the case, so a rolled-back
// action gives its number back and numbers never skip; the unique key makes a repeat impossible.

export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    CREATE TABLE mod_settings (
      guild_id VARCHAR(20) NOT NULL PRIMARY KEY,
      log_channel_id VARCHAR(20) NULL,
      warn_threshold INT UNSIGNED NOT NULL DEFAULT 3,
      warn_window_days INT UNSIGNED NOT NULL DEFAULT 7,
      warn_action ENUM('timeout', 'kick', 'ban') NOT NULL DEFAULT 'timeout',
      warn_action_seconds INT UNSIGNED NOT NULL DEFAULT 3600,
      spam_messages INT UNSIGNED NOT NULL DEFAULT 0,
      spam_seconds INT UNSIGNED NOT NULL DEFAULT 5,
      spam_mentions INT UNSIGNED NOT NULL DEFAULT 0,
      spam_action ENUM('warn', 'timeout') NOT NULL DEFAULT 'warn',
      spam_timeout_seconds INT UNSIGNED NOT NULL DEFAULT 600,
      updated_at DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3) ON UPDATE CURRENT_TIMESTAMP(3)
    ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin
  `.execute(db);
  await sql`
    CREATE TABLE mod_counters (
      guild_id VARCHAR(20) NOT NULL PRIMARY KEY,
      last_number INT UNSIGNED NOT NULL
    ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin
  `.execute(db);
  await sql`
    CREATE TABLE mod_cases (
      id BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
      guild_id VARCHAR(20) NOT NULL,
      case_number INT UNSIGNED NOT NULL,
      action ENUM('warn', 'timeout', 'kick', 'ban', 'unban', 'purge') NOT NULL,
      target_id VARCHAR(20) NULL,
      target_name VARCHAR(100) NULL,
      channel_id VARCHAR(20) NULL,
      moderator_id VARCHAR(20) NOT NULL,
      moderator_name VARCHAR(100) NOT NULL,
      automatic TINYINT(1) NOT NULL DEFAULT 0,
      reason VARCHAR(512) NOT NULL DEFAULT '',
      duration_seconds INT UNSIGNED NULL,
      expires_at DATETIME(3) NULL,
      ended_at DATETIME(3) NULL,
      delete_message_days TINYINT UNSIGNED NULL,
      purge_count INT UNSIGNED NULL,
      status ENUM('pending', 'succeeded', 'failed') NOT NULL,
      error VARCHAR(1000) NULL,
      detail TEXT NULL,
      reply_to TEXT NULL,
      created_at DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
      updated_at DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3) ON UPDATE CURRENT_TIMESTAMP(3),
      UNIQUE KEY mod_cases_number (guild_id, case_number),
      KEY mod_cases_target (guild_id, target_id, id)
    ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin
  `.execute(db);
  await sql`
    CREATE TABLE mod_spam_windows (
      guild_id VARCHAR(20) NOT NULL,
      user_id VARCHAR(20) NOT NULL,
      window_started_at DATETIME(3) NOT NULL,
      messages INT UNSIGNED NOT NULL,
      PRIMARY KEY (guild_id, user_id)
    ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin
  `.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`DROP TABLE mod_spam_windows`.execute(db);
  await sql`DROP TABLE mod_cases`.execute(db);
  await sql`DROP TABLE mod_counters`.execute(db);
  await sql`DROP TABLE mod_settings`.execute(db);
}
