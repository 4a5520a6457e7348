import { createScratchDatabase, type ScratchDatabase } from '@guildhall/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createDatabase,
  getPublicPages,
  leaderboardPage,
  leaderboardStanding,
  migrateToLatest,
  presentGuild,
  presentGuilds,
  recordGuildLeft,
  recordGuildSnapshot,
  setPublicPages,
  type Board,
  type BoardCursor,
  type BoardEntry,
  type Database,
  type GuildSnapshot,
  type Kysely,
} from '../src/index.ts';

let scratch: ScratchDatabase;
let db: Kysely<Database>;

beforeAll(async () => {
  scratch = await createScratchDatabase();
  db = createDatabase(scratch.url);
  await migrateToLatest(db);
});
afterAll(async () => {
  await db.destroy();
  await scratch.drop();
});

const guildId = '900000000000000001';
const other = '900000000000000002';

/** A deterministic spread of scores with many ties (the case keyset paging gets wrong first). */
function scoreOf(i: number): number {
  return (i * 7919) % 23;
}

/** Every row of a board read page by page, each page starting where the cursor of the one before left off. */
async function walk(board: Board, pageSize: number): Promise<BoardEntry[]> {
  const all: BoardEntry[] = [];
  let after: BoardCursor | null = null;
  for (let pages = 0; pages < 1000; pages++) {
    const page = await leaderboardPage(db, guildId, board, after, pageSize);
    all.push(...page.entries);
    if (!page.next) return all;
    after = page.next;
  }
  throw new Error('the pages never ended');
}

/** The expected board: sorted by score then key, both descending; competition ranks (1, 2, 2, 4). */
function expected<R extends { score: number; key: string | number; name: string; userId: string | null }>(rows: R[]) {
  const sorted = [...rows].sort((a, b) =>
    b.score !== a.score ? b.score - a.score : String(b.key) < String(a.key) ? -1 : 1,
  );
  return sorted.map((r, i) => ({
    userId: r.userId,
    name: r.name,
    score: String(r.score),
    position: i + 1,
    rank: sorted.findIndex((x) => x.score === r.score) + 1,
  }));
}

describe('leaderboards by keyset', () => {
  const members = Array.from({ length: 137 }, (_, i) => ({
    userId: String(100000000000000000n + BigInt(i)),
    name: `member ${i}`,
    score: scoreOf(i),
  }));

  beforeAll(async () => {
    await db
      .insertInto('level_members')
      .values([
        ...members.map((m) => ({ guild_id: guildId, user_id: m.userId, display_name: m.name, xp: String(m.score) })),
        // Another guild's members never show.
        { guild_id: other, user_id: '1', display_name: 'elsewhere', xp: '999' },
      ])
      .execute();
    await db
      .insertInto('economy_accounts')
      .values(
        members.map((m) => ({ guild_id: guildId, user_id: m.userId, display_name: m.name, balance: String(m.score) })),
      )
      .execute();
    await db
      .insertInto('karma_subjects')
      .values([
        ...members.slice(0, 40).map((m, i) => ({
          guild_id: guildId,
          subject_kind: 'member' as const,
          subject_key: m.userId,
          display: m.name,
          total: String(scoreOf(i) - 11),
        })),
        ...Array.from({ length: 40 }, (_, i) => ({
          guild_id: guildId,
          subject_kind: 'name' as const,
          subject_key: `name ${i}`,
          display: `Name ${i}`,
          total: String(scoreOf(i + 3) - 11),
        })),
      ])
      .execute();
  });

  it('levels: every page continues where the last ended; positions run on and ties share a rank', async () => {
    const want = expected(members.filter((m) => m.score > 0).map((m) => ({ ...m, key: m.userId })));
    for (const size of [1, 7, 50, 500]) {
      const got = await walk('levels', size);
      expect(got.map(({ userId, name, score, position, rank }) => ({ userId, name, score, position, rank }))).toEqual(
        want,
      );
    }
  });

  it('coins: the same over balances, ties broken by account (members with nothing are left out)', async () => {
    const ids = await db.selectFrom('economy_accounts').select(['id', 'user_id']).execute();
    const idOf = new Map(ids.map((r) => [r.user_id, Number(r.id)]));
    const want = expected(
      members.filter((m) => m.score > 0).map((m) => ({ ...m, key: String(idOf.get(m.userId)).padStart(12, '0') })),
    );
    expect((await walk('coins', 13)).map(({ userId, position, rank }) => ({ userId, position, rank }))).toEqual(
      want.map(({ userId, position, rank }) => ({ userId, position, rank })),
    );
  });

  it('karma: names and members together, negatives last, zeros left out', async () => {
    const got = await walk('karma', 9);
    const totals = got.map((e) => Number(e.score));
    expect(totals).toEqual([...totals].sort((a, b) => b - a));
    expect(totals).not.toContain(0);
    const nonZero = [...Array(40).keys()].flatMap((i) => [scoreOf(i) - 11, scoreOf(i + 3) - 11]).filter((t) => t !== 0);
    expect(got.length).toBe(nonZero.length);
    expect(new Set(got.map((e) => `${e.userId}:${e.name}`)).size).toBe(got.length);
    expect(got.some((e) => e.userId === null) && got.some((e) => e.userId !== null)).toBe(true);
    for (const [i, e] of got.entries()) {
      expect(e.position).toBe(i + 1);
      expect(e.rank).toBe(got.findIndex((x) => x.score === e.score) + 1);
    }
  });

  it("a member's standing is their /rank rank, and its cursor opens the page that starts with them", async () => {
    for (const board of ['levels', 'coins', 'karma'] as const) {
      const all = await walk(board, 1000);
      for (const e of all.filter((x) => x.userId !== null).slice(0, 25)) {
        const standing = await leaderboardStanding(db, guildId, board, e.userId ?? '');
        expect(standing?.entry, `${board} ${e.name}`).toEqual(e);
        const page = await leaderboardPage(db, guildId, board, standing?.from ?? null, 3);
        expect(page.entries, `${board} ${e.name}`).toEqual(all.slice(e.position - 1, e.position + 2));
      }
    }
    expect(await leaderboardStanding(db, guildId, 'levels', '42')).toBeNull();
  });

  it('an empty board has no rows and no next page', async () => {
    expect(await leaderboardPage(db, '900000000000000099', 'levels', null, 10)).toEqual({ entries: [], next: null });
  });
});

