import amqp from 'amqplib';
import type { Channel, ChannelModel, ConfirmChannel, ConsumeMessage, Options } from 'amqplib';
import { Socket } from 'node:net';
import { redactSecrets, type ServiceWiring } from '@guildhall/runtime';
import type { Logger } from 'pino';
import type { AnyEvent, Direction, RequestEvent, ResultEvent } from '../catalog.ts';
import { assertValid } from '../catalog.ts';
import { ensureTopology, topology, type Topology } from '../topology.ts';
import { backoff, describe, sleep } from './backoff.ts';
import { Consumer, type ConsumeOptions, type ConsumerHost, type DeadLetterReason, type Held } from './consumer.ts';

/** Headers a dead-lettered message carries, so an operator can see why and replay it. */
export const DeadLetterHeaders = {
  reason: 'x-guildhall-reason',
  detail: 'x-guildhall-detail',
  queue: 'x-guildhall-queue',
  exchange: 'x-guildhall-exchange',
  routingKey: 'x-guildhall-routing-key',
  attempts: 'x-guildhall-attempts',
  history: 'x-guildhall-history',
  deadAt: 'x-guildhall-dead-at',
} as const;

/** How a Broker connects and reports. */
export interface BrokerOptions {
  url: string;
  logger: Logger;
  /** Shown in the RabbitMQ management UI, e.g. `core@host-1`. */
  connectionName: string;
  namespace?: string;
  /** How long a publish waits for a lost connection to come back before it fails. */
  publishWaitMs?: number;
  /** Reconnect backoff bounds. */
  reconnect?: { initialMs: number; maxMs: number };
  /**
   * AMQP heartbeat interval asked of the broker. A link that stops delivering (no RST: a black-holed route, a
   * frozen peer) is noticed after two to three intervals without a frame, and the connection is rebuilt.
   */
  heartbeatSeconds?: number;
  /** How long opening a connection (TCP and the AMQP handshake) may take before it counts as failed. */
  connectTimeoutMs?: number;
  /** Called once per dead-lettered message, for metrics. */
  onDeadLetter?: (reason: DeadLetterReason) => void;
  /**
   * A queue of this connection's own, declared (exclusive: it goes with the connection) and bound at every connect,
   * after the shared topology: a web dashboard replica's answers (topology.ts, webQueue).
   */
  privateQueue?: PrivateQueue;
}

/** A connection's own queue and what it is bound to. */
export interface PrivateQueue {
  name: string;
  bindings: { exchange: string; pattern: string }[];
}

/** Defaults for the optional BrokerOptions. */
export const DefaultBrokerOptions = {
  namespace: 'guildhall',
  publishWaitMs: 30_000,
  reconnect: { initialMs: 100, maxMs: 5_000 },
  // 10 s: a dead link is noticed within 20-30 s, at the cost of one small frame each way per 5 s when idle.
  heartbeatSeconds: 10,
  connectTimeoutMs: 10_000,
} as const;

/** A publish the broker could not route to any queue (returned under `mandatory`). */
export class UnroutableError extends Error {
  override readonly name = 'UnroutableError';
}

/** The connection to the broker is gone; the operation may succeed once it is back. */
export class BrokerUnavailableError extends Error {
  override readonly name = 'BrokerUnavailableError';
}

/**
 * The one messaging module every service uses: a self-healing connection, confirmed publishing and consumers
 * that ack only after their handler has committed.
 */
export class Broker implements ConsumerHost {
  /** Exchange and queue names in use. */
  readonly topology: Topology;
  private readonly log: Logger;
  private connection: ChannelModel | undefined;
  private publisher: ConfirmChannel | undefined;
  private readonly returned = new Set<string>();
  private readonly consumers = new Set<Consumer<unknown>>();
  private readonly waiters = new Set<() => void>();
  private readonly resubscribing = new Set<Consumer<unknown>>();
  private closing = false;
  private reconnectAttempt = 0;

  private constructor(private readonly options: BrokerOptions) {
    this.topology = topology(options.namespace ?? DefaultBrokerOptions.namespace);
    this.log = options.logger.child({ component: 'broker' });
  }

  /** Connects (retrying until the broker answers and its topology exists) and declares the topology if it may. */
  static async connect(options: BrokerOptions): Promise<Broker> {
    const broker = new Broker(options);
    await broker.establish();
    return broker;
  }

