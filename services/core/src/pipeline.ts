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
  UnitOfWork,
} from '@guildhall/db';
import {
  describeError,
  propertiesOf,
  resultRoutingKey,
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
   * Applies a batch; see the class. An event that fails the batch because of itself (not a deadlock, not the
   * database being away) is found (see findCulprits), and the batch runs once more without it: it comes back as
   * `rejected`, the rest applied. A bad event costs its batch one more run, not a retry of every event on its own.
   */
  async apply(batch: readonly Delivery<RequestEvent>[]): Promise<Applied> {
    const started = performance.now();
    /** Events found to fail the batch, with why: left out of the next run. */
    let culprits = new Map<string, string>();
    for (let attempt = 1; ; attempt++) {
      const progress: Progress = { phase: 'claim' };
      try {
        const { rows, outcomes } = await UnitOfWork.run(this.db, (unit) =>
          this.applyIn(unit, batch, progress, culprits),
        );
        const seconds = (performance.now() - started) / 1000;
        this.metrics.batchSize.observe(batch.length);
        for (const { type, outcome } of outcomes) {
          this.metrics.eventsHandled.inc({ type, outcome });
          this.metrics.handlingSeconds.observe({ type }, seconds);
        }
        const rejected = batch.flatMap((delivery) => {
          const detail = culprits.get(delivery.event.id);
          return detail === undefined ? [] : [{ delivery, detail }];
        });
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
        // The database is away (the consumer waits and retries), or leaving events out did not help: the consumer
        // retries the events one by one.
        if (!ofTheEvents(err)) throw err;
        // Each run either commits or names at least one more culprit; one it cannot name goes to the consumer.
        const found = await this.findCulprits(batch, progress, err);
        if (found.size === 0 || [...found.keys()].every((id) => culprits.has(id))) throw err;
        culprits = new Map([...culprits, ...found]);
        this.log.warn(
          { err, size: batch.length, culprits: culprits.size },
          'events failed their batch; leaving them out',
        );
      }
    }
  }

  /**
   * The batch in one unit of work: BEGIN rides along with the inbox claim, COMMIT with the outbox and the deferred
   * writes. Events in `leaveOut` are not claimed, handled or answered. `progress` says how far the run got.
   */
  private async applyIn(
    unit: UnitOfWork,
    batch: readonly Delivery<RequestEvent>[],
    progress: Progress,
    leaveOut: ReadonlyMap<string, string>,
  ) {
    const events = batch.map((d) => d.event).filter((e) => !leaveOut.has(e.id));
    const cache = new BatchCache(
      events.flatMap((event) => (event.type === 'gateway.message.created' ? [event.payload.guildId] : [])),
    );
    // The first round trip: BEGIN, the inbox claim and the settings of the batch's guilds.
    const [fresh] = await concurrently([() => claimInboxMany(unit.db, events), () => cache.prefetch(unit.db)]);
    const contexts: HandlerContext[] = [];
    const messages: HandlerContext<MessageCreated>[] = [];
    const outcomes: { type: string; outcome: 'applied' | 'duplicate' | 'rejected' }[] = [];
    for (const { event } of batch) {
      if (leaveOut.has(event.id)) {
        outcomes.push({ type: event.type, outcome: 'rejected' });
        continue;
      }
      // fresh holds each id once; a second copy in the same batch is a duplicate like any redelivery.
      if (!fresh.delete(event.id)) {
        outcomes.push({ type: event.type, outcome: 'duplicate' });
        continue;
      }
      const ctx = new HandlerContext(unit, event, this.log, cache);
      progress.phase = { one: event.id };
      await this.handlers.one(ctx);
      contexts.push(ctx);
      if (event.type === 'gateway.message.created') messages.push(ctx as HandlerContext<MessageCreated>);
      outcomes.push({ type: event.type, outcome: 'applied' });
    }
    progress.phase = 'messages';
    if (messages.length > 0) await this.handlers.messages(messages);
    progress.phase = 'commit';
    const results = contexts.flatMap((ctx) => ctx.emitted);
    const rows = results.map(toOutboxMessage);
    // The outbox, every write the handlers left for later (they read nothing back) and the commit: one round trip.
    await addToOutbox(unit.db, rows, unit.later);
    return {
      rows: rows.map((row, i) => ({ ...row, properties: propertiesOf(results[i] as ResultEvent) })),
      outcomes,
    };
  }

  /**
   * Which events made a run fail with `err`. An event's own handler failing names its event. A failure of the
   * message features, which run set-based over every message at once, names no message: parts of the messages are
   * tried on their own, each in a transaction that is rolled back at once (so the search holds no lock for longer
   * than its own round trips, and the rest of the traffic goes on meanwhile), the parts of a level side by side: the
   * messages cut into about √n parts, then each message of a failing part alone. A failure while committing (the
   * outbox, the deferred writes) names nothing: the consumer then retries the events one by one.
   */
  private async findCulprits(
    batch: readonly Delivery<RequestEvent>[],
    progress: Progress,
    err: unknown,
  ): Promise<Map<string, string>> {
    const { phase } = progress;
    if (typeof phase === 'object') return new Map([[phase.one, describeError(err)]]);
    if (phase !== 'messages') return new Map();
    const messages = batch.flatMap(({ event }) => (event.type === 'gateway.message.created' ? [event] : []));
    const found = new Map<string, string>();
    const failing = async (group: MessageCreated[]) => {
      const failure = await this.tryMessages(group);
      if (failure !== undefined && group.length === 1 && group[0]) found.set(group[0].id, describeError(failure));
      return failure !== undefined;
    };
    const size = Math.ceil(Math.sqrt(messages.length));
    const parts = Array.from({ length: Math.ceil(messages.length / size) }, (_, i) =>
      messages.slice(i * size, (i + 1) * size),
    );
    const bad = await inTurns(parts, async (part) => ((await failing(part)) ? [part] : []));
    await inTurns(bad.flat(), async (message) => (await failing([message])) && []);
    return found;
  }

  /**
   * Runs the message features over `messages` in a transaction that is rolled back; returns their failure, if any
   * (a deadlock runs it again; the database being away ends the search).
   */
  private async tryMessages(messages: readonly MessageCreated[]): Promise<unknown> {
    const dryRun = new Error('dry run');
    for (let attempt = 1; ; attempt++) {
      try {
        await UnitOfWork.run(this.db, async (unit) => {
          const cache = new BatchCache(messages.map((m) => m.payload.guildId));
          const ctxs = messages.map((m) => new HandlerContext(unit, m, this.log, cache));
          for (const ctx of ctxs) await this.handlers.one(ctx);
          await this.handlers.messages(ctxs);
          throw dryRun;
        });
      } catch (e) {
        if (e === dryRun) return undefined;
        if (ofTheEvents(e)) return e;
        if (!isDeadlock(e) || attempt >= maxDeadlockAttempts) throw e;
      }
    }
  }
}

/** How far a run got: claiming, one event's own handler, the message features, or committing. */
interface Progress {
  phase: 'claim' | { one: string } | 'messages' | 'commit';
}

/** Searches run side by side, at most this many at once (each holds a pooled connection). */
const searchWidth = 4;

/** Runs `work` over `items`, `searchWidth` at a time, and returns the results flattened. */
async function inTurns<T, R>(items: readonly T[], work: (item: T) => Promise<R[] | false>): Promise<R[]> {
  const out: R[] = [];
  for (let at = 0; at < items.length; at += searchWidth) {
    const results = await concurrently(items.slice(at, at + searchWidth).map((item) => () => work(item)));
    for (const r of results) if (r) out.push(...r);
  }
  return out;
}

/** True for a failure of the events' own making: not a deadlock or a race, not the database being away. */
function ofTheEvents(err: unknown): boolean {
  return !isDeadlock(err) && !(err instanceof InboxRaceError) && !isDatabaseUnavailable(err);
}

function toOutboxMessage(event: ResultEvent): OutboxMessage {
  return { eventId: event.id, direction: 'result', routingKey: resultRoutingKey(event), body: JSON.stringify(event) };
}
