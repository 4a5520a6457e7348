import type { Broker } from '@guildhall/events';
import type { Logger } from '@guildhall/runtime';
import { Events, type Client, type WebSocketOptions } from 'discord.js';
import { BrokerIdentifyThrottler } from '../identify.ts';
import { runBackfill, type BackfillLimits } from './backfill.ts';
import { FileShardStore, memoryOnly } from './store.ts';
import { SessionShardingStrategy } from './strategy.ts';

/** How the bot keeps its gateway sessions (GATEWAY_SESSION_DIR, GATEWAY_SESSION_FLUSH_MS, BACKFILL_*). */
export interface GatewaySessionsConfig {
  /** Where each shard's session is persisted (the StatefulSet's volume); undefined keeps them in memory. */
  dir: string | undefined;
  flushMs: number;
  /** How long a graceful stop waits for the work of dispatches already received before persisting. */
  handOverWaitMs: number;
  backfill: BackfillLimits;
}

/**
 * The bot's gateway sessions (ADR 16): discord.js's `ws` options that persist each shard's session and resume it
 * from a new process, pace identifies across replicas (ADR 17), and run the backfill when a shard had to start a
 * new session instead of resuming.
 */
export class GatewaySessions {
  private strategy: SessionShardingStrategy | undefined;
  private readonly backfilling = new Set<number>();

  constructor(
    private readonly config: GatewaySessionsConfig,
    private readonly broker: Broker,
    private readonly log: Logger,
  ) {}

  /** The `ws` client options: the session-keeping sharding strategy and the identify throttler. */
  wsOptions(client: () => Client): WebSocketOptions {
    const { dir } = this.config;
    return {
      buildStrategy: (manager) =>
        (this.strategy = new SessionShardingStrategy(manager, {
          store: (shardId) => (dir ? new FileShardStore(dir, shardId) : memoryOnly),
          flushMs: this.config.flushMs,
          handOverWaitMs: this.config.handOverWaitMs,
          clientReady: () => client().isReady(),
          log: this.log,
        })),
      buildIdentifyThrottler: async (manager) => {
        const { max_concurrency } = (await manager.fetchGatewayInformation()).session_start_limit;
        return new BrokerIdentifyThrottler(this.broker, max_concurrency, this.log);
      },
    };
  }

  /** Listens for what the sessions react to: the client turning ready, and a shard having its guilds. */
  attach(client: Client): void {
    client.on(Events.ClientReady, () => this.strategy?.releaseHeld());
    // After the dispatch that made the shard ready has been applied to its state (the backfill reads it).
    client.on(Events.ShardReady, (shardId) => setImmediate(() => void this.backfill(client, shardId)));
  }

  private async backfill(client: Client, shardId: number): Promise<void> {
    const session = this.strategy?.session(shardId);
    if (!session?.backfill || this.backfilling.has(shardId) || !client.isReady()) return;
    this.backfilling.add(shardId);
    try {
      await runBackfill(client, session, this.config.backfill, this.log.child({ shardId }));
    } catch (err) {
      this.log.error({ err, shardId }, 'backfill failed; it runs again when the shard is next ready');
    } finally {
      this.backfilling.delete(shardId);
    }
  }
}
