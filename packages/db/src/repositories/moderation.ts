import { sql, type Selectable } from 'kysely';
import type { Tx } from '../unit-of-work.ts';
import type { ModCaseRow, ModSettingsTable } from '../schema.ts';

/** What happens to a member who reaches the warn threshold, or who spams. */
export type EscalationAction = 'timeout' | 'kick' | 'ban';

/** A guild's moderation settings, with defaults filled in. */
export interface ModSettings {
  logChannelId: string | null;
  /** Warns within the window that trigger the escalation; 0 turns it off. */
  warnThreshold: number;
  warnWindowDays: number;
  warnAction: EscalationAction;
  /** Timeout length, or temp-ban length (0 = permanent), of the escalation. */
  warnActionSeconds: number;
  /** More than this many messages within spamSeconds is spam; 0 turns the check off. */
  spamMessages: number;
  spamSeconds: number;
  /** More than this many mentions in one message is spam; 0 turns the check off. */
  spamMentions: number;
  spamAction: 'warn' | 'timeout';
  spamTimeoutSeconds: number;
}

/** Settings a guild has before anyone changes them. */
export const DefaultModSettings: ModSettings = {
  logChannelId: null,
  warnThreshold: 3,
  warnWindowDays: 7,
  warnAction: 'timeout',
  warnActionSeconds: 3600,
  spamMessages: 0,
  spamSeconds: 5,
  spamMentions: 0,
  spamAction: 'warn',
  spamTimeoutSeconds: 600,
};

/** A code with its parameters, as stored (the caller knows its schema). */
export interface StoredCode {
  code: string;
  [param: string]: unknown;
}

/** A moderation case as stored: numbered per guild, with where to answer once the bot reports its outcome. */
export interface CaseRecord {
  /** The row id (global), used in action ids and jobs. */
  id: string;
  guildId: string;
  caseNumber: number;
  action: ModCaseRow['action'];
  targetId: string | null;
  targetName: string | null;
  channelId: string | null;
  moderatorId: string;
  moderatorName: string;
  automatic: boolean;
  /** The moderator's own words ('' for none). */
  reason: string;
  /** Why Guildhall opened an automatic case: a code with its numbers; null for a moderator's case. */
  reasonCode: StoredCode | null;
  durationSeconds: number | null;
  /** When a duration-bound case runs out, by the database's clock. */
  expiresAt: Date | null;
  endedAt: Date | null;
  deleteMessageDays: number | null;
  purgeCount: number | null;
  status: ModCaseRow['status'];
  /** Discord's own error text, for logs. */
  error: string | null;
  /** Why the case failed, as a code (an action failure). */
  failure: StoredCode | null;
  /** Numbers the bot reported (e.g. deleted, skippedTooOld, skippedPinned). */
  detail: Record<string, number>;
  /** JSON text of where to answer, if anyone is waiting. */
  replyTo: string | null;
  createdAt: Date;
}

/** A case to open: what the caller knows; the number comes from allocateCaseNumber. */
export type NewCase = Omit<CaseRecord, 'id' | 'expiresAt' | 'endedAt' | 'error' | 'failure' | 'detail' | 'createdAt'>;

function toCase(row: ModCaseRow): CaseRecord {
  return {
    id: row.id,
    guildId: row.guild_id,
    caseNumber: Number(row.case_number),
    action: row.action,
    targetId: row.target_id,
    targetName: row.target_name,
    channelId: row.channel_id,
    moderatorId: row.moderator_id,
    moderatorName: row.moderator_name,
    automatic: Number(row.automatic) === 1,
    reason: row.reason,
    reasonCode:
      row.reason_code === null
        ? null
        : { ...(JSON.parse(row.reason_params ?? '{}') as Record<string, unknown>), code: row.reason_code },
    durationSeconds: row.duration_seconds === null ? null : Number(row.duration_seconds),
    expiresAt: row.expires_at === null ? null : new Date(row.expires_at),
    endedAt: row.ended_at === null ? null : new Date(row.ended_at),
    deleteMessageDays: row.delete_message_days === null ? null : Number(row.delete_message_days),
    purgeCount: row.purge_count === null ? null : Number(row.purge_count),
    status: row.status,
    error: row.error,
    failure: row.failure === null ? null : (JSON.parse(row.failure) as StoredCode),
    detail: row.detail === null ? {} : (JSON.parse(row.detail) as Record<string, number>),
    replyTo: row.reply_to,
    createdAt: new Date(row.created_at),
  };
}

/** A code's parameters without the code, as reason_params stores them. */
function paramsOf({ code: _code, ...params }: StoredCode): string {
  return JSON.stringify(params);
}

/** Reads a guild's moderation settings; a guild with no row has the defaults. */
export async function getModSettings(db: Tx, guildId: string): Promise<ModSettings> {
  const row = await db.selectFrom('mod_settings').selectAll().where('guild_id', '=', guildId).executeTakeFirst();
  return row ? modSettingsOf(row) : DefaultModSettings;
}

