import { sql, type Kysely } from 'kysely';

// Frozen in time: this file must keep working against the schema as it was when it was written.

export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    CREATE TABLE inbox (
      event_id VARCHAR(64) NOT NULL PRIMARY KEY,
      event_type VARCHAR(128) NOT NULL,
      processed_at DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3)
    ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin
  `.execute(db);
  await sql`
    CREATE TABLE outbox (
      id BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
      event_id VARCHAR(64) NOT NULL,
      direction ENUM('request', 'result') NOT NULL,
      routing_key VARCHAR(128) NOT NULL,
      body MEDIUMTEXT NOT NULL,
      created_at DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
      published_at DATETIME(3) NULL,
      UNIQUE KEY outbox_event_id (event_id),
      KEY outbox_unpublished (published_at, id)
    ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin
  `.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`DROP TABLE outbox`.execute(db);
  await sql`DROP TABLE inbox`.execute(db);
}
