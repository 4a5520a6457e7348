import type { KarmaSettings, MessageSettings, Tx, UnitOfWork, WriteSink } from '@guildhall/db';
import { getMessageSettings } from '@guildhall/db';
import {
  envelope,
  resultSchemas,
  type LatestOf,
  type LatestResultEvent,
  type Refusal,
  type ReplyTarget,
  type RequestEvent,
} from '@guildhall/events';
import type { Logger } from 'pino';

/** The version core emits of each result type: the latest (older ones are only decoded, never emitted). */
const resultVersions = new Map<string, number>(resultSchemas.map((s) => [s.shape.type.value, s.shape.version.value]));

/** What a handler gets for one event: the batch's transaction, a way to emit results, a logger. */
export class HandlerContext<E extends RequestEvent = RequestEvent> {
  /** Results emitted so far; written to the outbox in the same transaction. */
  readonly emitted: LatestResultEvent[] = [];
  /** The transaction every effect of this event must go through (it cannot begin or end one: the pipeline does). */
  readonly db: Tx;

  private child: Logger | undefined;

  constructor(
    private readonly unit: UnitOfWork,
    readonly event: E,
    private readonly batchLog: Logger,
    private readonly cache: BatchCache,
  ) {
    this.db = unit.db;
  }

  /** A logger that names this event (id, type, correlation id, guild); made on first use, as most events log nothing. */
  get log(): Logger {
    this.child ??= this.batchLog.child({
      eventId: this.event.id,
      type: this.event.type,
      correlationId: this.event.correlationId,
      guildId: this.event.payload.guildId,
    });
    return this.child;
  }

  /** Emits a result caused by this event, in the latest version of its type. */
  emit<T extends LatestResultEvent['type']>(type: T, payload: LatestOf<T>['payload']): void {
    const version = resultVersions.get(type);
    if (version === undefined) throw new Error(`no result event ${type} in the catalog`);
    this.emitted.push(envelope(type, version, payload, this.event) as LatestResultEvent);
  }

  /**
   * Answers `replyTo` with a refusal: a typed code and its parameters (command.request.rejected), which the bot
   * words in the member's language and shows to them alone.
   */
  refuse(replyTo: ReplyTarget, reason: Refusal): void {
    this.emit('command.request.rejected', { guildId: this.event.payload.guildId, replyTo, reason });
  }

  /** A guild's karma settings, read once per batch. */
  async karmaSettings(guildId: string): Promise<KarmaSettings> {
    return (await this.messageSettings(guildId)).karma;
  }

  /** A guild's settings of every message feature, read once per batch (with every other guild of its messages). */
  messageSettings(guildId: string): Promise<MessageSettings> {
    return this.cache.messageSettings(this.db, guildId);
  }

  /** Forgets cached settings of a guild after this event changed them. */
  settingsChanged(guildId: string): void {
    this.cache.forget(guildId);
  }

  /**
   * Takes writes nothing in the batch reads back (history, ledger rows): the unit of work runs them together with
   * the outbox, in one round trip, with the commit.
   */
  get later(): WriteSink {
    return this.unit.later;
  }
}

/** Reads shared by the events of one batch (one transaction), so a burst in one guild reads its settings once. */
export class BatchCache {
  private readonly settings = new Map<string, Promise<MessageSettings>>();
  /** Guilds of the batch's messages whose settings are not read yet: the first read takes them all along. */
  private readonly unread: Set<string>;

  constructor(messageGuildIds: Iterable<string> = []) {
    this.unread = new Set(messageGuildIds);
  }

  /** Reads the settings of every guild of the batch's messages now, so the read can share the first round trip. */
  async prefetch(db: Tx): Promise<void> {
    const [first] = this.unread;
    if (first !== undefined) await this.messageSettings(db, first);
  }

  messageSettings(db: Tx, guildId: string): Promise<MessageSettings> {
    const cached = this.settings.get(guildId);
    if (cached) return cached;
    const guilds = [guildId, ...[...this.unread].filter((g) => g !== guildId && !this.settings.has(g))];
    this.unread.clear();
    const loading = getMessageSettings(db, guilds);
    const read = (g: string) =>
      loading.then((all) => {
        const found = all.get(g);
        if (!found) throw new Error(`no settings came back for guild ${g}`);
        return found;
      });
    for (const g of guilds.slice(1)) {
      const other = read(g);
      // A failed read fails the whole transaction; only the read someone awaits needs to report it.
      other.catch(() => undefined);
      this.settings.set(g, other);
    }
    const own = read(guildId);
    this.settings.set(guildId, own);
    return own;
  }

  forget(guildId: string): void {
    this.settings.delete(guildId);
  }
}
