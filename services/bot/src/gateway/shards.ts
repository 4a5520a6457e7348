import type { BotConfig } from '../config.ts';

/** Which gateway shards this process runs: discord.js's `shards` and `shardCount` options. */
export type ShardPlan = { shards: 'auto' } | { shards: number[]; shardCount: number };

/** Why a shard setting cannot work, worded for the operator. */
export class ShardConfigError extends Error {
  override readonly name = 'ShardConfigError';
}

/**
 * Decides the shards from the environment. Discord puts a guild on shard `(guild_id >> 22) % shard_count`, so
 * every replica must agree on the count:
 * - `SHARD_IDS=0,1` with `SHARD_COUNT=4`: exactly those shards;
 * - `POD_ORDINAL=2` (a StatefulSet pod) with `SHARDS_PER_POD=2` and `SHARD_COUNT=8`: the contiguous range 4-5;
 * - nothing: `auto`, Discord's recommended count, all in this process.
 */
export function planShards(
  config: Pick<BotConfig, 'SHARD_COUNT' | 'SHARD_IDS' | 'POD_ORDINAL' | 'SHARDS_PER_POD'>,
): ShardPlan {
  const count = config.SHARD_COUNT;
  if (config.SHARD_IDS !== 'auto') {
    if (count === 'auto') throw new ShardConfigError('SHARD_IDS needs a numeric SHARD_COUNT');
    const bad = config.SHARD_IDS.filter((id) => id >= count);
    if (bad.length > 0) throw new ShardConfigError(`SHARD_IDS ${bad.join(',')} must be below SHARD_COUNT ${count}`);
    return { shards: [...new Set(config.SHARD_IDS)].sort((a, b) => a - b), shardCount: count };
  }
  if (config.POD_ORDINAL !== undefined) {
    if (count === 'auto') throw new ShardConfigError('POD_ORDINAL needs a numeric SHARD_COUNT');
    const first = config.POD_ORDINAL * config.SHARDS_PER_POD;
    if (first >= count) {
      throw new ShardConfigError(
        `pod ${config.POD_ORDINAL} would start at shard ${first}, but SHARD_COUNT is ${count}: ` +
          'run fewer replicas or raise SHARD_COUNT',
      );
    }
    const last = Math.min(first + config.SHARDS_PER_POD, count);
    return { shards: Array.from({ length: last - first }, (_, i) => first + i), shardCount: count };
  }
  if (count === 'auto') return { shards: 'auto' };
  return { shards: Array.from({ length: count }, (_, i) => i), shardCount: count };
}
