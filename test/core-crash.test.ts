import type { APIMessage } from 'discord.js';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { Stack } from './harness/stack.ts';

let stack: Stack;

beforeAll(async () => {
  stack = await Stack.create();
  await stack.startBot();
});
afterAll(async () => {
  await stack?.close();
});

it('loses no request when core is SIGKILLed mid-stream: every message gets exactly one reply', async () => {
  const { channels, users } = stack.seed;
  const people = [users.alice, users.bob, users.carol, users.mod];
  const posted: APIMessage[] = [];
  const postBurst = async (from: number, n: number) => {
    const burst = Array.from({ length: n }, (_, k) =>
      stack.post(people[(from + k) % people.length] ?? users.alice, channels.general, `item${from + k}++`),
    );
    posted.push(...(await Promise.all(burst)));
  };

  const core = await stack.spawnCore();
  await postBurst(0, 20);
  await stack.until('the first reply', () => posted.some((m) => stack.repliesTo(m.id).length > 0));
  await core.kill('SIGKILL');
  // Requests keep coming while core is dead; they wait in the broker.
  await postBurst(20, 20);
  await stack.spawnCore();

  await stack.until('a reply to every message', () => posted.every((m) => stack.repliesTo(m.id).length > 0), 30_000);
  for (const m of posted) {
    const replies = stack.repliesTo(m.id);
    expect(replies, `replies to "${m.content}"`).toHaveLength(1);
    expect(replies[0]?.content).toBe(`**${m.content.replace('++', '')}** +1 → 1`);
  }
  expect(posted).toHaveLength(40);
});