/** The settings a mod_settings row holds. */
export function modSettingsOf(row: Omit<Selectable<ModSettingsTable>, 'guild_id' | 'updated_at'>): ModSettings {
  return {
    logChannelId: row.log_channel_id,
    warnThreshold: Number(row.warn_threshold),
    warnWindowDays: Number(row.warn_window_days),
    warnAction: row.warn_action,
    warnActionSeconds: Number(row.warn_action_seconds),
    spamMessages: Number(row.spam_messages),
    spamSeconds: Number(row.spam_seconds),
    spamMentions: Number(row.spam_mentions),
    spamAction: row.spam_action,
    spamTimeoutSeconds: Number(row.spam_timeout_seconds),
  };
}

/** Changes some of a guild's moderation settings, creating its row if needed. */
export async function updateModSettings(db: Tx, guildId: string, changes: Partial<ModSettings>): Promise<void> {
  const values = {
    ...(changes.logChannelId !== undefined && { log_channel_id: changes.logChannelId }),
    ...(changes.warnThreshold !== undefined && { warn_threshold: changes.warnThreshold }),
    ...(changes.warnWindowDays !== undefined && { warn_window_days: changes.warnWindowDays }),
    ...(changes.warnAction !== undefined && { warn_action: changes.warnAction }),
    ...(changes.warnActionSeconds !== undefined && { warn_action_seconds: changes.warnActionSeconds }),
    ...(changes.spamMessages !== undefined && { spam_messages: changes.spamMessages }),
    ...(changes.spamSeconds !== undefined && { spam_seconds: changes.spamSeconds }),
    ...(changes.spamMentions !== undefined && { spam_mentions: changes.spamMentions }),
    ...(changes.spamAction !== undefined && { spam_action: changes.spamAction }),
    ...(changes.spamTimeoutSeconds !== undefined && { spam_timeout_seconds: changes.spamTimeoutSeconds }),
  };
  if (Object.keys(values).length === 0) return;
  await db
    .insertInto('mod_settings')
    .values({ guild_id: guildId, ...values })
    .onDuplicateKeyUpdate(values)
    .execute();
}

/**
 * Hands out the guild's next case number. The counter row stays locked until the caller's transaction ends, so
 * concurrent actions in one guild queue here, and a rollback gives the number back: numbers never skip or repeat.
 */
export async function allocateCaseNumber(db: Tx, guildId: string): Promise<number> {
  await db
    .insertInto('mod_counters')
    .values({ guild_id: guildId, last_number: 1 })
    .onDuplicateKeyUpdate({ last_number: sql<number>`last_number + 1` })
    .execute();
  const row = await db
    .selectFrom('mod_counters')
    .select('last_number')
    .where('guild_id', '=', guildId)
    .forUpdate()
    .executeTakeFirstOrThrow();
  return Number(row.last_number);
}

/** Inserts a case and returns it as stored. Duration-bound cases get expiresAt on the database's clock. */
export async function insertCase(db: Tx, c: NewCase): Promise<CaseRecord> {
  const result = await db
    .insertInto('mod_cases')
    .values({
      guild_id: c.guildId,
      case_number: c.caseNumber,
      action: c.action,
      target_id: c.targetId,
      target_name: c.targetName,
      channel_id: c.channelId,
      moderator_id: c.moderatorId,
      moderator_name: c.moderatorName,
      automatic: c.automatic ? 1 : 0,
      reason: c.reason,
      reason_code: c.reasonCode?.code ?? null,
      reason_params: c.reasonCode ? paramsOf(c.reasonCode) : null,
      duration_seconds: c.durationSeconds,
      expires_at:
        c.durationSeconds === null ? null : sql<Date>`CURRENT_TIMESTAMP(3) + INTERVAL ${c.durationSeconds} SECOND`,
      ended_at: null,
      delete_message_days: c.deleteMessageDays,
      purge_count: c.purgeCount,
      status: c.status,
      error: null,
      failure: null,
      detail: null,
      reply_to: c.replyTo,
    })
    .executeTakeFirstOrThrow();
  const created = await getCase(db, String(result.insertId));
  if (!created) throw new Error('inserted case not found');
  return created;
}

/** A case by its row id, optionally locked for the caller's transaction. */
export async function getCase(db: Tx, id: string, lock = false): Promise<CaseRecord | undefined> {
  const query = db.selectFrom('mod_cases').selectAll().where('id', '=', id);
  const row = await (lock ? query.forUpdate() : query).executeTakeFirst();
  return row && toCase(row);
}

/** A case by its number in a guild. */
export async function getCaseByNumber(db: Tx, guildId: string, caseNumber: number): Promise<CaseRecord | undefined> {
  const row = await db
    .selectFrom('mod_cases')
    .selectAll()
    .where('guild_id', '=', guildId)
    .where('case_number', '=', caseNumber)
    .executeTakeFirst();
  return row && toCase(row);
}

/**
 * One page of a guild's cases (or one member's), newest first: up to `limit` cases numbered below `before` (all
 * when null), how many cases the list has in all, and the number to pass as `before` for the next page (null on
 * the last). A keyset page: the guild's pages read the (guild, number) key in order, whatever page is asked for.
 */
