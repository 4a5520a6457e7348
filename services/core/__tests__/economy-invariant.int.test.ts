import { createDatabase, migrateToLatest } from '@guildhall/db';
import type { CommandInvoked } from '@guildhall/events';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { command, CoreHarness, ids, refusalIn } from './harness.ts';
import { spawnService, type ServiceProcess } from '@guildhall/testkit';

const transfers = Number(process.env['ECONOMY_INVARIANT_TRANSFERS'] ?? 5_000);
const memberCount = 10;
const seed = 10_000n;

let h: CoreHarness;
let replicas: ServiceProcess[] = [];
beforeAll(async () => {
  h = await CoreHarness.create();
  const db = createDatabase(h.scratchDb.url, { poolSize: 1 });
  await migrateToLatest(db);
  await db.destroy();
});
afterAll(async () => {
  for (const r of replicas) if (r.child.exitCode === null) r.child.kill('SIGKILL');
  await h.close();
});

const admin = { id: '320000000000000999', displayName: 'Admin', permissions: String(1n << 5n) };
const members = Array.from({ length: memberCount }, (_, i) => ({
  id: String(320_000_000_000_000_000n + BigInt(i)),
  displayName: `member${i}`,
}));

/** A small deterministic PRNG (mulberry32), so a failing run can be replayed. */
function random(seedValue: number): () => number {
  let a = seedValue;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

function give(from: (typeof members)[number], to: (typeof members)[number], amount: string): CommandInvoked {
  return command('give', null, { member: to.id, amount }, from, {
    users: { [to.id]: { id: to.id, displayName: to.displayName, bot: false } },
  });
}

describe('economy invariant under duplicates, two replicas and a SIGKILL', () => {
  it(`conserves money over ${transfers} concurrent /give requests`, async () => {
    const env = h.env({ CORE_PREFETCH: '200', OUTBOX_SWEEP_MS: '250' });
    replicas = [await spawnCore(env), await spawnCore(env)];

    const grants = members.map((m) =>
      command('economy', 'grant', { member: m.id, amount: seed.toString() }, admin, {
        users: { [m.id]: { id: m.id, displayName: m.displayName, bot: false } },
      }),
    );
    await Promise.all(grants.map((g) => h.publish(g)));
    for (const g of grants) expect((await h.resultsOf(g))[0]?.type).toBe('economy.balance.adjusted');

    const next = random(42);
    const pick = () => {
      const member = members[Math.floor(next() * memberCount)];
      if (!member) throw new Error('out of range');
      return member;
    };
    const requests = Array.from({ length: transfers }, () => {
      const from = pick();
      let to = pick();
      while (to.id === from.id) to = pick();
      // Mostly affordable amounts, some far beyond any balance, so refusals happen under load too.
      const amount = next() < 0.05 ? '50000' : String(1 + Math.floor(next() * 2_000));
      return give(from, to, amount);
    });
    const ids_ = new Set(requests.map((r) => r.id));
    const wire = requests.flatMap((r, i) => (i % 10 === 7 ? [r, r] : [r]));
    const answered = () =>
      new Set(h.results.filter((r) => ids_.has(r.causationId ?? '')).map((r) => r.causationId)).size;

    let killed = false;
    const killOne = async () => {
      killed = true;
      const victim = replicas[0];
      victim?.child.kill('SIGKILL');
      await victim?.exited;
      replicas[0] = await spawnCore(env);
    };
    for (let i = 0; i < wire.length; i += 500) {
      await Promise.all(wire.slice(i, i + 500).map((r) => h.publish(r)));
      if (!killed && answered() >= transfers / 2) await killOne();
    }
    if (!killed) {
      await h.waitFor(() => answered() >= transfers / 2, 60_000);
      await killOne();
    }
    await h.waitFor(() => answered() >= transfers, 60_000);

    for (const r of replicas) r.child.kill('SIGTERM');
    expect(await Promise.all(replicas.map((r) => r.exited))).toEqual([0, 0]);

    // Every request has exactly one result (a re-published outbox row carries the same event id).
    const resultIdsByCause = new Map<string, Set<string>>();
    for (const r of h.results) {
      if (!ids_.has(r.causationId ?? '')) continue;
      const set = resultIdsByCause.get(r.causationId ?? '') ?? new Set<string>();
      set.add(r.id);
      resultIdsByCause.set(r.causationId ?? '', set);
    }
    expect(resultIdsByCause.size).toBe(transfers);
    expect([...resultIdsByCause.values()].every((s) => s.size === 1)).toBe(true);

    // Replaying the reported transfers from the seed gives exactly the balances in the database.
    const distinct = new Map(h.results.map((r) => [r.id, r]));
    const completed = new Map<string, { from: string; to: string; amount: bigint }>();
    let refused = 0;
    for (const r of distinct.values()) {
      if (!ids_.has(r.causationId ?? '')) continue;
      if (r.type === 'economy.transfer.completed') {
        completed.set(r.causationId ?? '', {
          from: r.payload.from.id,
          to: r.payload.to.id,
          amount: BigInt(r.payload.amount),
        });
      } else {
        expect(refusalIn(r)).toMatchObject({ code: 'economy.funds.insufficient' });
        refused++;
      }
    }
    expect(completed.size + refused).toBe(transfers);
    expect(completed.size).toBeGreaterThan(transfers / 2);
    expect(refused).toBeGreaterThan(0);
    const expected = new Map(members.map((m) => [m.id, seed]));
    for (const t of completed.values()) {
      expected.set(t.from, (expected.get(t.from) ?? 0n) - t.amount);
      expected.set(t.to, (expected.get(t.to) ?? 0n) + t.amount);
    }

    const accounts = await h.db
      .selectFrom('economy_accounts')
      .select(['user_id', 'balance'])
      .where('guild_id', '=', ids.guild)
      .execute();
    const actual = new Map(accounts.map((a) => [a.user_id, BigInt(a.balance)]));
    expect(actual).toEqual(expected);
    expect([...actual.values()].every((b) => b >= 0n)).toBe(true);
    expect([...actual.values()].reduce((a, b) => a + b, 0n)).toBe(seed * BigInt(memberCount));

    // Every account's ledger sums to its balance; each completed transfer wrote exactly two rows.
    const { rows: mismatches } = await sql`
      SELECT a.user_id, a.balance, COALESCE(SUM(l.delta), 0) AS total FROM economy_accounts a
      LEFT JOIN economy_ledger l ON l.guild_id = a.guild_id AND l.user_id = a.user_id
      GROUP BY a.id HAVING a.balance <> total
    `.execute(h.db);
    expect(mismatches).toEqual([]);
    const ledger = await h.db
      .selectFrom('economy_ledger')
      .select([h.db.fn.countAll<string>().as('rows'), sql<string>`COUNT(DISTINCT correlation_id)`.as('events')])
      .where('reason', '=', 'transfer')
      .executeTakeFirstOrThrow();
    expect([Number(ledger.rows), Number(ledger.events)]).toEqual([2 * completed.size, completed.size]);

    // Nothing left behind: no waiting or dead request, no unpublished outbox row.
    const ch = await h.broker.channel();
    const queue = await ch.checkQueue(h.broker.topology.queues.core);
    const dead = await ch.checkQueue(h.broker.topology.queues.dead);
    await ch.close();
    expect([queue.messageCount, dead.messageCount]).toEqual([0, 0]);
    const pending = await h.db
      .selectFrom('outbox')
      .select(h.db.fn.countAll<string>().as('n'))
      .where('published_at', 'is', null)
      .executeTakeFirstOrThrow();
    expect(Number(pending.n)).toBe(0);
  });
});

/** A core replica as its own OS process. */
const spawnCore = (env: Record<string, string>) => spawnService('core', env, 'core is consuming requests');
