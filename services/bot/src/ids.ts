import { createHash } from 'node:crypto';

const DiscordEpochMs = 1_420_070_400_000n;

/** When a Discord snowflake was made, in Unix milliseconds. */
export function snowflakeTime(id: string): number {
  return Number((BigInt(id) >> 22n) + DiscordEpochMs);
}

/**
 * A UUIDv7-shaped event id that is a function of what happened (`key`) and when (`timeMs`). The same Discord
 * dispatch seen twice (a resumed session's replay, a redelivered result) yields the same id, so core's inbox
 * applies it once; the time prefix keeps ids ordered in MySQL like any UUIDv7.
 */
export function deterministicEventId(key: string, timeMs: number): string {
  const bytes = createHash('sha256').update(key).digest().subarray(0, 16);
  const ms = BigInt(Math.max(0, Math.floor(timeMs)));
  for (let i = 0; i < 6; i++) bytes[i] = Number((ms >> BigInt(8 * (5 - i))) & 0xffn);
  bytes[6] = 0x70 | ((bytes[6] ?? 0) & 0x0f);
  bytes[8] = 0x80 | ((bytes[8] ?? 0) & 0x3f);
  const hex = bytes.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/**
 * The message nonce for a result: Discord keeps nonces of at most 25 characters, and with `enforce_nonce` a
 * second create with the same nonce (a redelivered result) returns the first message instead of posting again.
 */
export function nonceFor(eventId: string): string {
  return createHash('sha256').update(eventId).digest().subarray(0, 18).toString('base64url');
}
