import { addToOutbox, claimInbox, isDeadlock, type Database, type Kysely, type NewOutboxRow } from '@guildhall/db';
import type { Delivery, RequestEvent, ResultEvent } from '@guildhall/events';
import type { Logger } from 'pino';
import { BatchCache, HandlerContext } from './context.ts';
import type { CoreMetrics } from './metrics.ts';

/** Applies one request event inside the batch's transaction. */
export type EventHandler = (ctx: HandlerContext) => Promise<void>;

/** Attempts at a batch that keeps hitting deadlocks before the failure is handed to the consumer's retry. */
const maxDeadlockAttempts = 8;

/**
 * Applies a batch of request events in ONE transaction: per event, the inbox row (so a redelivery is skipped),
 * its state changes and its result events in the outbox. Returns the outbox rows once committed; throws (having
 * committed nothing) otherwise.
 */
export class Pipeline {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly handler: EventHandler,
    private readonly log: Logger,
    private readonly metrics: CoreMetrics,
  ) {}

  async apply(batch: readonly Delivery<RequestEvent>[]): Promise<NewOutboxRow[]> {
    const started = performance.now();
    for (let attempt = 1; ; attempt++) {
      try {
        const { rows, outcomes } = await this.db.transaction().execute((trx) => this.applyIn(trx, batch));
        const seconds = (performance.now() - started) / 1000;
        this.metrics.batchSize.observe(batch.length);
        for (const { type, outcome } of outcomes) {
          this.metrics.eventsHandled.inc({ type, outcome });
          this.metrics.handlingSeconds.observe({ type }, seconds);
        }
        return rows;
      } catch (err) {
        if (!isDeadlock(err) || attempt >= maxDeadlockAttempts) throw err;
        this.metrics.deadlockRetries.inc();
        this.log.debug({ attempt, size: batch.length }, 'deadlock; running the batch again');
      }
    }
  }

  private async applyIn(trx: Kysely<Database>, batch: readonly Delivery<RequestEvent>[]) {
    const cache = new BatchCache();
    const rows: NewOutboxRow[] = [];
    const outcomes: { type: string; outcome: 'applied' | 'duplicate' }[] = [];
    for (const { event } of batch) {
      if (!(await claimInbox(trx, event.id, event.type))) {
        outcomes.push({ type: event.type, outcome: 'duplicate' });
        continue;
      }
      const log = this.log.child({
        eventId: event.id,
        type: event.type,
        correlationId: event.correlationId,
        guildId: event.payload.guildId,
      });
      const ctx = new HandlerContext(trx, event, log, cache);
      await this.handler(ctx);
      rows.push(...ctx.emitted.map(toOutboxRow));
      outcomes.push({ type: event.type, outcome: 'applied' });
    }
    await addToOutbox(trx, rows);
    return { rows, outcomes };
  }
}

function toOutboxRow(event: ResultEvent): NewOutboxRow {
  return { event_id: event.id, direction: 'result', routing_key: event.type, body: JSON.stringify(event) };
}
