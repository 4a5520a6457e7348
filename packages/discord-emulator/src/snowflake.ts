/** Discord's epoch (2015-01-01T00:00:00Z); snowflake timestamps count milliseconds from here. */
export const DISCORD_EPOCH = 1420070400000n;

let increment = 0n;

/** Makes a realistic, strictly increasing snowflake for the given time (default now). */
export function snowflake(at: number | Date = Date.now()): string {
  const ms = BigInt(typeof at === 'number' ? at : at.getTime());
  increment = (increment + 1n) & 0xfffn;
  // worker 1, process 0: real ids carry those bits, and a few libraries sanity-check them.
  return (((ms - DISCORD_EPOCH) << 22n) | (1n << 17n) | increment).toString();
}

/** When a snowflake was minted, in milliseconds since the Unix epoch. */
export function snowflakeTime(id: string): number {
  return Number((BigInt(id) >> 22n) + DISCORD_EPOCH);
}

/** Which shard of `count` a guild belongs to, by Discord's `(guild_id >> 22) % count` rule. */
export function shardOf(guildId: string, count: number): number {
  return Number((BigInt(guildId) >> 22n) % BigInt(count));
}

/** Discord's timestamp format (ISO 8601 with microseconds and an explicit offset). */
export function isoTimestamp(at: number | Date = Date.now()): string {
  const d = typeof at === 'number' ? new Date(at) : at;
  return d.toISOString().replace('Z', '000+00:00');
}
