import {
  addToOutbox,
  Begin,
  claimInboxMany,
  Commit,
  concurrently,
  InboxRaceError,
  isDeadlock,
  type Database,
  type Kysely,
  runWrites,
  shareRoundTrips,
  type NewOutboxRow,
} from '@guildhall/db';
import {
  propertiesOf,
  type Delivery,
  type MessageCreated,
  type RequestEvent,
  type ResultEvent,
} from '@guildhall/events';
import { sql } from 'kysely';
import type { Logger } from 'pino';
import { BatchCache, HandlerContext } from './context.ts';
import type { CoreMetrics } from './metrics.ts';
import type { Publishable } from './relay.ts';

/** What the pipeline calls, inside the batch's transaction. */
export interface RequestHandlers {
  /** Applies one request event. */
  one: (ctx: HandlerContext) => Promise<void>;
  /**
   * Applies the batch's posted messages together, after `one` has seen each. Messages are the firehose of a
   * busy server, so features that react to every message do it with set-based statements here.
   */
  messages: (ctxs: HandlerContext<MessageCreated>[]) => Promise<void>;
}

/** Attempts at a batch that keeps hitting deadlocks before the failure is handed to the consumer's retry. */
const maxDeadlockAttempts = 8;

/**
 * Applies a batch of request events in ONE transaction: per event, the inbox row (so a redelivery is skipped),
 * its state changes and its result events in the outbox. Returns the outbox rows once committed (with the events'
 * message properties, for the relay); throws (having committed nothing) otherwise.
 */
export class Pipeline {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly handlers: RequestHandlers,
    private readonly log: Logger,
    private readonly metrics: CoreMetrics,
  ) {}

  async apply(batch: readonly Delivery<RequestEvent>[]): Promise<Publishable[]> {
    const started = performance.now();
    for (let attempt = 1; ; attempt++) {
      try {
        const { rows, outcomes } = await this.db.connection().execute((conn) => this.transact(conn, batch));
        const seconds = (performance.now() - started) / 1000;
        this.metrics.batchSize.observe(batch.length);
        for (const { type, outcome } of outcomes) {
          this.metrics.eventsHandled.inc({ type, outcome });
          this.metrics.handlingSeconds.observe({ type }, seconds);
        }
        return rows;
      } catch (err) {
        const retryable = isDeadlock(err) || err instanceof InboxRaceError;
        if (!retryable || attempt >= maxDeadlockAttempts) throw err;
        this.metrics.deadlockRetries.inc();
        this.log.debug({ attempt, size: batch.length }, 'deadlock; running the batch again');
      }
    }
  }

  /**
   * The batch's transaction on one connection, begun and committed by hand: BEGIN rides along with the inbox
   * claim and COMMIT with the batch's last writes, two round trips fewer than kysely's transaction(). Any failure
   * rolls it back before the connection goes back to the pool.
   */
  private async transact(conn: Kysely<Database>, batch: readonly Delivery<RequestEvent>[]) {
    try {
      return await this.applyIn(conn, batch);
    } catch (err) {
      await sql`ROLLBACK`.execute(conn).catch(() => undefined);
      throw err;
    }
  }

  private async applyIn(trx: Kysely<Database>, batch: readonly Delivery<RequestEvent>[]) {
    const cache = new BatchCache(
      batch.flatMap(({ event }) => (event.type === 'gateway.message.created' ? [event.payload.guildId] : [])),
    );
    // The first round trip: BEGIN, the inbox claim and the settings of the batch's guilds.
    shareRoundTrips(trx);
    const [fresh] = await concurrently([
      () =>
        claimInboxMany(
          trx,
          batch.map((d) => d.event),
          Begin,
        ),
      () => cache.prefetch(trx),
    ]);
    const contexts: HandlerContext[] = [];
    const messages: HandlerContext<MessageCreated>[] = [];
    const outcomes: { type: string; outcome: 'applied' | 'duplicate' }[] = [];
    for (const { event } of batch) {
      // fresh holds each id once; a second copy in the same batch is a duplicate like any redelivery.
      if (!fresh.delete(event.id)) {
        outcomes.push({ type: event.type, outcome: 'duplicate' });
        continue;
      }
      const ctx = new HandlerContext(trx, event, this.log, cache);
      await this.handlers.one(ctx);
      contexts.push(ctx);
      if (event.type === 'gateway.message.created') messages.push(ctx as HandlerContext<MessageCreated>);
      outcomes.push({ type: event.type, outcome: 'applied' });
    }
    if (messages.length > 0) await this.handlers.messages(messages);
    const events = contexts.flatMap((ctx) => ctx.emitted);
    const rows = events.map(toOutboxRow);
    // The outbox, every write the handlers left for later (they read nothing back) and the commit: one round trip.
    await addToOutbox(trx, rows, cache.later);
    await runWrites(trx, [...cache.takeWrites(), Commit]);
    return { rows: rows.map((row, i) => ({ ...row, properties: propertiesOf(events[i] as ResultEvent) })), outcomes };
  }
}

function toOutboxRow(event: ResultEvent): NewOutboxRow {
  return { event_id: event.id, direction: 'result', routing_key: event.type, body: JSON.stringify(event) };
}