describe('the guild directory', () => {
  const snapshot = (name: string, at: string): GuildSnapshot => ({
    guildId: '800000000000000001',
    name,
    icon: null,
    ownerId: '1',
    preferredLocale: 'en-US',
    memberCount: 3,
    botUserId: '2',
    botHighestRolePosition: 5,
    roles: [{ id: '800000000000000001', name: '@everyone', position: 0, managed: false, permissions: '0', color: 0 }],
    channels: [{ id: '3', name: 'general', position: 0 }],
    observedAt: new Date(at),
  });

  it('keeps the newest snapshot whatever order they are applied in, and forgets a guild the bot left', async () => {
    await recordGuildSnapshot(db, snapshot('newer', '2026-01-01T00:00:02Z'));
    await recordGuildSnapshot(db, snapshot('older', '2026-01-01T00:00:01Z'));
    expect((await presentGuild(db, '800000000000000001'))?.name).toBe('newer');
    // A leave older than the snapshot is an old fact: the bot is there.
    await recordGuildLeft(db, '800000000000000001', new Date('2026-01-01T00:00:01.500Z'));
    expect(await presentGuild(db, '800000000000000001')).toMatchObject({ name: 'newer', present: true });
    await recordGuildLeft(db, '800000000000000001', new Date('2026-01-01T00:00:03Z'));
    expect(await presentGuild(db, '800000000000000001')).toBeUndefined();
    // A snapshot older than the leave does not bring it back; a newer one does.
    await recordGuildSnapshot(db, snapshot('stale', '2026-01-01T00:00:02.500Z'));
    expect(await presentGuilds(db, ['800000000000000001'])).toEqual(new Map());
    await recordGuildSnapshot(db, snapshot('back', '2026-01-01T00:00:04Z'));
    expect(await presentGuild(db, '800000000000000001')).toMatchObject({
      name: 'back',
      roles: [{ name: '@everyone' }],
      channels: [{ name: 'general' }],
    });
  });

  it('public pages are off until turned on', async () => {
    expect(await getPublicPages(db, guildId)).toBe(false);
    await setPublicPages(db, guildId, true);
    expect(await getPublicPages(db, guildId)).toBe(true);
    await setPublicPages(db, guildId, false);
    expect(await getPublicPages(db, guildId)).toBe(false);
  });
});
