import { hostname } from 'node:os';
import type { Server } from 'node:http';
import { Broker, type Consumer, type ResultEvent } from '@guildhall/events';
import { boundPort, Shutdown, startOpsServer, type Logger } from '@guildhall/runtime';
import { Events, type Client } from 'discord.js';
import type { BotConfig } from './config.ts';
import { createClient } from './gateway/client.ts';
import { listen } from './gateway/listen.ts';
import { planShards } from './gateway/shards.ts';
import { createBotMetrics, type BotMetrics } from './metrics.ts';
import type { GuildFacts } from './render/index.ts';
import { consumeResults } from './results/consumer.ts';
import type { RetryPolicy } from './results/rest-errors.ts';

/** A running bot: what bin.ts, scripts/up.ts and tests hold on to. */
export interface BotApp {
  client: Client<true>;
  broker: Broker;
  metrics: BotMetrics;
  /** Port of the ops server (/healthz, /readyz, /metrics). */
  httpPort: number;
  /** Graceful stop: stop consuming results, finish in-flight deliveries, leave the gateway, close the broker. */
  stop: () => Promise<void>;
}

/** Knobs tests turn; production uses the defaults. */
export interface BotOptions {
  retry?: RetryPolicy;
}

/**
 * Wires the bot: broker, the gateway client (requests out), the results consumer (Discord output in) and the
 * ops server. Resolves once the gateway is READY and results are being consumed.
 */
export async function startBot(config: BotConfig, log: Logger, options: BotOptions = {}): Promise<BotApp> {
  const metrics = createBotMetrics();
  const plan = planShards(config);
  const steps = new Shutdown(log);

  const broker = await Broker.connect({
    url: config.AMQP_URL,
    logger: log,
    connectionName: `bot@${hostname()}/${process.pid}`,
    namespace: config.GUILDHALL_NAMESPACE,
    onDeadLetter: (reason) => metrics.deadLettered.inc({ reason }),
  });

  const client = createClient(config.DISCORD_API_BASE, plan);
  const glog = log.child({ component: 'gateway' });
  client.on(Events.Error, (err) => glog.error({ err }, 'gateway error'));
  client.on(Events.Warn, (message) => glog.warn(message));
  client.on(Events.ShardDisconnect, (event, shard) => glog.warn({ shard, code: event.code }, 'shard disconnected'));
  client.on(Events.ShardResume, (shard, replayed) => glog.info({ shard, replayed }, 'shard resumed'));
  listen({ client, broker, metrics, log: glog });

  let consumer: Consumer<ResultEvent>;
  try {
    const ready = new Promise<Client<true>>((resolve) => client.once(Events.ClientReady, resolve));
    const [readyClient] = await Promise.all([ready, client.login(config.DISCORD_TOKEN)]);
    glog.info({ userId: readyClient.user.id, shards: plan.shards }, 'gateway ready');
    consumer = await consumeResults({
      broker,
      rest: client.rest,
      metrics,
      log: log.child({ component: 'results' }),
      concurrency: config.RESULTS_CONCURRENCY,
      render: { guild: (id) => guildFacts(readyClient, id) },
      ...(options.retry ? { retry: options.retry } : {}),
    });
  } catch (err) {
    await client.destroy().catch(() => undefined);
    await broker.close();
    throw err;
  }

  const server: Server = await startOpsServer(config.HTTP_PORT, config.HTTP_HOST, {
    registry: metrics.registry,
    ready: () => !steps.stopping && client.isReady() && broker.connected,
  });
  log.info({ namespace: broker.topology.namespace, httpPort: boundPort(server) }, 'bot is serving');

  // Registered in start order; they run in reverse: results first, the ops server last.
  steps.add('ops server', () => new Promise<void>((resolve) => server.close(() => resolve())));
  steps.add('broker', () => broker.close());
  steps.add('gateway', () => client.destroy());
  // A delivery stuck behind a Discord outage must not hold the shutdown: it stays unacked and is redelivered.
  steps.add('results', () => withDeadline(consumer.stop(), config.SHUTDOWN_DEADLINE_MS / 2));
  const stop = () => steps.run('stop');
  return { client: client as Client<true>, broker, metrics, httpPort: boundPort(server), stop };
}

/** A guild's name and member count from the gateway cache (exact: GUILD_CREATE and member adds keep it). */
function guildFacts(client: Client<true>, guildId: string): GuildFacts | undefined {
  const guild = client.guilds.cache.get(guildId);
  return guild ? { name: guild.name, memberCount: guild.memberCount } : undefined;
}

async function withDeadline(work: Promise<void>, ms: number): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`not finished after ${ms} ms; leaving the rest unacked`)), ms);
  });
  try {
    await Promise.race([work, late]);
  } finally {
    clearTimeout(timer);
  }
}
