import type { Channel, ConsumeMessage } from 'amqplib';

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
export class ChannelAcks {
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
