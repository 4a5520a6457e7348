import {
  claimUnpublished,
  markPublished,
  outboxLag,
  prunePublished,
  type Database,
  type Kysely,
  type OutboxMessage,
  UnitOfWork,
} from '@guildhall/db';
import { propertiesOf, type Broker, type ResultEvent } from '@guildhall/events';
import type { Logger } from 'pino';
import type { CoreMetrics } from './metrics.ts';

/** An outbox row to publish; rows fresh from a commit carry their message properties, the sweeper's are parsed. */
export type Publishable = OutboxMessage & {
  properties?: ReturnType<typeof propertiesOf>;
};

/** How the relay paces itself. */
export interface RelayOptions {
  /** How often the sweeper looks for rows the fast path did not publish (after a crash or a broker outage). */
  sweepEveryMs: number;
  /** Rows younger than this are left to the fast path. */
  sweepGraceMs: number;
  /** Published rows are deleted after this long. */
  retainPublishedMs: number;
  /**
   * How long confirmed rows wait to be marked published, so that one UPDATE (one commit) covers every batch confirmed
   * meanwhile rather than one per batch. Must stay well below sweepGraceMs, or the sweeper publishes them again.
   */
  markEveryMs: number;
}

/** Defaults for RelayOptions. */
export const DefaultRelayOptions: RelayOptions = {
  sweepEveryMs: 1_000,
  sweepGraceMs: 3_000,
  retainPublishedMs: 60 * 60 * 1000,
  markEveryMs: 100,
};

/**
 * Publishes committed outbox rows with publisher confirms and marks them published only once confirmed.
 * The fast path takes rows straight from the commit and publishes them at once, without waiting for earlier rows'
 * confirms: a result's latency is then its own batch's, and marking (one UPDATE every markEveryMs for whatever
 * was confirmed meanwhile) happens off that path. The sweeper catches anything the fast path could not publish,
 * claiming rows with SKIP LOCKED so several replicas never publish the same row at the same time.
 */
export class OutboxRelay {
  /** Publishes awaiting their confirms. */
  private readonly publishing = new Set<Promise<void>>();
  /** Event ids confirmed and not yet marked published. */
  private confirmed: string[] = [];
  private marking: Promise<void> | undefined;
  private sweeper: NodeJS.Timeout | undefined;
  private sweeping = false;
  private stopping = false;
  /** Ends the marking loop's wait early (on stop). */
  private wake: (() => void) | undefined;

  constructor(
    private readonly db: Kysely<Database>,
    private readonly broker: Broker,
    private readonly log: Logger,
    private readonly metrics: CoreMetrics,
    private readonly options: RelayOptions = DefaultRelayOptions,
  ) {}

  /** Hands freshly committed rows to the fast path. */
  enqueue(rows: readonly Publishable[]): void {
    if (rows.length === 0) return;
    const publish = this.publishAll(rows).then(
      () => {
        this.confirmed.push(...rows.map((r) => r.eventId));
        this.marking ??= this.markLoop().finally(() => (this.marking = undefined));
      },
      (err: unknown) => {
        // The rows stay unpublished in MySQL; the sweeper will pick them up.
        this.log.warn({ err, rows: rows.length }, 'fast-path publish failed; leaving rows to the sweeper');
      },
    );
    this.publishing.add(publish);
    void publish.finally(() => this.publishing.delete(publish));
  }

  /** Starts the periodic sweep. */
  start(): void {
    this.sweeper = setInterval(() => void this.sweep(), this.options.sweepEveryMs);
  }

  /** Waits for the fast path to empty, then stops sweeping. */
  async stop(): Promise<void> {
    if (this.sweeper) clearInterval(this.sweeper);
    this.stopping = true;
    this.wake?.();
    while (this.publishing.size > 0 || this.marking) {
      await Promise.all(this.publishing);
      await this.marking;
    }
  }

  private async markLoop(): Promise<void> {
    while (this.confirmed.length > 0) {
      if (!this.stopping)
        await new Promise<void>((resolve) => {
          this.wake = resolve;
          setTimeout(resolve, this.options.markEveryMs);
        });
      this.wake = undefined;
      const ids = this.confirmed;
      this.confirmed = [];
      try {
        await markPublished(this.db, ids);
      } catch (err) {
        // Published but not marked: the sweeper publishes them again, and the bot dedupes by event id.
        this.log.warn({ err, rows: ids.length }, 'could not mark rows published; the sweeper will publish them again');
      }
    }
  }

  private async publishAll(rows: readonly Publishable[]): Promise<void> {
    const { exchanges } = this.broker.topology;
    // All publishes go out before any confirm is awaited: confirms are pipelined, not one round trip each.
    await Promise.all(
      rows.map((row) => {
        const exchange = row.direction === 'result' ? exchanges.results : exchanges.requests;
        const properties = row.properties ?? propertiesOf(JSON.parse(row.body) as ResultEvent);
        return this.broker.publishRaw(exchange, row.routingKey, Buffer.from(row.body), properties);
      }),
    );
  }

  /** One sweep: publish stale unpublished rows, prune old published ones, update the lag gauges. */
  async sweep(): Promise<number> {
    if (this.sweeping || !this.broker.connected) return 0;
    this.sweeping = true;
    try {
      let published = 0;
      for (;;) {
        const n = await UnitOfWork.run(this.db, async ({ db }) => {
          const rows = await claimUnpublished(db, this.options.sweepGraceMs, 500);
          await this.publishAll(rows);
          await markPublished(
            db,
            rows.map((r) => r.eventId),
          );
          return rows.length;
        });
        published += n;
        if (n < 500) break;
      }
      if (published > 0) this.log.info({ published }, 'sweeper published stranded outbox rows');
      await prunePublished(this.db, this.options.retainPublishedMs, 5_000);
      const lag = await outboxLag(this.db);
      this.metrics.outboxPending.set(lag.pending);
      this.metrics.outboxOldestSeconds.set(lag.oldestSeconds);
      return published;
    } catch (err) {
      this.log.warn({ err }, 'outbox sweep failed; will try again');
      return 0;
    } finally {
      this.sweeping = false;
    }
  }
}
