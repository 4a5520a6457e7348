import { sql, type Kysely } from 'kysely';

// A purchase is debited at once and settled when the bot reports the role add: done, or refunded. reply_to keeps
// where to tell the member, since the bot's report does not carry it.

export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    CREATE TABLE economy_purchases (
      id BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
      guild_id VARCHAR(20) NOT NULL,
      user_id VARCHAR(20) NOT NULL,
      role_id VARCHAR(20) NOT NULL,
      price BIGINT UNSIGNED NOT NULL,
      status ENUM('pending', 'done', 'refunded') NOT NULL DEFAULT 'pending',
      reply_to TEXT NOT NULL,
      event_id VARCHAR(64) NOT NULL,
      created_at DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
      settled_at DATETIME(3) NULL,
      KEY economy_purchases_member (guild_id, user_id, id)
    ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin
  `.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`DROP TABLE economy_purchases`.execute(db);
}
