import { serviceMetrics, type MetricFactory } from '@guildhall/runtime';

const define = (m: MetricFactory) => ({
  jobsFired: m.counter(
    'guildhall_scheduler_jobs_fired_total',
    'Jobs published as scheduler.job.due and confirmed by the broker, by kind.',
    ['kind'],
  ),
  dueJobs: m.gauge('guildhall_scheduler_due_jobs', 'Jobs due and not yet fired.'),
  lagSeconds: m.gauge('guildhall_scheduler_lag_seconds', 'How late the oldest due, unfired job is.'),
  claimFailures: m.counter(
    'guildhall_scheduler_claim_failures_total',
    'Claim rounds that failed (database unavailable, deadlock).',
  ),
  publishFailures: m.counter(
    'guildhall_scheduler_publish_failures_total',
    'Claimed jobs whose publish failed; they are released for the next round.',
  ),
  pruned: m.counter('guildhall_pruned_rows_total', 'Rows deleted by the pruner, by table.', ['table']),
  deadLettered: m.counter('guildhall_dead_lettered_total', 'Messages sent to the dead-letter queue, by reason.', [
    'reason',
  ]),
});

/** Everything the scheduler exposes on /metrics. */
export type SchedulerMetrics = ReturnType<typeof createSchedulerMetrics>;

/** Creates the scheduler's metrics on a fresh registry (one per process, or per test). */
export function createSchedulerMetrics() {
  return serviceMetrics(define);
}
