import { createServer, type Server } from 'node:http';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { populateErrorResponse, populateSuccessfulResponse } from '@discordjs/proxy';
import { REST, RESTEvents, type RequestMethod, type RouteLike } from '@discordjs/rest';
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

/** The proxy's metrics, on a registry of their own. */
export type RestProxyMetrics = ReturnType<typeof createRestProxyMetrics>;

function createRestProxyMetrics() {
  return serviceMetrics(defineMetrics);
}

/** A running proxy: its ops server, its metrics, and the port the bots send REST requests to. */
export interface RestProxyApp extends RunningService {
  proxyPort: number;
  metrics: RestProxyMetrics;
}

/**
 * The REST proxy every bot replica sends its Discord REST requests to, so they share one rate-limit state: one
 * @discordjs/rest client, whose buckets and global budget (DISCORD_GLOBAL_REQUESTS_PER_SECOND) hold requests
 * back until Discord allows them, whichever replica sent them (@discordjs/proxy turns the HTTP requests into its
 * calls). It holds no token: each request carries its sender's `Authorization`, or none for interaction
 * webhooks. It does not retry failures itself (`retries: 0`): the bot's own policy does. ADR 17.
 */
export function startRestProxy(config: RestProxyConfig, log: Logger): Promise<RestProxyApp> {
  const metrics = createRestProxyMetrics();
  return startService({ ...config, log, registry: metrics.registry }, async (service) => {
    const rest = new REST({
      api: config.DISCORD_API_BASE,
      globalRequestsPerSecond: config.DISCORD_GLOBAL_REQUESTS_PER_SECOND,
      offset: config.DISCORD_RATE_LIMIT_OFFSET_MS,
      retries: 0,
    });
    // Only the status is read: the event shares the response's body with the reply being passed back.
    rest.on(RESTEvents.Response, (_request, response) => metrics.requests.inc({ status: String(response.status) }));
    rest.on(RESTEvents.RateLimited, (info) => metrics.rateLimitWaits.inc({ global: String(info.global) }));
    const handle = forward(rest);
    const server = await service.step(
      `REST proxy on ${config.PROXY_HOST}:${config.PROXY_PORT} (PROXY_PORT)`,
      () =>
        new Promise<Server>((resolve, reject) => {
          const server = createServer((req, res) => {
            handle(req, res).catch((err: unknown) => {
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
    return { proxyPort, metrics };
  });
}

/** Request headers passed on to Discord (as @discordjs/proxy's `proxyRequests` does). */
const PassedHeaders = ['content-type', 'authorization', 'x-audit-log-reason'];

/**
 * @discordjs/proxy's `proxyRequests`, except that the request body is read first: `proxyRequests` streams it into
 * the REST client, which cannot send a stream again when it retries after a 429, and Discord then gets an empty
 * body (a dropped reply, measured). The answer is written with the package's own helpers.
 */
function forward(rest: REST): (req: IncomingMessage, res: ServerResponse) => Promise<void> {
  return async (req, res) => {
    const url = new URL(req.url ?? '/', 'http://proxy');
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const headers: Record<string, string> = {};
    for (const name of PassedHeaders) {
      const value = req.headers[name];
      if (typeof value === 'string') headers[name] = value;
    }
    try {
      const answer = await rest.queueRequest({
        fullRoute: url.pathname.replace(/^\/api(\/v\d+)?/, '') as RouteLike,
        // Discord answers a method it does not have with 405 itself.
        method: (req.method ?? 'GET') as RequestMethod,
        ...(chunks.length > 0 ? { body: Buffer.concat(chunks) } : {}),
        passThroughBody: true,
        // The sender's Authorization header is passed on as it is.
        auth: false,
        query: url.searchParams,
        headers,
      });
      await populateSuccessfulResponse(res, answer);
    } catch (err) {
      if (!populateErrorResponse(res, err)) throw err;
    } finally {
      res.end();
    }
  };
}
