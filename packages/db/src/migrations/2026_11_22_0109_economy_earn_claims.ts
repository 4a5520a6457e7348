import { sql, type Kysely } from 'kysely';

// Per-message earning is a claim, like karma's cooldowns: one upsert credits an account only when its earn cooldown
// has passed and records which event won, so the batch reads back who was paid instead of locking accounts first.

export async function up(db: Kysely<any>): Promise<void> {
  await sql`ALTER TABLE economy_accounts ADD COLUMN last_earn_event_id VARCHAR(64) NULL AFTER last_earn_at`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`ALTER TABLE economy_accounts DROP COLUMN last_earn_event_id`.execute(db);
}
