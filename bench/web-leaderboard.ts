import { randomBytes } from 'node:crypto';
import { mkdir, writeFile } from 'node:fs/promises';
import { loadavg } from 'node:os';
import {
  createDatabase,
  leaderboardPage,
  leaderboardStanding,
  migrateToLatest,
  recordGuildSnapshot,
  setPublicPages,
  type Board,
  type BoardCursor,
} from '@guildhall/db';
import { createScratchDatabase, createScratchNamespace } from '@guildhall/testkit';
import { sql } from 'kysely';
import { startWeb } from '@guildhall/web/app';
import { WebConfigSchema } from '@guildhall/web/config';
import { encodeCursor } from '../services/web/src/cursor.ts';
import { BoardPageSize } from '../services/web/src/server.ts';
import { benchLog, percentile } from './lib.ts';

// The web dashboard's leaderboard page on a 300,000-member guild (issue 15: p99 ≤ 50 ms of server time at
// 50 requests/s):
//
//   pnpm exec tsx bench/web-leaderboard.ts          # BENCH_SCALE=0.3 for a quicker run (fewer members, shorter)
//
// Seeds a scratch database (multi-row inserts: levels, coins and karma for every member), starts the dashboard on
// it with public pages on, and offers 50 requests/s (open loop, keep-alive) for the load's duration: a third first
// pages, the rest pages deep in the boards (cursors taken from random members' standings), over the three boards.
// Server time is the dashboard's own Server-Timing (request received to response handed to the socket). The floor,
// measured in the same run, is the keyset query alone (the repository function the page calls), one at a time.

const scale = Number(process.env['BENCH_SCALE'] ?? 1);
const members = Math.round(300_000 * scale);
const rate = 50;
const seconds = Math.max(10, Math.round(30 * scale));
const guildId = '700000000000000001';
const log = (line: string) => console.log(`[web-bench] ${line}`);

const scratch = await createScratchDatabase('gh_webbench');
const ns = await createScratchNamespace('ghwebbench');
const db = createDatabase(scratch.url, { poolSize: 8 });
await migrateToLatest(db);

// ---- seed -----------------------------------------------------------------------------------------------------

const seedStarted = performance.now();
const userId = (i: number) => String(100_000_000_000_000_000n + BigInt(i));
// Scores as a real guild has them: many members low with ties, a long tail of the active.
const xpOf = (i: number) => Math.floor(40_000 / (1 + ((i * 7919) % members) / 500)) + (i % 7);
const chunk = 5_000;
for (let from = 0; from < members; from += chunk) {
  const ids = Array.from({ length: Math.min(chunk, members - from) }, (_, k) => from + k);
  await Promise.all([
    db
      .insertInto('level_members')
      .values(
        ids.map((i) => ({
          guild_id: guildId,
          user_id: userId(i),
          display_name: `Member ${i}`,
          xp: String(xpOf(i)),
          level: Math.floor(Math.sqrt(xpOf(i) / 100)),
        })),
      )
      .execute(),
    db
      .insertInto('economy_accounts')
      .values(
        ids.map((i) => ({
          guild_id: guildId,
          user_id: userId(i),
          display_name: `Member ${i}`,
          balance: String(xpOf(i) * 3 + (i % 13)),
        })),
      )
      .execute(),
    db
      .insertInto('karma_subjects')
      .values(
        ids.map((i) => ({
          guild_id: guildId,
          subject_kind: 'member' as const,
          subject_key: userId(i),
          display: `Member ${i}`,
          total: String((i % 41) - 8),
        })),
      )
      .execute(),
  ]);
}
await recordGuildSnapshot(db, {
  guildId,
  name: 'A Very Large Guild',
  icon: null,
  ownerId: userId(0),
  preferredLocale: 'en-US',
  memberCount: members,
  botUserId: '700000000000000002',
  botHighestRolePosition: 1,
  roles: [],
  channels: [],
  observedAt: new Date(),
});
await setPublicPages(db, guildId, true);
// Fresh index statistics, as a long-lived table has them.
await sql`ANALYZE TABLE level_members, economy_accounts, karma_subjects`.execute(db);
log(
  `seeded ${members.toLocaleString('en-US')} members × 3 boards in ${((performance.now() - seedStarted) / 1000).toFixed(1)} s`,
);

// ---- the pages to ask for -------------------------------------------------------------------------------------

const boards: Board[] = ['levels', 'coins', 'karma'];
const cursors: { board: Board; after: BoardCursor | null }[] = [];
// A member's own rank (what a logged-in member's page adds: two index range counts), timed on the way.
const standings: number[] = [];
for (let k = 0; k < 300; k++) {
  const board = boards[k % 3] as Board;
  if (k % 3 === 0) {
    cursors.push({ board, after: null });
    continue;
  }
  const asked = performance.now();
  const standing = await leaderboardStanding(db, guildId, board, userId((k * 104_729) % members));
  standings.push(performance.now() - asked);
  cursors.push({ board, after: standing?.from ?? null });
}
const paths = cursors.map(
  ({ board, after }) => `/g/${guildId}/${board}${after ? `?after=${encodeCursor(after)}` : ''}`,
);

