import type { Channel, ChannelModel } from 'amqplib';

/** Names of every exchange and queue, all under one namespace so test runs and deployments never collide. */
export interface Topology {
  namespace: string;
  exchanges: { requests: string; results: string; dead: string };
  queues: { core: string; bot: string; dead: string };
  /**
   * Prefix of the bot's identify leases: per rate-limit key K, `<prefix>.K.lock` (an exclusive queue: whoever
   * declared it holds the lease) and `<prefix>.K.recent` (a queue that expires by itself a little over 5 s after
   * an identify). Not part of the topology the setup step declares.
   */
  identifyLeases: string;
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
    identifyLeases: `${namespace}.bot.identify`,
  };
}

/** What the topology is made of, as data: what assertTopology declares and the broker's definitions file holds. */
export interface TopologyDeclarations {
  exchanges: { name: string; type: 'topic' }[];
  queues: { name: string; arguments: Record<string, string | number> }[];
  bindings: { queue: string; exchange: string; pattern: string }[];
}

/** Every exchange (durable topics), queue (durable quorum queues) and binding of a topology. */
export function topologyDeclarations(t: Topology): TopologyDeclarations {
  const quorum = {
    'x-queue-type': 'quorum',
    'x-delivery-limit': BrokerDeliveryLimit,
    'x-dead-letter-exchange': t.exchanges.dead,
  };
  return {
    exchanges: Object.values(t.exchanges).map((name) => ({ name, type: 'topic' })),
    queues: [
      { name: t.queues.core, arguments: quorum },
      { name: t.queues.bot, arguments: quorum },
      { name: t.queues.dead, arguments: { 'x-queue-type': 'quorum' } },
    ],
    bindings: [
      { queue: t.queues.core, exchange: t.exchanges.requests, pattern: '#' },
      { queue: t.queues.bot, exchange: t.exchanges.results, pattern: '#' },
      { queue: t.queues.dead, exchange: t.exchanges.dead, pattern: '#' },
    ],
  };
}

/**
 * Declares everything, idempotently, so results wait in the bot's queue even before the bot has ever run, and
 * requests wait for core. Run by whoever may configure the broker: every service on a development broker, the
 * broker's setup step in a deployment (ADR 8).
 */
export async function assertTopology(ch: Channel, t: Topology): Promise<void> {
  const { exchanges, queues, bindings } = topologyDeclarations(t);
  for (const e of exchanges) await ch.assertExchange(e.name, e.type, { durable: true });
  for (const q of queues) await ch.assertQueue(q.name, { durable: true, arguments: q.arguments });
  for (const b of bindings) await ch.bindQueue(b.queue, b.exchange, b.pattern);
}

/**
 * Checks that every exchange and queue exists (passive declares, which need no permission), so a service whose
 * broker user may not declare fails at connect, and keeps retrying, until the setup step has run.
 */
async function verifyTopology(ch: Channel, t: Topology): Promise<void> {
  for (const exchange of Object.values(t.exchanges)) await ch.checkExchange(exchange);
  for (const queue of Object.values(t.queues)) await ch.checkQueue(queue);
}

/**
 * Declares the topology when the broker user may, else verifies it (ADR 8: in a deployment each service has a
 * user without configure permission, and the topology comes from the broker's definitions). Says which it did.
 */
export async function ensureTopology(conn: ChannelModel, t: Topology): Promise<'declared' | 'verified'> {
  const declare = await conn.createChannel();
  // The broker closes a channel whose operation it refused; the rejected call below reports it.
  declare.on('error', () => undefined);
  try {
    await assertTopology(declare, t);
    await declare.close();
    return 'declared';
  } catch (err) {
    if (!isAccessRefused(err)) throw err;
  }
  const check = await conn.createChannel();
  check.on('error', () => undefined);
  await verifyTopology(check, t);
  await check.close();
  return 'verified';
}

/** AMQP's ACCESS_REFUSED (403): the user lacks the permission the operation needs. */
function isAccessRefused(err: unknown): boolean {
  return typeof err === 'object' && err !== null && 'code' in err && err.code === 403;
}

/**
 * The queue of one web dashboard replica (services/web): exclusive to its connection and gone with it, declared by
 * the replica itself on every connect, and bound to the results exchange for its own results only (webResultsPattern).
 */
