import { createDatabase, migrateToLatest } from '@guildhall/db';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CoreHarness, message } from './harness.ts';
import { spawnService, type ServiceProcess } from '@guildhall/testkit';

const total = Number(process.env['INVARIANT_EVENTS'] ?? 20_000);
const subjects = 50;

let h: CoreHarness;
beforeAll(async () => {
  h = await CoreHarness.create();
  const db = createDatabase(h.scratchDb.url, { poolSize: 1 });
  await migrateToLatest(db);
  await db.destroy();
});
afterAll(() => h.close());

describe('karma invariant under duplicates, two replicas and a SIGKILL', () => {
  it(`applies each of ${total} requests exactly once`, async () => {
    const env = h.env({ CORE_PREFETCH: '200', OUTBOX_SWEEP_MS: '250' });
    const replicas: ServiceProcess[] = [await spawnCore(env), await spawnCore(env)];

    const requests = Array.from({ length: total }, (_, i) =>
      message(`k${i % subjects}++`, { id: String(400_000_000_000_000_000n + BigInt(i)) }),
    );
    const expected = new Map<string, number>();
    requests.forEach((_, i) => expected.set(`k${i % subjects}`, (expected.get(`k${i % subjects}`) ?? 0) + 1));

    // 10% of requests are delivered twice, as a redelivery or a retried publish would.
    const wire = requests.flatMap((r, i) => (i % 10 === 3 ? [r, r] : [r]));
    let killed = false;
    for (let i = 0; i < wire.length; i += 500) {
      await Promise.all(wire.slice(i, i + 500).map((r) => h.publish(r)));
      if (!killed && h.results.length >= total * 0.3) {
        killed = true;
        const victim = replicas[0];
        victim?.child.kill('SIGKILL');
        await victim?.exited;
        replicas[0] = await spawnCore(env);
      }
    }
    if (!killed) {
      await h.waitFor((rs) => rs.length >= total * 0.3, 120_000);
      replicas[0]?.child.kill('SIGKILL');
      await replicas[0]?.exited;
      replicas[0] = await spawnCore(env);
    }

    const ids = new Set(requests.map((r) => r.id));
    const distinctCauses = () => new Set(h.results.map((r) => r.causationId)).size;
    await h.waitFor(() => distinctCauses() >= ids.size, 180_000);

    // Graceful stop: each replica finishes in-flight work and flushes its relay.
    for (const r of replicas) r.child.kill('SIGTERM');
    const codes = await Promise.all(replicas.map((r) => r.exited));
    expect(codes).toEqual([0, 0]);

    // Every request has exactly one result event (by event id; a re-published row carries the same id).
    const resultIdsByCause = new Map<string, Set<string>>();
    for (const r of h.results) {
      const set = resultIdsByCause.get(r.causationId ?? '') ?? new Set();
      set.add(r.id);
      resultIdsByCause.set(r.causationId ?? '', set);
    }
    expect(resultIdsByCause.size).toBe(total);
    expect([...resultIdsByCause.values()].every((s) => s.size === 1)).toBe(true);
    expect([...resultIdsByCause.keys()].every((k) => ids.has(k))).toBe(true);

    // Every total equals the number of distinct accepted requests for that subject.
    const rows = await h.db.selectFrom('karma_subjects').select(['subject_key', 'total']).execute();
    expect(Object.fromEntries(rows.map((r) => [r.subject_key, Number(r.total)]))).toEqual(Object.fromEntries(expected));
    const changes = await h.db
      .selectFrom('karma_changes')
      .select(h.db.fn.countAll<string>().as('n'))
      .executeTakeFirstOrThrow();
    expect(Number(changes.n)).toBe(total);

    // Nothing left behind: no unacked or waiting request, no unpublished outbox row.
    const ch = await h.broker.channel();
    const queue = await ch.checkQueue(h.broker.topology.queues.core);
    const dead = await ch.checkQueue(h.broker.topology.queues.dead);
    await ch.close();
    expect(queue.messageCount).toBe(0);
    expect(dead.messageCount).toBe(0);
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
