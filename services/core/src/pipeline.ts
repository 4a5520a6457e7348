import {
  addToOutbox,
  claimInboxMany,
  concurrently,
  InboxRaceError,
  isDatabaseUnavailable,
  isDeadlock,
  type Database,
  type Kysely,
  type OutboxMessage,
  releaseInbox,
  UnitOfWork,
} from '@guildhall/db';
import {
  describeError,
  propertiesOf,
  type Delivery,
  type MessageCreated,
  type Rejected,
  type RequestEvent,
  type ResultEvent,
} from '@guildhall/events';
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

/** What a batch came to: the results to publish, and the events it could not apply (to dead-letter). */
export interface Applied {
  rows: Publishable[];
  rejected: Rejected<RequestEvent>[];
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

  /**
   * Applies a batch; see the class. Events that fail on their own (not a deadlock, not the database being away) are
   * isolated by a second run of the batch and come back as `rejected`, the rest applied: a bad event costs its batch
   * one extra run, not a retry of every event on its own.
   */
  async apply(batch: readonly Delivery<RequestEvent>[]): Promise<Applied> {
    const started = performance.now();
    // Set when a run failed because of an event (not the database, not a race): the next run isolates events.
    let isolate: Isolation | undefined;
    for (let attempt = 1; ; attempt++) {
      const progress: Isolation = { messagesFailed: false };
      try {
        const { rows, outcomes, rejected } = await UnitOfWork.run(this.db, (unit) =>
          this.applyIn(unit, batch, progress, isolate),
        );
        const seconds = (performance.now() - started) / 1000;
        this.metrics.batchSize.observe(batch.length);
        for (const { type, outcome } of outcomes) {
          this.metrics.eventsHandled.inc({ type, outcome });
          this.metrics.handlingSeconds.observe({ type }, seconds);
        }
        for (const r of rejected) {
          this.log.error({ eventId: r.delivery.event.id, type: r.delivery.event.type, detail: r.detail }, 'rejected');
        }
        return { rows, rejected };
      } catch (err) {
        if (isDeadlock(err) || err instanceof InboxRaceError) {
          if (attempt >= maxDeadlockAttempts) throw err;
          this.metrics.deadlockRetries.inc();
          this.log.debug({ attempt, size: batch.length }, 'deadlock; running the batch again');
          continue;
        }
        // The database is away (the consumer waits and retries), or isolating did not help: the consumer decides.
        if (isDatabaseUnavailable(err) || isolate) throw err;
        this.log.warn({ err, size: batch.length }, 'an event failed its batch; running the batch again to isolate it');
        isolate = progress;
      }
    }
  }

  /**
   * The batch in one unit of work: BEGIN rides along with the inbox claim, COMMIT with the outbox and the deferred
   * writes. When isolating (a run before failed because of some event), each event's own handler runs in a
   * savepoint, and the message features run over halves of the messages until the failing ones are alone: those
   * are rejected (their inbox rows given back, their results dropped) and the rest commit.
   */
  private async applyIn(
    unit: UnitOfWork,
    batch: readonly Delivery<RequestEvent>[],
    progress: Isolation,
    isolate: Isolation | undefined,
  ) {
    const cache = new BatchCache(
      batch.flatMap(({ event }) => (event.type === 'gateway.message.created' ? [event.payload.guildId] : [])),
    );
    // The first round trip: BEGIN, the inbox claim and the settings of the batch's guilds.
    const [fresh] = await concurrently([
      () =>
        claimInboxMany(
          unit.db,
          batch.map((d) => d.event),
        ),
      () => cache.prefetch(unit.db),
    ]);
    const contexts: HandlerContext[] = [];
    const messages: HandlerContext<MessageCreated>[] = [];
    const outcomes: { type: string; outcome: 'applied' | 'duplicate' | 'rejected' }[] = [];
    const failed = new Map<HandlerContext, string>();
    for (const { event } of batch) {
      // fresh holds each id once; a second copy in the same batch is a duplicate like any redelivery.
      if (!fresh.delete(event.id)) {
        outcomes.push({ type: event.type, outcome: 'duplicate' });
        continue;
      }
      const ctx = new HandlerContext(unit, event, this.log, cache);
      contexts.push(ctx);
      if (!isolate) await this.handlers.one(ctx);
      else if (!(await this.tryIsolated(unit, [ctx], () => this.handlers.one(ctx), failed, true))) continue;
      if (event.type === 'gateway.message.created') messages.push(ctx as HandlerContext<MessageCreated>);
    }
    progress.messagesFailed = true;
    if (messages.length > 0) {
      if (!isolate) await this.handlers.messages(messages);
      else await this.isolateMessages(unit, messages, failed, isolate.messagesFailed);
    }
    progress.messagesFailed = false;
    const applied = contexts.filter((ctx) => !failed.has(ctx));
    for (const ctx of contexts)
      outcomes.push({ type: ctx.event.type, outcome: failed.has(ctx) ? 'rejected' : 'applied' });
    const events = applied.flatMap((ctx) => ctx.emitted);
    const rows = events.map(toOutboxMessage);
    // The outbox and every deferred write go with the commit: one round trip. A rejected event's inbox row goes
    // too, so the event can be replayed from the dead-letter queue once whatever failed it is fixed.
    await releaseInbox(
      unit.db,
      [...failed.keys()].map((ctx) => ctx.event.id),
      unit.later,
    );
    await addToOutbox(unit.db, rows, unit.later);
    const byId = new Map(batch.map((d) => [d.event.id, d]));
    return {
      rows: rows.map((row, i) => ({ ...row, properties: propertiesOf(events[i] as ResultEvent) })),
      outcomes,
      rejected: [...failed].flatMap(([ctx, detail]) => {
        const delivery = byId.get(ctx.event.id);
        return delivery ? [{ delivery, detail }] : [];
      }),
    };
  }

