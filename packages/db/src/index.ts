export * from './schema.ts';
export * from './connection.ts';
export * from './migrate.ts';
export * from './repositories/inbox.ts';
export * from './repositories/settings.ts';
export * from './repositories/karma.ts';
export type { Kysely, Transaction } from 'kysely';
