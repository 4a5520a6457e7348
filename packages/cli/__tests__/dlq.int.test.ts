import { Broker, BrokerDeliveryLimit, DeadLetterHeaders, type RequestEvent } from '@guildhall/events';
import { createLogger } from '@guildhall/runtime';
import { createScratchNamespace, type ScratchNamespace } from '@guildhall/testkit';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { walkDeadLetters } from '../src/dlq.ts';
import { messageRequest } from '../src/requests.ts';

const request = (content: string) => messageRequest({ guild: 'g', channel: 'c', user: 'alice', admin: false }, content);

let ns: ScratchNamespace;
let broker: Broker;
const log = createLogger('test', { level: 'silent' });

beforeAll(async () => {
  ns = await createScratchNamespace('ghdlq');
  broker = await Broker.connect({ url: ns.amqpUrl, namespace: ns.namespace, logger: log, connectionName: 'dlq-test' });
});
afterAll(async () => {
  await broker?.close();
  await ns?.drop();
});

async function deadLetterDepth(): Promise<number> {
  const ch = await broker.channel();
  try {
    return (await ch.checkQueue(broker.topology.queues.dead)).messageCount;
  } finally {
    await ch.close();
  }
}

it('replays what core and the broker dead-lettered, each once per run, and keeps what it cannot route', async () => {
  const { queues, exchanges } = broker.topology;
  const handled = new Map<string, number>();
  let deadLettered = 0;

  // 1. A poison event, dead-lettered by the consumer (x-guildhall-* headers): it fails every time.
  const poison = request('poison');
  const consumerBroker = await Broker.connect({
    url: ns.amqpUrl,
    namespace: ns.namespace,
    logger: log,
    connectionName: 'core-like',
    onDeadLetter: () => deadLettered++,
  });
  const consume = () =>
    consumerBroker.consume<RequestEvent>({
      queue: queues.core,
      direction: 'request',
      prefetch: 10,
      maxBatch: 1,
      concurrency: 1,
      maxAttempts: 1,
      isTransient: () => false,
      handle: async ([delivery]) => {
        if (!delivery) return;
        handled.set(delivery.event.id, (handled.get(delivery.event.id) ?? 0) + 1);
        if (delivery.event.type === 'gateway.message.created' && delivery.event.payload.content === 'poison')
          throw new Error('bug in handler');
      },
    });
  let consumer = await consume();
  await broker.publish('request', poison);
  await expect.poll(deadLetterDepth, { timeout: 10_000 }).toBe(1);
  await consumer.stop();

  // 2. An event the quorum queue itself dead-lettered at its delivery limit: no x-guildhall-* headers, only x-death.
  const crashing = request('crashes its consumer');
  await broker.publish('request', crashing);
  const raw = await broker.channel();
  for (let i = 0; i <= BrokerDeliveryLimit + 1; i++) {
    const msg = await raw.get(queues.core);
    if (!msg) break;
    raw.nack(msg, false, true);
  }
  await expect.poll(deadLetterDepth, { timeout: 10_000 }).toBe(2);

  // 3. Two that cannot be routed: headers naming an exchange that is not ours, and no origin headers at all.
  await broker.publishRaw(exchanges.dead, 'x.y.z', Buffer.from('{}'), {
    messageId: 'foreign',
    headers: {
      'x-death': [{ queue: 'elsewhere', reason: 'rejected', count: 1, exchange: 'not-ours', 'routing-keys': ['x'] }],
    },
  });
  await broker.publishRaw(exchanges.dead, 'x.y.z', Buffer.from('not json'), { messageId: 'orphan' });
  await expect.poll(deadLetterDepth, { timeout: 10_000 }).toBe(4);
  const dead = await raw.get(queues.dead);
  expect(dead && dead.properties.headers?.[DeadLetterHeaders.reason]).toBe('retries-exhausted');
  if (dead) raw.nack(dead, false, true);
  await raw.close();

  // Replay while core runs: the poison fails again at once and is dead-lettered again during the run; the run goes
  // on only once that has happened, so a replay that went round would meet it again.
  consumer = await consume();
  const lines: string[] = [];
  const summary = await walkDeadLetters(broker, {
    replay: true,
    limit: 50,
    report: async (line) => {
      lines.push(line);
      if (line.startsWith(`replayed ${poison.id}`)) await expect.poll(() => deadLettered, { timeout: 10_000 }).toBe(2);
    },
  });

  expect(summary).toEqual({ seen: 4, replayed: 2, kept: 2 });
  expect(lines.filter((l) => l.startsWith('replayed')).sort()).toEqual(
    [
      `replayed ${crashing.id} to ${exchanges.requests} gateway.message.created (died: delivery_limit (broker))`,
      `replayed ${poison.id} to ${exchanges.requests} gateway.message.created (died: retries-exhausted)`,
    ].sort(),
  );
  expect(lines).toContain(
    `kept foreign: its origin "not-ours" is not one of ${exchanges.requests}, ${exchanges.results}`,
  );
  expect(lines).toContain('kept orphan: no x-guildhall-* or x-death headers say where it came from');

  // The broker-dead-lettered event reached core; the poison went round once, not over and over.
  await expect.poll(() => handled.get(crashing.id), { timeout: 10_000 }).toBe(1);
  expect(handled.get(poison.id)).toBe(2);
  expect(deadLettered).toBe(2);
  // Left for the next look: the poison once more, and the two that cannot be routed.
  expect(await deadLetterDepth()).toBe(3);
  await consumer.stop();
  await consumerBroker.close();
});
