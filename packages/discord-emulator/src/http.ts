import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Core } from './core.ts';
import { ApiError, defaultErrorFor } from './errors.ts';
import type { Actor } from './recorder.ts';
import { asLocale } from './locales.ts';
import { routes } from './rest/index.ts';
import type { CompiledRoute, RestContext } from './rest/route.ts';
import { majorParameter } from './rest/route.ts';

/** A failure a test forces on the next matching request(s). */
export interface FailRule {
  /** HTTP method to match (any when omitted). */
  method?: string;
  /** Matched against the path (`/guilds/1/members/2/roles/3`) or the route template (`PUT /guilds/:guild_id/...`). */
  route?: RegExp | string;
  status: number;
  /** JSON body; defaults to Discord's body for the status (403 -> 50013 Missing Permissions). */
  body?: unknown;
  headers?: Record<string, string>;
  /** How many matching requests fail (default 1). */
  times?: number;
}

interface ParsedBody {
  body: unknown;
  files: RestContext['files'];
}

/** Answers `/api[/vN]/...` requests: auth, rate limits, forced failures, the handler, and recording. */
export class RestApi {
  readonly failRules: (FailRule & { times: number })[] = [];

  constructor(private readonly core: Core) {}

  async handle(req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
    const path = url.pathname.replace(/^\/api(\/v\d+)?/, '') || '/';
    const method = (req.method ?? 'GET').toUpperCase();
    const found = match(method, path);
    const started = Date.now();
    let status = 500;
    let response: unknown;
    let rateLimited: false | 'route' | 'global' = false;
    let forced = false;
    let body: unknown;
    let actor: Actor = { kind: 'none' };
    const headers: Record<string, string> = {};
    try {
      const parsed = await readBody(req);
      body = parsed.body;
      if (!found) throw new ApiError(404, 0, '404: Not Found');
      const { route, params } = found;
      actor = this.authenticate(req.headers.authorization, route.auth);
      const routeKey = `${route.method} ${route.path}`;
      const identity =
        actor.kind === 'bot' ? `bot:${actor.userId}` : actor.kind === 'user' ? `user:${actor.userId}` : 'anon';
      // Charged as of its arrival, as a server's limiter would, not after its body was read.
      const decision = this.core.limiter.charge(
        identity,
        routeKey,
        majorParameter(params),
        route.auth === 'none',
        started,
      );
      Object.assign(headers, decision.headers);
      if (decision.limited) {
        rateLimited = decision.limited;
        status = 429;
        response = {
          message: 'You are being rate limited.',
          retry_after: Number(decision.retryAfter.toFixed(3)),
          global: decision.limited === 'global',
        };
        return;
      }
      const rule = this.takeFailRule(method, path, routeKey);
      if (rule) {
        forced = true;
        status = rule.status;
        response = rule.body ?? defaultErrorFor(rule.status);
        Object.assign(headers, rule.headers);
        return;
      }
      const reasonHeader = req.headers['x-audit-log-reason'];
      const localeHeader = req.headers['x-discord-locale'];
      const ctx: RestContext = {
        core: this.core,
        params,
        query: url.searchParams,
        body,
        actor,
        reason: typeof reasonHeader === 'string' ? decodeURIComponent(reasonHeader) : undefined,
        locale: typeof localeHeader === 'string' ? asLocale(localeHeader) : undefined,
        files: parsed.files,
      };
      const result = await route.handler(ctx);
      response = result.body;
      status = result.status ?? (result.body === undefined ? 204 : 200);
      Object.assign(headers, result.headers);
    } catch (error) {
      if (error instanceof ApiError) {
        status = error.status;
        response = error.toBody();
      } else {
        status = 500;
        response = { code: 0, message: '500: Internal Server Error' };
        console.error('[discord-emulator] handler crashed', error);
      }
    } finally {
      this.core.recorder.record({
        at: started,
        method,
        path: path.split('/').map(safeDecode).join('/'),
        route: found ? `${found.route.method} ${found.route.path}` : `${method} ${path}`,
        params: found?.params ?? {},
        query: Object.fromEntries(url.searchParams),
        body,
        actor,
        status,
        response,
        rateLimited,
        forced,
      });
      send(res, status, response, headers);
    }
  }

  private authenticate(header: string | undefined, auth: CompiledRoute['auth']): Actor {
    if (auth === 'none') return { kind: 'none' };
    const { model } = this.core;
    let actor: Actor = { kind: 'none' };
    if (header) {
      const botToken = /^Bot\s+(.+)$/i.exec(header)?.[1];
      if (botToken !== undefined) {
        const bot = model.botByToken(botToken);
        if (bot) actor = { kind: 'bot', userId: bot.userId, applicationId: bot.applicationId };
      } else {
        const userId = model.userTokens.get(header);
        if (userId) actor = { kind: 'user', userId };
      }
    }
    if (actor.kind === 'none') throw new ApiError(401, 0, '401: Unauthorized');
    if (auth === 'bot' && actor.kind !== 'bot') throw new ApiError(403, 20002, 'Only bots can use this endpoint');
    if (auth === 'user' && actor.kind !== 'user') throw new ApiError(403, 20001, 'Bots cannot use this endpoint');
    return actor;
  }

  private takeFailRule(method: string, path: string, routeKey: string): FailRule | undefined {
    const index = this.failRules.findIndex((r) => {
      if (r.method && r.method.toUpperCase() !== method) return false;
      if (r.route === undefined) return true;
      if (typeof r.route === 'string') return path === r.route || routeKey === r.route || path.includes(r.route);
      return r.route.test(path) || r.route.test(routeKey);
    });
    const rule = this.failRules[index];
    if (!rule) return undefined;
    rule.times--;
    if (rule.times <= 0) this.failRules.splice(index, 1);
    return rule;
  }
}

function match(method: string, path: string): { route: CompiledRoute; params: Record<string, string> } | undefined {
  for (const route of routes) {
    if (route.method !== method) continue;
    const m = route.regex.exec(path);
    if (!m) continue;
    const params: Record<string, string> = {};
    route.keys.forEach((key, i) => {
      params[key] = safeDecode(m[i + 1] ?? '');
    });
    return { route, params };
  }
  return undefined;
}

function safeDecode(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

async function readBody(req: IncomingMessage): Promise<ParsedBody> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  const raw = Buffer.concat(chunks);
  if (raw.length === 0) return { body: undefined, files: [] };
  const type = req.headers['content-type'] ?? '';
  if (type.startsWith('multipart/form-data')) {
    const form = await new Response(raw, { headers: { 'content-type': type } }).formData();
    const files: RestContext['files'] = [];
    let body: unknown;
    for (const [key, value] of form.entries()) {
      if (key === 'payload_json' && typeof value === 'string') body = parseJson(value);
      else if (typeof value !== 'string') files.push({ name: value.name, size: value.size, contentType: value.type });
    }
    return { body, files };
  }
  return { body: parseJson(raw.toString('utf8')), files: [] };
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new ApiError(400, 50109, 'The request body contains invalid JSON.');
  }
}

function send(res: ServerResponse, status: number, body: unknown, headers: Record<string, string>): void {
  if (res.headersSent) return;
  if (body === undefined || status === 204) {
    res.writeHead(status === 200 ? 204 : status, headers).end();
    return;
  }
  res.writeHead(status, { ...headers, 'content-type': 'application/json' }).end(JSON.stringify(body));
}
