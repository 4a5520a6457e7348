import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { CommandInvoked } from '@guildhall/events';
import { createDatabase } from '@guildhall/db';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CoreApp } from '../../services/core/src/app.ts';
import { command, CoreHarness } from '../../services/core/__tests__/harness.ts';
import { memberNo, modCommand, people } from '../../services/core/__tests__/moderation-fixtures.ts';
import { root, run } from './helpers.ts';

// The backup drill of docs/operations.md: deploy/backup/backup.sh dumps a Guildhall database while core applies
// a burst of transfers and moderation actions, ships the dump (to a stand-in for the aws CLI: no S3 here), prunes
// old dumps, fetches the latest back and restores it into a fresh database, where every invariant must hold.
const script = join(root, 'deploy/backup/backup.sh');
const gives = 1_500;
const warns = 300;
const seed = 10_000n;

let h: CoreHarness;
let core: CoreApp;
let work: string;
let restoredName: string;

const admin = { id: '330000000000000999', displayName: 'Admin', permissions: String(1n << 5n) };
const members = Array.from({ length: 8 }, (_, i) => ({
  id: String(330_000_000_000_000_000n + BigInt(i)),
  displayName: `member${i}`,
}));
function member(i: number): { id: string; displayName: string } {
  const m = members[i % members.length];
  if (!m) throw new Error('no members');
  return m;
}

function userRef(m: { id: string; displayName: string }) {
  return { [m.id]: { id: m.id, displayName: m.displayName, bot: false } };
}

/** backup.sh with the scratch server's credentials, the stub aws first on PATH and the stub's S3 root. */
function backup(args: string[], env: Record<string, string> = {}): Promise<{ stdout: string; stderr: string }> {
  const url = new URL(h.scratchDb.url);
  return run('bash', [script, ...args], {
    env: {
      ...process.env,
      PATH: `${join(root, 'test/deploy/fixtures')}:${process.env['PATH'] ?? ''}`,
      STUB_S3_ROOT: join(work, 's3'),
      BACKUP_DIR: join(work, 'local'),
      BACKUP_S3_URL: 's3://backups/guildhall',
      BACKUP_DB_HOST: url.hostname,
      BACKUP_DB_PORT: url.port || '3306',
      BACKUP_DB_USER: decodeURIComponent(url.username),
      MYSQL_PWD: decodeURIComponent(url.password),
      BACKUP_DB_NAME: h.scratchDb.name,
      ...env,
    },
  });
}

/**
 * 200,000 ledger rows of another guild, and its accounts to match: a database with a past, so the dump takes long
 * enough for core to commit while it runs (without --single-transaction the copy then breaks the invariants).
 */
async function historyOfAnotherGuild(): Promise<void> {
  const digits = Array.from({ length: 10 }, (_, d) => `SELECT ${d} AS d`).join(' UNION ALL ');
  await sql
    .raw(
      `INSERT INTO economy_ledger (guild_id, user_id, delta, balance_after, reason, counterparty_id, correlation_id)
       SELECT '990000000000000001', CONCAT('99000000000000', LPAD(n % 500, 4, '0')), 10, 0, 'grant', NULL,
              CONCAT('history-', n)
       FROM (SELECT a.d + 10 * b.d + 100 * c.d + 1000 * e.d + 10000 * f.d + 100000 * g.d AS n
             FROM (${digits}) a, (${digits}) b, (${digits}) c, (${digits}) e, (${digits}) f, (SELECT 0 AS d UNION ALL SELECT 1) g) seq`,
    )
    .execute(h.db);
  await sql
    .raw(
      `INSERT INTO economy_accounts (guild_id, user_id, display_name, balance)
       SELECT guild_id, user_id, 'member', SUM(delta) FROM economy_ledger
       WHERE guild_id = '990000000000000001' GROUP BY guild_id, user_id`,
    )
    .execute(h.db);
}

/** A dump name for a time `daysAgo` days back, as backup.sh names them. */
function dumpName(daysAgo: number): string {
  const stamp = new Date(Date.now() - daysAgo * 86_400_000).toISOString().replace(/[-:]/g, '').replace(/\.\d+/, '');
  return `guildhall-${stamp}.sql.gz`;
}

