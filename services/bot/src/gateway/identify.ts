import { setTimeout } from 'node:timers/promises';
import type { IIdentifyThrottler } from '@discordjs/ws';
import type { Broker } from '@guildhall/events';
import type { Logger } from '@guildhall/runtime';

/** Discord lets one identify per rate-limit key through per this window (`max_concurrency` keys at once). */
export const IdentifyWindowMs = 5_000;

/** Timings of the lease; production uses the defaults. */
export interface IdentifyLeaseTimings {
  /** How long after an identify its key stays taken: Discord's 5 s, plus a margin for clocks and delivery. */
  spacingMs: number;
  /** How often a waiting shard tries again. */
  retryMs: number;
}

/** A channel of the broker's connection. */
type Channel = Awaited<ReturnType<Broker['channel']>>;

const DefaultTimings: IdentifyLeaseTimings = { spacingMs: IdentifyWindowMs + 1_000, retryMs: 500 };

/**
 * Paces identifies across every process of the bot, as `max_concurrency` asks: at most one identify per
 * rate-limit key (`shard_id % max_concurrency`) per 5 seconds, whichever replica runs the shard. The shared state
 * lives in RabbitMQ, which every replica already reaches (ADR 17), as two queues per key:
 * - `…identify.K.lock`, declared exclusive: only one connection can hold it, and the broker drops it when that
 *   connection dies, so a crashed replica never keeps the key;
 * - `…identify.K.recent`, declared by the holder just before it identifies, with `x-expires`: it disappears by
 *   itself `spacingMs` later, so the next identify on the key waits that long even if this process dies at once.
 * A shard waiting for its key holds the lock only for the few declares that look for the marker and set it.
 */
export class BrokerIdentifyThrottler implements IIdentifyThrottler {
  private readonly local = new Map<number, Promise<void>>();

  constructor(
    private readonly broker: Broker,
    private readonly maxConcurrency: number,
    private readonly log: Logger,
    private readonly timings: IdentifyLeaseTimings = DefaultTimings,
  ) {}

  async waitForIdentify(shardId: number, signal: AbortSignal): Promise<void> {
    const key = shardId % this.maxConcurrency;
    // The lock is exclusive per connection, and this process's shards share one: they queue here first.
    const previous = this.local.get(key) ?? Promise.resolve();
    let done!: () => void;
    const mine = new Promise<void>((resolve) => (done = resolve));
    this.local.set(key, mine);
    try {
      await previous;
      for (let attempt = 0; ; attempt++) {
        signal.throwIfAborted();
        if (await this.take(key)) return;
        if (attempt % 20 === 19) this.log.info({ shardId, key }, 'still waiting for the identify rate-limit key');
        await setTimeout(this.timings.retryMs, undefined, { signal });
      }
    } finally {
      done();
      if (this.local.get(key) === mine) this.local.delete(key);
    }
  }

  /** Takes the key if no identify used it within the spacing; false when it is busy (or the broker is away). */
  private async take(key: number): Promise<boolean> {
    const prefix = this.broker.topology.identifyLeases;
    const lock = `${prefix}.${key}.lock`;
    const recent = `${prefix}.${key}.recent`;
    const expiring = (durable: boolean) => ({
      durable,
      arguments: { 'x-queue-type': 'classic', 'x-expires': this.timings.spacingMs },
    });
    // Refused (405 RESOURCE_LOCKED) while another connection holds it.
    const locked = await this.attempt((ch) =>
      ch.assertQueue(lock, { exclusive: true, durable: false, arguments: { 'x-queue-type': 'classic' } }),
    );
    if (locked !== 'done') return false;
    try {
      // Is there a marker? Not a passive declare: that counts as using the queue and would keep it from expiring.
      // A declare that differs from the marker (durable) is refused with 406 when it exists, and leaves it be.
      if ((await this.attempt((ch) => ch.assertQueue(recent, expiring(true)))) !== 'done') return false;
      // There was none (the durable queue just declared expires by itself too, should this process die now).
      await this.attempt((ch) => ch.deleteQueue(recent));
      return (await this.attempt((ch) => ch.assertQueue(recent, expiring(false)))) === 'done';
    } finally {
      await this.attempt((ch) => ch.deleteQueue(lock));
    }
  }

  /**
   * One broker operation on a channel of its own (the broker closes a channel whose operation it refused):
   * 'done', the AMQP code it was refused with, or 'unreachable'.
   */
  private async attempt(operation: (ch: Channel) => Promise<unknown>): Promise<'done' | number | 'unreachable'> {
    let ch: Channel;
    try {
      ch = await this.broker.channel();
    } catch (err) {
      this.log.warn({ err }, 'the broker is unreachable; identifies wait for it');
      return 'unreachable';
    }
    ch.on('error', () => undefined);
    try {
      await operation(ch);
      return 'done';
    } catch (err) {
      const code = (err as { code?: unknown }).code;
      return typeof code === 'number' ? code : 'unreachable';
    } finally {
      await ch.close().catch(() => undefined);
    }
  }
}
