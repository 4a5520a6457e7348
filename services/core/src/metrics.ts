import { serviceMetrics, type MetricFactory } from '@guildhall/runtime';

const define = (m: MetricFactory) => ({
  eventsHandled: m.counter(
    'guildhall_events_handled_total',
    'Request events handled, by type and outcome (applied, duplicate).',
    ['type', 'outcome'],
  ),
  handlingSeconds: m.histogram(
    'guildhall_event_handling_seconds',
    'Time from taking an event off the queue to committing its effects.',
    [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
    ['type'],
  ),
  batchSize: m.histogram(
    'guildhall_batch_size',
    'Events committed per transaction.',
    [1, 2, 4, 8, 16, 32, 64, 128, 256],
  ),
  outboxPending: m.gauge('guildhall_outbox_pending', 'Result events committed but not yet confirmed by the broker.'),
  outboxOldestSeconds: m.gauge('guildhall_outbox_lag_seconds', 'Age of the oldest unpublished outbox row.'),
  deadLettered: m.counter('guildhall_dead_lettered_total', 'Messages sent to the dead-letter queue, by reason.', [
    'reason',
  ]),
  deadlockRetries: m.counter(
    'guildhall_deadlock_retries_total',
    'Transactions rolled back by a deadlock and run again.',
  ),
});

/** Everything core exposes on /metrics. */
export type CoreMetrics = ReturnType<typeof createCoreMetrics>;

/** Creates core's metrics on a fresh registry (one per process, or per test). */
export function createCoreMetrics() {
  return serviceMetrics(define);
}
