import { addKarma, claimInbox, type Database, type Kysely } from '@guildhall/db';
import type { Broker } from '@guildhall/events';
import { envelope, type KarmaPointsChanged, type RequestEvent } from '@guildhall/events';
import { benchLog } from './lib.ts';

/**
 * The naive reference consumer: for each delivery, one transaction (inbox row + counter upsert), then one
 * confirmed publish of the result, then the ack. What a straightforward implementation does; core must beat it.
 */
export async function startNaiveConsumer(
  broker: Broker,
  db: Kysely<Database>,
  prefetch: number,
): Promise<() => Promise<void>> {
  const ch = await broker.channel();
  await ch.prefetch(prefetch);
  const { consumerTag } = await ch.consume(broker.topology.queues.core, (msg) => {
    if (!msg) return;
    void (async () => {
      const event = JSON.parse(msg.content.toString()) as RequestEvent;
      if (event.type !== 'gateway.message.created') {
        ch.ack(msg);
        return;
      }
      const key = event.payload.content.replace(/\+\+$/, '');
      const total = await db.transaction().execute(async (trx) => {
        if (!(await claimInbox(trx, event.id, event.type))) return null;
        return addKarma(trx, event.payload.guildId, { kind: 'name', key, display: key }, 1);
      });
      if (total !== null) {
        const result: KarmaPointsChanged = envelope(
          'karma.points.changed',
          1,
          {
            guildId: event.payload.guildId,
            giverId: event.payload.author.id,
            replyTo: { kind: 'message', channelId: event.payload.channelId, messageId: event.payload.messageId },
            announce: true,
            changes: [{ subject: { kind: 'name', key, display: key }, delta: 1, total }],
            refused: [],
            cooldownSeconds: 60,
          },
          event,
        );
        await broker.publish('result', result);
      }
      ch.ack(msg);
    })().catch((err: unknown) => benchLog.error({ err }, 'naive consumer failed'));
  });
  return async () => {
    await ch.cancel(consumerTag);
    await ch.close();
  };
}
