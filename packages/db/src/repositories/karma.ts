import { sql } from 'kysely';
import { runWrites, writeNowOrLater, writeThenRead, type WriteSink, type Tx } from '../unit-of-work.ts';

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

/** One giver->subject cooldown to start, on behalf of one event. */
export interface CooldownClaim extends SubjectKey {
  guildId: string;
  giverId: string;
  eventId: string;
  seconds: number;
}

const claimKey = (c: Pick<CooldownClaim, 'guildId' | 'giverId' | 'kind' | 'key'>) =>
  `${c.guildId}\u0000${c.giverId}\u0000${c.kind}\u0000${c.key}`;

/**
 * Starts the cooldowns of many giver->subject pairs at once and returns the claims that won. A claim wins when its
 * pair has no running cooldown; the row then records the claim's event id. Of two claims on one pair (in this batch
 * or racing from another replica) exactly one wins, because the row lock serialises them and the second sees the
 * first's expiry. Two statements in one round trip, whatever the number of claims.
 */
export async function claimKarmaCooldowns(db: Tx, claims: readonly CooldownClaim[]): Promise<CooldownClaim[]> {
  if (claims.length === 0) return [];
  // Sorted, so concurrent batches lock rows in the same order and cannot deadlock on them.
  const sorted = [...claims].sort((a, b) => (claimKey(a) < claimKey(b) ? -1 : 1));
  const claim = db
    .insertInto('karma_cooldowns')
    .values(
      sorted.map((c) => ({
        guild_id: c.guildId,
        giver_id: c.giverId,
        subject_kind: c.kind,
        subject_key: c.key,
        expires_at: sql<Date>`CURRENT_TIMESTAMP(3) + INTERVAL ${c.seconds} SECOND`,
        event_id: c.eventId,
      })),
    )
    // Assignments run left to right: event_id changes only if the cooldown had expired, and expires_at follows it.
    .onDuplicateKeyUpdate({
      event_id: sql<string>`IF(expires_at <= CURRENT_TIMESTAMP(3), VALUES(event_id), event_id)`,
      expires_at: sql<Date>`IF(event_id = VALUES(event_id), VALUES(expires_at), expires_at)`,
    });
  const owners = db
    .selectFrom('karma_cooldowns')
    .select(['guild_id', 'giver_id', 'subject_kind', 'subject_key', 'event_id'])
    .where((eb) =>
      eb.or(
        sorted.map((c) =>
          eb.and([
            eb('guild_id', '=', c.guildId),
            eb('giver_id', '=', c.giverId),
            eb('subject_kind', '=', c.kind),
            eb('subject_key', '=', c.key),
          ]),
        ),
      ),
    );
  const rows = await writeThenRead(db, claim, owners);
  const owner = new Map(
    rows.map((r) => [
      claimKey({ guildId: r.guild_id, giverId: r.giver_id, kind: r.subject_kind, key: r.subject_key }),
      r.event_id,
    ]),
  );
  return claims.filter((c) => owner.get(claimKey(c)) === c.eventId);
}

/** A change to one subject's total. */
export interface KarmaDelta extends SubjectKey {
  guildId: string;
  display: string;
  delta: number;
}

const subjectKey = (d: Pick<KarmaDelta, 'guildId' | 'kind' | 'key'>) => `${d.guildId}\u0000${d.kind}\u0000${d.key}`;

/**
 * Adds many deltas (summed per subject) in one statement, creating subjects with their first display form, and
 * returns the new totals keyed by `guildId, kind, key` (the upsert and the read in one round trip). Rows are locked
 * in key order, as claimKarmaCooldowns does.
 */
export async function addKarmaMany(db: Tx, deltas: readonly KarmaDelta[]): Promise<Map<string, number>> {
  const summed = new Map<string, KarmaDelta>();
  for (const d of deltas) {
    const k = subjectKey(d);
    const prev = summed.get(k);
    summed.set(k, prev ? { ...prev, delta: prev.delta + d.delta } : { ...d });
  }
  if (summed.size === 0) return new Map();
  const rows = [...summed.entries()].sort(([a], [b]) => (a < b ? -1 : 1)).map(([, d]) => d);
  const add = totalsUpsert(db, rows);
  const read = db
    .selectFrom('karma_subjects')
    .select(['guild_id', 'subject_kind', 'subject_key', 'total'])
    .where((eb) =>
      eb.or(
        rows.map((d) =>
          eb.and([eb('guild_id', '=', d.guildId), eb('subject_kind', '=', d.kind), eb('subject_key', '=', d.key)]),
        ),
      ),
    );
  const totals = await writeThenRead(db, add, read);
  return new Map(
    totals.map((t) => [subjectKey({ guildId: t.guild_id, kind: t.subject_kind, key: t.subject_key }), Number(t.total)]),
  );
}

/**
 * Adds deltas to totals this transaction has already moved with addKarmaMany (to take back part of what it added):
 * one statement, run now or handed to `later`.
 */
export async function addKarmaTotals(db: Tx, deltas: readonly KarmaDelta[], later?: WriteSink): Promise<void> {
  if (deltas.length > 0) await writeNowOrLater(db, totalsUpsert(db, deltas), later);
}

/** Adds each delta to its subject's total, creating the subject (with this display form) if it is new. */
function totalsUpsert(db: Tx, deltas: readonly KarmaDelta[]) {
  return db
    .insertInto('karma_subjects')
    .values(
      deltas.map((d) => ({
        guild_id: d.guildId,
        subject_kind: d.kind,
        subject_key: d.key,
        display: d.display,
        total: String(d.delta),
      })),
    )
    .onDuplicateKeyUpdate({ total: sql<string>`total + VALUES(total)` });
}

