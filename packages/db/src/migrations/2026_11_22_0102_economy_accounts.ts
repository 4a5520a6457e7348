import { sql, type Kysely } from 'kysely';

// One row per member per guild. The surrogate id gives transfers a total order to lock accounts in. The balance
// can never go below zero: the column is unsigned and every debit is a conditional UPDATE. The cooldown columns
// live on the row so "pay if the cooldown has passed" is one atomic statement.

export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    CREATE TABLE economy_accounts (
      id BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
      guild_id VARCHAR(20) NOT NULL,
      user_id VARCHAR(20) NOT NULL,
      display_name VARCHAR(100) NOT NULL,
      balance BIGINT UNSIGNED NOT NULL DEFAULT 0,
      last_earn_at DATETIME(3) NULL,
      daily_last_at DATETIME(3) NULL,
      daily_streak INT UNSIGNED NOT NULL DEFAULT 0,
      created_at DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
      UNIQUE KEY economy_accounts_member (guild_id, user_id),
      KEY economy_accounts_board (guild_id, balance),
      CONSTRAINT economy_accounts_balance_non_negative CHECK (balance >= 0)
    ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin
  `.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`DROP TABLE economy_accounts`.execute(db);
}
