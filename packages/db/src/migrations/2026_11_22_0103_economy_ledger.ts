import { sql, type Kysely } from 'kysely';

// Every balance change, written in the same transaction as the change: a member's deltas sum to their balance.

export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    CREATE TABLE economy_ledger (
      id BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
      guild_id VARCHAR(20) NOT NULL,
      user_id VARCHAR(20) NOT NULL,
      delta BIGINT NOT NULL,
      balance_after BIGINT UNSIGNED NOT NULL,
      reason ENUM('earn', 'daily', 'transfer', 'grant', 'take', 'purchase', 'refund') NOT NULL,
      counterparty_id VARCHAR(20) NULL,
      correlation_id VARCHAR(64) NOT NULL,
      created_at DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
      KEY economy_ledger_guild (guild_id, id),
      KEY economy_ledger_member (guild_id, user_id, id)
    ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin
  `.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`DROP TABLE economy_ledger`.execute(db);
}