beforeAll(async () => {
  work = mkdtempSync(join(tmpdir(), 'gh-backup-'));
  mkdirSync(join(work, 's3/backups/guildhall'), { recursive: true });
  h = await CoreHarness.create();
  core = await h.startCore();
  await historyOfAnotherGuild();
  restoredName = `${h.scratchDb.name}_restored`;
});

afterAll(async () => {
  await core?.stop();
  const db = createDatabase(h.scratchDb.url, { poolSize: 1 });
  await sql.raw(`DROP DATABASE IF EXISTS \`${restoredName}\``).execute(db);
  await db.destroy();
  await h?.close();
  rmSync(work, { recursive: true, force: true });
});

describe('backup and restore (deploy/backup/backup.sh)', () => {
  it('a dump taken under load restores into a database where every invariant holds', async () => {
    const grants = members.map((m) =>
      command('economy', 'grant', { member: m.id, amount: seed.toString() }, admin, { users: userRef(m) }),
    );
    await Promise.all(grants.map((g) => h.publish(g)));
    await h.waitFor((results) => grants.every((g) => results.some((r) => r.causationId === g.id)));

    // The load: transfers (some refused for want of coins) interleaved with numbered moderation cases.
    const load: CommandInvoked[] = [];
    for (let i = 0; i < gives; i++) {
      const from = member(i);
      const to = member(i * 3 + 1 === i ? i + 2 : i * 3 + 1);
      if (from.id !== to.id)
        load.push(
          command('give', null, { member: to.id, amount: String(1 + ((i * 97) % 4_000)) }, from, {
            users: userRef(to),
          }),
        );
      if (i % (gives / warns) === 0)
        load.push(modCommand('warn', { member: memberNo(i).id, reason: `r${i}` }, people.mod, [memberNo(i)]));
    }
    const loadIds = new Set(load.map((r) => r.id));
    const answered = () =>
      new Set(h.results.filter((r) => loadIds.has(r.causationId ?? '')).map((r) => r.causationId)).size;
    const publishing = Promise.all(load.map((r) => h.publish(r)));
    await h.waitFor(() => answered() >= load.length / 5, 60_000);

    await backup(['dump']);
    const atDumpEnd = answered();
    const [dump] = readdirSync(join(work, 'local'));
    expect(dump).toMatch(/^guildhall-\d{8}T\d{6}Z\.sql\.gz$/);

    // Old dumps in the bucket: five from 30-34 days ago and one from 2 days ago. With 14 days' retention and the
    // newest 3 always kept, shipping prunes the four oldest.
    const old = [34, 33, 32, 31, 30].map(dumpName);
    const recent = dumpName(2);
    for (const name of [...old, recent]) writeFileSync(join(work, 's3/backups/guildhall', name), 'old');
    await backup(['ship'], { BACKUP_RETAIN_DAYS: '14', BACKUP_KEEP_MIN: '3' });
    expect(readdirSync(join(work, 'local'))).toEqual([]);
    expect(readdirSync(join(work, 's3/backups/guildhall')).sort()).toEqual([old[4], recent, dump].sort());

    const { stdout } = await backup(['fetch', 'latest'], { BACKUP_DIR: join(work, 'fetched') });
    const fetched = stdout.trim();
    expect(fetched).toBe(join(work, 'fetched', dump ?? ''));
    await backup(['restore', fetched], { BACKUP_DB_NAME: restoredName });

    await publishing;
    await h.waitFor(() => answered() >= load.length, 90_000);
    const url = new URL(h.scratchDb.url);
    url.pathname = `/${restoredName}`;
    const restored = createDatabase(url.toString(), { poolSize: 1 });
    try {
      const count = async (table: string) =>
        Number((await sql<{ n: number }>`SELECT COUNT(*) AS n FROM ${sql.table(table)}`.execute(restored)).rows[0]?.n);
      // Taken mid-burst: some of the load is in the copy, not all of it.
      const inbox = await count('inbox');
      expect(inbox).toBeGreaterThan(grants.length + load.length / 5 - 1);
      expect(inbox).toBeLessThan(grants.length + load.length);
      expect(atDumpEnd).toBeLessThan(load.length);

      // Ledger = balances, and money is conserved.
      const { rows: off } = await sql`
        SELECT a.user_id FROM economy_accounts a
        LEFT JOIN (SELECT guild_id, user_id, SUM(delta) AS total FROM economy_ledger GROUP BY guild_id, user_id) l
          ON l.guild_id = a.guild_id AND l.user_id = a.user_id
        WHERE COALESCE(l.total, 0) <> a.balance`.execute(restored);
      expect(off).toEqual([]);
      const { rows: money } = await sql<{ total: string }>`SELECT SUM(balance) AS total FROM economy_accounts`.execute(
        restored,
      );
      expect(BigInt(money[0]?.total ?? '0')).toBe(seed * BigInt(members.length) + 2_000_000n);

      // Case numbers 1..n per guild, no gap or repeat, and the counter agrees.
      const { rows: cases } = await sql<{
        guild_id: string;
        n: number;
        top: number;
        distinct_n: number;
        counter: number;
      }>`
        SELECT c.guild_id, COUNT(*) AS n, MAX(c.case_number) AS top, COUNT(DISTINCT c.case_number) AS distinct_n,
               MAX(k.last_number) AS counter
        FROM mod_cases c JOIN mod_counters k ON k.guild_id = c.guild_id GROUP BY c.guild_id`.execute(restored);
      expect(cases.length).toBe(1);
      for (const c of cases) {
        expect(Number(c.n)).toBeGreaterThan(0);
        expect([Number(c.top), Number(c.distinct_n), Number(c.counter)]).toEqual([
          Number(c.n),
          Number(c.n),
          Number(c.n),
        ]);
      }

      // The inbox and the applied state agree: every result in the outbox was caused by an inbox row (no effect
      // without its event), every applied command has its results (no event without its effects), each
      // completed transfer has both of its ledger rows and every ledger row its transfer (no half-applied batch).
      const outbox = await restored.selectFrom('outbox').select(['body']).execute();
      const inboxIds = new Set(
        (await restored.selectFrom('inbox').select('event_id').execute()).map((r) => r.event_id),
      );
      const byCause = new Map<string, { type: string; causationId: string }[]>();
      for (const row of outbox) {
        const event = JSON.parse(row.body) as { type: string; causationId: string };
        expect(inboxIds.has(event.causationId)).toBe(true);
        byCause.set(event.causationId, [...(byCause.get(event.causationId) ?? []), event]);
      }
      for (const id of inboxIds) expect(byCause.get(id)?.length ?? 0, `results of ${id}`).toBeGreaterThan(0);
      const ledger = await sql<{ correlation_id: string; n: number; total: string }>`
        SELECT correlation_id, COUNT(*) AS n, SUM(delta) AS total FROM economy_ledger
        WHERE reason = 'transfer' GROUP BY correlation_id`.execute(restored);
      const transfers = new Map(ledger.rows.map((r) => [r.correlation_id, r]));
      const completed = [...byCause.values()].flat().filter((e) => e.type === 'economy.transfer.completed');
      expect(completed.length).toBeGreaterThan(0);
      expect(transfers.size).toBe(completed.length);
      for (const e of completed) {
        const rows = transfers.get(e.causationId);
        expect([Number(rows?.n), BigInt(rows?.total ?? 'x')]).toEqual([2, 0n]);
      }
    } finally {
      await restored.destroy();
    }
  });

  it('a dump that fails leaves nothing behind to ship, and shipping nothing is an error', async () => {
    const dir = join(work, 'failed');
    const dump = backup(['dump'], { BACKUP_DB_NAME: 'no_such_database', BACKUP_DIR: dir });
    await expect(dump).rejects.toMatchObject({ stderr: expect.stringContaining('dumping no_such_database failed') });
    expect(readdirSync(dir)).toEqual([]);
    const ship = backup(['ship'], { BACKUP_DIR: dir });
    await expect(ship).rejects.toMatchObject({ stderr: expect.stringContaining(`no dump in ${dir} to ship`) });
  });
});
