import type { ColumnType, Generated, Insertable, Selectable, Updateable } from 'kysely';

/** A DATETIME(3) column: written as a Date, read back as a Date. */
type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>;

/** Request events already applied: the inbox that makes handling idempotent. */
export interface InboxTable {
  event_id: string;
  event_type: string;
  processed_at: Generated<Date>;
}

/** Result events waiting for (or done with) publication by the relay. */
export interface OutboxTable {
  id: Generated<string>;
  event_id: string;
  direction: 'request' | 'result';
  routing_key: string;
  body: string;
  created_at: Generated<Date>;
  published_at: Timestamp | null;
}

/** Per-guild settings; a missing row means every default. */
export interface GuildSettingsTable {
  guild_id: string;
  karma_announce: Generated<number>;
  karma_cooldown_seconds: Generated<number>;
  karma_max_subjects: Generated<number>;
  updated_at: Generated<Date>;
}

/** Current karma of every subject: names keyed case-insensitively, members by id. */
export interface KarmaSubjectsTable {
  guild_id: string;
  subject_kind: 'name' | 'member';
  subject_key: string;
  display: string;
  total: string;
  updated_at: Generated<Date>;
}

/** Every karma change, kept for review and undo. */
export interface KarmaChangesTable {
  id: Generated<string>;
  guild_id: string;
  subject_kind: 'name' | 'member';
  subject_key: string;
  giver_id: string;
  delta: number;
  message_id: string | null;
  event_id: string;
  created_at: Generated<Date>;
  reverted_at: Timestamp | null;
  reverted_by: string | null;
}

/** When a giver last changed a subject's karma: the per giver->subject cooldown. */
export interface KarmaCooldownsTable {
  guild_id: string;
  giver_id: string;
  subject_kind: 'name' | 'member';
  subject_key: string;
  last_at: Timestamp;
}

/** Every table, by name. */
export interface Database {
  inbox: InboxTable;
  outbox: OutboxTable;
  guild_settings: GuildSettingsTable;
  karma_subjects: KarmaSubjectsTable;
  karma_changes: KarmaChangesTable;
  karma_cooldowns: KarmaCooldownsTable;
}

export type OutboxRow = Selectable<OutboxTable>;
export type NewOutboxRow = Insertable<OutboxTable>;
export type GuildSettingsRow = Selectable<GuildSettingsTable>;
export type GuildSettingsUpdate = Updateable<GuildSettingsTable>;
export type KarmaSubjectRow = Selectable<KarmaSubjectsTable>;
export type KarmaChangeRow = Selectable<KarmaChangesTable>;
