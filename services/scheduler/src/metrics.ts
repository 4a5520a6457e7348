import { collectDefaultMetrics, Counter, Gauge, Registry } from 'prom-client';

/** Everything the scheduler exposes on /metrics. */
export interface SchedulerMetrics {
  registry: Registry;
  jobsFired: Counter<'kind'>;
  dueJobs: Gauge;
  lagSeconds: Gauge;
  claimFailures: Counter;
  publishFailures: Counter;
  deadLettered: Counter<'reason'>;
}

/** Creates the scheduler's metrics on a fresh registry (one per process, or per test). */
export function createSchedulerMetrics(): SchedulerMetrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  return {
    registry,
    jobsFired: new Counter({
      name: 'guildhall_scheduler_jobs_fired_total',
      help: 'Jobs published as scheduler.job.due and confirmed by the broker, by kind.',
      labelNames: ['kind'],
      registers: [registry],
    }),
    dueJobs: new Gauge({
      name: 'guildhall_scheduler_due_jobs',
      help: 'Jobs due and not yet fired.',
      registers: [registry],
    }),
    lagSeconds: new Gauge({
      name: 'guildhall_scheduler_lag_seconds',
      help: 'How late the oldest due, unfired job is.',
      registers: [registry],
    }),
    claimFailures: new Counter({
      name: 'guildhall_scheduler_claim_failures_total',
      help: 'Claim rounds that failed (database unavailable, deadlock).',
      registers: [registry],
    }),
    publishFailures: new Counter({
      name: 'guildhall_scheduler_publish_failures_total',
      help: 'Claimed jobs whose publish failed; they are released for the next round.',
      registers: [registry],
    }),
    deadLettered: new Counter({
      name: 'guildhall_dead_lettered_total',
      help: 'Messages sent to the dead-letter queue, by reason.',
      labelNames: ['reason'],
      registers: [registry],
    }),
  };
}
