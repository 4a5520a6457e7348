import amqp from 'amqplib';
import type { Channel, ChannelModel, ConfirmChannel, ConsumeMessage, Options } from 'amqplib';
import { Socket } from 'node:net';
import type { Logger } from 'pino';
import type { AnyEvent, Direction, RequestEvent, ResultEvent } from './catalog.ts';
import { assertValid, decodeEvent, InvalidEventError } from './catalog.ts';
import { assertTopology, topology, type Topology } from './topology.ts';

/** Why a message went to the dead-letter queue. */
export type DeadLetterReason = InvalidEventError['reason'] | 'retries-exhausted';

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
  /** Called once per dead-lettered message, for metrics. */
  onDeadLetter?: (reason: DeadLetterReason) => void;
}

/** Defaults for the optional BrokerOptions. */
export const DefaultBrokerOptions = {
  namespace: 'guildhall',
  publishWaitMs: 30_000,
  reconnect: { initialMs: 100, maxMs: 5_000 },
} as const;

/** A publish the broker could not route to any queue (returned under `mandatory`). */
export class UnroutableError extends Error {
  override readonly name = 'UnroutableError';
}

/** The connection to the broker is gone; the operation may succeed once it is back. */
export class BrokerUnavailableError extends Error {
  override readonly name = 'BrokerUnavailableError';
}

/** A validated event handed to a consumer, with what the broker knows of its delivery. */
export interface Delivery<E> {
  event: E;
  redelivered: boolean;
}

/** How a consumer takes work off a queue. */
export interface ConsumeOptions<E> {
  queue: string;
  direction: Direction;
  /** Unacked messages the broker may push ahead; bounds memory and how much a crash re-delivers. */
  prefetch: number;
  /** At most this many events go to one handler call (one transaction in core). */
  maxBatch: number;
  /**
   * Handler calls in flight at once, at most. A second call starts only when a full batch is waiting (or the running
   * ones are retrying): under light load, deliveries wait for the running call and go together in the next one,
   * which costs far less than one call each; under a backlog, calls run side by side.
   */
  concurrency: number;
  /** Applies every event of the batch, or throws and applies none. Resolving means committed: the batch is acked. */
  handle: (batch: Delivery<E>[]) => Promise<void>;
  /** Faults of the infrastructure (database down): retried without limit and without counting attempts. */
  isTransient: (err: unknown) => boolean;
  /** Attempts for any other failure before the event is dead-lettered with its history. */
  maxAttempts?: number;
  retryBackoff?: { initialMs: number; maxMs: number };
}

/** Defaults for the optional ConsumeOptions. */
export const DefaultConsumeOptions = {
  maxAttempts: 5,
  retryBackoff: { initialMs: 50, maxMs: 5_000 },
} as const;

interface Held<E> {
  msg: ConsumeMessage;
  channel: Channel;
  event: E;
  attempts: number;
  history: { at: string; error: string }[];
}

/**
 * How long a finished delivery waits for the ones before it (a batch still running, an event in its retries) to
 * finish, so one ack can cover them all, before it is acked on its own.
 */
const blockedAckMs = 20;

/**
 * The acks of one channel, coalesced: deliveries are acked in runs, a contiguous run of finished ones (in delivery
 * tag order) with ONE `multiple` ack of its last tag, so a batch costs one ack frame rather than one per event. A
 * multiple ack covers every unacked tag up to it, so a run never reaches past a delivery that is not finished (it
 * may be retried, or be left for redelivery); finished deliveries behind one wait blockedAckMs and are then acked
 * one by one. Each tag is acked exactly once: RabbitMQ closes the channel on an unknown (e.g. already acked) tag.
 */
class ChannelAcks {
  /** Received and not yet acked, in delivery tag order. */
  private unacked: ConsumeMessage[] = [];
  private readonly finished = new Set<number>();
  private timer: NodeJS.Timeout | undefined;

  constructor(private readonly channel: Channel) {}

  received(msg: ConsumeMessage): void {
    this.unacked.push(msg);
  }

  /** Marks deliveries as done (committed or dead-lettered) and acks what can be acked now. */
  finish(msgs: readonly ConsumeMessage[]): void {
    for (const msg of msgs) this.finished.add(msg.fields.deliveryTag);
    let run = 0;
    while (run < this.unacked.length && this.finished.has(this.unacked[run]?.fields.deliveryTag ?? -1)) run++;
    const last = this.unacked[run - 1];
    if (last) {
      for (const msg of this.unacked.slice(0, run)) this.finished.delete(msg.fields.deliveryTag);
      this.unacked = this.unacked.slice(run);
      this.channel.ack(last, true);
    }
    if (this.finished.size === 0) this.clearTimer();
    else this.timer ??= setTimeout(() => this.flush(), blockedAckMs);
  }

  /** Acks every finished delivery now, one by one where a run is blocked. */
  flush(): void {
    this.clearTimer();
    const waiting: ConsumeMessage[] = [];
    for (const msg of this.unacked) {
      if (!this.finished.delete(msg.fields.deliveryTag)) waiting.push(msg);
      else this.channel.ack(msg);
    }
    this.unacked = waiting;
  }

