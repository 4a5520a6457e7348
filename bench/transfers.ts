import { pathToFileURL } from 'node:url';
import { startCore } from '@guildhall/core/app';
import { CoreConfigSchema } from '@guildhall/core/config';
import { Broker, envelope, type CommandInvoked } from '@guildhall/events';
import { testServices, uniqueSuffix } from '@guildhall/testkit';
import { createConnection, createPool, type RowDataPacket } from 'mysql2/promise';
import { benchLog, pool, until, type BenchRow } from './lib.ts';

// Transfers: the raw database floor (ordered-lock transfers in plain mysql2) and `/give` through core, measured in
// one run and given as a ratio. `pnpm exec tsx bench/transfers.ts [transfers]` runs it on its own.

/** Accounts transfers move money between; few, so transfers contend for the same rows as in a busy guild. */
const accounts = 10;
/** Transfers in flight in the database floor. */
const floorConcurrency = 32;
/** Money each account starts with: enough that no transfer is refused. */
const seed = 10n ** 12n;

/** The accounts (0-based) of transfer i: spread over every pair, never one account to itself. */
function pair(i: number): { from: number; to: number } {
  const from = i % accounts;
  return { from, to: (from + 1 + ((i * 7) % (accounts - 1))) % accounts };
}

/** Options for benchTransfers. */
export interface TransferBenchOptions {
  amqpUrl: string;
  /** Server URL without a database; the bench creates and drops its own. */
  mysqlUrl: string;
  /** Transfers in each measurement. */
  transfers: number;
}

/** Measures the raw transfer floor and `/give` through core in the same run; returns both rates and their ratio. */
export async function benchTransfers(opts: TransferBenchOptions): Promise<BenchRow[]> {
  const name = `gh_bench_transfers_${uniqueSuffix()}`;
  const admin = await createConnection({ uri: opts.mysqlUrl });
  await admin.query(`CREATE DATABASE \`${name}\` CHARACTER SET utf8mb4 COLLATE utf8mb4_bin`);
  const url = new URL(opts.mysqlUrl);
  url.pathname = `/${name}`;
  try {
    const floor = await transferFloor(url.toString(), opts.transfers);
    const core = await transfersThroughCore(opts.amqpUrl, url.toString(), opts.transfers);
    return [
      {
        name: `transfer floor (mysql2, ${floorConcurrency} in flight, ordered locks)`,
        unit: 'transfers/s',
        value: floor,
      },
      { name: 'transfers through core (/give)', unit: 'transfers/s', value: core },
      { name: 'core / transfer floor', unit: '×', value: core / floor },
    ];
  } finally {
    await admin.query(`DROP DATABASE IF EXISTS \`${name}\``);
    await admin.end();
  }
}

/**
 * The raw floor: each transfer locks both balance rows in id order (SELECT … ORDER BY id FOR UPDATE), debits
 * conditionally, credits, writes two ledger rows and commits. Any deadlock would throw: ordered locks have none.
 */
async function transferFloor(databaseUrl: string, count: number): Promise<number> {
  const db = createPool({
    uri: databaseUrl,
    connectionLimit: floorConcurrency,
    supportBigNumbers: true,
    bigNumberStrings: true,
  });
  try {
    await db.query(
      'CREATE TABLE floor_accounts (id BIGINT UNSIGNED PRIMARY KEY, balance BIGINT UNSIGNED NOT NULL) ENGINE=InnoDB',
    );
    await db.query(
      'CREATE TABLE floor_ledger (id BIGINT UNSIGNED AUTO_INCREMENT PRIMARY KEY, account_id BIGINT UNSIGNED NOT NULL, delta BIGINT NOT NULL) ENGINE=InnoDB',
    );
    await db.query('INSERT INTO floor_accounts (id, balance) VALUES ?', [
      Array.from({ length: accounts }, (_, i) => [i + 1, seed]),
    ]);
    const plan = Array.from({ length: count }, (_, i) => ({
      from: pair(i).from + 1,
      to: pair(i).to + 1,
      amount: BigInt(1 + (i % 100)),
    }));
    const started = performance.now();
    await pool(plan, floorConcurrency, async ({ from, to, amount }) => {
      const conn = await db.getConnection();
      try {
        await conn.beginTransaction();
        const [rows] = await conn.query<RowDataPacket[]>(
          'SELECT id, balance FROM floor_accounts WHERE id IN (?, ?) ORDER BY id FOR UPDATE',
          [from, to],
        );
        if (rows.length !== 2) throw new Error('missing account');
        const [debit] = await conn.query<RowDataPacket[]>(
          'UPDATE floor_accounts SET balance = balance - ? WHERE id = ? AND balance >= ?',
          [amount, from, amount],
        );
        if ((debit as unknown as { affectedRows: number }).affectedRows !== 1) throw new Error('unexpected refusal');
        await conn.query('UPDATE floor_accounts SET balance = balance + ? WHERE id = ?', [amount, to]);
        await conn.query('INSERT INTO floor_ledger (account_id, delta) VALUES (?, ?), (?, ?)', [
          from,
          -amount,
          to,
          amount,
        ]);
        await conn.commit();
      } catch (err) {
        await conn.rollback();
        throw err;
      } finally {
        conn.release();
      }
    });
    return count / ((performance.now() - started) / 1000);
  } finally {
    await db.end();
  }
}

