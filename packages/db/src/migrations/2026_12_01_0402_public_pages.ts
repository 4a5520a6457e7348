import { sql, type Kysely } from 'kysely';

// Whether a guild's dashboard pages (leaderboards, settings summary) are public; off until an admin turns it on
// (`/guildhall public-pages`), since they show members' names and standings to anyone with the link.

export async function up(db: Kysely<any>): Promise<void> {
  await sql`ALTER TABLE guild_settings ADD COLUMN public_pages TINYINT(1) NOT NULL DEFAULT 0`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`ALTER TABLE guild_settings DROP COLUMN public_pages`.execute(db);
}
