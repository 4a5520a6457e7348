import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { APIMessage } from 'discord.js';
import { afterEach, describe, expect, it } from 'vitest';
import { Stack } from './harness/stack.ts';

// Issue 12, items 1-4: a bot process killed, replaced or stopped for a rolling update loses no member's message.
// The bot runs as a child process with its sessions on a "volume" (a directory), against the emulator, RabbitMQ and
// MariaDB; core runs in this process.

let stack: Stack | undefined;
let dir: string | undefined;

afterEach(async () => {
  await stack?.close();
  stack = undefined;
  if (dir) rmSync(dir, { recursive: true, force: true });
});

async function setUp(resumeWindowMs: number): Promise<{ stack: Stack; env: Record<string, string> }> {
  stack = await Stack.create({ resumeWindowMs });
  dir = mkdtempSync(join(tmpdir(), 'gh-sessions-'));
  await stack.startCore();
  return { stack, env: { GATEWAY_SESSION_DIR: dir, GATEWAY_SESSION_FLUSH_MS: '200' } };
}

/** Each message got exactly one reply, saying its thing went to 1 (so it was applied exactly once). */
function expectAnsweredOnce(s: Stack, posted: APIMessage[]): void {
  for (const m of posted) {
    const replies = s.repliesTo(m.id);
    expect(replies, `replies to "${m.content}"`).toHaveLength(1);
    expect(replies[0]?.content).toBe(`**${m.content.replace('++', '')}** +1 → 1`);
  }
}

const answered = (s: Stack, posted: APIMessage[]) => posted.every((m) => s.repliesTo(m.id).length > 0);

/** A bot process that answered a first message (so its session and a channel cursor exist), then killed -9. */
async function answerThenKill(s: Stack, env: Record<string, string>, content: string): Promise<APIMessage> {
  const bot = await s.spawnBot(env);
  const first = await s.post(s.seed.users.alice, s.seed.channels.general, content);
  await s.replyTo(first.id);
  await bot.kill('SIGKILL');
  return first;
}

describe('bot restarts lose no message', () => {
  it('kill -9, 20 messages while it is down, a new process inside the resume window: it resumes, each applied and answered once', async () => {
    const { stack: s, env } = await setUp(120_000);
    const { users, channels } = s.seed;
    const before = await answerThenKill(s, env, 'before++');
    await s.until('the emulator to see the bot gone', () => s.emu.gatewaySessions().every((g) => !g.connected));

    const posted: APIMessage[] = [];
    for (let i = 0; i < 20; i++)
      posted.push(await s.post(i % 2 ? users.bob : users.carol, channels.general, `down${i}++`));
    await s.spawnBot(env);
    await s.until('a reply to every message', () => answered(s, posted), 30_000);

    expectAnsweredOnce(s, [before, ...posted]);
    // The new process resumed the session the first one started: one identify in all.
    expect(s.emu.identifies().filter((i) => i.accepted)).toHaveLength(1);
    expect(s.emu.gatewaySessions()).toHaveLength(1);
  });

  it('kill -9, a new process after the window: Discord refuses the resume, the missed messages are backfilled, each applied and answered once', async () => {
    const { stack: s, env } = await setUp(1_000);
    const { users, channels } = s.seed;
    const before = await answerThenKill(s, env, 'earlier++');

    const posted: APIMessage[] = [];
    // Mostly where the bot saw messages before (a cursor), some in a channel it had not (found by its newest message).
    for (let i = 0; i < 20; i++) {
      posted.push(
        await s.post(i % 2 ? users.bob : users.carol, i < 15 ? channels.general : channels.karma, `gap${i}++`),
      );
    }
    await s.until('the session to expire', () => s.emu.gatewaySessions().length === 0, 10_000);
    const second = await s.spawnBot(env);
    await s.until('a reply to every message', () => answered(s, posted), 30_000);

    expectAnsweredOnce(s, [before, ...posted]);
    expect(s.emu.identifies().filter((i) => i.accepted)).toHaveLength(2);
    // Read back from history with Discord's REST API, after the message the first process last handed over.
    const reads = s.emu.requests({ method: 'GET', actor: 'bot', route: 'GET /channels/:channel_id/messages' });
    expect(reads.map((r) => r.params['channel_id'])).toEqual(
      expect.arrayContaining([channels.general, channels.karma]),
    );
    await second.waitForOutput('backfill done');
  });

  it('SIGTERM hands the session over: a new process resumes it while members keep posting, nothing missed or doubled', async () => {
    const { stack: s, env } = await setUp(120_000);
    const { users, channels } = s.seed;
    const old = await s.spawnBot(env);
    const posted: APIMessage[] = [];
    let posting = true;
    const poster = (async () => {
      for (let i = 0; posting || i < 10; i++) {
        posted.push(await s.post(i % 2 ? users.bob : users.carol, channels.general, `roll${i}++`));
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
    })();
    await s.until('a few answers', () => posted.filter((m) => s.repliesTo(m.id).length > 0).length >= 3);
    // A rolling update: the old pod is stopped (SIGTERM), then the new one starts on the same volume.
    await old.kill('SIGTERM');
    await s.spawnBot(env);
    const handedOver = posted.length;
    await s.until('messages posted after the handover', () => posted.length >= handedOver + 10);
    posting = false;
    await poster;
    await s.until('a reply to every message', () => answered(s, posted), 30_000);

    expectAnsweredOnce(s, posted);
    expect(s.emu.identifies().filter((i) => i.accepted)).toHaveLength(1);
    expect(old.output()).toContain('gateway session persisted for the next process');
  });
});
