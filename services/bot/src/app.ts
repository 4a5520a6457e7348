import { hostname } from 'node:os';
import { Broker } from '@guildhall/events';
import { startService, type Logger, type RunningService } from '@guildhall/runtime';
import { Events, type Client } from 'discord.js';
import type { BotConfig } from './config.ts';
import { createClient } from './gateway/client.ts';
import { listen } from './gateway/listen.ts';
import { GatewaySessions } from './gateway/sessions/index.ts';
import { planShards } from './gateway/shards.ts';
import { createBotMetrics, type BotMetrics } from './metrics.ts';
import type { GuildFacts } from './render/index.ts';
import { consumeResults } from './results/consumer.ts';
import type { RetryPolicy } from './results/rest-errors.ts';

/** A running bot: what bin.ts, scripts/up.ts and tests hold on to. */
export interface BotApp extends RunningService {
  client: Client<true>;
  broker: Broker;
  metrics: BotMetrics;
}

/** Knobs tests turn; production uses the defaults. */
export interface BotOptions {
  retry?: RetryPolicy;
}

/**
 * Wires the bot: the ops server (first, not ready until the rest is up), the broker, the gateway client (requests
 * out) and the results consumer (Discord output in). Resolves once the gateway is READY and results are being
 * consumed. stop() stops consuming results, finishes in-flight deliveries, leaves the gateway, closes the broker.
 */
export function startBot(config: BotConfig, log: Logger, options: BotOptions = {}): Promise<BotApp> {
  const metrics = createBotMetrics();
  return startService({ ...config, log, registry: metrics.registry }, async (service) => {
    const plan = await service.step('shard plan', () => planShards(config));
    const broker = await Broker.forService(service, config, {
      connectionName: `bot@${hostname()}/${process.pid}`,
      onDeadLetter: (reason) => metrics.deadLettered.inc({ reason }),
    });
    const glog = log.child({ component: 'gateway' });
    const client = await service.step(
      `Discord gateway via ${config.DISCORD_API_BASE}`,
      async () => {
        const sessions = new GatewaySessions(
          {
            dir: config.GATEWAY_SESSION_DIR,
            flushMs: config.GATEWAY_SESSION_FLUSH_MS,
            handOverWaitMs: Math.min(5_000, config.SHUTDOWN_DEADLINE_MS / 5),
            backfill: { maxAgeMs: config.BACKFILL_MAX_AGE_MS, maxMessages: config.BACKFILL_MAX_MESSAGES },
          },
          broker,
          glog,
        );
        const client: Client = createClient(
          config.DISCORD_API_BASE,
          plan,
          sessions.wsOptions(() => client),
        );
        sessions.attach(client);
        client.on(Events.Error, (err) => glog.error({ err }, 'gateway error'));
        client.on(Events.Warn, (message) => glog.warn(message));
        client.on(Events.ShardDisconnect, (event, shard) =>
          glog.warn({ shard, code: event.code }, 'shard disconnected'),
        );
        client.on(Events.ShardResume, (shard, replayed) => glog.info({ shard, replayed }, 'shard resumed'));
        listen({ client, broker, metrics, log: glog });
        try {
          const ready = new Promise<Client<true>>((resolve) => client.once(Events.ClientReady, resolve));
          const [readyClient] = await Promise.all([ready, client.login(config.DISCORD_TOKEN)]);
          glog.info({ userId: readyClient.user.id, shards: plan.shards }, 'gateway ready');
          return readyClient;
        } catch (err) {
          await client.destroy().catch(() => undefined);
          throw err;
        }
      },
      (client) => client.destroy(),
    );
    const consumer = await service.step(
      'results consumer',
      () =>
        consumeResults({
          broker,
          rest: client.rest,
          metrics,
          log: log.child({ component: 'results' }),
          concurrency: config.RESULTS_CONCURRENCY,
          render: { guild: (id) => guildFacts(client, id), now: () => new Date() },
          roles: (guildId, roleId) => lookupRole(client, guildId, roleId),
          ...(options.retry ? { retry: options.retry } : {}),
        }),
      // A delivery stuck behind a Discord outage must not hold the shutdown: it stays unacked and is redelivered.
      (consumer) => withDeadline(consumer.stop(), config.SHUTDOWN_DEADLINE_MS / 2),
    );
    service.readyWhen(() => client.isReady() && consumer.consuming);
    log.info({ namespace: broker.topology.namespace }, 'bot is serving');
    return { client, broker, metrics };
  });
}

/**
 * A guild's name, member count and preferred language from the gateway cache (exact: GUILD_CREATE, GUILD_UPDATE and
 * member adds keep them). Answers to messages (which carry no member language) speak the guild's language.
 */
function guildFacts(client: Client<true>, guildId: string): GuildFacts | undefined {
  const guild = client.guilds.cache.get(guildId);
  return guild
    ? { name: guild.name, memberCount: guild.memberCount, preferredLocale: guild.preferredLocale }
    : undefined;
}

/**
 * A role and the bot's own highest role, from the gateway cache or, when this replica's shards do not hold the
 * guild, from Discord (results are consumed by any replica).
 */
async function lookupRole(client: Client<true>, guildId: string, roleId: string) {
  const guild = client.guilds.cache.get(guildId) ?? (await client.guilds.fetch(guildId));
  const role = guild.roles.cache.get(roleId) ?? (await guild.roles.fetch(roleId));
  const me = guild.members.me ?? (await guild.members.fetchMe());
  return {
    role: role
      ? {
          id: role.id,
          permissions: role.permissions.bitfield.toString(),
          managed: role.managed,
          position: role.position,
        }
      : null,
    botHighestRolePosition: me.roles.highest.position,
  };
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
