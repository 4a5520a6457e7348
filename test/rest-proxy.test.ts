import type { RecordedMessage } from '@guildhall/discord-emulator';
import { freePort, startScript, type ServiceProcess } from '@guildhall/testkit';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { Stack } from './harness/stack.ts';

// Issue 12, item 5: several bot replicas, one Discord budget. Three bot processes send their REST requests through
// one proxy process; the emulator enforces Discord's global limit (50 requests/s per bot token) and records every
// 429. Core, the proxy and the bots run as processes of their own, as deployed: this process only plays Discord.
//
// The proxy's budget here is half the limit. The emulator counts a second from the first request it takes in, the
// proxy from the first it sent, and on a loaded machine the emulator can take a request in hundreds of ms late: a
// window then reaches into the proxy's next one. At half the limit any second overlaps at most two of the proxy's
// windows (for delays under 500 ms), so it cannot be exceeded whatever the delays; the three replicas on budgets of
// their own would still send up to 150 requests/s (and, pointed at the emulator directly, draw global 429s).

let stack: Stack;
let proxy: ServiceProcess;
const ports = { rest: 0, ops: 0 };

beforeAll(async () => {
  // Three shards whose identifies may start together (max_concurrency 3), so the three processes start at once.
  stack = await Stack.create({ maxConcurrency: 3 });
  [ports.rest, ports.ops] = [await freePort(), await freePort()];
  proxy = startScript('services/bot/src/rest-proxy/bin.ts', {
    DISCORD_API_BASE: stack.emu.apiBase,
    DISCORD_GLOBAL_REQUESTS_PER_SECOND: '25',
    PROXY_PORT: String(ports.rest),
    HTTP_PORT: String(ports.ops),
  });
  await proxy.waitForOutput('REST proxy is serving');
  await stack.spawnCore();
});
afterAll(async () => {
  await stack?.close();
  await proxy?.kill('SIGTERM');
});

it('three bot processes through one proxy answer a burst within the global limit: no global 429, every reply once', async () => {
  const api = `http://127.0.0.1:${ports.rest}/api`;
  const bots = await Promise.all(
    [0, 1, 2].map((shard) =>
      stack.spawnBot({ DISCORD_API_BASE: api, SHARD_COUNT: '3', SHARD_IDS: String(shard), RESULTS_CONCURRENCY: '16' }),
    ),
  );
  const { users, channels } = stack.seed;
  const authors = [users.alice, users.bob, users.carol, users.dave];
  // 200 messages at once: 200 replies, which three replicas with a budget of their own each would send at up to
  // 150 requests/s.
  const posted: RecordedMessage[] = [];
  for (let i = 0; i < 200; i++) {
    posted.push(stack.emu.postAsUser(authors[i % authors.length]?.id ?? '', channels.general, `burst${i}++`));
  }
  // Counting the replies Discord accepted is cheap: this process plays Discord and must not be what slows it down.
  const accepted = () =>
    stack.emu
      .requests({ method: 'POST', actor: 'bot', route: 'POST /channels/:channel_id/messages' })
      .filter((r) => r.status === 200).length;
  await stack.until('as many replies accepted as messages', () => accepted() >= posted.length, 90_000);
  await stack.until('a reply to every message', () => posted.every((m) => stack.repliesTo(m.id).length > 0));

  for (const m of posted) {
    const replies = stack.repliesTo(m.id);
    expect(replies, m.content).toHaveLength(1);
    expect(replies[0]?.content).toBe(`**${m.content.replace('++', '')}** +1 → 1`);
  }
  const fromBot = stack.emu.tooManyRequests().filter((r) => r.actor.kind === 'bot');
  expect(fromBot.filter((r) => r.scope === 'global')).toEqual([]);
  // Every replica delivered replies, and the proxy really had to hold requests back for the global budget (so the
  // load was over it).
  for (const bot of bots) {
    const port = /"httpPort":(\d+)/.exec(bot.output())?.[1];
    const botMetrics = await (await fetch(`http://127.0.0.1:${port}/metrics`)).text();
    const delivered = /guildhall_bot_results_total\{type="karma.points.changed",outcome="delivered"\} (\d+)/.exec(
      botMetrics,
    );
    expect(Number(delivered?.[1] ?? 0)).toBeGreaterThan(0);
  }
  const metrics = await (await fetch(`http://127.0.0.1:${ports.ops}/metrics`)).text();
  const waits = Number(/guildhall_rest_proxy_rate_limit_waits_total\{global="true"\} (\d+)/.exec(metrics)?.[1] ?? 0);
  expect(waits).toBeGreaterThan(0);
});

it('sends a request Discord answered with 429 again, body and all, once the limit has passed', async () => {
  const { channels } = stack.seed;
  stack.emu.failNext({
    method: 'POST',
    route: 'POST /channels/:channel_id/messages',
    status: 429,
    body: { message: 'You are being rate limited.', retry_after: 0.2, global: false },
    headers: { 'retry-after': '0.2', 'x-ratelimit-scope': 'user' },
  });
  const res = await fetch(`http://127.0.0.1:${ports.rest}/api/v10/channels/${channels.general}/messages`, {
    method: 'POST',
    headers: { authorization: `Bot ${stack.bot.token}`, 'content-type': 'application/json' },
    body: JSON.stringify({ content: 'said twice, posted once' }),
  });
  expect(res.status).toBe(200);
  const sent = stack.emu
    .requests({ method: 'POST', route: 'POST /channels/:channel_id/messages', actor: 'bot' })
    .slice(-2);
  expect(sent.map((r) => [r.status, r.body])).toEqual([
    [429, { content: 'said twice, posted once' }],
    [200, { content: 'said twice, posted once' }],
  ]);
});
