import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    CREATE TABLE temp_roles (
      id BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
      guild_id VARCHAR(20) NOT NULL,
      user_id VARCHAR(20) NOT NULL,
      user_name VARCHAR(100) NOT NULL,
      role_id VARCHAR(20) NOT NULL,
      granted_by VARCHAR(20) NOT NULL,
      duration_seconds INT UNSIGNED NOT NULL,
      expires_at DATETIME(3) NOT NULL,
      job_id VARCHAR(36) NOT NULL,
      status ENUM('pending', 'active', 'failed', 'expired') NOT NULL DEFAULT 'pending',
      reply_to TEXT NULL,
      created_at DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
      KEY temp_roles_member (guild_id, user_id, role_id, id)
    ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin
  `.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`DROP TABLE temp_roles`.execute(db);
}
