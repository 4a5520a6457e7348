import { Writable } from 'node:stream';
import { createLogger } from '@guildhall/runtime';
import { createScratchNamespace, startTcpProxy, type ScratchNamespace, type TcpProxy } from '@guildhall/testkit';
import { afterAll, afterEach, beforeAll, expect, it } from 'vitest';
import type { RequestEvent } from '../src/index.ts';
import { request } from './fixtures.ts';
import { Broker, type Consumer } from '../src/messaging/index.ts';

let ns: ScratchNamespace;
/** The test's own client: publishes, and deletes queues through a channel of its own. */
let admin: Broker;
let proxy: TcpProxy;
const lines: string[] = [];
const log = createLogger('test', {
  level: 'info',
  destination: new Writable({
    write(chunk: Buffer, _enc, done) {
      lines.push(...chunk.toString().split('\n').filter(Boolean));
      done();
    },
  }),
});
const cleanup: (() => Promise<void>)[] = [];

beforeAll(async () => {
  ns = await createScratchNamespace();
  admin = await Broker.connect({ url: ns.amqpUrl, namespace: ns.namespace, logger: log, connectionName: 'admin' });
  const upstream = new URL(ns.amqpUrl);
  proxy = await startTcpProxy(upstream.hostname, Number(upstream.port || 5672));
});
afterEach(async () => {
  for (const undo of cleanup.splice(0).reverse()) await undo();
});
afterAll(async () => {
  await admin?.close();
  await proxy?.close();
  await ns?.drop();
});

/** A broker client for the consumer under test, reaching RabbitMQ through `url`, with short timings. */
async function consumerOn(
  url: string,
  handled: Set<string>,
): Promise<{ broker: Broker; consumer: Consumer<RequestEvent> }> {
  const broker = await Broker.connect({
    url,
    namespace: ns.namespace,
    logger: log,
    connectionName: 'consumer-under-test',
    heartbeatSeconds: 1,
    connectTimeoutMs: 2_000,
    reconnect: { initialMs: 50, maxMs: 500 },
  });
  const consumer = await broker.consume<RequestEvent>({
    queue: broker.topology.queues.core,
    direction: 'request',
    prefetch: 50,
    maxBatch: 10,
    concurrency: 2,
    isTransient: () => false,
    handle: async (batch) => {
      for (const { event } of batch) handled.add(event.id);
    },
  });
  cleanup.push(() => broker.close());
  return { broker, consumer };
}

it('notices a black-holed link by its heartbeats, reconnects once the route is back, and loses nothing', async () => {
  const viaProxy = new URL(ns.amqpUrl);
  viaProxy.hostname = '127.0.0.1';
  viaProxy.port = String(proxy.port);
  const handled = new Set<string>();
  const { broker, consumer } = await consumerOn(viaProxy.toString(), handled);
  cleanup.push(async () => proxy.restore());

  const before = Array.from({ length: 10 }, (_, i) => request(`before${i}`));
  for (const e of before) await admin.publish('request', e);
  await expect.poll(() => handled.size, { timeout: 15_000 }).toBe(10);

  // The route stops delivering in both directions, without a RST or FIN: the socket looks healthy.
  proxy.blackHole();
  const during = Array.from({ length: 20 }, (_, i) => request(`during${i}`));
  for (const e of during) await admin.publish('request', e);
  // Missed heartbeats, not a socket error, tell the consumer's side the link is dead, while it is still dark.
  await expect.poll(() => broker.connected, { timeout: 15_000 }).toBe(false);
  expect(consumer.consuming).toBe(false);
  expect(lines.some((l) => l.includes('Heartbeat timeout'))).toBe(true);
  const acceptedWhileDark = proxy.accepted;

  proxy.restore();
  await expect.poll(() => handled.size, { timeout: 30_000 }).toBe(30);
  expect([...handled].sort()).toEqual([...before, ...during].map((e) => e.id).sort());
  expect(consumer.consuming).toBe(true);
  expect(proxy.accepted).toBeGreaterThan(acceptedWhileDark);
});

it('subscribes again when its queue is deleted under it, and reports not consuming until it can', async () => {
  const handled = new Set<string>();
  const { consumer } = await consumerOn(ns.amqpUrl, handled);
  const first = request('first');
  await admin.publish('request', first);
  await expect.poll(() => handled.has(first.id), { timeout: 10_000 }).toBe(true);

  // Deleted through a second amqplib channel, and a queue of the same name but another type put in its place: the
  // broker cancels the consumer, and re-declaring the quorum queue is refused until the impostor goes.
  const ch = await admin.channel();
  const queue = admin.topology.queues.core;
  await ch.deleteQueue(queue);
  await ch.assertQueue(queue, { durable: false });
  await expect.poll(() => consumer.consuming, { timeout: 10_000 }).toBe(false);
  const refusals = () => lines.filter((l) => l.includes('cannot subscribe again yet')).length;
  await expect.poll(refusals, { timeout: 10_000 }).toBeGreaterThanOrEqual(2);
  expect(consumer.consuming).toBe(false);

  await ch.deleteQueue(queue);
  await ch.close();
  await expect.poll(() => consumer.consuming, { timeout: 10_000 }).toBe(true);
  const after = Array.from({ length: 5 }, (_, i) => request(`after${i}`));
  for (const e of after) await admin.publish('request', e);
  await expect.poll(() => after.every((e) => handled.has(e.id)), { timeout: 10_000 }).toBe(true);
});
