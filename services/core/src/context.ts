import type { Database, KarmaSettings, Kysely } from '@guildhall/db';
import { getKarmaSettings } from '@guildhall/db';
import {
  catalog,
  envelope,
  type EventOf,
  type RequestEvent,
  type ResultEvent,
  type ResultType,
} from '@guildhall/events';
import type { Logger } from 'pino';

const resultVersions = new Map(catalog.filter((e) => e.direction === 'result').map((e) => [e.type, e.version]));

/** What a handler gets for one event: the batch's transaction, a way to emit results, a logger. */
export class HandlerContext<E extends RequestEvent = RequestEvent> {
  /** Results emitted so far; written to the outbox in the same transaction. */
  readonly emitted: ResultEvent[] = [];

  constructor(
    /** The transaction every effect of this event must go through. */
    readonly db: Kysely<Database>,
    readonly event: E,
    readonly log: Logger,
    private readonly cache: BatchCache,
  ) {}

  /** Emits a result caused by this event. */
  emit<T extends ResultType>(type: T, payload: EventOf<T>['payload']): void {
    const version = resultVersions.get(type);
    if (version === undefined) throw new Error(`no result event ${type} in the catalog`);
    this.emitted.push(envelope(type, version, payload, this.event) as ResultEvent);
  }

  /** A guild's karma settings, read once per batch. */
  karmaSettings(guildId: string): Promise<KarmaSettings> {
    return this.cache.karmaSettings(this.db, guildId);
  }

  /** Forgets cached settings of a guild after this event changed them. */
  settingsChanged(guildId: string): void {
    this.cache.forget(guildId);
  }
}

/** Reads shared by the events of one batch (one transaction), so a burst in one guild reads its settings once. */
export class BatchCache {
  private readonly settings = new Map<string, Promise<KarmaSettings>>();

  karmaSettings(db: Kysely<Database>, guildId: string): Promise<KarmaSettings> {
    let cached = this.settings.get(guildId);
    if (!cached) {
      cached = getKarmaSettings(db, guildId);
      this.settings.set(guildId, cached);
    }
    return cached;
  }

  forget(guildId: string): void {
    this.settings.delete(guildId);
  }
}
