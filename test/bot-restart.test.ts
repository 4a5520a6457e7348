import type { APIMessage } from 'discord.js';
import { decodeEvent, type ResultEvent } from '@guildhall/events';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { Stack } from './harness/stack.ts';

let stack: Stack;

beforeAll(async () => {
  stack = await Stack.create();
});
afterAll(async () => {
  await stack?.close();
});

it('posts every result produced while the bot was away exactly once, even when redelivered', async () => {
  const { channels, users } = stack.seed;
  const bot = await stack.spawnBot();
  // Core is not running yet: the bot's requests wait in the broker.
  const posted: APIMessage[] = [];
  for (let i = 0; i < 12; i++) {
    posted.push(await stack.post(i % 2 ? users.alice : users.bob, channels.general, `thing${i}++`));
  }
  await stack.until('the bot to publish 12 requests', async () => (await stack.queueDepth('core')) === 12);
  await bot.kill('SIGTERM');

  // Core produces the results while the bot is away; a probe copies them so some can be sent twice.
  const broker = await stack.broker();
  const probe = await broker.channel();
  const { queue } = await probe.assertQueue('', { exclusive: true });
  await probe.bindQueue(queue, broker.topology.exchanges.results, '#');
  const core = await stack.startCore();
  await stack.until('core to produce 12 results', async () => (await stack.queueDepth('bot')) === 12);
  await core.stop();
  const results: ResultEvent[] = [];
  for (let msg = await probe.get(queue, { noAck: true }); msg; msg = await probe.get(queue, { noAck: true })) {
    results.push(decodeEvent('result', msg.content));
  }
  expect(results).toHaveLength(12);
  // A redelivery as the broker would make it after a crash: the same events again.
  for (const result of results.slice(0, 3)) await broker.publish('result', result);
  await probe.close();

  // Four replies a second per channel, so the kill below lands in the middle of the stream.
  stack.emu.setRateLimits({ routes: { 'POST /channels/:channel_id/messages': { limit: 2, windowMs: 500 } } });
  // Back, then SIGKILLed mid-stream (posted, not yet acked), then back again.
  const second = await stack.spawnBot();
  await stack.until('a few replies', () => posted.filter((m) => stack.repliesTo(m.id).length > 0).length >= 3);
  await second.kill('SIGKILL');
  const third = await stack.spawnBot();
  await stack.until('a reply to every message', () => posted.every((m) => stack.repliesTo(m.id).length > 0), 30_000);
  await stack.until('the results queue to drain', async () => (await stack.queueDepth('bot')) === 0);
  // A drained queue can still have deliveries in hand (a repeat waiting out a 429): a graceful stop finishes them.
  await third.kill('SIGTERM');

  for (const [i, m] of posted.entries()) {
    const replies = stack.repliesTo(m.id);
    expect(replies, `replies to message ${i}`).toHaveLength(1);
    expect(replies[0]?.content).toBe(`**thing${i}** +1 → 1`);
  }
  // More creates than messages reached Discord: the repeats were answered from the nonce, not posted again.
  const creates = stack.emu.requests({ method: 'POST', actor: 'bot', route: 'POST /channels/:channel_id/messages' });
  const accepted = creates.filter((r) => r.status === 200);
  expect(accepted.length).toBeGreaterThanOrEqual(15);
  expect(new Set(accepted.map((r) => (r.response as { id: string }).id)).size).toBe(12);
});
