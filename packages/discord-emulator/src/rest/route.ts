import type { Locale } from 'discord-api-types/v10';
import type { Core } from '../core.ts';
import type { Actor } from '../recorder.ts';

/** Who may call a route: bots only, bots or human user tokens, human tokens only, or anyone holding the URL's token. */
export type RouteAuth = 'bot' | 'any' | 'user' | 'none';

/** What a handler sees. */
export interface RestContext {
  core: Core;
  params: Record<string, string>;
  query: URLSearchParams;
  body: unknown;
  actor: Actor;
  /** `X-Audit-Log-Reason`, decoded. */
  reason: string | undefined;
  /** `X-Discord-Locale` (what Discord's client sends), when it names a locale Discord knows. */
  locale: Locale | undefined;
  files: { name: string; size: number; contentType: string }[];
}

/** What a handler answers; `body: undefined` means 204 No Content. */
export interface RestResult {
  status?: number;
  body?: unknown;
  headers?: Record<string, string>;
}

/** One REST route, e.g. `{ method: 'GET', path: '/channels/:channel_id' }`. */
export interface Route {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  path: string;
  auth: RouteAuth;
  handler: (ctx: RestContext) => RestResult | Promise<RestResult>;
}

/** A route with its compiled matcher. */
export interface CompiledRoute extends Route {
  regex: RegExp;
  keys: string[];
}

/** Compiles `:name` segments into a matcher. */
export function compile(route: Route): CompiledRoute {
  const keys: string[] = [];
  const pattern = route.path.replace(/:(\w+)/g, (_m, key: string) => {
    keys.push(key);
    return '([^/]+)';
  });
  return { ...route, regex: new RegExp(`^${pattern}/?$`), keys };
}

/** Discord's major parameters: a route's limits are tracked separately per channel, guild or webhook. */
export function majorParameter(params: Record<string, string>): string {
  if (params.channel_id) return `channel:${params.channel_id}`;
  if (params.guild_id) return `guild:${params.guild_id}`;
  if (params.webhook_id) return `webhook:${params.webhook_id}:${params.webhook_token ?? ''}`;
  if (params.interaction_id) return `interaction:${params.interaction_id}`;
  return 'global';
}

/** Body as an object (or empty); handlers validate fields themselves. */
export function bodyObject(ctx: RestContext): Record<string, unknown> {
  return typeof ctx.body === 'object' && ctx.body !== null && !Array.isArray(ctx.body)
    ? (ctx.body as Record<string, unknown>)
    : {};
}

/** The bot behind a bot-authenticated request. */
export function botActor(ctx: RestContext): { userId: string; applicationId: string } {
  if (ctx.actor.kind !== 'bot') throw new Error('route declared auth=bot but actor is not a bot');
  return ctx.actor;
}

/** The user id behind a bot or user token. */
export function actorUserId(ctx: RestContext): string {
  if (ctx.actor.kind === 'none') throw new Error('route requires an authenticated actor');
  return ctx.actor.userId;
}

/** `?name=` as an integer within bounds, or the default. */
export function intQuery(query: URLSearchParams, name: string, def: number, min: number, max: number): number {
  const raw = query.get(name);
  if (raw === null) return def;
  const n = Number(raw);
  return Number.isInteger(n) ? Math.min(max, Math.max(min, n)) : def;
}
