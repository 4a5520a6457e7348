import { intVar, loadConfig, opsVars } from '@guildhall/runtime';
import { z } from 'zod';
import { DiscordApiBase } from '../config.ts';

/** The REST proxy's environment variables; see docs/operations.md ("REST proxy and gateway resume"). */
export const RestProxyConfigSchema = z.object({
  /** Where requests go on: Discord's API (or a Discord-compatible server, such as the emulator in tests). */
  DISCORD_API_BASE: z.url().default(DiscordApiBase),
  /** Port the bots send their REST requests to (their DISCORD_API_BASE is `http://<proxy>:<port>/api`). */
  PROXY_PORT: intVar(8080, 0, 65_535),
  PROXY_HOST: z.string().default('0.0.0.0'),
  /** Discord's global limit for the bot token: 50 by default; Discord raises it for large bots on request. */
  DISCORD_GLOBAL_REQUESTS_PER_SECOND: intVar(50, 1, 10_000),
  /**
   * Slack after a rate limit resets before the next request goes, for the latency and clock differences between
   * the proxy and Discord (whose window starts when the first request arrives, not when it left).
   */
  DISCORD_RATE_LIMIT_OFFSET_MS: intVar(250, 0, 5_000),
  ...opsVars(9105),
});
/** The REST proxy's parsed configuration. */
export type RestProxyConfig = z.infer<typeof RestProxyConfigSchema>;

/** Reads and validates the proxy's configuration, throwing a ConfigError that lists every problem. */
export function loadRestProxyConfig(env: NodeJS.ProcessEnv = process.env): RestProxyConfig {
  return loadConfig(RestProxyConfigSchema, env);
}
