import { z } from 'zod';
import { createLogger, DatabaseVars, loadConfig } from '@guildhall/runtime';
import { createDatabase } from '../connection.ts';
import { ensureDatabaseExists, migrateToLatest } from '../migrate.ts';

// `pnpm migrate`: creates the database if needed and applies every pending migration.
const log = createLogger('migrate');
const config = loadConfig(z.object(DatabaseVars));
await ensureDatabaseExists(config.DATABASE_URL);
const db = createDatabase(config.DATABASE_URL, { poolSize: 1 });
try {
  const result = await migrateToLatest(db);
  for (const r of result.results ?? []) log.info({ migration: r.migrationName, status: r.status }, 'migration');
  log.info({ applied: result.results?.length ?? 0 }, 'schema is up to date');
} finally {
  await db.destroy();
}
