import type { APIMessage } from 'discord.js';
import { startTcpProxy, type TcpProxy } from '@guildhall/testkit';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { Stack } from './harness/stack.ts';

let stack: Stack;
let proxy: TcpProxy;

beforeAll(async () => {
  stack = await Stack.create();
  await stack.startCore();
  // The bot reaches RabbitMQ through a proxy the test can stall and cut; core connects directly.
  const amqp = new URL(stack.botEnv()['AMQP_URL'] ?? '');
  proxy = await startTcpProxy(amqp.hostname, Number(amqp.port || 5672));
  amqp.hostname = '127.0.0.1';
  amqp.port = String(proxy.port);
  await stack.startBot({ AMQP_URL: amqp.toString() });
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
  // Time for the gateway to dispatch them to the bot and the bot to publish them.
  await new Promise((r) => setTimeout(r, 500));
  // Then the connection drops (their confirms will never come), and the broker is reachable again a second later.
  proxy.cut();
  await new Promise((r) => setTimeout(r, 1_000));
  proxy.restore();

  await stack.until('a reply to every message', () => posted.every((m) => stack.repliesTo(m.id).length > 0), 30_000);
  for (const [i, m] of posted.entries()) {
    const replies = stack.repliesTo(m.id);
    expect(replies, `replies to message ${i}`).toHaveLength(1);
    expect(replies[0]?.content).toBe(`**outage${i}** +1 → 1`);
  }
});
