import { sql, type Kysely } from 'kysely';

// A member subject's display is the member's display name, which events carry up to 100 characters like every other
// display-name column; the 64 here made a long name fail the whole batch. Widening a utf8mb4 VARCHAR whose length
// already takes two bytes (64 × 4 > 255) changes only metadata on MySQL 8 and MariaDB 10.11 alike, so this asks for
// INPLACE without locks and fails rather than copy the table.

export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    ALTER TABLE karma_subjects MODIFY display VARCHAR(100) NOT NULL, ALGORITHM=INPLACE, LOCK=NONE
  `.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`ALTER TABLE karma_subjects MODIFY display VARCHAR(64) NOT NULL`.execute(db);
}