// ---- the floor: the keyset query alone ------------------------------------------------------------------------

const floor: number[] = [];
for (let round = 0; round < 3; round++)
  for (const { board, after } of cursors) {
    const started = performance.now();
    await leaderboardPage(db, guildId, board, after, BoardPageSize);
    floor.push(performance.now() - started);
  }

// ---- the dashboard under 50 requests/s ------------------------------------------------------------------------

const web = await startWeb(
  WebConfigSchema.parse({
    AMQP_URL: ns.amqpUrl,
    DATABASE_URL: scratch.url,
    GUILDHALL_NAMESPACE: ns.namespace,
    HTTP_PORT: '0',
    HTTP_HOST: '127.0.0.1',
    WEB_PORT: '0',
    WEB_HOST: '127.0.0.1',
    WEB_SESSION_SECRET: randomBytes(32).toString('hex'),
    DISCORD_CLIENT_ID: '700000000000000003',
    DISCORD_CLIENT_SECRET: 'unused',
    WEB_PAGE_RATE_PER_MINUTE: '1000000',
  }),
  benchLog,
);
const base = `http://127.0.0.1:${web.webPort}`;
// Warm up: compile paths, fill the pool, let the JIT see the pages.
for (const path of paths.slice(0, 60)) await (await fetch(`${base}${path}`)).text();

const loadBefore = loadavg();
const server: number[] = [];
const client: number[] = [];
let failed = 0;
const total = rate * seconds;
const started = performance.now();
const inFlight: Promise<void>[] = [];
for (let n = 0; n < total; n++) {
  const due = started + (n * 1000) / rate;
  const wait = due - performance.now();
  if (wait > 0) await new Promise((r) => setTimeout(r, wait));
  const path = paths[n % paths.length] ?? '/';
  inFlight.push(
    (async () => {
      const sent = performance.now();
      const res = await fetch(`${base}${path}`);
      await res.text();
      client.push(performance.now() - sent);
      const timing = /app;dur=([\d.]+)/.exec(res.headers.get('server-timing') ?? '')?.[1];
      if (res.status !== 200 || timing === undefined) failed++;
      else server.push(Number(timing));
    })(),
  );
}
await Promise.all(inFlight);
const achieved = total / ((performance.now() - started) / 1000);
const loadAfter = loadavg();
await web.stop();

// ---- report ---------------------------------------------------------------------------------------------------

const stats = (xs: number[]) => ({ p50: percentile(xs, 50), p99: percentile(xs, 99), max: percentile(xs, 100) });
const report = {
  at: new Date().toISOString(),
  members,
  offeredPerSecond: rate,
  achievedPerSecond: achieved,
  seconds,
  requests: total,
  failed,
  serverMs: stats(server),
  clientMs: stats(client),
  floorMs: stats(floor),
  standingMs: stats(standings),
  loadAverage: { before: loadBefore, after: loadAfter },
  bar: { serverP99AtMostMs: 50 },
};
const ms = (n: number) => n.toFixed(2);
console.log(`\n| leaderboard page, ${members.toLocaleString('en-US')} members | p50 ms | p99 ms | max ms |`);
console.log('|---|---:|---:|---:|');
console.log(
  `| server time @ ${rate}/s (Server-Timing) | ${ms(report.serverMs.p50)} | **${ms(report.serverMs.p99)}** | ${ms(report.serverMs.max)} |`,
);
console.log(
  `| client time @ ${rate}/s (loopback, keep-alive) | ${ms(report.clientMs.p50)} | ${ms(report.clientMs.p99)} | ${ms(report.clientMs.max)} |`,
);
console.log(
  `| floor: the keyset query alone | ${ms(report.floorMs.p50)} | ${ms(report.floorMs.p99)} | ${ms(report.floorMs.max)} |`,
);
console.log(
  `| a member's own rank (two range counts), one at a time | ${ms(report.standingMs.p50)} | ${ms(report.standingMs.p99)} | ${ms(report.standingMs.max)} |`,
);
console.log(
  `\nserver p99 / floor p99: ${(report.serverMs.p99 / report.floorMs.p99).toFixed(2)}×; ` +
    `${achieved.toFixed(1)} requests/s achieved, ${failed} failed; ` +
    `load average ${loadBefore.map((l) => l.toFixed(2)).join(' ')} before, ${loadAfter.map((l) => l.toFixed(2)).join(' ')} after`,
);
const pass = failed === 0 && report.serverMs.p99 <= report.bar.serverP99AtMostMs;
console.log(
  `${pass ? 'PASS' : 'MISS'}: server p99 ${ms(report.serverMs.p99)} ms (bar ≤ ${report.bar.serverP99AtMostMs} ms)`,
);
await mkdir('.bench', { recursive: true });
await writeFile('.bench/web-leaderboard.json', `${JSON.stringify(report, null, 2)}\n`);
console.log('wrote .bench/web-leaderboard.json');

await db.destroy();
await ns.drop();
await scratch.drop();
