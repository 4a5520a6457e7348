import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import type { AddressInfo } from 'node:net';
import { isDatabaseReachable, openDatabase } from '@guildhall/db';
import { Broker, topology, webQueue, webResultsPattern, type ResultEvent } from '@guildhall/events';
import { redactSecrets, startService, type Logger, type RunningService } from '@guildhall/runtime';
import { MemberAccess } from './access.ts';
import type { WebConfig } from './config.ts';
import { DiscordOAuth } from './discord.ts';
import { createWebMetrics, type WebMetrics } from './metrics.ts';
import { CommandRequests } from './requests.ts';
import { buildServer } from './server.ts';
import { checkForms } from './settings.ts';

/** A running dashboard: what bin.ts, scripts/up.ts and tests hold on to. */
export interface WebApp extends RunningService {
  /** The port the dashboard listens on (WEB_PORT, or the one picked for 0). */
  webPort: number;
  /** This replica's name in its queue and its answers' routing keys. */
  replica: string;
  broker: Broker;
  metrics: WebMetrics;
  server: Awaited<ReturnType<typeof buildServer>>;
}

/**
 * Wires the dashboard: the ops server (first, not ready until the rest is up), the database (read only: core
 * migrates and writes), the broker with this replica's own queue for the answers to its requests, and the HTTP
 * server. stop() closes the HTTP server first (in-flight requests finish), then the rest.
 */
export function startWeb(config: WebConfig, log: Logger): Promise<WebApp> {
  const metrics = createWebMetrics();
  return startService({ ...config, log, registry: metrics.registry }, async (service) => {
    checkForms();
    const db = await service.step(
      `MySQL/MariaDB at ${redactSecrets(config.DATABASE_URL)}`,
      () => openDatabase(config.DATABASE_URL, { poolSize: config.DB_POOL_SIZE, migrate: false }),
      (db) => db.destroy(),
    );
    // Short and lower-case: it is one word of a routing key and part of a queue name.
    const replica = `w${randomBytes(6).toString('hex')}`;
    const t = topology(config.GUILDHALL_NAMESPACE);
    const queue = webQueue(t, replica);
    const broker = await Broker.forService(service, config, {
      connectionName: `web@${hostname()}/${process.pid}/${replica}`,
      onDeadLetter: (reason) => metrics.deadLettered.inc({ reason }),
      privateQueue: { name: queue, bindings: [{ exchange: t.exchanges.results, pattern: webResultsPattern(replica) }] },
    });
    const requests = new CommandRequests(broker, replica, config.WEB_RESULT_TIMEOUT_MS);
    const consumer = await service.step(
      'answers consumer',
      () =>
        broker.consume<ResultEvent>({
          queue,
          direction: 'result',
          prefetch: 64,
          maxBatch: 16,
          concurrency: 1,
          handle: async (batch) => {
            for (const { event } of batch) requests.receive(event);
          },
          isTransient: () => false,
        }),
      (consumer) => consumer.stop(),
    );
    const discord = new DiscordOAuth({
      apiBase: config.DISCORD_API_BASE,
      authorizeUrl: config.DISCORD_OAUTH_AUTHORIZE_URL,
      clientId: config.DISCORD_CLIENT_ID,
      clientSecret: config.DISCORD_CLIENT_SECRET,
      redirectUri: `${config.WEB_PUBLIC_URL}/auth/callback`,
    });
    const access = new MemberAccess(discord, config.WEB_PERMISSIONS_TTL_SECONDS * 1000);
    const server = await service.step(
      `dashboard on ${config.WEB_HOST}:${config.WEB_PORT} (WEB_PORT)`,
      async () => {
        const server = await buildServer({
          config,
          db,
          discord,
          access,
          requests,
          metrics,
          log: log.child({ component: 'http' }),
        });
        await server.listen({ port: config.WEB_PORT, host: config.WEB_HOST });
        return server;
      },
      (server) => server.close(),
    );
    const webPort = (server.server.address() as AddressInfo).port;
    service.readyWhen(() => consumer.consuming);
    service.readyWhen(() => isDatabaseReachable(db));
    log.info({ webPort, replica, publicUrl: config.WEB_PUBLIC_URL }, 'dashboard is serving');
    return { webPort, replica, broker, metrics, server };
  });
}
