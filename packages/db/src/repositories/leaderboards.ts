import { sql, type RawBuilder } from 'kysely';
import type { Tx } from '../unit-of-work.ts';

/**
 * The web dashboard's leaderboards, read a page at a time by keyset (never OFFSET), so the thousandth page of a
 * 300,000-member guild costs what the first does. Each board walks an index backwards: levels (guild_id, xp) and
 * coins (guild_id, balance), whose InnoDB entries end with the primary key (user_id; the account id), and karma
 * (guild_id, total) ending with (subject_kind, subject_key). A page's keys are read from the index alone (a covering
 * subquery: asked for the display name too, MariaDB would rather scan the guild's index from the top, 0.4 s deep in
 * a 300,000-member board), then its rows by primary key (a deferred join). The cursor carries the last row's score
 * and key, and its position and rank, so ranks need no count. Ranks are competition ranks, as `/rank` and
 * `/balance` give them (ties share a rank: 1, 2, 2, 4).
 */

/** Which board. */
export type Board = 'levels' | 'karma' | 'coins';

/** Where a page ends: the last row's score and tiebreak key, its position (1-based) and rank. */
export interface BoardCursor {
  score: string;
  key: string;
  position: number;
  rank: number;
}

/** One row of a board. */
export interface BoardEntry {
  /** The member's id, or null for a karma name that is not a member. */
  userId: string | null;
  name: string;
  /** XP, karma total or balance, as a decimal string (balances exceed 2^53). */
  score: string;
  /** The level (levels board only). */
  level: number | null;
  position: number;
  rank: number;
}

/** A page of a board and the cursor of the next one (null: the last page). */
export interface BoardPage {
  entries: BoardEntry[];
  next: BoardCursor | null;
}

/** A member's place on a board. */
export interface BoardStanding {
  entry: BoardEntry;
  /** The cursor whose page starts with the member (null: they are first). */
  from: BoardCursor | null;
}

interface RawRow {
  user_id: string | null;
  name: string;
  score: string;
  level: number | null;
  key: string;
}

/** How one board reads its table. */
interface BoardQuery {
  /** The rows after `after` (or from the top), best first, at most `limit`. */
  page(db: Tx, guildId: string, after: Omit<BoardCursor, 'position' | 'rank'> | null, limit: number): Promise<RawRow[]>;
  /** A member's row. */
  member(db: Tx, guildId: string, userId: string): Promise<RawRow | undefined>;
  /** How many rows rank strictly above `score`, and how many come before `key` among equal scores. */
  above(db: Tx, guildId: string, score: string, key: string): Promise<{ better: number; tied: number }>;
  /** The score and key of the row just above (score, key) on the board, if any: the index walked forwards, one row. */
  previous(db: Tx, guildId: string, score: string, key: string): Promise<Pick<RawRow, 'score' | 'key'> | undefined>;
}

/** Karma keys are `<kind index>:<subject key>`: ENUM('name','member') compares and sorts by its index, 1 or 2. */
const kindIndex = { name: 1, member: 2 } as const;

function karmaKey(kind: 'name' | 'member', subjectKey: string): string {
  return `${kindIndex[kind]}:${subjectKey}`;
}

function splitKarmaKey(key: string): { kind: number; subjectKey: string } {
  const at = key.indexOf(':');
  return { kind: Number(key.slice(0, at)), subjectKey: key.slice(at + 1) };
}

