import { claimDueJobs, createDatabase, migrateToLatest, scheduleJob, type Database, type Kysely } from '@guildhall/db';
import { Broker, decodeEvent, newEventId, type Channel, type JobDue } from '@guildhall/events';
import { createLogger } from '@guildhall/runtime';
import {
  createScratchDatabase,
  createScratchNamespace,
  type ScratchDatabase,
  type ScratchNamespace,
} from '@guildhall/testkit';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startScheduler, type SchedulerApp } from '../src/app.ts';
import { SchedulerConfigSchema } from '../src/config.ts';

const log = createLogger('test', { level: process.env['TEST_LOG_LEVEL'] ?? 'silent' });
const guildId = '100000000000000001';
let scratchDb: ScratchDatabase;
let ns: ScratchNamespace;
let db: Kysely<Database>;
let broker: Broker;
let probe: Channel;
/** Every scheduler.job.due seen on the requests exchange, in order. */
const fired: JobDue[] = [];

function startReplica(overrides: Record<string, string> = {}): Promise<SchedulerApp> {
  const config = SchedulerConfigSchema.parse({
    AMQP_URL: ns.amqpUrl,
    DATABASE_URL: scratchDb.url,
    GUILDHALL_NAMESPACE: ns.namespace,
    HTTP_PORT: '0',
    HTTP_HOST: '127.0.0.1',
    SCHEDULER_POLL_MS: '50',
    SCHEDULER_BATCH: '100',
    ...overrides,
  });
  return startScheduler(config, log.child({ service: 'scheduler' }));
}

/** Waits until `predicate` holds over what the probe has seen. */
async function waitFor(predicate: () => boolean, timeout = 20_000): Promise<void> {
  await expect.poll(predicate, { timeout, interval: 25 }).toBe(true);
}

/**
 * Waits until the probe has seen every due job published before this call: a marker published now lands in the
 * probe's queue behind every message whose publish was already confirmed (a job is marked done only after its
 * confirm), so once the marker arrives, nothing fired earlier is still on its way. Counting after this, rather than
 * after a pause, is what makes "exactly once" a finding.
 */
async function drained(): Promise<void> {
  const marker = newEventId();
  await broker.publish('request', {
    id: marker,
    type: 'scheduler.job.due',
    version: 1,
    occurredAt: new Date().toISOString(),
    correlationId: marker,
    causationId: null,
    payload: { jobId: marker, kind: 'test.marker', guildId, payload: {}, dueAt: new Date().toISOString() },
  });
  await waitFor(() => fired.some((e) => e.id === marker));
}

/** How many of a kind's jobs are in each status. */
async function statuses(kind: string): Promise<Record<string, number>> {
  const rows = await db
    .selectFrom('scheduled_jobs')
    .select(['status', sql<string>`COUNT(*)`.as('n')])
    .where('kind', '=', kind)
    .groupBy('status')
    .execute();
  return Object.fromEntries(rows.map((r) => [r.status, Number(r.n)]));
}

const firedIds = (ids: readonly string[]) => {
  const wanted = new Set(ids);
  return fired.filter((e) => wanted.has(e.id));
};

beforeAll(async () => {
  scratchDb = await createScratchDatabase();
  ns = await createScratchNamespace();
  db = createDatabase(scratchDb.url, { poolSize: 4 });
  await migrateToLatest(db);
  broker = await Broker.connect({ url: ns.amqpUrl, namespace: ns.namespace, logger: log, connectionName: 'test' });
  // The results probe of the core harness watches results; due jobs are requests, so bind a queue of our own.
  probe = await broker.channel();
  const { queue } = await probe.assertQueue('', { exclusive: true, autoDelete: true });
  await probe.bindQueue(queue, broker.topology.exchanges.requests, 'scheduler.job.due');
  await probe.consume(
    queue,
    (msg) => {
      if (msg) fired.push(decodeEvent('request', msg.content) as JobDue);
    },
    { noAck: true },
  );
});

afterAll(async () => {
  await probe.close().catch(() => undefined);
  await broker.close();
  await db.destroy();
  await ns.drop();
  await scratchDb.drop();
});

