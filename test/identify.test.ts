import type { IdentifyRecord } from '@guildhall/discord-emulator';
import { afterEach, expect, it } from 'vitest';
import { Stack } from './harness/stack.ts';

// Issue 12, item 6: when every replica starts at once, identifies still respect max_concurrency (one per rate-limit
// key, shard_id % max_concurrency, per 5 s) across processes; the emulator refuses one that comes too soon with
// INVALID_SESSION, as Discord does.

let stack: Stack | undefined;
afterEach(async () => {
  await stack?.close();
  stack = undefined;
});

/** Identifies per rate-limit key are at least Discord's 5 s apart. */
function expectSpaced(identifies: IdentifyRecord[]): void {
  for (const key of new Set(identifies.map((i) => i.rateLimitKey))) {
    const times = identifies
      .filter((i) => i.rateLimitKey === key)
      .map((i) => i.at)
      .sort((a, b) => a - b);
    for (let k = 1; k < times.length; k++) {
      expect((times[k] ?? 0) - (times[k - 1] ?? 0), `key ${key}`).toBeGreaterThanOrEqual(5_000);
    }
  }
}

it('max_concurrency 1: three replicas started together identify one after another, none refused', async () => {
  stack = await Stack.create({ maxConcurrency: 1 });
  const s = stack;
  await Promise.all([0, 1, 2].map((shard) => s.spawnBot({ SHARD_COUNT: '3', SHARD_IDS: String(shard) })));
  const identifies = s.emu.identifies();
  expect(identifies.map((i) => i.shard[0]).sort()).toEqual([0, 1, 2]);
  expect(identifies.filter((i) => !i.accepted)).toEqual([]);
  expectSpaced(identifies);
});

it('max_concurrency 2: two replicas of two shards each use both keys at once, none refused', async () => {
  stack = await Stack.create({ maxConcurrency: 2 });
  const s = stack;
  await Promise.all(
    [0, 1].map((pod) => s.spawnBot({ SHARD_COUNT: '4', SHARDS_PER_POD: '2', POD_ORDINAL: `guildhall-bot-${pod}` })),
  );
  const identifies = s.emu.identifies();
  expect(identifies.map((i) => i.shard[0]).sort()).toEqual([0, 1, 2, 3]);
  expect(identifies.filter((i) => !i.accepted)).toEqual([]);
  expectSpaced(identifies);
  // Both keys were used side by side: the first two identifies (different keys) came within one window.
  const [first, second] = [...identifies].sort((a, b) => a.at - b.at);
  expect(first?.rateLimitKey).not.toBe(second?.rateLimitKey);
  expect((second?.at ?? 0) - (first?.at ?? 0)).toBeLessThan(5_000);
});
