import type { ColumnType, Generated, Selectable } from 'kysely';

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
  /** The web dashboard's pages are public (1) or for the guild's members only (0). */
  public_pages: Generated<number>;
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
  /** Numbered per guild from 1 (karma_counters), gapless. */
  number: number;
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

/** The last karma change number handed out per guild. */
export interface KarmaCountersTable {
  guild_id: string;
  last_number: number;
}

/** The per giver->subject cooldown: until when, and which event started it. */
export interface KarmaCooldownsTable {
  guild_id: string;
  giver_id: string;
  subject_kind: 'name' | 'member';
  subject_key: string;
  expires_at: Timestamp;
  event_id: string;
}

/** Durable timed jobs: core schedules and cancels them, the scheduler claims due ones and publishes them. */
export interface ScheduledJobsTable {
  id: string;
  guild_id: string;
  kind: string;
  /** Jobs with the same key in a guild replace each other (a newer ban's expiry replaces the older one's). */
  job_key: string | null;
  /** JSON text. */
  payload: string;
  correlation_id: string | null;
  due_at: Timestamp;
  status: Generated<'pending' | 'claimed' | 'done' | 'cancelled'>;
  attempts: Generated<number>;
  claimed_by: string | null;
  claimed_until: Timestamp | null;
  created_at: Generated<Date>;
  fired_at: Timestamp | null;
}

/** Per-guild moderation settings; a missing row means every default. */
export interface ModSettingsTable {
  guild_id: string;
  log_channel_id: string | null;
  warn_threshold: Generated<number>;
  warn_window_days: Generated<number>;
  warn_action: Generated<'timeout' | 'kick' | 'ban'>;
  warn_action_seconds: Generated<number>;
  spam_messages: Generated<number>;
  spam_seconds: Generated<number>;
  spam_mentions: Generated<number>;
  spam_action: Generated<'warn' | 'timeout'>;
  spam_timeout_seconds: Generated<number>;
  updated_at: Generated<Date>;
}

/** The last case number handed out per guild. */
export interface ModCountersTable {
  guild_id: string;
  last_number: number;
}

/** Every moderation action, numbered per guild. */
export interface ModCasesTable {
  id: Generated<string>;
  guild_id: string;
  case_number: number;
  action: 'warn' | 'timeout' | 'kick' | 'ban' | 'unban' | 'purge';
  target_id: string | null;
  target_name: string | null;
  channel_id: string | null;
  moderator_id: string;
  moderator_name: string;
  automatic: Generated<number>;
  /** The moderator's own words ('' for none, and for automatic cases). */
  reason: Generated<string>;
  /** Why Guildhall opened an automatic case, as a code (e.g. `moderation.escalation`); null for moderators' cases. */
  reason_code: string | null;
  /** JSON text: the numbers of reason_code (e.g. `{"warns":3,"days":7,"lastCase":12}`). */
  reason_params: string | null;
  duration_seconds: number | null;
  expires_at: Timestamp | null;
  ended_at: Timestamp | null;
  delete_message_days: number | null;
  purge_count: number | null;
  status: 'pending' | 'succeeded' | 'failed';
  /** Discord's own (English) error text of a failed case, for logs. */
  error: string | null;
  /** JSON text: why a failed case failed, as a code (ActionFailure: `discord.rejected` with status and code, …). */
  failure: string | null;
  /** JSON text: numbers the bot reported (e.g. deleted, skippedTooOld, skippedPinned). */
  detail: string | null;
  /** JSON text: where to answer once the bot reports the outcome. */
  reply_to: string | null;
  created_at: Generated<Date>;
  updated_at: Generated<Date>;
}

/** Messages per member in the current anti-spam window. */
export interface ModSpamWindowsTable {
  guild_id: string;
  user_id: string;
  window_started_at: Timestamp;
  messages: number;
}

/** Where and how a guild greets new members. */
export interface WelcomeSettingsTable {
  guild_id: string;
  channel_id: string | null;
  template: string | null;
  auto_role_id: string | null;
  updated_at: Generated<Date>;
}

/** Reminders members set for themselves. */
export interface RemindersTable {
  id: Generated<string>;
  guild_id: string;
  user_id: string;
  channel_id: string;
  text: string;
  due_at: Timestamp;
  job_id: string;
  status: Generated<'pending' | 'delivered' | 'cancelled'>;
  created_at: Generated<Date>;
}

/** Roles given for a while, taken back by a job. */
export interface TempRolesTable {
  id: Generated<string>;
  guild_id: string;
  user_id: string;
  user_name: string;
  role_id: string;
  granted_by: string;
  duration_seconds: number;
  expires_at: Timestamp;
  job_id: string;
  status: Generated<'pending' | 'active' | 'failed' | 'expired'>;
  reply_to: string | null;
  created_at: Generated<Date>;
}

/** Where a guild announces birthdays, and in which time zone days begin. */
export interface BirthdaySettingsTable {
  guild_id: string;
  channel_id: string | null;
  timezone: Generated<string>;
  updated_at: Generated<Date>;
}