describe('services/scheduler', () => {
  it('two replicas fire each of 1,000 due jobs exactly once, with the job id as the event id', async () => {
    const ids = Array.from({ length: 1_000 }, () => newEventId());
    for (let i = 0; i < ids.length; i += 250) {
      await db
        .insertInto('scheduled_jobs')
        .values(
          ids.slice(i, i + 250).map((id, j) => ({
            id,
            guild_id: guildId,
            kind: 'test.bulk',
            job_key: null,
            payload: JSON.stringify({ n: i + j }),
            correlation_id: null,
            due_at: sql<Date>`CURRENT_TIMESTAMP(3) - INTERVAL 1 SECOND`,
          })),
        )
        .execute();
    }
    const [a, b] = await Promise.all([startReplica(), startReplica()]);
    try {
      await waitFor(() => new Set(firedIds(ids).map((e) => e.id)).size === ids.length, 40_000);
      // Every job marked fired (its publish confirmed), and no replica left to publish one again: then count.
      await expect.poll(() => statuses('test.bulk'), { timeout: 10_000 }).toEqual({ done: ids.length });
    } finally {
      await Promise.all([a.stop(), b.stop()]);
    }
    await drained();
    const seen = firedIds(ids);
    expect(seen).toHaveLength(ids.length);
    expect(new Set(seen.map((e) => e.id)).size).toBe(ids.length);
    for (const e of seen) expect(e.payload.jobId).toBe(e.id);
    // Both replicas took part: SKIP LOCKED split the work rather than serialising it.
    const byClaimer = await db
      .selectFrom('scheduled_jobs')
      .select(['claimed_by', sql<string>`COUNT(*)`.as('n')])
      .where('kind', '=', 'test.bulk')
      .groupBy('claimed_by')
      .execute();
    expect(byClaimer.map((r) => r.claimed_by).sort()).toEqual([a.claimerId, b.claimerId].sort());
    expect(await a.metrics.registry.getSingleMetricAsString('guildhall_scheduler_jobs_fired_total')).toMatch(
      /kind="test.bulk"/,
    );
  });

  it('a job that fell due while no scheduler ran fires once when one starts; cancelled jobs never fire', async () => {
    const due = newEventId();
    const cancelled = newEventId();
    const job = { guildId, kind: 'test.late', key: null, payload: {}, correlationId: 'corr-late' } as const;
    await scheduleJob(db, { ...job, id: due, due: { inMs: 200 } });
    await scheduleJob(db, { ...job, id: cancelled, key: 'k', due: { inMs: 200 } });
    await db.updateTable('scheduled_jobs').set({ status: 'cancelled' }).where('id', '=', cancelled).execute();
    // Both fall due by the database's clock before any scheduler runs.
    await expect
      .poll(async () => {
        const row = await db
          .selectFrom('scheduled_jobs')
          .select(sql<number>`SUM(due_at <= CURRENT_TIMESTAMP(3))`.as('due'))
          .where('id', 'in', [due, cancelled])
          .executeTakeFirstOrThrow();
        return Number(row.due);
      })
      .toBe(2);
    const app = await startReplica();
    try {
      await waitFor(() => firedIds([due]).length === 1);
      await expect.poll(() => statuses('test.late')).toEqual({ done: 1, cancelled: 1 });
    } finally {
      await app.stop();
    }
    await drained();
    expect(firedIds([due])).toHaveLength(1);
    expect(firedIds([due])[0]?.correlationId).toBe('corr-late');
    expect(firedIds([cancelled])).toHaveLength(0);
  });

  it('a claim whose claimer died is left alone while its lease holds, and taken again once it runs out', async () => {
    const id = newEventId();
    const job = { guildId, kind: 'test.lease', key: null, payload: {}, correlationId: null } as const;
    await scheduleJob(db, { ...job, id, due: { inMs: 0 } });
    // A replica claims the job with a minute's lease and dies before publishing it.
    const claimed = await db.transaction().execute((trx) => claimDueJobs(trx, 'dead-replica', 60_000, 10));
    expect(claimed.map((j) => j.id)).toContain(id);
    const row = () =>
      db
        .selectFrom('scheduled_jobs')
        .select(['status', 'attempts', 'claimed_by'])
        .where('id', '=', id)
        .executeTakeFirstOrThrow();
    const app = await startReplica();
    try {
      // A job due now is fired in a round that also looked for expired claims: the leased one was not taken.
      const witness = newEventId();
      await scheduleJob(db, { ...job, id: witness, due: { inMs: 0 } });
      await waitFor(() => firedIds([witness]).length === 1);
      expect(firedIds([id])).toHaveLength(0);
      expect(await row()).toEqual({ status: 'claimed', attempts: 1, claimed_by: 'dead-replica' });

      // The lease runs out (the test moves its end to now rather than wait a minute): another replica takes it.
      await db
        .updateTable('scheduled_jobs')
        .set({ claimed_until: sql<Date>`CURRENT_TIMESTAMP(3)` })
        .where('id', '=', id)
        .execute();
      await waitFor(() => firedIds([id]).length === 1, 5_000);
      // The broker's confirm (and so the probe) can come before the replica marks the job fired.
      await expect.poll(row).toEqual({ status: 'done', attempts: 2, claimed_by: app.claimerId });
    } finally {
      await app.stop();
    }
  });

  it('serves /healthz, /readyz and /metrics', async () => {
    const app = await startReplica();
    try {
      const get = (path: string) => fetch(`http://127.0.0.1:${app.httpPort}${path}`);
      expect((await get('/healthz')).status).toBe(200);
      expect((await get('/readyz')).status).toBe(200);
      const metrics = await (await get('/metrics')).text();
      expect(metrics).toMatch(/guildhall_scheduler_lag_seconds/);
      expect(metrics).toMatch(/guildhall_scheduler_claim_failures_total/);
    } finally {
      await app.stop();
    }
  });
});
