import { sql, type Kysely } from 'kysely';
import type { Database, KarmaChangeRow } from '../schema.ts';

/** Who or what karma is about: kind plus normalised key. */
export interface SubjectKey {
  kind: 'name' | 'member';
  key: string;
}

/** A subject with its display form and total. */
export interface SubjectTotal extends SubjectKey {
  display: string;
  total: number;
}

/**
 * Starts the giver->subject cooldown if it is not running. Returns false when it is still running (the change must
 * be refused). One atomic statement, so two replicas racing on the same pair cannot both pass.
 */
export async function startKarmaCooldown(
  db: Kysely<Database>,
  guildId: string,
  giverId: string,
  subject: SubjectKey,
  cooldownSeconds: number,
): Promise<boolean> {
  const result = await db
    .insertInto('karma_cooldowns')
    .values({
      guild_id: guildId,
      giver_id: giverId,
      subject_kind: subject.kind,
      subject_key: subject.key,
      last_at: sql<Date>`CURRENT_TIMESTAMP(3)`,
    })
    .onDuplicateKeyUpdate({
      last_at: sql<Date>`IF(last_at <= CURRENT_TIMESTAMP(3) - INTERVAL ${cooldownSeconds} SECOND, VALUES(last_at), last_at)`,
    })
    .executeTakeFirst();
  // With FOUND_ROWS off: 1 = inserted, 2 = updated, 0 = left as it was (cooldown still running).
  return result.numInsertedOrUpdatedRows !== 0n;
}

/** Adds delta to a subject's total (creating it with its display form) and returns the new total. */
export async function addKarma(
  db: Kysely<Database>,
  guildId: string,
  subject: SubjectKey & { display: string },
  delta: number,
): Promise<number> {
  await db
    .insertInto('karma_subjects')
    .values({
      guild_id: guildId,
      subject_kind: subject.kind,
      subject_key: subject.key,
      display: subject.display,
      total: String(delta),
    })
    .onDuplicateKeyUpdate({ total: sql<string>`total + VALUES(total)` })
    .execute();
  const row = await db
    .selectFrom('karma_subjects')
    .select('total')
    .where('guild_id', '=', guildId)
    .where('subject_kind', '=', subject.kind)
    .where('subject_key', '=', subject.key)
    .executeTakeFirstOrThrow();
  return Number(row.total);
}

/** Records one applied change for the history. */
export async function recordKarmaChange(
  db: Kysely<Database>,
  change: {
    guildId: string;
    subject: SubjectKey;
    giverId: string;
    delta: number;
    messageId: string | null;
    eventId: string;
  },
): Promise<void> {
  await db
    .insertInto('karma_changes')
    .values({
      guild_id: change.guildId,
      subject_kind: change.subject.kind,
      subject_key: change.subject.key,
      giver_id: change.giverId,
      delta: change.delta,
      message_id: change.messageId,
      event_id: change.eventId,
    })
    .execute();
}

/** Totals of the given subjects; unknown ones are left out (callers show them as 0). */
export async function karmaTotals(
  db: Kysely<Database>,
  guildId: string,
  subjects: readonly SubjectKey[],
): Promise<SubjectTotal[]> {
  if (subjects.length === 0) return [];
  const rows = await db
    .selectFrom('karma_subjects')
    .select(['subject_kind', 'subject_key', 'display', 'total'])
    .where('guild_id', '=', guildId)
    .where((eb) => eb.or(subjects.map((s) => eb.and([eb('subject_kind', '=', s.kind), eb('subject_key', '=', s.key)]))))
    .execute();
  return rows.map((r) => ({ kind: r.subject_kind, key: r.subject_key, display: r.display, total: Number(r.total) }));
}

/** The highest or lowest totals of a guild; ties broken by name so the order is stable. */
export async function karmaLeaderboard(
  db: Kysely<Database>,
  guildId: string,
  direction: 'top' | 'bottom',
  limit: number,
): Promise<SubjectTotal[]> {
  const order = direction === 'top' ? 'desc' : 'asc';
  const rows = await db
    .selectFrom('karma_subjects')
    .select(['subject_kind', 'subject_key', 'display', 'total'])
    .where('guild_id', '=', guildId)
    .where('total', '!=', '0')
    .orderBy('total', order)
    .orderBy('subject_key', 'asc')
    .limit(limit)
    .execute();
  return rows.map((r) => ({ kind: r.subject_kind, key: r.subject_key, display: r.display, total: Number(r.total) }));
}

/** A history row joined with its subject's display form. */
export type KarmaHistoryEntry = KarmaChangeRow & { display: string };

/** The most recent changes in a guild, optionally for one subject, newest first. */
export async function karmaHistory(
  db: Kysely<Database>,
  guildId: string,
  subject: SubjectKey | null,
  limit: number,
): Promise<KarmaHistoryEntry[]> {
  let query = db
    .selectFrom('karma_changes as c')
    .innerJoin('karma_subjects as s', (join) =>
      join
        .onRef('s.guild_id', '=', 'c.guild_id')
        .onRef('s.subject_kind', '=', 'c.subject_kind')
        .onRef('s.subject_key', '=', 'c.subject_key'),
    )
    .selectAll('c')
    .select('s.display')
    .where('c.guild_id', '=', guildId);
  if (subject) query = query.where('c.subject_kind', '=', subject.kind).where('c.subject_key', '=', subject.key);
  return query.orderBy('c.id', 'desc').limit(limit).execute();
}

/**
 * Marks a change as reverted and takes its delta back off the subject. Returns null when there is no such change
 * in the guild, and 'already' when it was reverted before.
 */
export async function revertKarmaChange(
  db: Kysely<Database>,
  guildId: string,
  changeId: string,
  revertedBy: string,
): Promise<{ subject: SubjectKey & { display: string }; delta: number; total: number } | null | 'already'> {
  const change = await db
    .selectFrom('karma_changes')
    .selectAll()
    .where('guild_id', '=', guildId)
    .where('id', '=', changeId)
    .forUpdate()
    .executeTakeFirst();
  if (!change) return null;
  if (change.reverted_at !== null) return 'already';
  await db
    .updateTable('karma_changes')
    .set({ reverted_at: sql<Date>`CURRENT_TIMESTAMP(3)`, reverted_by: revertedBy })
    .where('id', '=', changeId)
    .execute();
  const subject = { kind: change.subject_kind, key: change.subject_key };
  const [current] = await karmaTotals(db, guildId, [subject]);
  const display = current?.display ?? change.subject_key;
  const total = await addKarma(db, guildId, { ...subject, display }, -change.delta);
  return { subject: { ...subject, display }, delta: -change.delta, total };
}