/** Members' birthdays and the job that announces the next one. */
export interface BirthdaysTable {
  guild_id: string;
  user_id: string;
  display_name: string;
  month: number;
  day: number;
  job_id: string;
  updated_at: Generated<Date>;
}

/** Per-guild economy settings; a missing row means every default. */
export interface EconomySettingsTable {
  guild_id: string;
  currency_name: Generated<string>;
  currency_symbol: Generated<string>;
  earn_amount: Generated<string>;
  earn_cooldown_seconds: Generated<number>;
  daily_amount: Generated<string>;
  updated_at: Generated<Date>;
}

/** A member's account in a guild's economy: the balance and the earn and daily cooldowns. */
export interface EconomyAccountsTable {
  id: Generated<string>;
  guild_id: string;
  user_id: string;
  display_name: string;
  balance: Generated<string>;
  last_earn_at: Timestamp | null;
  /** The event whose message last earned, written by the claim that paid it. */
  last_earn_event_id: string | null;
  daily_last_at: Timestamp | null;
  daily_streak: Generated<number>;
  created_at: Generated<Date>;
}

/** Why a balance changed. */
export type LedgerReasonColumn = 'earn' | 'daily' | 'transfer' | 'grant' | 'take' | 'purchase' | 'refund';

/** Every balance change; a member's deltas sum to their balance. */
export interface EconomyLedgerTable {
  id: Generated<string>;
  guild_id: string;
  user_id: string;
  delta: string;
  balance_after: string;
  reason: LedgerReasonColumn;
  counterparty_id: string | null;
  correlation_id: string;
  created_at: Generated<Date>;
}

/** Roles for sale in a guild's shop. */
export interface EconomyShopItemsTable {
  guild_id: string;
  role_id: string;
  price: string;
  description: Generated<string>;
  created_at: Generated<Date>;
}

/** Role purchases, debited at once and settled when the bot reports the role add. */
export interface EconomyPurchasesTable {
  id: Generated<string>;
  guild_id: string;
  user_id: string;
  role_id: string;
  price: string;
  status: Generated<'pending' | 'done' | 'refunded'>;
  /** JSON text: where to tell the member how the purchase went. */
  reply_to: string;
  event_id: string;
  created_at: Generated<Date>;
  settled_at: Timestamp | null;
}

/** Per-guild level settings; a missing row means every default. */
export interface LevelSettingsTable {
  guild_id: string;
  xp_min: Generated<number>;
  xp_max: Generated<number>;
  cooldown_seconds: Generated<number>;
  announce: Generated<number>;
  announce_channel_id: string | null;
  updated_at: Generated<Date>;
}

/** A member's XP and level in a guild, with the XP cooldown. */
export interface LevelMembersTable {
  guild_id: string;
  user_id: string;
  display_name: string;
  xp: Generated<string>;
  level: Generated<number>;
  last_xp_at: Timestamp | null;
}

/** Roles given to members who reach a level. */
export interface LevelRewardsTable {
  guild_id: string;
  level: number;
  role_id: string;
}

/** What the bot last saw of a guild it is (or was) in, for the web dashboard. */
export interface GuildDirectoryTable {
  guild_id: string;
  name: string;
  icon: string | null;
  owner_id: string;
  preferred_locale: string;
  member_count: number;
  bot_user_id: string;
  bot_highest_role_position: number;
  /** JSON text: the roles (DirectoryRole[]). */
  roles: string;
  /** JSON text: the text channels (DirectoryChannel[]). */
  channels: string;
  present: number;
  observed_at: Timestamp;
  updated_at: Generated<Date>;
}

/** Every table, by name. */
export interface Database {
  inbox: InboxTable;
  outbox: OutboxTable;
  guild_settings: GuildSettingsTable;
  karma_subjects: KarmaSubjectsTable;
  karma_changes: KarmaChangesTable;
  karma_cooldowns: KarmaCooldownsTable;
  karma_counters: KarmaCountersTable;
  economy_settings: EconomySettingsTable;
  economy_accounts: EconomyAccountsTable;
  economy_ledger: EconomyLedgerTable;
  economy_shop_items: EconomyShopItemsTable;
  economy_purchases: EconomyPurchasesTable;
  level_settings: LevelSettingsTable;
  level_members: LevelMembersTable;
  level_rewards: LevelRewardsTable;
  scheduled_jobs: ScheduledJobsTable;
  mod_settings: ModSettingsTable;
  mod_counters: ModCountersTable;
  mod_cases: ModCasesTable;
  mod_spam_windows: ModSpamWindowsTable;
  welcome_settings: WelcomeSettingsTable;
  reminders: RemindersTable;
  temp_roles: TempRolesTable;
  birthday_settings: BirthdaySettingsTable;
  birthdays: BirthdaysTable;
  guild_directory: GuildDirectoryTable;
}

export type ModCaseRow = Selectable<ModCasesTable>;
export type ReminderRow = Selectable<RemindersTable>;
export type TempRoleRow = Selectable<TempRolesTable>;
export type BirthdayRow = Selectable<BirthdaysTable>;
