import {
  CompiledQuery,
  Kysely,
  MysqlDialect,
  type Compilable,
  type DatabaseConnection,
  type Driver,
  type QueryResult,
} from 'kysely';
import type { Database } from './schema.ts';

/**
 * What features get to work with: the unit of work's transaction, to hand to repositories. It cannot begin, commit
 * or roll back a transaction, nor open another one on another connection: the unit of work owns all of that (a
 * transaction of a handler's own would commit part of a batch on its own, or wait forever on the batch's locks).
 * The handle's own driver refuses those calls at run time too.
 */
export type Tx = Omit<Kysely<Database>, 'transaction' | 'startTransaction' | 'connection' | 'destroy'>;

/** What one statement of a round trip returned: its rows (a read), or its counts (a write). */
export type StatementResult = QueryResult<unknown>;

/**
 * Where a repository may hand a write whose result it does not need, instead of running it. The unit of work runs
 * them in order, several in one round trip, right before it commits; until then later statements do not see them.
 */
export type WriteSink = (write: Compilable) => void;

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

/**
 * One transaction on one connection, run with as few round trips as it can:
 * - BEGIN is not sent on its own: it travels in front of the first statement (ahead of it in the same multi-statement
 *   query when that statement goes through `roundTrip`);
 * - statements that concurrent branches hand to `roundTrip` in the same turn share one query (`shareRoundTrips`);
 * - writes handed to `later` run, in order, in ONE query with the COMMIT;
 * - any failure rolls back before the connection goes back to the pool.
 */
export class UnitOfWork {
  /** The transaction's handle, for repositories. */
  readonly db: Tx;
  /** Statements to send in front of the next ones: BEGIN, until it has gone out. */
  private prefix: CompiledQuery[] = [CompiledQuery.raw('BEGIN')];
  private begun = false;
  private writes: Compilable[] = [];

  private constructor(connected: Kysely<Database>) {
    const inner = connected.getExecutor();
    const connection = (raw: DatabaseConnection): DatabaseConnection => ({
      executeQuery: async <R>(query: CompiledQuery) => {
        const before = this.takePrefix();
        if (before.length > 0) await raw.executeQuery(joined(before));
        return raw.executeQuery<R>(query);
      },
      streamQuery: () => {
        throw new Error('a unit of work does not stream');
      },
    });
    const executor = inner.withConnectionProvider({
      provideConnection: (consume) => inner.provideConnection((raw) => consume(connection(raw))),
    });
    // The pool is never reached through this handle: its driver only says no.
    const dialect = new MysqlDialect({ pool: () => Promise.reject(refusal()) });
    this.db = new Kysely<Database>({ config: { dialect }, dialect, driver: new NoTransactions(), executor });
    statementsOf.set(this.db, (statements) =>
      inner.provideConnection(async (raw) => {
        const all = [...this.takePrefix(), ...statements];
        const skip = all.length - statements.length;
        return (await sendStatements(raw, all)).slice(skip);
      }),
    );
    shareRoundTrips(this.db);
  }

  /**
   * Runs `work` in one transaction and commits it with the deferred writes (in one round trip); rolls back and
   * rethrows if anything fails. `work` must not leave branches running when it returns or throws (see concurrently).
   */
  static async run<T>(pool: Kysely<Database>, work: (unit: UnitOfWork) => Promise<T>): Promise<T> {
    return pool.connection().execute(async (connected) => {
      const unit = new UnitOfWork(connected);
      try {
        const result = await work(unit);
        await runWrites(unit.db, [...unit.takeWrites(), Commit]);
        return result;
      } catch (err) {
        // BEGIN may have gone out with a statement that failed; a ROLLBACK without a transaction is harmless.
        if (unit.begun) await connected.executeQuery(CompiledQuery.raw('ROLLBACK')).catch(() => undefined);
        throw err;
      }
    });
  }

  /** Takes a write nothing in this unit reads back (history, ledger rows): it runs with the commit. */
  readonly later: WriteSink = (write) => void this.writes.push(write);

  private takePrefix(): CompiledQuery[] {
    const taken = this.prefix;
    if (taken.length > 0) this.begun = true;
    this.prefix = [];
    return taken;
  }

  private takeWrites(): Compilable[] {
    const writes = this.writes;
    this.writes = [];
    return writes;
  }
}

