import type { Channel, ChannelModel, ConsumeMessage } from 'amqplib';
import type { Logger } from 'pino';
import type { Direction } from '../catalog.ts';
import { decodeEvent, InvalidEventError } from '../catalog.ts';
import { ChannelAcks } from './acks.ts';
import { backoff, describe, sleep } from './backoff.ts';

/**
 * Why a message went to the dead-letter queue: it was invalid, its handler rejected it (the event itself failed, the
 * rest of its batch was applied), or it kept failing on its own until maxAttempts.
 */
export type DeadLetterReason = InvalidEventError['reason'] | 'rejected' | 'retries-exhausted';

/** A validated event handed to a consumer, with what the broker knows of its delivery. */
export interface Delivery<E> {
  event: E;
  redelivered: boolean;
}

/** An event its handler could not apply, because of the event itself; `detail` says why. */
export interface Rejected<E> {
  delivery: Delivery<E>;
  detail: string;
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
  /**
   * Applies every event of the batch, or throws and applies none. Resolving means committed: the batch is acked,
   * except the deliveries handed to `reject` (they applied nothing, because of the event itself), which are then
   * dead-lettered at once with their detail. Rejections of a call that throws are forgotten.
   */
  handle: (batch: Delivery<E>[], reject: (rejected: Rejected<E>) => void) => Promise<void>;
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

/** A delivery a consumer holds until it is acked. */
export interface Held<E> {
  msg: ConsumeMessage;
  channel: Channel;
  event: E;
  attempts: number;
  history: { at: string; error: string }[];
}

/** What a consumer needs from the broker that runs it. */
export interface ConsumerHost {
  /** Publishes a message to the dead-letter exchange with its reason and history. */
  deadLetter(
    msg: ConsumeMessage,
    queue: string,
    reason: DeadLetterReason,
    detail: string,
    history: Held<unknown>['history'],
    attempts: number,
  ): Promise<void>;
  /** The consumer has stopped for good. */
  forget(consumer: Consumer<unknown>): void;
  /**
   * The consumer's channel closed, or the broker cancelled its subscription, while the connection lives on:
   * declare the topology again (the queue may have been deleted) and attach the consumer anew, retrying until it
   * consumes again, the connection is lost (reconnecting attaches it) or it is stopped.
   */
  resubscribe(consumer: Consumer<unknown>): void;
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
    private readonly broker: ConsumerHost,
    private readonly log: Logger,
  ) {}

  /** Messages received and not yet acked. */
  get inFlight(): number {
    return this.buffer.length + this.running;
  }

  /** True while subscribed: what /readyz asks of a service that consumes. */
  get consuming(): boolean {
    return this.consumerTag !== undefined;
  }

  /** @internal (Re)subscribes on a connection; a no-op while already subscribed or once stopped. */
  async attach(conn: ChannelModel): Promise<void> {
    if (this.stopping || this.channel) return;
    const channel = await conn.createChannel();
    channel.on('error', (err: Error) => this.log.warn({ err }, 'consumer channel error'));
    // Closed by the broker (a channel error, a deleted queue) or with the connection: subscribe again.
    channel.on('close', () => this.lose(channel));
    try {
      await channel.prefetch(this.options.prefetch);
      if (this.stopping || this.channel) {
        // Attached by someone else meanwhile (a reconnect and a re-subscription crossing).
        await channel.close();
        return;
      }
      const acks = new ChannelAcks(channel);
      this.channel = channel;
      this.acks = acks;
      const { consumerTag } = await channel.consume(this.options.queue, (msg) => {
        if (!msg) {
          // Basic.cancel from the broker: the queue was deleted (or moved). Closing the channel hands back what it
          // holds for redelivery and brings the consumer back through lose().
          this.log.warn('the broker cancelled this consumer; subscribing again');
          this.consumerTag = undefined;
          void channel.close().catch(() => undefined);
          return;
        }
        // Registered here, in delivery order, before anything can finish it.
        acks.received(msg);
        void this.receive(channel, msg);
      });
      if (this.channel === channel) this.consumerTag = consumerTag;
    } catch (err) {
      if (this.channel === channel) this.detach();
      await channel.close().catch(() => undefined);
      throw err;
    }
  }

  /** A channel of this consumer closed: if it was the live one, drop its state and subscribe again. */
  private lose(channel: Channel): void {
    if (channel !== this.channel) return;
    this.detach();
    if (!this.stopping) this.broker.resubscribe(this as Consumer<unknown>);
  }

  /** @internal The channel is gone: held messages will be redelivered, so drop them. */
  detach(): void {
    this.acks?.dispose();
    this.acks = undefined;
    this.channel = undefined;
    this.consumerTag = undefined;
    this.buffer.length = 0;
    if (this.inFlight === 0) this.idle?.();
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
        await this.handled(pending);
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
        await this.handled([held]);
        return;
      } catch (e) {
        err = e;
      }
    }
  }

  /** Hands deliveries to the handler; once it has committed, acks them and dead-letters those it rejected. */
  private async handled(held: Held<E>[]): Promise<void> {
    const deliveries = held.map((h) => ({ event: h.event, redelivered: h.msg.fields.redelivered }));
    const detailOf = new Map<Delivery<E>, string>();
    await this.options.handle(deliveries, (r) => detailOf.set(r.delivery, r.detail));
    this.ack(held.filter((_, i) => !detailOf.has(deliveries[i] as Delivery<E>)));
    await Promise.all(
      held.map(async (h, i) => {
        const detail = detailOf.get(deliveries[i] as Delivery<E>);
        if (detail === undefined) return;
        h.attempts++;
        h.history.push({ at: new Date().toISOString(), error: detail });
        this.log.error({ messageId: h.msg.properties.messageId, detail }, 'rejected by its handler; dead-lettering');
        await this.settle(h.channel, h.msg, () =>
          this.broker.deadLetter(h.msg, this.options.queue, 'rejected', detail, h.history, h.attempts),
        );
      }),
    );
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
