import { createServer, type Server } from 'node:http';
import { proxyRequests } from '@discordjs/proxy';
import { REST, RESTEvents } from '@discordjs/rest';
import {
  boundPort,
  serviceMetrics,
  startService,
  type Logger,
  type MetricFactory,
  type RunningService,
} from '@guildhall/runtime';
import type { RestProxyConfig } from './config.ts';

const defineMetrics = (m: MetricFactory) => ({
  /** Requests passed on to Discord, by the HTTP status Discord answered. */
  requests: m.counter(
    'guildhall_rest_proxy_requests_total',
    'Requests the proxy passed on to Discord, by HTTP status of the answer.',
    ['status'],
  ),
  /** Times a request waited for a rate limit to pass, by whether it was the global one. */
  rateLimitWaits: m.counter(
    'guildhall_rest_proxy_rate_limit_waits_total',
    'Requests held back until a rate limit (global or a route bucket) had passed.',
    ['global'],
  ),
});

/** A running proxy: its ops server, and the port the bots send REST requests to. */
export interface RestProxyApp extends RunningService {
  proxyPort: number;
}

/**
 * The REST proxy every bot replica sends its Discord REST requests to, so they share one rate-limit state: one
 * @discordjs/rest client, whose buckets and global budget (DISCORD_GLOBAL_REQUESTS_PER_SECOND) hold requests
 * back until Discord allows them, whichever replica sent them (@discordjs/proxy turns the HTTP requests into its
 * calls). It holds no token: each request carries its sender's `Authorization`, or none for interaction
 * webhooks. It does not retry failures itself (`retries: 0`): the bot's own policy does. ADR 13.
 */
export function startRestProxy(config: RestProxyConfig, log: Logger): Promise<RestProxyApp> {
  const metrics = serviceMetrics(defineMetrics);
  return startService({ ...config, log, registry: metrics.registry }, async (service) => {
    const rest = new REST({
      api: config.DISCORD_API_BASE,
      globalRequestsPerSecond: config.DISCORD_GLOBAL_REQUESTS_PER_SECOND,
      retries: 0,
    });
    rest.on(RESTEvents.Response, (_request, response) => metrics.requests.inc({ status: String(response.status) }));
    rest.on(RESTEvents.RateLimited, (info) => metrics.rateLimitWaits.inc({ global: String(info.global) }));
    const handle = proxyRequests(rest);
    const server = await service.step(
      `REST proxy on ${config.PROXY_HOST}:${config.PROXY_PORT} (PROXY_PORT)`,
      () =>
        new Promise<Server>((resolve, reject) => {
          const server = createServer((req, res) => {
            Promise.resolve(handle(req, res)).catch((err: unknown) => {
              log.error({ err, method: req.method, url: req.url }, 'could not pass a request on');
              if (!res.headersSent) res.writeHead(502);
              res.end();
            });
          });
          server.once('error', reject);
          server.listen(config.PROXY_PORT, config.PROXY_HOST, () => resolve(server));
        }),
      // Requests in flight are finished (they may be waiting out a rate limit); new connections are refused.
      (server) => new Promise<void>((resolve) => server.close(() => resolve())),
    );
    const proxyPort = boundPort(server);
    log.info({ proxyPort, upstream: config.DISCORD_API_BASE }, 'REST proxy is serving');
    return { proxyPort };
  });
}
