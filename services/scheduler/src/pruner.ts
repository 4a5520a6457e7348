import { pruneInbox, pruneKarmaCooldowns, withNamedLock, type Database, type Kysely } from '@guildhall/db';
import type { Logger } from '@guildhall/runtime';
import type { SchedulerMetrics } from './metrics.ts';

/** How long rows are kept, and how gently they are deleted (ADR 13). */
export interface PrunerOptions {
  /**
   * Inbox rows (ids of applied requests) are kept this long. A request can come back after it was applied only
   * while a copy of it still waits somewhere: unacked in a queue while core is down, or republished by the bot
   * within 5 minutes of an unconfirmed publish. Keep this well above the longest outage you plan to ride out.
   */
  inboxRetainMs: number;
  /** Karma cooldowns that ran out are deleted after this long (a cooldown that ran out means no cooldown). */
  cooldownExpiredMs: number;
  /** Rows per delete: small, so each statement holds its locks for a moment only. */
  batch: number;
  /** Pause between two deletes, so the live workload always has the database between them. */
  pauseMs: number;
  /** How often a pass starts. */
  everyMs: number;
}

/** Defaults for PrunerOptions. */
export const DefaultPrunerOptions: PrunerOptions = {
  inboxRetainMs: 7 * 86_400_000,
  cooldownExpiredMs: 3_600_000,
  batch: 100,
  pauseMs: 100,
  everyMs: 60_000,
};

/**
 * Deletes what only ever grows: applied requests' inbox rows past their retention, and karma cooldowns long run out.
 * A pass deletes each table's old rows in small steps with a pause between them, until a step finds fewer than a
 * batch. One replica prunes at a time (a named lock); the others skip their pass.
 */
export class Pruner {
  private timer: NodeJS.Timeout | undefined;
  private pass: Promise<void> | undefined;
  private stopped = false;

  constructor(
    private readonly db: Kysely<Database>,
    private readonly log: Logger,
    private readonly metrics: Pick<SchedulerMetrics, 'pruned'>,
    private readonly options: PrunerOptions = DefaultPrunerOptions,
  ) {}

  start(): void {
    this.schedule(0);
  }

  /** Stops after the step in flight. */
  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    await this.pass;
  }

  /** One pass over every table; false if another replica was pruning. */
  async runOnce(): Promise<boolean> {
    return withNamedLock(this.db, 'guildhall.pruner', async (conn) => {
      const { inboxRetainMs, cooldownExpiredMs } = this.options;
      await this.prune('inbox', (limit) => pruneInbox(conn, inboxRetainMs, limit));
      await this.prune('karma_cooldowns', (limit) => pruneKarmaCooldowns(conn, cooldownExpiredMs, limit));
    });
  }

  private schedule(delayMs: number): void {
    if (this.stopped) return;
    this.timer = setTimeout(() => {
      this.pass = this.runOnce()
        .then(() => undefined)
        .catch((err: unknown) => this.log.warn({ err }, 'pruning failed; will try again next pass'))
        .finally(() => this.schedule(this.options.everyMs));
    }, delayMs);
  }

  private async prune(table: string, step: (limit: number) => Promise<number>): Promise<void> {
    const { batch, pauseMs } = this.options;
    let total = 0;
    for (;;) {
      if (this.stopped) break;
      const n = await step(batch);
      total += n;
      this.metrics.pruned.inc({ table }, n);
      if (n < batch) break;
      await new Promise((resolve) => setTimeout(resolve, pauseMs));
    }
    if (total > 0) this.log.info({ table, pruned: total }, 'pruned old rows');
  }
}