export function webQueue(t: Topology, replica: string): string {
  return `${t.namespace}.web.${replica}`;
}

/** The binding key that brings one web replica the results of its own requests. */
export function webResultsPattern(replica: string): string {
  return `web.${replica}.#`;
}

/**
 * The routing key of a result: its type, or, for the answer to a request made on the web dashboard, the type behind
 * `web.<replica>.` so that only that replica's queue (and the bot's, bound to `#`) receives it. Core sets it when it
 * writes the outbox row; nothing reads it back but the broker.
 */
export function resultRoutingKey(event: { type: string; payload: object }): string {
  const to =
    'replyTo' in event.payload ? (event.payload.replyTo as { kind?: unknown; replica?: unknown } | null) : null;
  return to?.kind === 'web' && typeof to.replica === 'string' ? `web.${to.replica}.${event.type}` : event.type;
}

/** A broker user's permission regexes (RabbitMQ's configure, write and read), for one vhost. */
export interface BrokerPermission {
  configure: string;
  write: string;
  read: string;
}

/** The services that get a broker user of their own. */
export type BrokerRole = 'core' | 'bot' | 'scheduler' | 'web' | 'autoscaler';

/**
 * Least privilege per service (ADR 8): nobody configures the topology (the setup step declares it); each writes
 * only to the exchanges it publishes to and reads only the queue it consumes. Binding, which also needs read on the
 * exchange and write on the queue, is therefore impossible: the bot cannot bind a queue of its own to requests.
 * The one thing the bot configures is its identify leases (ADR 17): queues under `identifyLeases` that it only
 * declares and deletes, never reads, writes or binds.
 * - core consumes requests, publishes results (the relay) and dead letters;
 * - the bot consumes results, publishes requests (gateway events, action outcomes) and dead letters;
 * - the scheduler only publishes requests (due jobs);
 * - the web dashboard publishes requests (command invocations only, by its topic permissions) and dead letters, and
 *   declares, binds and consumes its replicas' own queues (`<ns>.web.<replica>`); binding one reads the results
 *   exchange, which its topic permissions limit to the keys of dashboard answers (`web.<replica>.#`);
 * - the autoscaler (KEDA) only reads queue depth, with a passive declare that needs no permission.
 */
export function brokerPermissions(t: Topology): Record<BrokerRole, BrokerPermission> {
  const only = (...names: string[]) => `^(${names.map(escapeRegExp).join('|')})$`;
  const none = '^$';
  const webQueues = `${escapeRegExp(t.namespace)}\\.web\\.[a-z0-9-]+`;
  return {
    core: { configure: none, write: only(t.exchanges.results, t.exchanges.dead), read: only(t.queues.core) },
    bot: {
      configure: `^${escapeRegExp(t.identifyLeases)}\\.\\d+\\.(lock|recent)$`,
      write: only(t.exchanges.requests, t.exchanges.dead),
      read: only(t.queues.bot),
    },
    scheduler: { configure: none, write: only(t.exchanges.requests), read: none },
    web: {
      configure: `^${webQueues}$`,
      write: `^(${escapeRegExp(t.exchanges.requests)}|${escapeRegExp(t.exchanges.dead)}|${webQueues})$`,
      read: `^(${escapeRegExp(t.exchanges.results)}|${webQueues})$`,
    },
    autoscaler: { configure: none, write: none, read: none },
  };
}

/** A topic permission: which routing keys a user may publish (write) and bind (read) on one topic exchange. */
export interface BrokerTopicPermission {
  exchange: string;
  write: string;
  read: string;
}

/**
 * Topic permissions narrowing what a role may do on an exchange it has a permission on (RabbitMQ checks a
 * publish's routing key against `write`, a binding's key against `read`). Only the web dashboard, the service
 * facing the internet, is narrowed: it may publish nothing but command invocations, and bind nothing on the results
 * exchange but dashboard answers, so it never sees the bot's results (which carry interaction tokens).
 */
export function brokerTopicPermissions(t: Topology): Partial<Record<BrokerRole, BrokerTopicPermission[]>> {
  return {
    web: [
      { exchange: t.exchanges.requests, write: '^gateway\\.command\\.invoked$', read: '^$' },
      { exchange: t.exchanges.results, write: '^$', read: '^web\\.[a-z0-9-]+\\.#$' },
    ],
  };
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
