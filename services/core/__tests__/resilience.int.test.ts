import { hostname } from 'node:os';
import { canAdministerBroker, closeBrokerConnections, startTcpProxy, type TcpProxy } from '@guildhall/testkit';
import { DeadLetterHeaders, envelope } from '@guildhall/events';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CoreApp } from '../src/app.ts';
import { command, CoreHarness, message } from './harness.ts';

let h: CoreHarness;

beforeAll(async () => {
  h = await CoreHarness.create();
});
afterAll(async () => {
  await h.close();
});

const alice = { id: '300000000000000001', displayName: 'Alice' };

async function deadLetters() {
  const ch = await h.broker.channel();
  const out = [];
  for (;;) {
    const msg = await ch.get(h.broker.topology.queues.dead, { noAck: true });
    if (!msg) break;
    out.push({ body: msg.content.toString(), headers: msg.properties.headers ?? {} });
  }
  await ch.close();
  return out;
}

async function totalOf(name: string): Promise<number> {
  const req = command('karma', 'get', { names: name }, alice);
  await h.publish(req);
  return (await h.resultOf(req, 'karma.totals.listed', 30_000)).payload.entries[0]?.total ?? NaN;
}

describe('poison messages', () => {
  let core: CoreApp;
  beforeAll(async () => {
    core = await h.startCore();
  });
  afterAll(() => core.stop());

  it('dead-letters malformed JSON, schema mismatches and unknown types with a reason, and keeps serving', async () => {
    const { requests } = h.broker.topology.exchanges;
    const valid = message('x', alice);
    const bad = { ...valid, payload: { ...valid.payload, author: { id: 'not-a-snowflake' } } };
    const unknown = { ...envelope('gateway.thing.exploded', 1, {}), payload: {} };
    await h.broker.publishRaw(requests, 'gateway.message.created', Buffer.from('{not json'), { messageId: 'p-1' });
    await h.broker.publishRaw(requests, 'gateway.message.created', Buffer.from(JSON.stringify(bad)), {
      messageId: 'p-2',
    });
    await h.broker.publishRaw(requests, 'gateway.thing.exploded', Buffer.from(JSON.stringify(unknown)), {
      messageId: 'p-3',
    });
    const after = message('survivor++', alice);
    await h.publish(after);
    expect((await h.resultOf(after, 'karma.points.changed')).payload.changes[0]?.total).toBe(1);

    const dead = await waitForDeadLetters(3);
    expect(dead.map((d) => d.headers[DeadLetterHeaders.reason]).sort()).toEqual([
      'malformed-json',
      'schema-mismatch',
      'unknown-type',
    ]);
    const mismatch = dead.find((d) => d.headers[DeadLetterHeaders.reason] === 'schema-mismatch');
    expect(String(mismatch?.headers[DeadLetterHeaders.detail])).toMatch(/author/);
    expect(mismatch?.headers[DeadLetterHeaders.queue]).toBe(h.broker.topology.queues.core);
    const metrics = await core.metrics.registry.getSingleMetricAsString('guildhall_dead_lettered_total');
    expect(metrics).toMatch(/reason="malformed-json"} 1/);
  });
});

async function waitForDeadLetters(n: number) {
  const found: Awaited<ReturnType<typeof deadLetters>> = [];
  const deadline = Date.now() + 10_000;
  while (found.length < n && Date.now() < deadline) {
    found.push(...(await deadLetters()));
    if (found.length < n) await new Promise((r) => setTimeout(r, 100));
  }
  return found;
}

describe('broker connection closed from the broker side', () => {
  it('reconnects, re-declares and carries on without losing a request', async (ctx) => {
    if (!(await canAdministerBroker())) ctx.skip();
    const core = await h.startCore();
    try {
      const before = message('phoenix++', alice);
      await h.publish(before);
      await h.resultOf(before, 'karma.points.changed');

      const closed = await closeBrokerConnections(`core@${hostname()}/${process.pid}`);
      expect(closed).toBeGreaterThan(0);
      const during = Array.from({ length: 20 }, (_, i) => message(`phoenix${i}++`, alice));
      for (const m of during) await h.publish(m);
      await h.waitFor((rs) => during.every((m) => rs.some((r) => r.causationId === m.id)), 30_000);
      expect(core.broker.connected).toBe(true);
    } finally {
      await core.stop();
    }
  });
});

describe('database outage', () => {
  let proxy: TcpProxy;
  beforeAll(async () => {
    const db = new URL(h.scratchDb.url);
    proxy = await startTcpProxy(db.hostname, Number(db.port || 3306));
  });
  afterAll(() => proxy.close());

  it('holds events while the database is unreachable and applies each once when it returns', async () => {
    const url = new URL(h.scratchDb.url);
    url.hostname = '127.0.0.1';
    url.port = String(proxy.port);
    const core = await h.startCore({ DATABASE_URL: url.toString(), MIGRATE_ON_START: 'true' });
    try {
      const warm = message('outage0++', alice);
      await h.publish(warm);
      await h.resultOf(warm, 'karma.points.changed');

      proxy.cut();
      const held = Array.from({ length: 50 }, (_, i) =>
        message(`outage++ o${i}++`, { id: `30000000000000${1000 + i}` }),
      );
      for (const m of held) await h.publish(m);
      await new Promise((r) => setTimeout(r, 2_000));
      const ready = await fetch(`http://127.0.0.1:${core.httpPort}/readyz`);
      expect(ready.status).toBe(503);
      expect(h.results.filter((r) => held.some((m) => m.id === r.causationId))).toHaveLength(0);

      proxy.restore();
      await h.waitFor((rs) => held.every((m) => rs.some((r) => r.causationId === m.id)), 60_000);
      expect(await totalOf('outage')).toBe(50);
      expect(await deadLetters()).toEqual([]);
    } finally {
      proxy.restore();
      await core.stop();
    }
  });
});