  /** The channel is gone or closing: its tags mean nothing any more. */
  dispose(): void {
    this.clearTimer();
    this.unacked = [];
    this.finished.clear();
  }

  private clearTimer(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
  }
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
/** Exponential backoff with jitter: the delay before retry number `attempt` (0-based), within `b`'s bounds. */
export const backoff = (attempt: number, b: { initialMs: number; maxMs: number }): number =>
  Math.min(b.maxMs, b.initialMs * 2 ** attempt) * (0.75 + Math.random() * 0.5);
const describe = (err: unknown) => (err instanceof Error ? `${err.name}: ${err.message}` : String(err));

/**
 * The one messaging module every service uses: a self-healing connection, confirmed publishing and consumers
 * that ack only after their handler has committed.
 */
export class Broker {
  /** Exchange and queue names in use. */
  readonly topology: Topology;
  private readonly log: Logger;
  private connection: ChannelModel | undefined;
  private publisher: ConfirmChannel | undefined;
  private readonly returned = new Set<string>();
  private readonly consumers = new Set<Consumer<unknown>>();
  private readonly waiters = new Set<() => void>();
  private closing = false;
  private reconnectAttempt = 0;

  private constructor(private readonly options: BrokerOptions) {
    this.topology = topology(options.namespace ?? DefaultBrokerOptions.namespace);
    this.log = options.logger.child({ component: 'broker' });
  }