  /**
   * Runs the message features over `group` in a savepoint; when that fails because of the messages, over parts of
   * it in turn, down to single messages, which are then rejected. A failing group is cut into about √n parts: with
   * one bad message among n, that runs about √n messages again before it is alone (halving would run about n
   * again). With `knownBad` the group is known to fail (it did in the run before), so it is cut at once.
   */
  private async isolateMessages(
    unit: UnitOfWork,
    group: HandlerContext<MessageCreated>[],
    failed: Map<HandlerContext, string>,
    knownBad: boolean,
  ): Promise<void> {
    const alone = group.length === 1;
    if (alone || !knownBad) {
      const work = () => this.handlers.messages(group);
      if ((await this.tryIsolated(unit, group, work, alone ? failed : undefined, false)) || alone) return;
    }
    // Never the whole group again: two messages are cut into two, not one part of two.
    const size = Math.min(Math.ceil(Math.sqrt(group.length)), Math.ceil(group.length / 2));
    for (let at = 0; at < group.length; at += size) {
      await this.isolateMessages(unit, group.slice(at, at + size), failed, false);
    }
  }

  /**
   * Runs `work` for `ctxs` in a savepoint. On a failure of the events' own making, undoes it, drops the results they
   * emitted meanwhile, records the failure against each of them in `failed` (when given) and returns false; other
   * failures (deadlock, database away) end the whole run. With `flush`, the deferred writes run in the savepoint too
   * (a round trip more). Message features are not flushed: a part of the messages costs one round trip, and their
   * deferred writes (history and ledger rows of what their statements already wrote) run with the commit; should
   * one of those fail, the batch fails whole and the consumer retries its events one by one.
   */
  private async tryIsolated(
    unit: UnitOfWork,
    ctxs: readonly HandlerContext[],
    work: () => Promise<void>,
    failed: Map<HandlerContext, string> | undefined,
    flush: boolean,
  ): Promise<boolean> {
    const emitted = ctxs.map((ctx) => ctx.emitted.length);
    try {
      await unit.isolated(work, { flush });
      return true;
    } catch (err) {
      if (isDeadlock(err) || err instanceof InboxRaceError || isDatabaseUnavailable(err)) throw err;
      ctxs.forEach((ctx, i) => (ctx.emitted.length = emitted[i] ?? 0));
      for (const ctx of ctxs) failed?.set(ctx, describeError(err));
      return false;
    }
  }
}

/** Where a run got to: a failure while the message features ran means their whole group is known to fail. */
interface Isolation {
  messagesFailed: boolean;
}

function toOutboxMessage(event: ResultEvent): OutboxMessage {
  return { eventId: event.id, direction: 'result', routingKey: event.type, body: JSON.stringify(event) };
}
