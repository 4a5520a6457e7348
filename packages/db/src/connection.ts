import { CompiledQuery, Kysely, MysqlDialect, type LogEvent } from 'kysely';
import { createPool } from 'mysql2';
import type { Database } from './schema.ts';

/** Options for createDatabase. */
export interface DatabaseOptions {
  /** Connections in the pool; bounds how many transactions run at once. */
  poolSize?: number;
  /** Hears of every query sent (one per round trip), e.g. to count round trips in a test. */
  log?: (event: LogEvent) => void;
}

/** Defaults for DatabaseOptions. */
export const DefaultDatabaseOptions = { poolSize: 10 } as const;

/**
 * Opens a pooled Kysely over mysql2. Big numbers come back as strings (snowflakes, BIGINT balances), times are
 * UTC, and affected-row counts mean "changed" rather than "matched" so conditional upserts can be read off them.
 */
export function createDatabase(url: string, options: DatabaseOptions = {}): Kysely<Database> {
  const pool = createPool({
    uri: url,
    connectionLimit: options.poolSize ?? DefaultDatabaseOptions.poolSize,
    supportBigNumbers: true,
    bigNumberStrings: true,
    decimalNumbers: false,
    timezone: 'Z',
    charset: 'utf8mb4_bin',
    flags: ['-FOUND_ROWS'],
    // For writeThenRead: a statement and the read of its effect in one round trip. Every query is built by kysely
    // with bound parameters, so no input can smuggle in a statement of its own.
    multipleStatements: true,
    connectTimeout: 5_000,
    enableKeepAlive: true,
  });
  return new Kysely<Database>({
    ...(options.log && { log: options.log }),
    dialect: new MysqlDialect({
      pool,
      onCreateConnection: async (connection) => {
        await connection.executeQuery(CompiledQuery.raw("SET time_zone = '+00:00'"));
      },
    }),
  });
}

/** mysql2 error codes that mean the database is unreachable or the connection broke: worth waiting for. */
const unavailableCodes = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  'ENOTFOUND',
  'EHOSTUNREACH',
  'PROTOCOL_CONNECTION_LOST',
  'PROTOCOL_SEQUENCE_TIMEOUT',
  'ER_CON_COUNT_ERROR',
  'ER_SERVER_SHUTDOWN',
  'ER_QUERY_INTERRUPTED',
  'ER_CONNECTION_KILLED',
  'ER_LOCK_WAIT_TIMEOUT',
  'ER_LOCK_DEADLOCK',
]);

/** True when an error means "try again later" rather than "this request is bad". */
export function isDatabaseUnavailable(err: unknown): boolean {
  for (let e: unknown = err; e instanceof Error; e = e.cause) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string' && unavailableCodes.has(code)) return true;
    if (e.message.includes("Can't add new command when connection is in closed state")) return true;
    if (e.message.includes('Pool is closed')) return false;
  }
  return false;
}

/** True for a deadlock: the transaction was rolled back and simply needs to run again. */
export function isDeadlock(err: unknown): boolean {
  const code = (err as { code?: unknown } | null)?.code;
  return code === 'ER_LOCK_DEADLOCK' || code === 'ER_LOCK_WAIT_TIMEOUT';
}