const Commit: Compilable = { compile: () => CompiledQuery.raw('COMMIT') };

/** How statements reach the database from a Kysely that has its own way (a unit of work's handle). */
const statementsOf = new WeakMap<Tx, (statements: CompiledQuery[]) => Promise<StatementResult[]>>();

function refusal(): Error {
  return new Error('a unit of work owns its transaction: a handler cannot begin, commit or open one');
}

/** The driver of a unit of work's handle: transactions and connections are the unit's, so every call is refused. */
class NoTransactions implements Driver {
  init = () => Promise.reject(refusal());
  acquireConnection = () => Promise.reject(refusal());
  beginTransaction = () => Promise.reject(refusal());
  commitTransaction = () => Promise.reject(refusal());
  rollbackTransaction = () => Promise.reject(refusal());
  releaseConnection = () => Promise.reject(refusal());
  destroy = () => Promise.reject(refusal());
}

/**
 * Runs statements in order in ONE round trip (one multi-statement query) and returns each one's result. On a
 * Kysely given to shareRoundTrips (a unit of work's handle is), statements that concurrent branches send at the same
 * moment (before the promise continuations under way have all run) travel together too. Statements after a failing
 * one do not run, and every caller of that round trip gets the error: use it in a transaction that is rolled back
 * when anything fails.
 */
export function roundTrip(db: Tx, statements: readonly Compilable[]): Promise<StatementResult[]> {
  const compiled = statements.map((s) => s.compile());
  if (compiled.length === 0) return Promise.resolve([]);
  return sharers.get(db)?.send(compiled) ?? execute(db, compiled);
}

/**
 * Lets concurrent branches of one transaction share round trips: statements that roundTrip() is given before the
 * promise continuations under way have all run are sent as one multi-statement query, in the order they were
 * given. Kysely itself runs one query at a time on a connection, so branches that each await their own query would
 * otherwise queue.
 */
export function shareRoundTrips(db: Tx): void {
  if (!sharers.has(db)) sharers.set(db, new SharedRoundTrips(db));
}

const sharers = new WeakMap<Tx, SharedRoundTrips>();

class SharedRoundTrips {
  private waiting: { statements: CompiledQuery[]; settle: (results: StatementResult[] | Error) => void }[] = [];

  constructor(private readonly db: Tx) {}

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

function execute(db: Tx, statements: CompiledQuery[]): Promise<StatementResult[]> {
  return statementsOf.get(db)?.(statements) ?? sendStatements(db, statements);
}

/** Sends statements as one query (one multi-statement query when there are several). */
async function sendStatements(
  db: { executeQuery: (query: CompiledQuery) => Promise<StatementResult> },
  statements: readonly CompiledQuery[],
): Promise<StatementResult[]> {
  const [only] = statements;
  if (statements.length === 1 && only) return [await db.executeQuery(only)];
  const { rows } = await db.executeQuery(joined(statements));
  // mysql2 answers a multi-statement query with one result per statement: rows for a read, a header for the rest.
  if (rows.length !== statements.length) throw new Error(`expected ${statements.length} results, got ${rows.length}`);
  return rows.map(toStatementResult);
}

function joined(statements: readonly CompiledQuery[]): CompiledQuery {
  return CompiledQuery.raw(
    statements.map((c) => c.sql).join(';\n'),
    statements.flatMap((c) => c.parameters),
  );
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
export async function writeThenRead<O>(db: Tx, write: Compilable, read: Compilable<O>): Promise<O[]> {
  const [, result] = await roundTrip(db, [write, read]);
  return (result?.rows ?? []) as O[];
}

/** The rows of one read, sharing a round trip when the Kysely shares them (shareRoundTrips). */
export async function readRows<O>(db: Tx, read: Compilable<O>): Promise<O[]> {
  const [result] = await roundTrip(db, [read]);
  return (result?.rows ?? []) as O[];
}

/** Runs a write now, or hands it to the sink when there is one. */
export async function writeNowOrLater(db: Tx, write: Compilable, later?: WriteSink): Promise<void> {
  if (later) later(write);
  else await db.executeQuery(write.compile());
}

/** Runs writes in order in ONE round trip (one multi-statement query), in the caller's transaction. */
export async function runWrites(db: Tx, writes: readonly Compilable[]): Promise<void> {
  await roundTrip(db, writes);
}