const boards: Record<Board, BoardQuery> = {
  levels: {
    async page(db, guildId, after, limit) {
      const rows = await db
        .selectFrom((eb) =>
          eb
            .selectFrom('level_members')
            .select(['user_id', 'xp'])
            .where('guild_id', '=', guildId)
            .where(sql<boolean>`xp > 0`)
            .$if(after !== null, (q) => {
              const score = scoreOf(after);
              return q.where(sql<boolean>`(xp < ${score} OR (xp = ${score} AND user_id < ${after?.key}))`);
            })
            .orderBy('xp', 'desc')
            .orderBy('user_id', 'desc')
            .limit(limit)
            .as('k'),
        )
        .innerJoin('level_members as m', (join) =>
          join.onRef('m.user_id', '=', 'k.user_id').on('m.guild_id', '=', guildId),
        )
        .select(['m.user_id', 'm.display_name', 'm.xp', 'm.level'])
        .orderBy('k.xp', 'desc')
        .orderBy('k.user_id', 'desc')
        .execute();
      return rows.map((r) => ({
        user_id: r.user_id,
        name: r.display_name,
        score: r.xp,
        level: Number(r.level),
        key: r.user_id,
      }));
    },
    async member(db, guildId, userId) {
      const r = await db
        .selectFrom('level_members')
        .select(['user_id', 'display_name', 'xp', 'level'])
        .where('guild_id', '=', guildId)
        .where('user_id', '=', userId)
        .where(sql<boolean>`xp > 0`)
        .executeTakeFirst();
      return r && { user_id: r.user_id, name: r.display_name, score: r.xp, level: Number(r.level), key: r.user_id };
    },
    above: (db, guildId, score, key) =>
      counts(db, 'level_members', guildId, sql`xp > ${BigInt(score)}`, sql`xp = ${BigInt(score)} AND user_id > ${key}`),
    async previous(db, guildId, score, key) {
      const r = await db
        .selectFrom('level_members')
        .select(['user_id', 'xp'])
        .where('guild_id', '=', guildId)
        .where(sql<boolean>`(xp > ${BigInt(score)} OR (xp = ${BigInt(score)} AND user_id > ${key}))`)
        .orderBy('xp')
        .orderBy('user_id')
        .limit(1)
        .executeTakeFirst();
      return r && { score: r.xp, key: r.user_id };
    },
  },
  coins: {
    async page(db, guildId, after, limit) {
      const rows = await db
        .selectFrom((eb) =>
          eb
            .selectFrom('economy_accounts')
            .select(['id', 'balance'])
            .where('guild_id', '=', guildId)
            .where(sql<boolean>`balance > 0`)
            .$if(after !== null, (q) => {
              const score = scoreOf(after);
              return q.where(
                sql<boolean>`(balance < ${score} OR (balance = ${score} AND id < ${BigInt(after?.key ?? 0)}))`,
              );
            })
            .orderBy('balance', 'desc')
            .orderBy('id', 'desc')
            .limit(limit)
            .as('k'),
        )
        .innerJoin('economy_accounts as a', 'a.id', 'k.id')
        .select(['a.id', 'a.user_id', 'a.display_name', 'a.balance'])
        .orderBy('k.balance', 'desc')
        .orderBy('k.id', 'desc')
        .execute();
      return rows.map((r) => ({ user_id: r.user_id, name: r.display_name, score: r.balance, level: null, key: r.id }));
    },
    async member(db, guildId, userId) {
      const r = await db
        .selectFrom('economy_accounts')
        .select(['id', 'user_id', 'display_name', 'balance'])
        .where('guild_id', '=', guildId)
        .where('user_id', '=', userId)
        .where(sql<boolean>`balance > 0`)
        .executeTakeFirst();
      return r && { user_id: r.user_id, name: r.display_name, score: r.balance, level: null, key: r.id };
    },
    above: (db, guildId, score, key) =>
      counts(
        db,
        'economy_accounts',
        guildId,
        sql`balance > ${BigInt(score)}`,
        sql`balance = ${BigInt(score)} AND id > ${BigInt(key)}`,
      ),
    async previous(db, guildId, score, key) {
      const r = await db
        .selectFrom('economy_accounts')
        .select(['id', 'balance'])
        .where('guild_id', '=', guildId)
        .where(sql<boolean>`(balance > ${BigInt(score)} OR (balance = ${BigInt(score)} AND id > ${BigInt(key)}))`)
        .orderBy('balance')
        .orderBy('id')
        .limit(1)
        .executeTakeFirst();
      return r && { score: r.balance, key: r.id };
    },
  },
  karma: {
    async page(db, guildId, after, limit) {
      const tie = after && splitKarmaKey(after.key);
      const rows = await db
        .selectFrom((eb) =>
          eb
            .selectFrom('karma_subjects')
            .select(['subject_kind', 'subject_key', 'total'])
            .where('guild_id', '=', guildId)
            .where(sql<boolean>`total != 0`)
            .$if(after !== null && tie !== null, (q) => {
              const score = scoreOf(after);
              return q.where(
                sql<boolean>`(total < ${score} OR (total = ${score} AND subject_kind < ${tie?.kind}) OR (total = ${score} AND subject_kind = ${tie?.kind} AND subject_key < ${tie?.subjectKey}))`,
              );
            })
            .orderBy('total', 'desc')
            .orderBy('subject_kind', 'desc')
            .orderBy('subject_key', 'desc')
            .limit(limit)
            .as('k'),
        )
        .innerJoin('karma_subjects as s', (join) =>
          join
            .onRef('s.subject_kind', '=', 'k.subject_kind')
            .onRef('s.subject_key', '=', 'k.subject_key')
            .on('s.guild_id', '=', guildId),
        )
        .select(['s.subject_kind', 's.subject_key', 's.display', 's.total'])
        .orderBy('k.total', 'desc')
        .orderBy('k.subject_kind', 'desc')
        .orderBy('k.subject_key', 'desc')
        .execute();
      return rows.map(karmaRow);
    },
    async member(db, guildId, userId) {
      const r = await db
        .selectFrom('karma_subjects')
        .select(['subject_kind', 'subject_key', 'display', 'total'])
        .where('guild_id', '=', guildId)
        .where('subject_kind', '=', 'member')
        .where('subject_key', '=', userId)
        .where(sql<boolean>`total != 0`)
        .executeTakeFirst();
      return r && karmaRow(r);
    },
    above: (db, guildId, score, key) => {
      const { kind, subjectKey } = splitKarmaKey(key);
      const total = BigInt(score);
      return counts(
        db,
        'karma_subjects',
        guildId,
        sql`total > ${total} AND total != 0`,
        sql`total = ${total} AND (subject_kind > ${kind} OR (subject_kind = ${kind} AND subject_key > ${subjectKey}))`,
      );
    },
    async previous(db, guildId, score, key) {
      const { kind, subjectKey } = splitKarmaKey(key);
      const total = BigInt(score);
      const r = await db
        .selectFrom('karma_subjects')
        .select(['subject_kind', 'subject_key', 'total'])
        .where('guild_id', '=', guildId)
        .where(sql<boolean>`total != 0`)
        .where(
          sql<boolean>`(total > ${total} OR (total = ${total} AND subject_kind > ${kind}) OR (total = ${total} AND subject_kind = ${kind} AND subject_key > ${subjectKey}))`,
        )
        .orderBy('total')
        .orderBy('subject_kind')
        .orderBy('subject_key')
        .limit(1)
        .executeTakeFirst();
      return r && { score: r.total, key: karmaKey(r.subject_kind, r.subject_key) };
    },
  },
};

