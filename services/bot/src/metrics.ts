import { collectDefaultMetrics, Counter, Histogram, Registry } from 'prom-client';

/** Everything the bot exposes on /metrics. */
export interface BotMetrics {
  registry: Registry;
  /** Results handled, by type and outcome (delivered, partly_delivered, silent, failed, executed). */
  results: Counter<'type' | 'outcome'>;
  /** Time from taking a result off the queue to its delivery (or permanent failure). */
  deliverySeconds: Histogram<'type'>;
  /** Discord REST errors, by HTTP status (or `timeout`, `unreachable`). */
  restErrors: Counter<'status'>;
  /** Gateway dispatches the bot turned into requests, by type. */
  gatewayEvents: Counter<'type'>;
  /** Requests the bot could not publish (the broker was unreachable), by type. */
  publishFailures: Counter<'type'>;
  /** Messages dead-lettered by the results consumer, by reason. */
  deadLettered: Counter<'reason'>;
}

/** Creates the bot's metrics on a fresh registry (one per process, or per test). */
export function createBotMetrics(): BotMetrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  return {
    registry,
    results: new Counter({
      name: 'guildhall_bot_results_total',
      help: 'Result events handled, by type and outcome (delivered, partly_delivered, silent, failed, executed).',
      labelNames: ['type', 'outcome'],
      registers: [registry],
    }),
    deliverySeconds: new Histogram({
      name: 'guildhall_bot_delivery_seconds',
      help: 'Time from taking a result off the queue to delivering it to Discord.',
      labelNames: ['type'],
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
      registers: [registry],
    }),
    restErrors: new Counter({
      name: 'guildhall_bot_rest_errors_total',
      help: 'Discord REST errors, by HTTP status (or timeout, unreachable).',
      labelNames: ['status'],
      registers: [registry],
    }),
    gatewayEvents: new Counter({
      name: 'guildhall_bot_gateway_events_total',
      help: 'Gateway events turned into request events, by type.',
      labelNames: ['type'],
      registers: [registry],
    }),
    publishFailures: new Counter({
      name: 'guildhall_bot_publish_failures_total',
      help: 'Request events that could not be published, by type.',
      labelNames: ['type'],
      registers: [registry],
    }),
    deadLettered: new Counter({
      name: 'guildhall_bot_dead_lettered_total',
      help: 'Result messages sent to the dead-letter queue, by reason.',
      labelNames: ['reason'],
      registers: [registry],
    }),
  };
}
