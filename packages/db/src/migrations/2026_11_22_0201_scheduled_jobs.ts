import { sql, type Kysely } from 'kysely';

// The durable clock. Core inserts and cancels rows in its own transactions; the scheduler only claims due rows
// (SKIP LOCKED, with a lease so a dead claimer's rows come back) and publishes them with the row id as the event id.
// The payload is JSON kept as TEXT so MySQL and MariaDB hand it back the same way (a string).

export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    CREATE TABLE scheduled_jobs (
      id VARCHAR(36) NOT NULL PRIMARY KEY,
      guild_id VARCHAR(20) NOT NULL,
      kind VARCHAR(32) NOT NULL,
      job_key VARCHAR(128) NULL,
      payload TEXT NOT NULL,
      correlation_id VARCHAR(64) NULL,
      due_at DATETIME(3) NOT NULL,
      status ENUM('pending', 'claimed', 'done', 'cancelled') NOT NULL DEFAULT 'pending',
      attempts INT UNSIGNED NOT NULL DEFAULT 0,
      claimed_by VARCHAR(128) NULL,
      claimed_until DATETIME(3) NULL,
      created_at DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
      fired_at DATETIME(3) NULL,
      KEY scheduled_jobs_due (status, due_at),
      KEY scheduled_jobs_lease (status, claimed_until),
      KEY scheduled_jobs_key (guild_id, job_key, status)
    ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin
  `.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`DROP TABLE scheduled_jobs`.execute(db);
}
