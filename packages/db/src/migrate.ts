import { Migrator, sql, type Kysely, type MigrationResultSet } from 'kysely';
import { createDatabase } from './connection.ts';
import type { Database } from './schema.ts';
import { createConnection } from 'mysql2/promise';
import { migrations } from './migrations/index.ts';

/**
 * Brings the schema to the latest migration. Safe when several replicas start at once: Kysely holds a MySQL
 * named lock (GET_LOCK) for the whole run, so one replica migrates and the others find nothing left to do.
 */
export async function migrateToLatest(db: Kysely<Database>): Promise<MigrationResultSet> {
  const result = await migratorFor(db).migrateToLatest();
  if (result.error) throw result.error;
  return result;
}

/** The migrator of Guildhall's schema (tests use it to stop at a migration and look at what the next one does). */
export function migratorFor(db: Kysely<Database>): Migrator {
  return new Migrator({
    db,
    provider: { getMigrations: async () => migrations },
    migrationTableName: 'schema_migrations',
    migrationLockTableName: 'schema_migrations_lock',
  });
}

/** Creates the database named in the URL if it does not exist yet (a convenience for local runs and tests). */
export async function ensureDatabaseExists(url: string): Promise<void> {
  const parsed = new URL(url);
  const name = decodeURIComponent(parsed.pathname.replace(/^\//, ''));
  if (!/^[A-Za-z0-9_]+$/.test(name)) throw new Error(`database name ${JSON.stringify(name)} must be [A-Za-z0-9_]+`);
  parsed.pathname = '/';
  const conn = await createConnection({ uri: parsed.toString(), connectTimeout: 5_000 });
  try {
    await conn.query(`CREATE DATABASE IF NOT EXISTS \`${name}\` CHARACTER SET utf8mb4 COLLATE utf8mb4_bin`);
  } finally {
    await conn.end();
  }
}

/** Opens a service's database; with `migrate`, first creates it if missing and applies pending migrations. */
export async function openDatabase(
  url: string,
  options: { poolSize: number; migrate: boolean },
): Promise<Kysely<Database>> {
  if (options.migrate) await ensureDatabaseExists(url);
  const db = createDatabase(url, { poolSize: options.poolSize });
  try {
    if (options.migrate) await migrateToLatest(db);
  } catch (err) {
    await db.destroy();
    throw err;
  }
  return db;
}

/** True when the database answers a trivial query: what /readyz asks. */
export async function isDatabaseReachable(db: Kysely<Database>): Promise<boolean> {
  try {
    await sql`SELECT 1`.execute(db);
    return true;
  } catch {
    return false;
  }
}
