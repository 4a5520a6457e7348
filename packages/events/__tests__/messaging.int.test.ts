import { Socket } from 'node:net';
import { createLogger } from '@guildhall/runtime';
import { createScratchNamespace, type ScratchNamespace } from '@guildhall/testkit';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { RequestEvent } from '../src/index.ts';
import { request } from './fixtures.ts';
import { Broker, DeadLetterHeaders, UnroutableError, type ConsumeMessage } from '../src/messaging/index.ts';

let ns: ScratchNamespace;
let broker: Broker;
const log = createLogger('test', { level: 'silent' });

beforeAll(async () => {
  ns = await createScratchNamespace();
  broker = await Broker.connect({
    url: ns.amqpUrl,
    namespace: ns.namespace,
    logger: log,
    connectionName: 'messaging-test',
  });
});
afterAll(async () => {
  await broker.close();
  await ns.drop();
});

class Transient extends Error {}

describe('Broker', () => {
  it('refuses to publish an event that does not match its schema', async () => {
    const bad = { ...request('x'), payload: { guildId: 'nope' } } as unknown as RequestEvent;
    await expect(broker.publish('request', bad)).rejects.toThrow(/schema-mismatch|expected/);
  });

  it('treats a returned (unroutable) publish as a failure', async () => {
    const ch = await broker.channel();
    await ch.assertExchange(`${ns.namespace}.nowhere`, 'topic', { autoDelete: true });
    await expect(
      broker.publishRaw(`${ns.namespace}.nowhere`, 'x.y.z', Buffer.from('{}'), { messageId: 'r2' }),
    ).rejects.toBeInstanceOf(UnroutableError);
    await ch.deleteExchange(`${ns.namespace}.nowhere`);
    await ch.close();
  });

  it('retries transient failures without counting them, dead-letters a persistent failure with its history', async () => {
    const seen = new Map<string, number>();
    const applied: string[] = [];
    const consumer = await broker.consume<RequestEvent>({
      queue: broker.topology.queues.core,
      direction: 'request',
      prefetch: 20,
      maxBatch: 10,
      concurrency: 2,
      maxAttempts: 3,
      retryBackoff: { initialMs: 5, maxMs: 20 },
      isTransient: (err) => err instanceof Transient,
      handle: async (batch) => {
        for (const { event } of batch) {
          if (event.type !== 'gateway.message.created') continue;
          const n = (seen.get(event.id) ?? 0) + 1;
          seen.set(event.id, n);
          if (event.payload.content === 'flaky' && n <= 6) throw new Transient('database is down');
          if (event.payload.content === 'poison') throw new Error('bug in handler');
        }
        for (const { event } of batch)
          applied.push(event.type === 'gateway.message.created' ? event.payload.content : '');
      },
    });
    const flaky = request('flaky');
    const poison = request('poison');
    const fine = Array.from({ length: 8 }, (_, i) => request(`fine${i}`));
    for (const e of [flaky, poison, ...fine]) await broker.publish('request', e);

    const deadline = Date.now() + 15_000;
    while (
      (!applied.includes('flaky') || applied.filter((a) => a.startsWith('fine')).length < 8) &&
      Date.now() < deadline
    )
      await new Promise((r) => setTimeout(r, 50));
    expect(applied.filter((a) => a.startsWith('fine')).sort()).toEqual(fine.map((f) => f.payload.content).sort());
    expect(applied).toContain('flaky');
    expect(applied).not.toContain('poison');

    const ch = await broker.channel();
    let dead = await ch.get(broker.topology.queues.dead, { noAck: true });
    for (let i = 0; !dead && i < 100; i++) {
      await new Promise((r) => setTimeout(r, 50));
      dead = await ch.get(broker.topology.queues.dead, { noAck: true });
    }
    await ch.close();
    expect(dead).toBeTruthy();
    if (!dead) return;
    const headers = dead.properties.headers ?? {};
    expect(headers[DeadLetterHeaders.reason]).toBe('retries-exhausted');
    expect(headers[DeadLetterHeaders.attempts]).toBe(3);
    const history = JSON.parse(String(headers[DeadLetterHeaders.history])) as { error: string }[];
    expect(history).toHaveLength(3);
    expect(history[0]?.error).toMatch(/bug in handler/);
    expect(dead.properties.messageId).toBe(poison.id);
    expect(JSON.parse(dead.content.toString()).id).toBe(poison.id);
    await consumer.stop();
    expect(consumer.inFlight).toBe(0);
  });

  it('acks finished runs with one multiple ack, never a tag twice, and a stuck delivery holds back the rest only briefly', async () => {
    const probe = await broker.channel();
    const queue = broker.topology.queues.core;
    const acked = new Set<number>();
    const calls: boolean[] = [];
    const twice: number[] = [];

    // Phase 1: the first delivery keeps failing until released; the ones after it must still be acked.
    // Every consumer channel shares this prototype: the spy sees each ack frame the consumers send.
    const channelProto = Object.getPrototypeOf(probe) as { ack: (m: ConsumeMessage, all?: boolean) => void };
    const realAck = channelProto.ack;
    const spy = vi.spyOn(channelProto, 'ack').mockImplementation(function (
      this: unknown,
      msg: ConsumeMessage,
      allUpTo?: boolean,
    ) {
      const tag = msg.fields.deliveryTag;
      // RabbitMQ closes the channel on a tag it does not know, e.g. one acked before.
      if (acked.has(tag)) twice.push(tag);
      if (allUpTo) for (let t = 1; t <= tag; t++) acked.add(t);
      else acked.add(tag);
      calls.push(allUpTo === true);
      realAck.call(this, msg, allUpTo);
    });
    let released = false;
    const applied: string[] = [];
    const handle = async (batch: { event: RequestEvent }[]) => {
      for (const { event } of batch)
        if (event.type === 'gateway.message.created' && event.payload.content === 'stuck' && !released)
          throw new Error('not yet');
      for (const { event } of batch) if (event.type === 'gateway.message.created') applied.push(event.payload.content);
    };
    const options = {
      queue,
      direction: 'request' as const,
      prefetch: 50,
      maxBatch: 10,
      maxAttempts: 1_000,
      retryBackoff: { initialMs: 5, maxMs: 5 },
      isTransient: () => false,
      handle,
    };
    const stuck = request('stuck');
    const after = Array.from({ length: 29 }, (_, i) => request(`after${i}`));
    for (const e of [stuck, ...after]) await broker.publish('request', e);
    const first = await broker.consume<RequestEvent>({ ...options, concurrency: 2 });
    await expect.poll(() => acked.size, { timeout: 30_000 }).toBeGreaterThanOrEqual(29);
    expect(applied.filter((a) => a.startsWith('after'))).toHaveLength(29);
    expect([...acked].sort((a, b) => a - b)).toEqual(Array.from({ length: 29 }, (_, i) => i + 2));
    released = true;
    await expect.poll(() => acked.size, { timeout: 30_000 }).toBe(30);
    await first.stop();
    // The ones behind the stuck delivery could not be covered by a multiple ack, so went one by one.
    expect(calls.filter((multiple) => !multiple).length).toBeGreaterThan(0);

    // Phase 2: nothing stuck, work finishes in order: each batch is one multiple ack.
    acked.clear();
    calls.length = 0;
    const events = Array.from({ length: 30 }, (_, i) => request(`run${i}`));
    for (const e of events) await broker.publish('request', e);
    // However the deliveries happen to form batches on this machine, each batch (finishing in order, one call at a
    // time) is acked with exactly one multiple ack.
    let batches = 0;
    const counted = async (batch: { event: RequestEvent }[]) => {
      batches++;
      await handle(batch);
    };
    const second = await broker.consume<RequestEvent>({ ...options, handle: counted, concurrency: 1 });
    await expect.poll(() => acked.size, { timeout: 30_000 }).toBe(30);
    await second.stop();
    spy.mockRestore();
    expect(twice).toEqual([]);
    expect(calls).toEqual(Array.from({ length: batches }, () => true));
    expect(applied.filter((a) => a.startsWith('run')).sort()).toEqual(events.map((e) => e.payload.content).sort());
    // Everything was acked: closing the consumers' channels returned nothing to the queue.
    expect((await probe.checkQueue(queue)).messageCount).toBe(0);
    await probe.close();
  });
  it('runs calls side by side only for a backlog: light load waits for the running call and goes in the next', async () => {
    const calls: { contents: string[]; overlapping: number }[] = [];
    let running = 0;
    let failing = true;
    let failedAttempts = 0;
    // Calls wait on this gate, so the test, not the machine's speed, decides what is queued while a call runs.
    let gate = Promise.resolve();
    let open: () => void = () => undefined;
    const close = () => {
      gate = new Promise<void>((resolve) => (open = resolve));
    };
    const consumer = await broker.consume<RequestEvent>({
      queue: broker.topology.queues.core,
      direction: 'request',
      prefetch: 100,
      maxBatch: 10,
      concurrency: 3,
      maxAttempts: 1_000,
      retryBackoff: { initialMs: 100, maxMs: 100 },
      isTransient: () => false,
      handle: async (batch) => {
        const contents = batch.map(({ event }) =>
          event.type === 'gateway.message.created' ? event.payload.content : '',
        );
        if (contents.includes('failing') && failing) {
          failedAttempts++;
          throw new Error('not yet');
        }
        running++;
        calls.push({ contents, overlapping: running });
        await gate;
        running--;
      },
    });
    const handled = () => calls.flatMap((c) => c.contents);

    // Light load: one event, then four more while its call runs. They wait and go together.
    close();
    await broker.publish('request', request('light0'));
    await expect.poll(() => calls.length).toBe(1);
    for (let i = 1; i <= 4; i++) await broker.publish('request', request(`light${i}`));
    // All four delivered and waiting behind the running call, none of them in a call of their own.
    await expect.poll(() => consumer.inFlight, { timeout: 10_000 }).toBe(5);
    expect(calls).toHaveLength(1);
    open();
    await expect.poll(() => handled().filter((c) => c.startsWith('light')).length, { timeout: 10_000 }).toBe(5);
    expect(calls.map((c) => c.contents.length)).toEqual([1, 4]);
    expect(Math.max(...calls.map((c) => c.overlapping))).toBe(1);

    // A backlog of full batches: while one call runs, a full batch waiting starts another.
    await expect.poll(() => running).toBe(0);
    calls.length = 0;
    close();
    for (let i = 0; i < 40; i++) await broker.publish('request', request(`heavy${i}`));
    await expect.poll(() => running, { timeout: 10_000 }).toBeGreaterThan(1);
    open();
    await expect.poll(() => handled().filter((c) => c.startsWith('heavy')).length, { timeout: 10_000 }).toBe(40);
    expect(Math.max(...calls.map((c) => c.overlapping))).toBeGreaterThan(1);

    // A call in its retries does not hold back the next event, though no full batch waits.
    await expect.poll(() => running).toBe(0);
    calls.length = 0;
    await broker.publish('request', request('failing'));
    await expect.poll(() => failedAttempts, { timeout: 10_000 }).toBeGreaterThan(0);
    await broker.publish('request', request('after'));
    await expect.poll(() => handled().includes('after'), { timeout: 10_000 }).toBe(true);
    expect(handled()).not.toContain('failing');
    failing = false;
    await expect.poll(() => handled().includes('failing'), { timeout: 10_000 }).toBe(true);
    await consumer.stop();
  });
  it('sends what it writes in one turn of the event loop with one system call', async () => {
    // Every socket write goes through one of these two; corked, a burst reaches the kernel as one writev.
    const proto = Socket.prototype as unknown as Record<'_write' | '_writev', (...args: unknown[]) => void>;
    const write = vi.spyOn(proto, '_write');
    const writev = vi.spyOn(proto, '_writev');
    try {
      await Promise.all(Array.from({ length: 20 }, (_, i) => broker.publish('request', request(`burst${i}`))));
      // 20 publishes (3 frames each) in one turn: uncorked, that is at least one call per publish.
      expect(write.mock.calls.length + writev.mock.calls.length).toBeLessThan(5);
    } finally {
      write.mockRestore();
      writev.mockRestore();
      const ch = await broker.channel();
      await ch.purgeQueue(broker.topology.queues.core);
      await ch.close();
    }
  });
});