  /** Connects (retrying until the broker answers) and declares the topology. */
  static async connect(options: BrokerOptions): Promise<Broker> {
    const broker = new Broker(options);
    await broker.establish();
    return broker;
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
        this.log.warn({ err, retryInMs: Math.round(delay) }, 'cannot reach the broker; retrying');
        await sleep(delay);
      }
    }
  }

  private async open(): Promise<void> {
    // noDelay: without it every publish/ack round trip waits ~40 ms on Nagle's algorithm.
    const conn = await amqp.connect(this.options.url, {
      noDelay: true,
      clientProperties: { connection_name: this.options.connectionName },
    });
    try {
      coalesceWrites(conn);
      conn.on('error', (err: Error) => this.log.warn({ err }, 'broker connection error'));
      const setup = await conn.createChannel();
      await assertTopology(setup, this.topology);
      await setup.close();
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
      conn.on('close', () => this.lost(conn));
    } catch (err) {
      await conn.close().catch(() => undefined);
      throw err;
    }
    this.log.info({ namespace: this.topology.namespace }, 'connected to the broker');
    for (const wake of this.waiters) wake();
    this.waiters.clear();
  }

  private lost(conn: ChannelModel): void {
    if (this.connection !== conn) return;
    this.connection = undefined;
    this.publisher = undefined;
    this.returned.clear();
    for (const consumer of this.consumers) consumer.detach();
    if (this.closing) return;
    this.log.warn('lost the broker connection; reconnecting');
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

/** A running consumer of one queue. */
export class Consumer<E> {
  private channel: Channel | undefined;
  private acks: ChannelAcks | undefined;
  private consumerTag: string | undefined;
  private readonly buffer: Held<E>[] = [];
  private running = 0;
  /** Handler calls that failed once and are now retrying: they do not hold back the next batch. */
  private retrying = 0;
  private stopping = false;
  private idle: (() => void) | undefined;

  /** @internal */
  constructor(
    private readonly options: ConsumeOptions<E>,
    private readonly broker: Broker,
    private readonly log: Logger,
  ) {}

  /** Messages received and not yet acked. */
  get inFlight(): number {
    return this.buffer.length + this.running;
  }

  /** @internal (Re)subscribes on a fresh connection. */
  async attach(conn: ChannelModel): Promise<void> {
    if (this.stopping) return;
    const channel = await conn.createChannel();
    channel.on('error', (err: Error) => this.log.warn({ err }, 'consumer channel error'));
    await channel.prefetch(this.options.prefetch);
    const acks = new ChannelAcks(channel);
    this.channel = channel;
    this.acks = acks;
    const { consumerTag } = await channel.consume(this.options.queue, (msg) => {
      if (!msg) {
        this.log.warn('the broker cancelled this consumer');
        return;
      }
      // Registered here, in delivery order, before anything can finish it.
      acks.received(msg);
      void this.receive(channel, msg);
    });
    this.consumerTag = consumerTag;
  }

  /** @internal The connection is gone: held messages will be redelivered, so drop them. */
  detach(): void {
    this.acks?.dispose();
    this.acks = undefined;
    this.channel = undefined;
    this.consumerTag = undefined;
    this.buffer.length = 0;
  }

  private async receive(channel: Channel, msg: ConsumeMessage): Promise<void> {
    let event: E;
    try {
      event = decodeEvent(this.options.direction, msg.content) as E;
    } catch (err) {
      if (!(err instanceof InvalidEventError)) throw err;
      this.log.warn({ reason: err.reason, messageId: msg.properties.messageId, detail: err.message }, 'dead-lettering');
      await this.settle(channel, msg, () =>
        this.broker.deadLetter(msg, this.options.queue, err.reason, err.message, [], 0),
      );
      return;
    }
    this.buffer.push({ msg, channel, event, attempts: 0, history: [] });
    this.pump();
  }

  private pump(): void {
    const { concurrency, maxBatch } = this.options;
    while (
      this.running < concurrency &&
      this.buffer.length > 0 &&
      (this.running === this.retrying || this.buffer.length >= maxBatch)
    ) {
      const batch = this.buffer.splice(0, maxBatch);
      this.running++;
      void this.runBatch(batch).finally(() => {
        this.running--;
        this.pump();
        if (this.inFlight === 0) this.idle?.();
      });
    }
  }

  private live(held: Held<E>[]): Held<E>[] {
    return held.filter((h) => h.channel === this.channel);
  }

  private async runBatch(batch: Held<E>[]): Promise<void> {
    let retrying = false;
    try {
      await this.tryBatch(batch, () => {
        if (retrying) return;
        retrying = true;
        this.retrying++;
        this.pump();
      });
    } finally {
      if (retrying) this.retrying--;
    }
  }

  /** Runs a batch until it is acked (or its events dead-lettered); `onRetry` hears of the first failure. */
  private async tryBatch(batch: Held<E>[], onRetry: () => void): Promise<void> {
    let transientAttempt = 0;
    for (let pending = this.live(batch); pending.length > 0; pending = this.live(pending)) {
      try {
        await this.options.handle(pending.map((h) => ({ event: h.event, redelivered: h.msg.fields.redelivered })));
        this.ack(pending);
        return;
      } catch (err) {
        onRetry();
        if (this.options.isTransient(err)) {
          const delay = backoff(transientAttempt++, this.options.retryBackoff ?? DefaultConsumeOptions.retryBackoff);
          this.log.warn({ err, size: pending.length, retryInMs: Math.round(delay) }, 'transient failure; will retry');
          await sleep(delay);
          continue;
        }
        if (pending.length > 1) {
          // One bad event must not hold back the others: retry them one by one to find it.
          for (const h of pending) await this.runOne(h);
          return;
        }
        const [only] = pending;
        if (only) await this.runOne(only, err);
        return;
      }
    }
  }

  private async runOne(held: Held<E>, firstError?: unknown): Promise<void> {
    const maxAttempts = this.options.maxAttempts ?? DefaultConsumeOptions.maxAttempts;
    const retry = this.options.retryBackoff ?? DefaultConsumeOptions.retryBackoff;
    let err = firstError;
    let transientAttempt = 0;
    for (;;) {
      if (held.channel !== this.channel) return;
      if (err !== undefined) {
        if (this.options.isTransient(err)) {
          await sleep(backoff(transientAttempt++, retry));
        } else {
          held.attempts++;
          held.history.push({ at: new Date().toISOString(), error: describe(err) });
          if (held.attempts >= maxAttempts) {
            this.log.error({ err, messageId: held.msg.properties.messageId, attempts: held.attempts }, 'giving up');
            await this.settle(held.channel, held.msg, () =>
              this.broker.deadLetter(
                held.msg,
                this.options.queue,
                'retries-exhausted',
                describe(err),
                held.history,
                held.attempts,
              ),
            );
            return;
          }
          await sleep(backoff(held.attempts - 1, retry));
        }
      }
      try {
        await this.options.handle([{ event: held.event, redelivered: held.msg.fields.redelivered }]);
        this.ack([held]);
        return;
      } catch (e) {
        err = e;
      }
    }
  }

  /** Acks deliveries whose work is committed, if their channel is still the live one. */
  private ack(held: readonly Held<E>[]): void {
    const live = held.filter((h) => h.channel === this.channel);
    if (live.length > 0) this.acks?.finish(live.map((h) => h.msg));
  }

  /** Acks a message once `before` has succeeded; on failure leaves it unacked so the broker redelivers it. */
  private async settle(channel: Channel, msg: ConsumeMessage, before: () => Promise<void>): Promise<void> {
    try {
      await before();
      if (channel === this.channel) this.acks?.finish([msg]);
    } catch (err) {
      this.log.error({ err }, 'could not dead-letter; leaving the message for redelivery');
    }
  }

  /** Stops taking messages, finishes what it holds, then closes its channel. */
  async stop(): Promise<void> {
    if (this.stopping) return;
    this.stopping = true;
    const { channel, consumerTag } = this;
    if (channel && consumerTag) await channel.cancel(consumerTag).catch(() => undefined);
    if (this.inFlight > 0) await new Promise<void>((resolve) => (this.idle = resolve));
    this.acks?.flush();
    this.acks?.dispose();
    this.acks = undefined;
    this.channel = undefined;
    await channel?.close().catch(() => undefined);
    this.broker.forget(this as Consumer<unknown>);
  }
}

/** The amqplib channel type, for tools and tests that need a channel of their own. */
export type { Channel, ConsumeMessage } from 'amqplib';
