import {
  claimDueJobs,
  dueJobLag,
  markJobsFired,
  pruneFinishedJobs,
  releaseJobs,
  UnitOfWork,
  type Database,
  type DueJob,
  type Kysely,
} from '@guildhall/db';
import { InvalidEventError, type Broker, type JobDue } from '@guildhall/events';
import type { Logger } from '@guildhall/runtime';
import type { SchedulerMetrics } from './metrics.ts';

/** How a claimer paces itself. */
export interface ClaimerOptions {
  /** This replica's name in claimed_by; unique per process. */
  claimer: string;
  pollMs: number;
  batch: number;
  leaseMs: number;
  retainMs: number;
}

/** How often the lag gauges are refreshed and old jobs pruned. */
const housekeepingEveryMs = 1_000;
const pruneEveryMs = 60_000;

/** The event a due job is published as: the job id is the event id, so core's inbox dedupes a second publish. */
export function jobDueEvent(job: DueJob): JobDue {
  return {
    id: job.id,
    type: 'scheduler.job.due',
    version: 1,
    occurredAt: new Date().toISOString(),
    correlationId: job.correlationId ?? job.id,
    causationId: null,
    payload: {
      jobId: job.id,
      kind: job.kind,
      guildId: job.guildId,
      payload: job.payload,
      dueAt: job.dueAt.toISOString(),
    },
  };
}

/**
 * Claims due jobs and publishes them. Each round: one short transaction claims up to `batch` due jobs with SKIP
 * LOCKED (so replicas split the work), the jobs are published with confirms, then marked fired; jobs whose publish
 * failed are released at once. A replica that dies between claim and mark leaves its jobs leased; when the lease
 * runs out another replica publishes them again, and core's inbox makes the second publish a no-op.
 */
export class JobClaimer {
  private running = false;
  private loop: Promise<void> | undefined;
  private wake: (() => void) | undefined;
  private lastHousekeeping = 0;
  private lastPrune = 0;
  private failures = 0;

  constructor(
    private readonly db: Kysely<Database>,
    private readonly broker: Broker,
    private readonly log: Logger,
    private readonly metrics: SchedulerMetrics,
    private readonly options: ClaimerOptions,
  ) {}

  /** Starts polling. */
  start(): void {
    this.running = true;
    this.loop = this.run();
  }

  /** Stops polling after the round in flight (its jobs are published and marked, or released). */
  async stop(): Promise<void> {
    this.running = false;
    this.wake?.();
    await this.loop;
  }

  private async run(): Promise<void> {
    while (this.running) {
      let fullRound = false;
      try {
        fullRound = (await this.round()) >= this.options.batch;
        this.failures = 0;
        await this.housekeeping();
      } catch (err) {
        this.failures++;
        this.metrics.claimFailures.inc();
        this.log.warn({ err, failures: this.failures }, 'claim round failed; will try again');
      }
      if (!fullRound && this.running) await this.sleep(this.delay());
    }
  }

  private delay(): number {
    if (this.failures === 0) return this.options.pollMs;
    return Math.min(30_000, this.options.pollMs * 2 ** Math.min(this.failures, 6));
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(resolve, ms);
      this.wake = () => {
        clearTimeout(timer);
        resolve();
      };
    });
  }

  /** One claim-publish-mark round; returns how many jobs it claimed. */
  async round(): Promise<number> {
    const { claimer, leaseMs, batch } = this.options;
    const jobs = await UnitOfWork.run(this.db, ({ db }) => claimDueJobs(db, claimer, leaseMs, batch));
    if (jobs.length === 0) return 0;
    // Every publish goes out before any confirm is awaited: confirms are pipelined, not one round trip each.
    const outcomes = await Promise.allSettled(jobs.map((job) => this.broker.publish('request', jobDueEvent(job))));
    const fired: DueJob[] = [];
    const failed: DueJob[] = [];
    outcomes.forEach((outcome, i) => {
      const job = jobs[i];
      if (!job) return;
      if (outcome.status === 'fulfilled') {
        fired.push(job);
      } else if (outcome.reason instanceof InvalidEventError) {
        // Stored data that can never make a valid event: retrying would loop forever. Retire it loudly.
        this.log.error({ err: outcome.reason, jobId: job.id, kind: job.kind }, 'job cannot be published; retiring it');
        fired.push(job);
      } else {
        failed.push(job);
      }
    });
    await markJobsFired(
      this.db,
      fired.map((j) => j.id),
      claimer,
    );
    for (const job of fired) this.metrics.jobsFired.inc({ kind: job.kind });
    if (failed.length > 0) {
      this.metrics.publishFailures.inc(failed.length);
      this.log.warn({ jobs: failed.length }, 'publishing due jobs failed; releasing them for the next round');
      await releaseJobs(
        this.db,
        failed.map((j) => j.id),
        claimer,
      );
    }
    this.log.debug({ fired: fired.length }, 'fired due jobs');
    return jobs.length;
  }

  private async housekeeping(): Promise<void> {
    const now = Date.now();
    if (now - this.lastHousekeeping < housekeepingEveryMs) return;
    this.lastHousekeeping = now;
    const lag = await dueJobLag(this.db);
    this.metrics.dueJobs.set(lag.due);
    this.metrics.lagSeconds.set(lag.oldestSeconds);
    if (now - this.lastPrune >= pruneEveryMs) {
      this.lastPrune = now;
      const pruned = await pruneFinishedJobs(this.db, this.options.retainMs, 5_000);
      if (pruned > 0) this.log.info({ pruned }, 'pruned finished jobs');
    }
  }
}
