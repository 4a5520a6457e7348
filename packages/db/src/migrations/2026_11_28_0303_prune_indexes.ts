import { sql, type Kysely } from 'kysely';

// The pruner (ADR 13) deletes old rows by time in small batches: it finds them through these indexes instead of
// scanning the tables (finished jobs already have scheduled_jobs_due). Adding a secondary index is an online operation on MySQL 8 and MariaDB 10.11 alike.

export async function up(db: Kysely<any>): Promise<void> {
  await sql`ALTER TABLE inbox ADD KEY inbox_processed (processed_at), ALGORITHM=INPLACE, LOCK=NONE`.execute(db);
  await sql`
    ALTER TABLE karma_cooldowns ADD KEY karma_cooldowns_expiry (expires_at), ALGORITHM=INPLACE, LOCK=NONE
  `.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`ALTER TABLE karma_cooldowns DROP KEY karma_cooldowns_expiry`.execute(db);
  await sql`ALTER TABLE inbox DROP KEY inbox_processed`.execute(db);
}
