import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';

/** Everything core exposes on /metrics. */
export interface CoreMetrics {
  registry: Registry;
  eventsHandled: Counter<'type' | 'outcome'>;
  handlingSeconds: Histogram<'type'>;
  batchSize: Histogram;
  outboxPending: Gauge;
  outboxOldestSeconds: Gauge;
  deadLettered: Counter<'reason'>;
  deadlockRetries: Counter;
}

/** Creates core's metrics on a fresh registry (one per process, or per test). */
export function createCoreMetrics(): CoreMetrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  return {
    registry,
    eventsHandled: new Counter({
      name: 'guildhall_events_handled_total',
      help: 'Request events handled, by type and outcome (applied, duplicate).',
      labelNames: ['type', 'outcome'],
      registers: [registry],
    }),
    handlingSeconds: new Histogram({
      name: 'guildhall_event_handling_seconds',
      help: 'Time from taking an event off the queue to committing its effects.',
      labelNames: ['type'],
      buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
      registers: [registry],
    }),
    batchSize: new Histogram({
      name: 'guildhall_batch_size',
      help: 'Events committed per transaction.',
      buckets: [1, 2, 4, 8, 16, 32, 64, 128, 256],
      registers: [registry],
    }),
    outboxPending: new Gauge({
      name: 'guildhall_outbox_pending',
      help: 'Result events committed but not yet confirmed by the broker.',
      registers: [registry],
    }),
    outboxOldestSeconds: new Gauge({
      name: 'guildhall_outbox_lag_seconds',
      help: 'Age of the oldest unpublished outbox row.',
      registers: [registry],
    }),
    deadLettered: new Counter({
      name: 'guildhall_dead_lettered_total',
      help: 'Messages sent to the dead-letter queue, by reason.',
      labelNames: ['reason'],
      registers: [registry],
    }),
    deadlockRetries: new Counter({
      name: 'guildhall_deadlock_retries_total',
      help: 'Transactions rolled back by a deadlock and run again.',
      registers: [registry],
    }),
  };
}