export async function listCases(
  db: Tx,
  guildId: string,
  filter: { targetId: string | null; before: number | null },
  limit: number,
): Promise<{ total: number; cases: CaseRecord[]; nextBefore: number | null }> {
  let page = db.selectFrom('mod_cases').selectAll().where('guild_id', '=', guildId);
  let count = db
    .selectFrom('mod_cases')
    .select(sql<string>`COUNT(*)`.as('n'))
    .where('guild_id', '=', guildId);
  if (filter.targetId !== null) {
    page = page.where('target_id', '=', filter.targetId);
    count = count.where('target_id', '=', filter.targetId);
  }
  if (filter.before !== null) page = page.where('case_number', '<', filter.before);
  // One more than a page tells whether an older page exists.
  const rows = await page
    .orderBy('case_number', 'desc')
    .limit(limit + 1)
    .execute();
  const { n } = await count.executeTakeFirstOrThrow();
  const cases = rows.slice(0, limit).map(toCase);
  const last = cases.at(-1);
  return { total: Number(n), cases, nextBefore: rows.length > limit && last ? last.caseNumber : null };
}

/**
 * Records the bot's report on a pending case. Returns false when the case was settled already (a duplicate report).
 */
export async function settleCase(
  db: Tx,
  id: string,
  outcome: { ok: boolean; error: string | null; failure: StoredCode | null; detail: Record<string, number> },
): Promise<boolean> {
  const result = await db
    .updateTable('mod_cases')
    .set({
      status: outcome.ok ? 'succeeded' : 'failed',
      error: outcome.error,
      failure: outcome.failure === null ? null : JSON.stringify(outcome.failure),
      detail: JSON.stringify(outcome.detail),
    })
    .where('id', '=', id)
    .where('status', '=', 'pending')
    .executeTakeFirst();
  return result.numUpdatedRows === 1n;
}

/** Changes the reason of a case to a moderator's words (which replace an automatic case's code). */
export async function setCaseReason(db: Tx, id: string, reason: string): Promise<void> {
  await db
    .updateTable('mod_cases')
    .set({ reason, reason_code: null, reason_params: null })
    .where('id', '=', id)
    .execute();
}

/** Marks a timed case (temp-ban, timeout) as over. */
export async function endCase(db: Tx, id: string): Promise<void> {
  await db
    .updateTable('mod_cases')
    .set({ ended_at: sql<Date>`CURRENT_TIMESTAMP(3)` })
    .where('id', '=', id)
    .where('ended_at', 'is', null)
    .execute();
}

/** Warnings a member received within the last `days` days, by the database's clock. */
export async function countRecentWarns(db: Tx, guildId: string, targetId: string, days: number): Promise<number> {
  const row = await db
    .selectFrom('mod_cases')
    .select(sql<string>`COUNT(*)`.as('n'))
    .where('guild_id', '=', guildId)
    .where('target_id', '=', targetId)
    .where('action', '=', 'warn')
    .where('created_at', '>', sql<Date>`CURRENT_TIMESTAMP(3) - INTERVAL ${days} DAY`)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/** The id of a member's latest case among the given actions (e.g. ban/unban: whichever came last is in force). */
export async function latestCaseId(
  db: Tx,
  guildId: string,
  targetId: string,
  actions: readonly CaseRecord['action'][],
): Promise<string | undefined> {
  const row = await db
    .selectFrom('mod_cases')
    .select('id')
    .where('guild_id', '=', guildId)
    .where('target_id', '=', targetId)
    .where('action', 'in', actions)
    .orderBy('id', 'desc')
    .limit(1)
    .executeTakeFirst();
  return row?.id;
}

/**
 * Counts a message in the member's anti-spam window of `seconds` (a fixed window started by the first message after
 * the previous one ran out) and returns the count so far, in one atomic statement shared by every replica.
 */
export async function countSpamMessage(db: Tx, guildId: string, userId: string, seconds: number): Promise<number> {
  const expired = sql<boolean>`window_started_at <= CURRENT_TIMESTAMP(3) - INTERVAL ${seconds} SECOND`;
  await db
    .insertInto('mod_spam_windows')
    .values({
      guild_id: guildId,
      user_id: userId,
      window_started_at: sql<Date>`CURRENT_TIMESTAMP(3)`,
      messages: 1,
    })
    .onDuplicateKeyUpdate({
      // MySQL applies these left to right: messages must read the old window start, so it comes first.
      messages: sql<number>`IF(${expired}, 1, messages + 1)`,
      window_started_at: sql<Date>`IF(${expired}, CURRENT_TIMESTAMP(3), window_started_at)`,
    })
    .execute();
  const row = await db
    .selectFrom('mod_spam_windows')
    .select('messages')
    .where('guild_id', '=', guildId)
    .where('user_id', '=', userId)
    .forUpdate()
    .executeTakeFirstOrThrow();
  return Number(row.messages);
}