  /**
   * A service's broker: connected as the `broker` start step (its URL and namespace from the service's
   * BrokerVars), closed when the service stops.
   */
  static forService(
    service: ServiceWiring,
    config: { AMQP_URL: string; GUILDHALL_NAMESPACE: string },
    options: Pick<BrokerOptions, 'connectionName' | 'onDeadLetter' | 'privateQueue'>,
  ): Promise<Broker> {
    return service.step(
      'broker',
      () =>
        Broker.connect({
          ...options,
          url: config.AMQP_URL,
          namespace: config.GUILDHALL_NAMESPACE,
          logger: service.log,
        }),
      (broker) => broker.close(),
    );
  }

  /** True while a connection is open. */
  get connected(): boolean {
    return this.connection !== undefined;
  }

  private async establish(): Promise<void> {
    for (;;) {
      if (this.closing) throw new BrokerUnavailableError('broker is closing');
      try {
        await this.open();
        this.reconnectAttempt = 0;
        return;
      } catch (err) {
        const delay = backoff(this.reconnectAttempt++, this.options.reconnect ?? DefaultBrokerOptions.reconnect);
        // One line an operator can act on, not a stack trace per retry: what is unreachable, why, what to do.
        this.log.warn(
          { retryInMs: Math.round(delay), attempt: this.reconnectAttempt },
          `cannot connect to RabbitMQ at ${redactSecrets(this.options.url)}: ${connectFailure(err)}; ` +
            `retrying in ${(delay / 1000).toFixed(1)} s. Is it running? Start a local one with ` +
            '`rabbitmq-server -detached`, or point AMQP_URL at yours.',
        );
        await sleep(delay);
      }
    }
  }

  private async open(): Promise<void> {
    // noDelay: without it every publish/ack round trip waits ~40 ms on Nagle's algorithm.
    const conn = await amqp.connect(withHeartbeat(this.options.url, this.options.heartbeatSeconds), {
      noDelay: true,
      timeout: this.options.connectTimeoutMs ?? DefaultBrokerOptions.connectTimeoutMs,
      clientProperties: { connection_name: this.options.connectionName },
    });
    let topologyBy: 'declared' | 'verified';
    try {
      coalesceWrites(conn);
      conn.on('error', (err: Error) => this.log.warn({ err }, 'broker connection error'));
      topologyBy = await this.declare(conn);
      const publisher = await conn.createConfirmChannel();
      publisher.on('return', (msg: ConsumeMessage) => {
        if (typeof msg.properties.messageId === 'string') this.returned.add(msg.properties.messageId);
      });
      // A channel-level error (e.g. a missing exchange) closes only that channel; we restart the connection so
      // every channel and consumer comes back in a known state.
      publisher.on('close', () => {
        if (this.connection === conn) void conn.close().catch(() => undefined);
      });
      publisher.on('error', (err: Error) => this.log.warn({ err }, 'publisher channel error'));
      for (const consumer of this.consumers) await consumer.attach(conn);
      this.connection = conn;
      this.publisher = publisher;
      conn.on('close', (err?: Error) => this.lost(conn, err));
    } catch (err) {
      await conn.close().catch(() => undefined);
      throw err;
    }
    this.log.info({ namespace: this.topology.namespace, topology: topologyBy }, 'connected to the broker');
    for (const wake of this.waiters) wake();
    this.waiters.clear();
  }

  /**
   * Declares the topology (idempotent, and it brings back a deleted queue), or, for a user that may not declare
   * (ADR 8), checks that it exists.
   */
  private async declare(conn: ChannelModel): Promise<'declared' | 'verified'> {
    const topologyBy = await ensureTopology(conn, this.topology);
    const own = this.options.privateQueue;
    if (own) {
      const ch = await conn.createChannel();
      await ch.assertQueue(own.name, { exclusive: true, autoDelete: true, durable: false });
      for (const b of own.bindings) await ch.bindQueue(own.name, b.exchange, b.pattern);
      await ch.close();
    }
    return topologyBy;
  }