/** `/give` through core: seeds the accounts with admin grants, then publishes N gives and waits for N results. */
async function transfersThroughCore(amqpUrl: string, databaseUrl: string, count: number): Promise<number> {
  const namespace = `ghbench-transfers-${uniqueSuffix()}`;
  const broker = await Broker.connect({ url: amqpUrl, namespace, logger: benchLog, connectionName: 'bench-transfers' });
  const core = await startCore(
    // CORE_* variables in the environment tune core as they would in production.
    CoreConfigSchema.parse({
      ...process.env,
      AMQP_URL: amqpUrl,
      DATABASE_URL: databaseUrl,
      GUILDHALL_NAMESPACE: namespace,
      HTTP_PORT: '0',
      HTTP_HOST: '127.0.0.1',
    }),
    benchLog,
  );
  const probe = await broker.channel();
  try {
    const answered = new Set<string>();
    const { queue } = await probe.assertQueue('', { exclusive: true, autoDelete: true });
    await probe.bindQueue(queue, broker.topology.exchanges.results, '#');
    await probe.consume(
      queue,
      (msg) => {
        if (msg) answered.add((JSON.parse(msg.content.toString()) as { causationId: string }).causationId);
      },
      { noAck: true },
    );

    const members = Array.from({ length: accounts }, (_, i) => String(600_000_000_000_000_000n + BigInt(i)));
    const grants = members.map((id) =>
      invocation('economy', 'grant', { member: id, amount: seed.toString() }, '600000000000000999', String(1 << 5)),
    );
    await Promise.all(grants.map((g) => broker.publish('request', g)));
    await until(() => grants.every((g) => answered.has(g.id)), 60_000, 'the seeding grants');

    const gives = Array.from({ length: count }, (_, i) => {
      const from = members[pair(i).from] ?? '';
      const to = members[pair(i).to] ?? '';
      return invocation('give', null, { member: to, amount: String(1 + (i % 100)) }, from, '0');
    });
    const started = performance.now();
    for (let i = 0; i < gives.length; i += 1000) {
      await Promise.all(gives.slice(i, i + 1000).map((g) => broker.publish('request', g)));
    }
    await until(() => gives.every((g) => answered.has(g.id)), 300_000, 'the /give results');
    return count / ((performance.now() - started) / 1000);
  } finally {
    await probe.close();
    await core.stop();
    // Delete the namespace's queues and exchanges.
    const ch = await broker.channel();
    for (const q of Object.values(broker.topology.queues)) await ch.deleteQueue(q);
    for (const e of Object.values(broker.topology.exchanges)) await ch.deleteExchange(e);
    await ch.close();
    await broker.close();
  }
}

/** A slash command as the bot would publish it. */
function invocation(
  name: string,
  subcommand: string | null,
  options: Record<string, string>,
  actorId: string,
  permissions: string,
): CommandInvoked {
  const interactionId = String(700_000_000_000_000_000n + BigInt(Math.floor(Math.random() * 1e15)));
  const member = options['member'];
  return envelope('gateway.command.invoked', 1, {
    guildId: '600000000000000001',
    actor: { id: actorId, displayName: `member ${actorId.slice(-2)}`, bot: false, roleIds: [], permissions },
    replyTo: {
      kind: 'interaction',
      channelId: '600000000000000002',
      interactionId,
      applicationId: '600000000000000003',
      token: `bench-${interactionId}`,
    },
    command: { name, group: null, subcommand, options },
    users: member ? { [member]: { id: member, displayName: `member ${member.slice(-2)}`, bot: false } } : {},
  });
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const { amqpUrl, mysqlUrl } = await testServices();
  const transfers = Number(process.argv[2] ?? process.env['BENCH_TRANSFERS'] ?? 5_000);
  const rows = await benchTransfers({ amqpUrl, mysqlUrl, transfers });
  console.log('| measurement | value | unit |\n|---|---:|---|');
  for (const r of rows)
    console.log(`| ${r.name} | ${r.value >= 100 ? Math.round(r.value) : r.value.toFixed(2)} | ${r.unit} |`);
}
