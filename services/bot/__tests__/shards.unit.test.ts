import { describe, expect, it } from 'vitest';
import { BotConfigSchema } from '../src/config.ts';
import { planShards, ShardConfigError } from '../src/gateway/shards.ts';

const plan = (env: Record<string, string>) => planShards(BotConfigSchema.parse({ DISCORD_TOKEN: 't', ...env }));

describe('planShards', () => {
  it('defaults to auto', () => {
    expect(plan({})).toEqual({ shards: 'auto' });
  });

  it('takes an explicit list with a count', () => {
    expect(plan({ SHARD_COUNT: '4', SHARD_IDS: '3, 1' })).toEqual({ shards: [1, 3], shardCount: 4 });
    expect(plan({ SHARD_COUNT: '2' })).toEqual({ shards: [0, 1], shardCount: 2 });
  });

  it('gives a StatefulSet pod a contiguous range from its ordinal or its name', () => {
    expect(plan({ SHARD_COUNT: '8', SHARDS_PER_POD: '2', POD_ORDINAL: '2' })).toEqual({
      shards: [4, 5],
      shardCount: 8,
    });
    expect(plan({ SHARD_COUNT: '5', SHARDS_PER_POD: '2', POD_ORDINAL: 'guildhall-bot-2' })).toEqual({
      shards: [4],
      shardCount: 5,
    });
  });

  it('refuses settings that cannot work', () => {
    expect(() => plan({ SHARD_IDS: '0' })).toThrow(ShardConfigError);
    expect(() => plan({ SHARD_COUNT: '2', SHARD_IDS: '2' })).toThrow(/below SHARD_COUNT/);
    expect(() => plan({ SHARD_COUNT: '4', SHARDS_PER_POD: '2', POD_ORDINAL: '2' })).toThrow(/fewer replicas/);
    expect(() => BotConfigSchema.parse({ DISCORD_TOKEN: 't', SHARD_IDS: 'one' })).toThrow();
  });
});
