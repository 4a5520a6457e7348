import { BatchCache, HandlerContext } from '@guildhall/core/context';
import { requestHandlers } from '@guildhall/core/handlers';
import { addKarma, claimInbox, UnitOfWork, type Database, type Kysely } from '@guildhall/db';
import type { Broker, MessageCreated, ResultEvent } from '@guildhall/events';
import { envelope, type KarmaPointsChanged, type RequestEvent } from '@guildhall/events';
import { benchLog } from './lib.ts';

/** Applies one event in its own transaction and returns the results to publish. */
type ApplyOne = (db: Kysely<Database>, event: MessageCreated) => Promise<ResultEvent[]>;

/**
 * A naive reference consumer: for each delivery, one transaction, then one confirmed publish per result, then the
 * ack. What a straightforward implementation does; core must beat it.
 */
async function startNaive(
  broker: Broker,
  db: Kysely<Database>,
  prefetch: number,
  apply: ApplyOne,
): Promise<() => Promise<void>> {
  const ch = await broker.channel();
  await ch.prefetch(prefetch);
  const { consumerTag } = await ch.consume(broker.topology.queues.core, (msg) => {
    if (!msg) return;
    void (async () => {
      const event = JSON.parse(msg.content.toString()) as RequestEvent;
      if (event.type === 'gateway.message.created')
        for (const result of await apply(db, event)) await broker.publish('result', result);
      ch.ack(msg);
    })().catch((err: unknown) => benchLog.error({ err }, 'naive consumer failed'));
  });
  return async () => {
    await ch.cancel(consumerTag);
    await ch.close();
  };
}

/** The naive reference of issue 2: karma only (inbox row + counter upsert per event). */
export function startNaiveConsumer(broker: Broker, db: Kysely<Database>, prefetch: number) {
  return startNaive(broker, db, prefetch, async (db, event) => {
    const key = event.payload.content.replace(/\+\+$/, '');
    const total = await db.transaction().execute(async (trx) => {
      if (!(await claimInbox(trx, event.id, event.type))) return null;
      return addKarma(trx, event.payload.guildId, { kind: 'name', key, display: key }, 1);
    });
    if (total === null) return [];
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
    return [result];
  });
}

/**
 * The naive reference doing core's work: every message feature core runs (anti-spam, XP, earning, karma), with
 * core's own handlers and statements, but one event per transaction and one confirmed publish per result. Core's
 * lead over it is what batching and the outbox buy, feature for feature.
 */
export function startNaiveFeatureConsumer(broker: Broker, db: Kysely<Database>, prefetch: number) {
  return startNaive(broker, db, prefetch, (db, event) =>
    UnitOfWork.run(db, async (unit) => {
      if (!(await claimInbox(unit.db, event.id, event.type))) return [];
      const ctx = new HandlerContext(unit, event, benchLog, new BatchCache([event.payload.guildId]));
      await requestHandlers.one(ctx);
      await requestHandlers.messages([ctx]);
      return ctx.emitted;
    }),
  );
}