  private lost(conn: ChannelModel, err?: Error): void {
    if (this.connection !== conn) return;
    this.connection = undefined;
    this.publisher = undefined;
    this.returned.clear();
    for (const consumer of this.consumers) consumer.detach();
    if (this.closing) return;
    this.log.warn({ reason: err ? describe(err) : 'closed' }, 'lost the broker connection; reconnecting');
    void this.establish().catch((err: unknown) => this.log.error({ err }, 'gave up reconnecting'));
  }

  /** True once close() has been called: publishing will not succeed again. */
  get closed(): boolean {
    return this.closing;
  }

  private async publisherChannel(): Promise<ConfirmChannel> {
    const deadline = Date.now() + (this.options.publishWaitMs ?? DefaultBrokerOptions.publishWaitMs);
    while (!this.publisher) {
      if (this.closing) throw new BrokerUnavailableError('broker is closing');
      const left = deadline - Date.now();
      if (left <= 0) throw new BrokerUnavailableError('no broker connection');
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, left);
        this.waiters.add(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
    return this.publisher;
  }

  /** Validates and publishes an event to its direction's exchange; resolves once the broker has confirmed it. */
  async publish(direction: 'request', event: RequestEvent): Promise<void>;
  async publish(direction: 'result', event: ResultEvent): Promise<void>;
  async publish(direction: Direction, event: AnyEvent): Promise<void> {
    assertValid(direction, event);
    const exchange = direction === 'request' ? this.topology.exchanges.requests : this.topology.exchanges.results;
    await this.publishRaw(exchange, event.type, Buffer.from(JSON.stringify(event)), propertiesOf(event));
  }

  /**
   * Publishes bytes as they are (already validated, or deliberately raw) with `mandatory` and persistence;
   * resolves on the broker's confirm, rejects on nack, on return (unroutable) or on a lost connection.
   */
  async publishRaw(exchange: string, routingKey: string, content: Buffer, properties: Options.Publish): Promise<void> {
    const channel = await this.publisherChannel();
    const messageId = properties.messageId;
    await new Promise<void>((resolve, reject) => {
      try {
        channel.publish(
          exchange,
          routingKey,
          content,
          { contentType: 'application/json', ...properties, persistent: true, mandatory: true },
          (err: unknown) => {
            const wasReturned = messageId !== undefined && this.returned.delete(messageId);
            if (err) reject(new BrokerUnavailableError(`publish not confirmed: ${describe(err)}`));
            else if (wasReturned) reject(new UnroutableError(`no queue is bound for ${exchange} ${routingKey}`));
            else resolve();
          },
        );
      } catch (err) {
        reject(new BrokerUnavailableError(`publish failed: ${describe(err)}`));
      }
    });
  }

  /** Starts a consumer; it survives reconnects until stopped. */
  async consume<E extends AnyEvent>(options: ConsumeOptions<E>): Promise<Consumer<E>> {
    const consumer = new Consumer<E>(options, this, this.log.child({ queue: options.queue }));
    this.consumers.add(consumer as Consumer<unknown>);
    if (this.connection) await consumer.attach(this.connection);
    return consumer;
  }

  /** @internal Used by consumers to dead-letter a message with its reason and history. */
  async deadLetter(
    msg: ConsumeMessage,
    queue: string,
    reason: DeadLetterReason,
    detail: string,
    history: Held<unknown>['history'],
    attempts: number,
  ): Promise<void> {
    const headers: Record<string, unknown> = {
      ...msg.properties.headers,
      [DeadLetterHeaders.reason]: reason,
      [DeadLetterHeaders.detail]: detail.slice(0, 4000),
      [DeadLetterHeaders.queue]: queue,
      [DeadLetterHeaders.exchange]: msg.fields.exchange,
      [DeadLetterHeaders.routingKey]: msg.fields.routingKey,
      [DeadLetterHeaders.attempts]: attempts,
      [DeadLetterHeaders.history]: JSON.stringify(history.slice(-20)),
      [DeadLetterHeaders.deadAt]: new Date().toISOString(),
    };
    const props: Options.Publish = { headers };
    if (msg.properties.messageId !== undefined) props.messageId = String(msg.properties.messageId);
    if (msg.properties.type !== undefined) props.type = String(msg.properties.type);
    if (msg.properties.correlationId !== undefined) props.correlationId = String(msg.properties.correlationId);
    if (typeof msg.properties.timestamp === 'number') props.timestamp = msg.properties.timestamp;
    await this.publishRaw(this.topology.exchanges.dead, msg.fields.routingKey, msg.content, props);
    this.options.onDeadLetter?.(reason);
  }

  /** @internal */
  forget(consumer: Consumer<unknown>): void {
    this.consumers.delete(consumer);
  }

  /** @internal */
  resubscribe(consumer: Consumer<unknown>): void {
    if (this.resubscribing.has(consumer)) return;
    this.resubscribing.add(consumer);
    void this.resubscribeUntilDone(consumer).finally(() => this.resubscribing.delete(consumer));
  }

  private async resubscribeUntilDone(consumer: Consumer<unknown>): Promise<void> {
    const bounds = this.options.reconnect ?? DefaultBrokerOptions.reconnect;
    for (let attempt = 0; ; attempt++) {
      // First a short wait: when the whole connection is going, its channels close just before it does.
      await sleep(backoff(attempt, bounds));
      const conn = this.connection;
      if (this.closing || !this.consumers.has(consumer) || consumer.consuming || !conn) return;
      try {
        await this.declare(conn);
        await consumer.attach(conn);
        this.log.info({ attempt }, 'consuming again');
        return;
      } catch (err) {
        this.log.warn({ reason: describe(err), attempt }, 'cannot subscribe again yet; retrying');
      }
    }
  }

  /** The open connection, for tools that need a channel of their own (dead-letter tooling, tests). */
  async channel(): Promise<Channel> {
    await this.publisherChannel();
    if (!this.connection) throw new BrokerUnavailableError('no broker connection');
    return this.connection.createChannel();
  }

  /** Stops every consumer (finishing in-flight work) and closes the connection. */
  async close(): Promise<void> {
    for (const consumer of [...this.consumers]) await consumer.stop();
    this.closing = true;
    for (const wake of this.waiters) wake();
    const conn = this.connection;
    this.connection = undefined;
    this.publisher = undefined;
    await conn?.close().catch(() => undefined);
  }
}

/** AMQP properties that mirror an event's envelope, so tools can route and trace without parsing the body. */
export function propertiesOf(event: AnyEvent): Options.Publish {
  return {
    messageId: event.id,
    type: event.type,
    correlationId: event.correlationId,
    timestamp: Math.floor(Date.parse(event.occurredAt) / 1000),
    contentType: 'application/json',
    headers: { 'x-event-version': event.version, 'x-causation-id': event.causationId ?? '' },
  };
}

/** The broker URL with a heartbeat asked for, unless the URL already sets one. */
function withHeartbeat(url: string, seconds: number = DefaultBrokerOptions.heartbeatSeconds): string {
  const parsed = new URL(url);
  if (!parsed.searchParams.has('heartbeat')) parsed.searchParams.set('heartbeat', String(seconds));
  return parsed.toString();
}

/** Why a connection attempt failed, in a few words (the socket's code when there is one). */
function connectFailure(err: unknown): string {
  const code = (err as { code?: unknown } | null)?.code;
  if (code === 'ECONNREFUSED') return 'connection refused';
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') return 'host not found';
  if (code === 'ETIMEDOUT' || /ETIMEDOUT/.test(String(err))) return 'timed out';
  if (/ACCESS.REFUSED/.test(String(err))) return 'login refused (check the user and password in AMQP_URL)';
  return describe(err);
}

/**
 * Makes the frames amqplib writes in one turn of the event loop leave in one system call. amqplib writes each
 * message's frames to the socket separately (publishes, acks, a whole batch's results), and on a virtual machine
 * each write is a costly system call; corked, Node hands the kernel all of them at once (writev) when the turn ends.
 */
function coalesceWrites(conn: ChannelModel): void {
  const socket = (conn as unknown as { connection?: { stream?: unknown } }).connection?.stream;
  if (!(socket instanceof Socket)) return;
  const write = socket.write.bind(socket) as (...args: unknown[]) => boolean;
  let corked = false;
  const uncork = () => {
    corked = false;
    socket.uncork();
  };
  socket.write = ((...args: unknown[]) => {
    if (!corked) {
      corked = true;
      socket.cork();
      process.nextTick(uncork);
    }
    return write(...args);
  }) as typeof socket.write;
}

/** amqplib's channel and message types, for tools and tests that need a channel of their own. */
export type { Channel, ConsumeMessage, Message } from 'amqplib';
