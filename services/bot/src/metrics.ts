import { serviceMetrics, type MetricFactory } from '@guildhall/runtime';

const define = (m: MetricFactory) => ({
  /** Results handled, by type and outcome (delivered, partly_delivered, silent, failed, executed). */
  results: m.counter(
    'guildhall_bot_results_total',
    'Result events handled, by type and outcome (delivered, partly_delivered, silent, failed, executed).',
    ['type', 'outcome'],
  ),
  /** Time from taking a result off the queue to its delivery (or permanent failure). */
  deliverySeconds: m.histogram(
    'guildhall_bot_delivery_seconds',
    'Time from taking a result off the queue to delivering it to Discord.',
    [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
    ['type'],
  ),
  /** Discord REST errors, by HTTP status (or `timeout`, `unreachable`). */
  restErrors: m.counter(
    'guildhall_bot_rest_errors_total',
    'Discord REST errors, by HTTP status (or timeout, unreachable).',
    ['status'],
  ),
  /** Gateway dispatches the bot turned into requests, by type. */
  gatewayEvents: m.counter(
    'guildhall_bot_gateway_events_total',
    'Gateway events turned into request events, by type.',
    ['type'],
  ),
  /** Requests the bot could not publish (the broker was unreachable), by type. */
  publishFailures: m.counter(
    'guildhall_bot_publish_failures_total',
    'Request events that could not be published, by type.',
    ['type'],
  ),
  /** Messages dead-lettered by the results consumer, by reason. */
  deadLettered: m.counter(
    'guildhall_bot_dead_lettered_total',
    'Result messages sent to the dead-letter queue, by reason.',
    ['reason'],
  ),
});

/** Everything the bot exposes on /metrics. */
export type BotMetrics = ReturnType<typeof createBotMetrics>;

/** Creates the bot's metrics on a fresh registry (one per process, or per test). */
export function createBotMetrics() {
  return serviceMetrics(define);
}
