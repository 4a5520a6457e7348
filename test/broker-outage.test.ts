import type { BotApp } from '@guildhall/bot/app';
import type { APIMessage } from 'discord.js';
import { startTcpProxy, type TcpProxy } from '@guildhall/testkit';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { Stack } from './harness/stack.ts';

let stack: Stack;
let proxy: TcpProxy;
let bot: BotApp;

beforeAll(async () => {
  stack = await Stack.create();
  await stack.startCore();
  // The bot reaches RabbitMQ through a proxy the test can stall and cut; core connects directly.
  const amqp = new URL(stack.botEnv()['AMQP_URL'] ?? '');
  proxy = await startTcpProxy(amqp.hostname, Number(amqp.port || 5672));
  amqp.hostname = '127.0.0.1';
  amqp.port = String(proxy.port);
  bot = await stack.startBot({ AMQP_URL: amqp.toString() });
});
afterAll(async () => {
  await stack?.close();
  await proxy?.close();
});

it('loses no message whose publish the broker never confirmed: the bot publishes it again once it is back', async () => {
  const { alice, bob } = stack.seed.users;
  const { general } = stack.seed.channels;
  const warm = await stack.post(alice, general, 'warmup++');
  await stack.replyTo(warm.id);

  // The network stops delivering what the bot sends: these publishes leave the bot and never arrive.
  proxy.stall();
  const posted: APIMessage[] = [];
  for (let i = 0; i < 5; i++) posted.push(await stack.post(i % 2 ? alice : bob, general, `outage${i}++`));
  // The scenario under test, however slow the machine: every one of them was published into the dead link.
  await stack.until('the bot to publish all five into the stalled link', () =>
    posted.every((_, i) => proxy.stalled().includes(`"content":"outage${i}++"`)),
  );
  expect(posted.map((m) => stack.repliesTo(m.id).length)).toEqual([0, 0, 0, 0, 0]);

  // Then the connection drops (their confirms will never come), and once the bot has noticed, the broker is
  // reachable again.
  proxy.cut();
  await stack.until('the bot to notice the lost connection', () => !bot.broker.connected);
  proxy.restore();

  await stack.until('a reply to every message', () => posted.every((m) => stack.repliesTo(m.id).length > 0), 30_000);
  for (const [i, m] of posted.entries()) {
    const replies = stack.repliesTo(m.id);
    expect(replies, `replies to message ${i}`).toHaveLength(1);
    expect(replies[0]?.content).toBe(`**outage${i}** +1 → 1`);
  }
});