/** The key addKarmaMany's result map uses for a subject. */
export function karmaTotalKey(guildId: string, subject: SubjectKey): string {
  return subjectKey({ guildId, ...subject });
}

/** Adds delta to one subject's total and returns the new total. */
export async function addKarma(
  db: Tx,
  guildId: string,
  subject: SubjectKey & { display: string },
  delta: number,
): Promise<number> {
  const totals = await addKarmaMany(db, [{ guildId, ...subject, delta }]);
  return totals.get(karmaTotalKey(guildId, subject)) ?? delta;
}

/** One applied change, for the history. */
export interface KarmaChangeRecord {
  guildId: string;
  subject: SubjectKey;
  giverId: string;
  delta: number;
  messageId: string | null;
  eventId: string;
}

/**
 * Records applied changes for the history, numbered per guild in the order given, run now or handed to `later`.
 * Per guild: the counter moves by the number of changes (its row stays locked until the commit, so numbers are
 * gapless and never repeat under concurrency), its new value is read into a session variable, and the changes are
 * inserted counting up to it. Handed to `later`, the counter is locked only for the commit's round trip.
 */
export async function recordKarmaChanges(
  db: Tx,
  changes: readonly KarmaChangeRecord[],
  later?: WriteSink,
): Promise<void> {
  const byGuild = new Map<string, KarmaChangeRecord[]>();
  for (const c of changes) byGuild.set(c.guildId, [...(byGuild.get(c.guildId) ?? []), c]);
  // Guilds in key order, so concurrent batches lock their counters in the same order.
  for (const [guildId, mine] of [...byGuild].sort(([a], [b]) => (a < b ? -1 : 1))) {
    const count = mine.length;
    const statements = [
      db
        .insertInto('karma_counters')
        .values({ guild_id: guildId, last_number: count })
        .onDuplicateKeyUpdate({ last_number: sql<number>`last_number + ${count}` }),
      {
        compile: () =>
          sql`SELECT last_number - ${count} FROM karma_counters WHERE guild_id = ${guildId} INTO @karma_number`.compile(
            db,
          ),
      },
      db.insertInto('karma_changes').values(
        mine.map((c, i) => ({
          guild_id: c.guildId,
          number: sql<number>`@karma_number + ${i + 1}`,
          subject_kind: c.subject.kind,
          subject_key: c.subject.key,
          giver_id: c.giverId,
          delta: c.delta,
          message_id: c.messageId,
          event_id: c.eventId,
        })),
      ),
    ];
    // Run now, the three go in one query: the session variable must be read on the connection that set it.
    if (later) statements.forEach(later);
    else await runWrites(db, statements);
  }
}

/** Totals of the given subjects; unknown ones are left out (callers show them as 0). */
export async function karmaTotals(db: Tx, guildId: string, subjects: readonly SubjectKey[]): Promise<SubjectTotal[]> {
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
  db: Tx,
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

/** One change in a guild's history, with its subject as it is displayed now. */
export interface KarmaHistoryEntry {
  /** The change's number in its guild (1 for the guild's first change). */
  number: number;
  subject: SubjectKey & { display: string };
  giverId: string;
  delta: number;
  messageId: string | null;
  createdAt: Date;
  revertedAt: Date | null;
}

/** The most recent changes in a guild, optionally for one subject, newest first. */
export async function karmaHistory(
  db: Tx,
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
    .select([
      'c.number',
      'c.subject_kind',
      'c.subject_key',
      's.display',
      'c.giver_id',
      'c.delta',
      'c.message_id',
      'c.created_at',
      'c.reverted_at',
    ])
    .where('c.guild_id', '=', guildId);
  if (subject) query = query.where('c.subject_kind', '=', subject.kind).where('c.subject_key', '=', subject.key);
  const rows = await query.orderBy('c.number', 'desc').limit(limit).execute();
  return rows.map((r) => ({
    number: Number(r.number),
    subject: { kind: r.subject_kind, key: r.subject_key, display: r.display },
    giverId: r.giver_id,
    delta: r.delta,
    messageId: r.message_id,
    createdAt: new Date(r.created_at),
    revertedAt: r.reverted_at === null ? null : new Date(r.reverted_at),
  }));
}

/**
 * Marks a guild's change number `number` as reverted and takes its delta back off the subject. Returns null when
 * the guild has no such change, and 'already' when it was reverted before.
 */
export async function revertKarmaChange(
  db: Tx,
  guildId: string,
  number: number,
  revertedBy: string,
): Promise<{ subject: SubjectKey & { display: string }; delta: number; total: number } | null | 'already'> {
  const change = await db
    .selectFrom('karma_changes')
    .select(['id', 'subject_kind', 'subject_key', 'delta', 'reverted_at'])
    .where('guild_id', '=', guildId)
    .where('number', '=', number)
    .forUpdate()
    .executeTakeFirst();
  if (!change) return null;
  if (change.reverted_at !== null) return 'already';
  await db
    .updateTable('karma_changes')
    .set({ reverted_at: sql<Date>`CURRENT_TIMESTAMP(3)`, reverted_by: revertedBy })
    .where('id', '=', change.id)
    .execute();
  const subject = { kind: change.subject_kind, key: change.subject_key };
  const [current] = await karmaTotals(db, guildId, [subject]);
  const display = current?.display ?? change.subject_key;
  const total = await addKarma(db, guildId, { ...subject, display }, -change.delta);
  return { subject: { ...subject, display }, delta: -change.delta, total };
}
