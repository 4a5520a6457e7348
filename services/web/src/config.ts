import { BrokerVars, DatabaseVars, intVar, loadConfig, opsVars } from '@guildhall/runtime';
import { z } from 'zod';

/** The web dashboard's environment variables; see docs/operations.md ("The web dashboard"). */
export const WebConfigSchema = z.object({
  ...BrokerVars,
  ...DatabaseVars,
  /** Where the dashboard itself listens (the ops server has HTTP_PORT). */
  WEB_PORT: intVar(8081, 0, 65_535),
  WEB_HOST: z.string().default('0.0.0.0'),
  /**
   * The address members reach the dashboard at, without a trailing slash: OAuth2's redirect URI is
   * `<WEB_PUBLIC_URL>/auth/callback`, which must be listed in the Discord application's OAuth2 redirects.
   */
  WEB_PUBLIC_URL: z
    .url()
    .default('http://127.0.0.1:8081')
    .refine(
      (url) => url.startsWith('https://') || /^http:\/\/(localhost|127\.\d+\.\d+\.\d+|\[::1\])(:\d+)?(\/|$)/.test(url),
      'https, except on this machine (localhost, 127.x.x.x): session cookies are Secure',
    )
    .transform((url) => url.replace(/\/+$/, '')),
  /**
   * 32 bytes as 64 hex characters: the key that encrypts and authenticates session cookies
   * (`openssl rand -hex 32`). Changing it logs everyone out.
   */
  WEB_SESSION_SECRET: z.string().regex(/^[0-9a-fA-F]{64}$/, '64 hex characters (openssl rand -hex 32)'),
  /** The Discord application's id and OAuth2 client secret (Developer Portal, OAuth2). */
  DISCORD_CLIENT_ID: z.string().regex(/^\d{1,20}$/, 'the application id (digits)'),
  DISCORD_CLIENT_SECRET: z.string().min(1),
  /** Discord's REST base (the emulator's in tests and the playground). */
  DISCORD_API_BASE: z.url().default('https://discord.com/api'),
  /** Where members are sent to log in. */
  DISCORD_OAUTH_AUTHORIZE_URL: z.url().default('https://discord.com/oauth2/authorize'),
  /**
   * A member's guilds and permissions are asked of Discord again when older than this (every page and form checks
   * them); the bound on how long a member keeps access after losing Manage Server or leaving a guild.
   */
  WEB_PERMISSIONS_TTL_SECONDS: intVar(30, 1, 600),
  /** How long a form waits for core's answer before saying the change is not confirmed yet. */
  WEB_RESULT_TIMEOUT_MS: intVar(10_000, 500, 120_000),
  /** Logins (GET /login and the OAuth2 callback) per client address per minute. */
  WEB_LOGIN_RATE_PER_MINUTE: intVar(10, 1, 10_000),
  /** Settings changes per member per minute. */
  WEB_WRITE_RATE_PER_MINUTE: intVar(20, 1, 10_000),
  /** Page views per client address per minute. */
  WEB_PAGE_RATE_PER_MINUTE: intVar(600, 1, 1_000_000),
  /**
   * Which proxies to trust for the client's address (X-Forwarded-For), which the rate limits key on: `false`, `true`
   * (any), or comma-separated addresses/CIDRs (e.g. the ingress controller's pod network).
   */
  WEB_TRUST_PROXY: z.string().default('false'),
  DB_POOL_SIZE: intVar(8, 1, 100),
  ...opsVars(9104),
});
/** The web dashboard's parsed configuration. */
export type WebConfig = z.infer<typeof WebConfigSchema>;

/** Reads and validates the dashboard's configuration, throwing a ConfigError that lists every problem. */
export function loadWebConfig(env: NodeJS.ProcessEnv = process.env): WebConfig {
  return loadConfig(WebConfigSchema, env);
}

/** fastify's trustProxy from WEB_TRUST_PROXY. */
export function trustProxyOf(value: string): boolean | string {
  if (value === 'true') return true;
  if (value === 'false') return false;
  return value;
}
