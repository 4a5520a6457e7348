import { CompiledQuery, Kysely, MysqlDialect, type Compilable, type QueryResult } from 'kysely';
import { createPool } from 'mysql2';
import type { Database } from './schema.ts';

/** Options for createDatabase. */
export interface DatabaseOptions {
  /** Connections in the pool; bounds how many transactions run at once. */
  poolSize?: number;
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
    dialect: new MysqlDialect({
      pool,
      onCreateConnection: async (connection) => {
        await connection.executeQuery(CompiledQuery.raw("SET time_zone = '+00:00'"));
      },
    }),
  });
}

/** What one statement of a round trip returned: its rows (a read), or its counts (a write). */
export type StatementResult = QueryResult<unknown>;

/**
 * Runs statements in order in ONE round trip (one multi-statement query) and returns each one's result. On a
 * Kysely given to shareRoundTrips, statements that concurrent branches send at the same moment (before the promise
 * continuations under way have all run) travel together too. Statements after a failing one do not run, and every caller of that round trip gets the
 * error: use it in a transaction that is rolled back when anything fails.
 */
export function roundTrip(db: Kysely<Database>, statements: readonly Compilable[]): Promise<StatementResult[]> {
  const compiled = statements.map((s) => s.compile());
  if (compiled.length === 0) return Promise.resolve([]);
  return sharers.get(db)?.send(compiled) ?? execute(db, compiled);
}

/**
 * Lets concurrent branches of one transaction share round trips: statements that roundTrip() is given before the
 * promise continuations under way have all run are sent as one multi-statement query, in the order they were given. Kysely itself
 * runs one query at a time on a connection, so branches that each await their own query would otherwise queue.
 */
export function shareRoundTrips(db: Kysely<Database>): void {
  if (!sharers.has(db)) sharers.set(db, new SharedRoundTrips(db));
}

/**
 * Runs branches that share a transaction side by side (so their statements can share round trips) and waits for
 * ALL of them before reporting the first failure: rolling back while a branch still sends statements would let them
 * run outside the transaction.
 */
export async function concurrently<T extends readonly unknown[] | []>(branches: {
  [K in keyof T]: () => Promise<T[K]>;
}): Promise<T> {
  const settled = await Promise.allSettled(branches.map((branch) => branch()));
  const failed = settled.find((s) => s.status === 'rejected');
  if (failed) throw failed.reason;
  return settled.map((s) => (s as PromiseFulfilledResult<unknown>).value) as unknown as T;
}

const sharers = new WeakMap<Kysely<Database>, SharedRoundTrips>();

class SharedRoundTrips {
  private waiting: { statements: CompiledQuery[]; settle: (results: StatementResult[] | Error) => void }[] = [];

  constructor(private readonly db: Kysely<Database>) {}

  send(statements: CompiledQuery[]): Promise<StatementResult[]> {
    return new Promise((resolve, reject) => {
      // After the promise continuations already under way: branches resumed by the same event have sent by then.
      // Flushing too early costs an extra round trip, never correctness.
      if (this.waiting.length === 0) process.nextTick(() => void this.flush());
      this.waiting.push({ statements, settle: (r) => (r instanceof Error ? reject(r) : resolve(r)) });
    });
  }

  private async flush(): Promise<void> {
    const waiting = this.waiting;
    this.waiting = [];
    try {
      const results = await execute(
        this.db,
        waiting.flatMap((w) => w.statements),
      );
      let at = 0;
      for (const w of waiting) {
        w.settle(results.slice(at, at + w.statements.length));
        at += w.statements.length;
      }
    } catch (err) {
      const error = err instanceof Error ? err : new Error(String(err));
      for (const w of waiting) w.settle(error);
    }
  }
}

async function execute(db: Kysely<Database>, statements: readonly CompiledQuery[]): Promise<StatementResult[]> {
  const [only] = statements;
  if (statements.length === 1 && only) return [await db.executeQuery(only)];
  const { rows } = await db.executeQuery<unknown>(
    CompiledQuery.raw(
      statements.map((c) => c.sql).join(';\n'),
      statements.flatMap((c) => c.parameters),
    ),
  );
  // mysql2 answers a multi-statement query with one result per statement: rows for a read, a header for the rest.
  if (rows.length !== statements.length) throw new Error(`expected ${statements.length} results, got ${rows.length}`);
  return rows.map(toStatementResult);
}

function toStatementResult(result: unknown): StatementResult {
  if (Array.isArray(result)) return { rows: result as unknown[] };
  const header = result as { affectedRows?: number; changedRows?: number; insertId?: number | string };
  return {
    rows: [],
    ...(header.affectedRows !== undefined && { numAffectedRows: BigInt(header.affectedRows) }),
    ...(header.changedRows !== undefined && { numChangedRows: BigInt(header.changedRows) }),
    ...(header.insertId !== undefined && String(header.insertId) !== '0' && { insertId: BigInt(header.insertId) }),
  };
}

/**
 * Runs a write and then a read of its effect in ONE round trip (two statements in one query), in the caller's
 * transaction, and returns the read's rows. A failing write fails the whole call and the read does not run.
 */
export async function writeThenRead<O>(db: Kysely<Database>, write: Compilable, read: Compilable<O>): Promise<O[]> {
  const [, result] = await roundTrip(db, [write, read]);
  return (result?.rows ?? []) as O[];
}

/** The rows of one read, sharing a round trip when the Kysely shares them (shareRoundTrips). */
export async function readRows<O>(db: Kysely<Database>, read: Compilable<O>): Promise<O[]> {
  const [result] = await roundTrip(db, [read]);
  return (result?.rows ?? []) as O[];
}

/**
 * Where a repository may hand a write whose result it does not need, instead of running it. Whoever provides the
 * sink runs the writes (runWrites) in the same transaction before it commits, several in one round trip; until
 * then later statements of the transaction do not see them.
 */
export type WriteSink = (write: Compilable) => void;

/** Runs a write now, or hands it to the sink when there is one. */
export async function writeNowOrLater(db: Kysely<Database>, write: Compilable, later?: WriteSink): Promise<void> {
  if (later) later(write);
  else await db.executeQuery(write);
}

/** Starts a transaction; with runWrites, it rides along with the transaction's first statement. */
export const Begin: Compilable = { compile: () => CompiledQuery.raw('BEGIN') };

/** Commits the transaction; with runWrites, it rides along with the transaction's last writes. */
export const Commit: Compilable = { compile: () => CompiledQuery.raw('COMMIT') };

/** Runs writes in order in ONE round trip (one multi-statement query), in the caller's transaction. */
export async function runWrites(db: Kysely<Database>, writes: readonly Compilable[]): Promise<void> {
  await roundTrip(db, writes);
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
