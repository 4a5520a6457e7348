import type { Channel } from 'amqplib';

/** Names of every exchange and queue, all under one namespace so test runs and deployments never collide. */
export interface Topology {
  namespace: string;
  exchanges: { requests: string; results: string; dead: string };
  queues: { core: string; bot: string; dead: string };
}

/** The namespace production uses. */
export const DefaultNamespace = 'guildhall';

/**
 * How often the broker itself redelivers one message before dead-lettering it. This is the net for a message
 * that crashes its consumer process every time; ordinary failures are counted and dead-lettered by the consumer.
 */
export const BrokerDeliveryLimit = 20;

/** The topology for a namespace (default `guildhall`). */
export function topology(namespace: string = DefaultNamespace): Topology {
  return {
    namespace,
    exchanges: { requests: `${namespace}.requests`, results: `${namespace}.results`, dead: `${namespace}.dead` },
    queues: { core: `${namespace}.core.requests`, bot: `${namespace}.bot.results`, dead: `${namespace}.dead-letter` },
  };
}

/**
 * Declares everything, idempotently. Every service declares the whole topology, so results wait in the bot's
 * queue even before the bot has ever run, and requests wait for core.
 */
export async function assertTopology(ch: Channel, t: Topology): Promise<void> {
  const quorum = {
    durable: true,
    arguments: {
      'x-queue-type': 'quorum',
      'x-delivery-limit': BrokerDeliveryLimit,
      'x-dead-letter-exchange': t.exchanges.dead,
    },
  };
  await ch.assertExchange(t.exchanges.requests, 'topic', { durable: true });
  await ch.assertExchange(t.exchanges.results, 'topic', { durable: true });
  await ch.assertExchange(t.exchanges.dead, 'topic', { durable: true });
  await ch.assertQueue(t.queues.core, quorum);
  await ch.assertQueue(t.queues.bot, quorum);
  await ch.assertQueue(t.queues.dead, { durable: true, arguments: { 'x-queue-type': 'quorum' } });
  await ch.bindQueue(t.queues.core, t.exchanges.requests, '#');
  await ch.bindQueue(t.queues.bot, t.exchanges.results, '#');
  await ch.bindQueue(t.queues.dead, t.exchanges.dead, '#');
}
