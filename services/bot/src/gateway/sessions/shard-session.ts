import type { SessionInfo } from '@discordjs/ws';
import type { Logger } from '@guildhall/runtime';
import { GatewayDispatchEvents, type GatewayDispatchPayload } from 'discord-api-types/v10';
import {
  applyDispatch,
  emptyShardState,
  standInDispatches,
  type ChannelCursor,
  type PendingBackfill,
  type ShardState,
} from './state.ts';
import type { ShardStore } from './store.ts';

/** Dispatches written at once once handled: a session starts, or the bot gets a guild. */
const StartsSession = new Set<string>([GatewayDispatchEvents.Ready, GatewayDispatchEvents.GuildCreate]);

/** A dispatch received and not yet fully handled. */
interface Entry {
  packet: GatewayDispatchPayload;
  /** The listeners have been called (a dispatch held back until the client is ready has not). */
  emitted: boolean;
  /** Work the listeners started that is not done yet. */
  pending: number;
}

/**
 * One shard's gateway session, across processes. It answers @discordjs/ws's session hooks (the live session,
 * or on the first connect the one a previous process persisted), and keeps the persisted state at the watermark:
 * dispatches are applied to it in order, each only once the work its listeners started is done, and it is
 * written at most every `flushMs`. A kill -9 therefore loses only the last moments' progress, which Discord
 * replays when the next process resumes from the persisted sequence (core's inbox drops what was already
 * handed over: request ids derive from Discord's ids).
 */
export class ShardSession {
  private live: SessionInfo | null = null;
  private offerPersisted: boolean;
  private readonly entries: Entry[] = [];
  private guildsChanged = false;
  private dirty = false;
  private flushTimer: NodeJS.Timeout | undefined;
  private saving: Promise<void> = Promise.resolve();
  private queued = false;
  private frozen = false;
  private drained: (() => void) | undefined;

  private constructor(
    private readonly state: ShardState,
    private readonly store: ShardStore,
    private readonly flushMs: number,
    private readonly log: Logger,
    resumable: boolean,
  ) {
    this.offerPersisted = resumable;
  }

  /**
   * The session of `shardId` as a previous process left it (or a fresh one). Its session is offered for RESUME
   * only if it was made for the same shard count; its cursors are kept either way, for a backfill.
   */
  static async open(
    store: ShardStore,
    shardId: number,
    shardCount: number,
    flushMs: number,
    log: Logger,
  ): Promise<ShardSession> {
    let state: ShardState | null = null;
    try {
      state = await store.load();
    } catch (err) {
      log.warn({ err, shardId }, 'the persisted gateway session cannot be read; starting a new session');
    }
    const resumable = state !== null && state.session !== null && state.shardCount === shardCount;
    if (state) {
      log.info(
        { shardId, sessionId: state.session?.id, sequence: state.session?.sequence, resumable },
        resumable
          ? 'found a persisted gateway session; resuming it'
          : 'found a persisted gateway session for another shard count',
      );
      state.shardCount = shardCount;
    }
    return new ShardSession(state ?? emptyShardState(shardId, shardCount), store, flushMs, log, resumable);
  }

  get shardId(): number {
    return this.state.shardId;
  }

  /**
   * READY and GUILD_CREATE as they stood at the persisted sequence, for the caches of a process about to resume a
   * session it did not start (Discord does not send them again on RESUME); nothing when there is nothing to resume.
   */
  standIns(): GatewayDispatchPayload[] {
    return this.offerPersisted ? standInDispatches(this.state) : [];
  }

  /** @discordjs/ws's retrieveSessionInfo: the live session, or once, at the first connect, the persisted one. */
  retrieve(): SessionInfo | null {
    if (!this.live && this.offerPersisted && this.state.session) {
      const { id, resumeURL, sequence } = this.state.session;
      this.live = {
        sessionId: id,
        resumeURL,
        sequence,
        shardId: this.state.shardId,
        shardCount: this.state.shardCount,
      };
    }
    this.offerPersisted = false;
    return this.live;
  }

  /** @discordjs/ws's updateSessionInfo: the live session moves with every dispatch; null when Discord ended it. */
  update(info: SessionInfo | null): void {
    this.live = info;
  }

