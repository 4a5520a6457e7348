import { BrokerVars, intVar, loadConfig, opsVars } from '@guildhall/runtime';
import { z } from 'zod';

/** Discord's own REST base; the emulator's (or any Discord-compatible server's) replaces it in tests and the playground. */
export const DiscordApiBase = 'https://discord.com/api';

const ShardIds = z
  .string()
  .trim()
  .regex(/^(auto|\d+(\s*,\s*\d+)*)$/, 'a comma-separated list of shard ids, or `auto`')
  .transform((v) => (v === 'auto' ? 'auto' : v.split(',').map((id) => Number(id.trim()))));

const ShardCount = z
  .string()
  .trim()
  .regex(/^(auto|[1-9]\d*)$/, 'a positive integer, or `auto`')
  .transform((v) => (v === 'auto' ? 'auto' : Number(v)));

/** A StatefulSet pod's ordinal: a number, or a pod name ending in `-N` (`guildhall-bot-2`). */
const PodOrdinal = z
  .string()
  .trim()
  .regex(/^(\d+|.*-\d+)$/, 'a number or a StatefulSet pod name ending in -N')
  .transform((v) => Number(/(\d+)$/.exec(v)?.[1]));

/** The bot's environment variables; see docs/bot.md. */
export const BotConfigSchema = z.object({
  DISCORD_TOKEN: z.string().min(1, 'the bot token from the Discord developer portal'),
  DISCORD_API_BASE: z.url().default(DiscordApiBase),
  /** Only needed by register-commands when the token's application cannot be looked up. */
  DISCORD_APPLICATION_ID: z
    .string()
    .regex(/^\d{1,20}$/)
    .optional(),
  SHARD_COUNT: ShardCount.default('auto'),
  SHARD_IDS: ShardIds.default('auto'),
  POD_ORDINAL: PodOrdinal.optional(),
  SHARDS_PER_POD: intVar(1, 1, 1_000),
  ...BrokerVars,
  /** Results delivered to Discord at once; the REST client queues per rate-limit bucket behind this. */
  RESULTS_CONCURRENCY: intVar(8, 1, 256),
  /**
   * Where each shard's gateway session is kept between processes (the StatefulSet's volume), so a restarted or
   * rescheduled pod resumes it; unset keeps sessions in memory (a restart starts new ones).
   */
  GATEWAY_SESSION_DIR: z.string().trim().min(1).optional(),
  /** How often a shard's session state is written at most. */
  GATEWAY_SESSION_FLUSH_MS: intVar(1_000, 50, 60_000),
  /** A backfill (after Discord refused a resume) reads no message older than this. */
  BACKFILL_MAX_AGE_MS: intVar(3_600_000, 0, 7 * 86_400_000),
  /** A backfill reads at most this many messages per channel. */
  BACKFILL_MAX_MESSAGES: intVar(500, 0, 100_000),
  ...opsVars(9102),
});
/** The bot's parsed configuration. */
export type BotConfig = z.infer<typeof BotConfigSchema>;

/** Reads and validates the bot's configuration, throwing a ConfigError that lists every problem. */
export function loadBotConfig(env: NodeJS.ProcessEnv = process.env): BotConfig {
  return loadConfig(BotConfigSchema, env);
}