/**
 * A cursor's score as a bigint: compared with a BIGINT column, a string would be converted to a double and lose the
 * last digits of a large balance (mysql2 writes a bigint as an exact integer literal).
 */
function scoreOf(after: Pick<BoardCursor, 'score'> | null): bigint {
  return BigInt(after?.score ?? 0);
}

function karmaRow(r: { subject_kind: 'name' | 'member'; subject_key: string; display: string; total: string }): RawRow {
  return {
    user_id: r.subject_kind === 'member' ? r.subject_key : null,
    name: r.display,
    score: r.total,
    level: null,
    key: karmaKey(r.subject_kind, r.subject_key),
  };
}

async function counts(
  db: Tx,
  table: 'level_members' | 'economy_accounts' | 'karma_subjects',
  guildId: string,
  better: RawBuilder<unknown>,
  tied: RawBuilder<unknown>,
): Promise<{ better: number; tied: number }> {
  // Two index range counts in one statement; each scans only the rows above the member.
  const row = await sql<{ better: string; tied: string }>`
    SELECT (SELECT COUNT(*) FROM ${sql.table(table)} WHERE guild_id = ${guildId} AND ${better}) AS better,
           (SELECT COUNT(*) FROM ${sql.table(table)} WHERE guild_id = ${guildId} AND ${tied}) AS tied`.execute(db);
  const first = row.rows[0];
  return { better: Number(first?.better ?? 0), tied: Number(first?.tied ?? 0) };
}

/** A page of `board` after `after` (the first page when null), with positions and competition ranks. */
export async function leaderboardPage(
  db: Tx,
  guildId: string,
  board: Board,
  after: BoardCursor | null,
  limit: number,
): Promise<BoardPage> {
  // One row more than asked says whether a next page exists.
  const rows = await boards[board].page(db, guildId, after, limit + 1);
  const entries: BoardEntry[] = [];
  let position = after?.position ?? 0;
  let rank = after?.rank ?? 0;
  let previous = after?.score;
  for (const row of rows.slice(0, limit)) {
    position++;
    if (row.score !== previous) rank = position;
    previous = row.score;
    entries.push({ userId: row.user_id, name: row.name, score: row.score, level: row.level, position, rank });
  }
  const last = rows[limit - 1];
  const next = rows.length > limit && last ? { score: last.score, key: last.key, position, rank } : null;
  return { entries, next };
}

/** A member's place on `board` (their rank as /rank and /balance give it), or null when they are not on it. */
export async function leaderboardStanding(
  db: Tx,
  guildId: string,
  board: Board,
  userId: string,
): Promise<BoardStanding | null> {
  const query = boards[board];
  const row = await query.member(db, guildId, userId);
  if (!row) return null;
  const [{ better, tied }, previous] = await Promise.all([
    query.above(db, guildId, row.score, row.key),
    query.previous(db, guildId, row.score, row.key),
  ]);
  const rank = better + 1;
  const position = better + tied + 1;
  return {
    entry: { userId: row.user_id, name: row.name, score: row.score, level: row.level, position, rank },
    // The page after the row above the member starts with them. That row's rank matters only when it ties with
    // the member (the member then shares it); otherwise the member's score starts a new rank at their position.
    from: previous
      ? {
          score: previous.score,
          key: previous.key,
          position: position - 1,
          rank: previous.score === row.score ? rank : 1,
        }
      : null,
  };
}