  /** A dispatch arrived: it counts as handled once `emitted` was called and the work handed to `hold` is done. */
  receive(packet: GatewayDispatchPayload): Entry {
    const entry: Entry = { packet, emitted: false, pending: 0 };
    this.entries.push(entry);
    return entry;
  }

  /** Work a listener started for the entry's dispatch. */
  hold(entry: Entry, work: Promise<unknown>): void {
    entry.pending++;
    void work.finally(() => {
      entry.pending--;
      this.advance();
    });
  }

  /** The entry's listeners have run (their work, if any, was handed to `hold` meanwhile). */
  emitted(entry: Entry): void {
    entry.emitted = true;
    this.advance();
  }

  /** A backfill waiting to run or to finish. */
  get backfill(): PendingBackfill | null {
    return this.state.backfill;
  }

  /** The guild facts as of the watermark (the backfill reads channels' newest messages from them). */
  get guilds(): ShardState['guilds'] {
    return this.state.guilds;
  }

  /**
   * Records a backfill's progress in a channel: read up to `cursor`, or done with it (null). Only while `record`
   * is still the pending one: a record that replaced it holds older cursors that must stay as they are.
   */
  backfilled(record: PendingBackfill, channelId: string, cursor: ChannelCursor | null): void {
    if (this.state.backfill !== record) return;
    const { [channelId]: _done, ...rest } = record.channels;
    record.channels = cursor ? { ...rest, [channelId]: cursor } : rest;
    this.changed();
  }

  /**
   * The backfill `record` is over (every channel read, or given up): it is not run again. A record replaced
   * meanwhile (another session ended unresumed, and its channels were merged in) stays, to be run in turn.
   */
  backfillFinished(record: PendingBackfill): void {
    if (this.state.backfill !== record) return;
    this.state.backfill = null;
    this.changed();
  }

  /** Writes the state now, after any write under way (writes asked for meanwhile are one write). */
  flush(): Promise<void> {
    clearTimeout(this.flushTimer);
    this.flushTimer = undefined;
    if (this.frozen || this.queued || !this.dirty) return this.saving;
    this.queued = true;
    this.saving = this.saving.then(async () => {
      // Taken when the write starts, so the flag and the state written agree.
      this.queued = false;
      const guildsChanged = this.guildsChanged;
      this.dirty = false;
      this.guildsChanged = false;
      try {
        await this.store.save(this.state, guildsChanged);
      } catch (err) {
        // The next write carries the whole state again; only the guild facts must be remembered as unwritten.
        this.dirty = true;
        this.guildsChanged ||= guildsChanged;
        this.log.warn({ err, shardId: this.shardId }, 'could not persist the gateway session; will try again');
        this.schedule();
      }
    });
    return this.saving;
  }

  /**
   * For a graceful stop: waits (at most `waitMs`) for the work of dispatches already received, writes the state
   * and stops writing, so what the broker's closing interrupts is replayed to the next process, not skipped.
   */
  async handOver(waitMs: number): Promise<void> {
    if (this.entries.length > 0) {
      let timer: NodeJS.Timeout | undefined;
      await Promise.race([
        new Promise<void>((resolve) => (this.drained = resolve)),
        new Promise<void>((resolve) => (timer = setTimeout(resolve, waitMs))),
      ]);
      clearTimeout(timer);
    }
    await this.flush();
    this.frozen = true;
    this.log.info(
      { shardId: this.shardId, sequence: this.state.session?.sequence, unhandled: this.entries.length },
      'gateway session persisted for the next process',
    );
  }

  private advance(): void {
    let moved = false;
    let started = false;
    for (let head = this.entries[0]; head && head.emitted && head.pending === 0; head = this.entries[0]) {
      this.entries.shift();
      this.guildsChanged = applyDispatch(this.state, head.packet, Date.now()) || this.guildsChanged;
      moved = true;
      started ||= StartsSession.has(head.packet.t);
    }
    if (started) {
      // A new session, or a guild's facts, are written at once: a process killed before they are on disk could
      // neither resume the session nor know the guild's channels when it does.
      this.dirty = true;
      void this.flush();
    } else if (moved) this.changed();
    if (this.entries.length === 0) this.drained?.();
  }

  private changed(): void {
    this.dirty = true;
    this.schedule();
  }

  private schedule(): void {
    if (this.flushTimer || this.frozen) return;
    this.flushTimer = setTimeout(() => void this.flush(), this.flushMs);
    this.flushTimer.unref();
  }
}
