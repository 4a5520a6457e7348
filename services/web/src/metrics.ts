import { serviceMetrics, type MetricFactory } from '@guildhall/runtime';

const define = (m: MetricFactory) => ({
  requests: m.counter('guildhall_web_requests_total', 'Dashboard HTTP requests answered, by route and status.', [
    'route',
    'status',
  ]),
  requestSeconds: m.histogram(
    'guildhall_web_request_seconds',
    'Time the dashboard took to answer a request (server time), by route.',
    [0.002, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
    ['route'],
  ),
  settingsChanges: m.counter(
    'guildhall_web_settings_changes_total',
    'Settings forms submitted, by outcome (applied, refused, pending: not confirmed in time, unchanged).',
    ['outcome'],
  ),
  logins: m.counter('guildhall_web_logins_total', 'OAuth2 logins, by outcome.', ['outcome']),
  deadLettered: m.counter('guildhall_dead_lettered_total', 'Messages sent to the dead-letter queue, by reason.', [
    'reason',
  ]),
});

/** Everything the dashboard exposes on /metrics. */
export type WebMetrics = ReturnType<typeof createWebMetrics>;

/** Creates the dashboard's metrics on a fresh registry (one per process, or per test). */
export function createWebMetrics() {
  return serviceMetrics(define);
}
