import { Collection } from '@discordjs/collection';
import {
  CloseCodes,
  managerToFetchingStrategyOptions,
  WebSocketShard,
  WebSocketShardEvents,
  type IContextFetchingStrategy,
  type IIdentifyThrottler,
  type IShardingStrategy,
  type WebSocketManager,
  type WebSocketShardDestroyOptions,
  type WebSocketShardStatus,
} from '@discordjs/ws';
import type { Logger } from '@guildhall/runtime';
import { GatewayDispatchEvents, type GatewayDispatchPayload, type GatewaySendPayload } from 'discord-api-types/v10';
import { ShardSession } from './shard-session.ts';
import type { ShardStore } from './store.ts';
import { collectWork } from './work.ts';

/** What the sharding strategy needs from the bot. */
export interface SessionStrategyOptions {
  /** Where shard N's session is kept between processes. */
  store: (shardId: number) => ShardStore;
  /** How often a shard's state is written at most. */
  flushMs: number;
  /** How long a graceful stop waits for the work of dispatches already received. */
  handOverWaitMs: number;
  /** Whether discord.js's client is ready (all shards have their guilds). */
  clientReady: () => boolean;
  log: Logger;
}

/** Dispatches discord.js handles before it is ready: the ones that make it ready. */
const BeforeReady = new Set<string>([
  GatewayDispatchEvents.Ready,
  GatewayDispatchEvents.Resumed,
  GatewayDispatchEvents.GuildCreate,
  GatewayDispatchEvents.GuildDelete,
  GatewayDispatchEvents.GuildMembersChunk,
]);

/**
 * @discordjs/ws's in-process sharding (what its SimpleShardingStrategy does), with sessions that outlive the
 * process. discord.js's Client keeps @discordjs/ws's session hooks for itself (in memory) but lets a sharding
 * strategy be supplied (`ws.buildStrategy`); this one gives each shard a context of its own:
 * - the session hooks answer from the shard's ShardSession, so a new process RESUMEs the session the previous one
 *   persisted, after the persisted READY and GUILD_CREATE have rebuilt discord.js's caches (`standIns`);
 * - every dispatch is passed to discord.js inside a work collector, so the session counts it as handled only when
 *   the listeners' work is done; until discord.js is ready, dispatches it would queue are held here instead
 *   (in order), so that work is still attributed to its dispatch;
 * - `destroy` persists the sessions and closes with 4200, not 1000: Discord keeps the session resumable, and
 *   the next process (a rolling update's new pod) resumes it.
 */
export class SessionShardingStrategy implements IShardingStrategy {
  private readonly shards = new Map<number, WebSocketShard>();
  private readonly sessions = new Map<number, ShardSession>();
  private readonly held: (() => void)[] = [];
  private throttler: Promise<IIdentifyThrottler> | undefined;

  constructor(
    private readonly manager: WebSocketManager,
    private readonly options: SessionStrategyOptions,
  ) {}

  /** Shard N's session (for the backfill). */
  session(shardId: number): ShardSession | undefined {
    return this.sessions.get(shardId);
  }

  async spawn(shardIds: number[]): Promise<void> {
    const fetching = await managerToFetchingStrategyOptions(this.manager);
    for (const shardId of shardIds) {
      const session = await ShardSession.open(
        this.options.store(shardId),
        shardId,
        fetching.shardCount,
        this.options.flushMs,
        this.options.log,
      );
      const context: IContextFetchingStrategy = {
        options: fetching,
        retrieveSessionInfo: () => session.retrieve(),
        updateSessionInfo: (id, info) => {
          session.update(info);
          // discord.js keeps its own copy (it tells identifying from resuming shards by it).
          return this.manager.options.updateSessionInfo(id, info);
        },
        waitForIdentify: async (id, signal) => (await this.identifyThrottler()).waitForIdentify(id, signal),
      };
      const shard = new WebSocketShard(context, shardId);
      const forward = (event: WebSocketShardEvents) => (payload?: object) =>
        this.manager.emit(event, { ...payload, shardId } as never);
      for (const event of Object.values(WebSocketShardEvents)) {
        if (event !== WebSocketShardEvents.Dispatch) shard.on(event, forward(event));
      }
      shard.on(WebSocketShardEvents.Dispatch, ({ data }) => this.dispatch(session, data));
      this.shards.set(shardId, shard);
      this.sessions.set(shardId, session);
    }
  }

  async connect(): Promise<void> {
    const connecting: Promise<void>[] = [];
    for (const [shardId, shard] of this.shards) {
      const session = this.sessions.get(shardId);
      for (const packet of session?.standIns() ?? []) this.standIn(shardId, packet);
      connecting.push(shard.connect());
    }
    await Promise.all(connecting);
  }

  /** Persists every shard's session and closes its socket so that Discord keeps the session resumable. */
  async destroy(options: Omit<WebSocketShardDestroyOptions, 'recover'> = {}): Promise<void> {
    await Promise.all(
      [...this.shards].map(async ([shardId, shard]) => {
        await this.sessions.get(shardId)?.handOver(this.options.handOverWaitMs);
        await shard.destroy({ reason: options.reason ?? 'handing the session over', code: CloseCodes.Resuming });
      }),
    );
    this.shards.clear();
    this.sessions.clear();
  }

  async send(shardId: number, payload: GatewaySendPayload): Promise<void> {
    const shard = this.shards.get(shardId);
    if (!shard) throw new RangeError(`Shard ${shardId} not found`);
    await shard.send(payload);
  }

  fetchStatus(): Collection<number, WebSocketShardStatus> {
    return new Collection([...this.shards].map(([id, shard]) => [id, shard.status]));
  }

  /** Passes on what discord.js held back for: it is ready now. */
  releaseHeld(): void {
    while (this.held.length > 0 && this.options.clientReady()) this.held.shift()?.();
  }

  private dispatch(session: ShardSession, packet: GatewayDispatchPayload): void {
    const entry = session.receive(packet);
    const pass = () => {
      collectWork(
        (work) => session.hold(entry, work),
        () => this.manager.emit(WebSocketShardEvents.Dispatch, { data: packet, shardId: session.shardId }),
      );
      session.emitted(entry);
    };
    if (BeforeReady.has(packet.t)) {
      pass();
      // The last GUILD_CREATE may have made discord.js ready.
      this.releaseHeld();
    } else if (this.held.length > 0 || !this.options.clientReady()) {
      this.held.push(pass);
    } else {
      pass();
    }
  }

  /** A persisted READY or GUILD_CREATE, for discord.js's caches; not a dispatch of this connection. */
  private standIn(shardId: number, packet: GatewayDispatchPayload): void {
    if (packet.t === GatewayDispatchEvents.Ready) {
      this.manager.emit(WebSocketShardEvents.Ready, { data: packet.d, shardId });
    }
    this.manager.emit(WebSocketShardEvents.Dispatch, { data: packet, shardId });
  }

  private identifyThrottler(): Promise<IIdentifyThrottler> {
    this.throttler ??= Promise.resolve(this.manager.options.buildIdentifyThrottler(this.manager));
    return this.throttler;
  }
}
