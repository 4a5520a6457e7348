import { boolVar, BrokerVars, DatabaseVars, intVar, loadConfig, opsVars } from '@guildhall/runtime';
import { z } from 'zod';

/** The scheduler's environment variables; see docs/scheduler.md. */
export const SchedulerConfigSchema = z.object({
  ...BrokerVars,
  ...DatabaseVars,
  /** How often an idle replica looks for due jobs: the worst-case lateness of a job. */
  SCHEDULER_POLL_MS: intVar(500, 10, 60_000),
  /** Jobs claimed per round; a full round is followed by another at once. */
  SCHEDULER_BATCH: intVar(200, 1, 5_000),
  /**
   * How long a claim lasts. A replica that dies mid-publish leaves its jobs claimed; once the lease runs out any
   * replica takes them again. Keep it above the broker's publish wait (30 s).
   */
  SCHEDULER_LEASE_MS: intVar(60_000, 1_000, 3_600_000),
  /** Fired and cancelled jobs are deleted after this many days. */
  SCHEDULER_RETAIN_DAYS: intVar(7, 1, 3_650),
  /** Ids of applied requests are kept this many days to skip redeliveries; see ADR 13 before lowering it. */
  INBOX_RETAIN_DAYS: intVar(7, 1, 3_650),
  DB_POOL_SIZE: intVar(4, 1, 100),
  ...opsVars(9103),
  MIGRATE_ON_START: boolVar(true),
});
/** The scheduler's parsed configuration. */
export type SchedulerConfig = z.infer<typeof SchedulerConfigSchema>;

/** Reads and validates the scheduler's configuration, throwing a ConfigError that lists every problem. */
export function loadSchedulerConfig(env: NodeJS.ProcessEnv = process.env): SchedulerConfig {
  return loadConfig(SchedulerConfigSchema, env);
}
