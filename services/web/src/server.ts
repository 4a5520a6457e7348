import { randomBytes, timingSafeEqual } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import fastifyCsrf from '@fastify/csrf-protection';
import fastifyFormbody from '@fastify/formbody';
import fastifyHelmet from '@fastify/helmet';
import fastifyRateLimit from '@fastify/rate-limit';
import fastifySecureSession from '@fastify/secure-session';
import fastifyStatic from '@fastify/static';
import {
  getEconomySettings,
  guildPageFacts,
  leaderboardPage,
  leaderboardStanding,
  presentGuild,
  presentGuilds,
  type Board,
  type BoardStanding,
  type Database,
  type Kysely,
} from '@guildhall/db';
import type { Logger } from '@guildhall/runtime';
import { PermissionFlagsBits } from 'discord-api-types/v10';
import Fastify, { LogController, type FastifyReply, type FastifyRequest } from 'fastify';
import { LRUCache } from 'lru-cache';
import type { VNode } from 'preact';
import { canManage, type MemberAccess } from './access.ts';
import { trustProxyOf, type WebConfig } from './config.ts';
import { decodeCursor, encodeCursor } from './cursor.ts';
import {
  DiscordRefusedError,
  DiscordUnavailableError,
  TokenRevokedError,
  type DiscordOAuth,
  type Grant,
  type MemberGuild,
} from './discord.ts';
import type { WebMetrics } from './metrics.ts';
import type { CommandRequests } from './requests.ts';
import { formOf, loadSettings, optionsFromForm, Sections, type SectionId } from './settings.ts';
import { ErrorView, type ErrorKind } from './views/errors.tsx';
import { AboutView, BoardPageView, type DirectoryView, type GuildView } from './views/guild.tsx';
import { HomeView } from './views/home.tsx';
import { html, type PageContext, type SessionUser } from './views/page.tsx';
import { SettingsView, type Flash } from './views/settings.tsx';
import { textOf } from './words.ts';

declare module '@fastify/secure-session' {
  interface SessionData {
    user: SessionUser;
    grant: Grant;
    /** The login under way: the state Discord must send back, and where to go afterwards. */
    login: { state: string; returnTo: string };
    flash: Flash;
  }
}

/** What the dashboard's routes use. */
export interface WebDeps {
  config: WebConfig;
  db: Kysely<Database>;
  discord: DiscordOAuth;
  access: MemberAccess;
  requests: CommandRequests;
  metrics: WebMetrics;
  log: Logger;
}

/** Rows per leaderboard page. */
export const BoardPageSize = 50;

/**
 * How long a member's own rank, shown above every board they view, is kept: counting the members above someone low
 * on a 300,000-member board takes tens of milliseconds, and a rank a few seconds old reads as well as a fresh one
 * ("Show me" always counts afresh).
 */
const StandingTtlMs = 30_000;

const Boards = ['levels', 'karma', 'coins'] as const satisfies readonly Board[];

/** Every permission, which Discord gives a guild's owner whatever their roles say. */
const AllPermissions = Object.values(PermissionFlagsBits).reduce((all, bit) => all | bit, 0n);

/** A page that could not be shown, and which error page says why. */
class PageError extends Error {
  constructor(
    readonly status: number,
    readonly kind: ErrorKind,
    readonly guild?: { id: string; name: string },
  ) {
    super(kind);
  }
}

const notFound = () => new PageError(404, 'notFound');

/**
 * The dashboard's HTTP server: server-rendered pages (no script), sessions in an encrypted HttpOnly SameSite=Lax
 * cookie, a CSRF token on every form, rate limits on logins, writes and pages, and every guild page authorised
 * against the member's current Discord permissions (MemberAccess). A guild a reader may not see is answered exactly
 * as a guild that does not exist.
 */
export async function buildServer(deps: WebDeps) {
  const { config, db, discord, access, requests, metrics } = deps;
  const standings = new LRUCache<string, { standing: BoardStanding | null }>({ max: 20_000, ttl: StandingTtlMs });
  const https = config.WEB_PUBLIC_URL.startsWith('https://');
  const app = Fastify({
    loggerInstance: deps.log,
    // A line per request would be noise; metrics count them, and failures are logged where they are handled.
    logController: new LogController({ disableRequestLogging: true }),
    trustProxy: trustProxyOf(config.WEB_TRUST_PROXY),
    // Snowflakes, cursors and form fields are small; nothing legitimate sends more.
    bodyLimit: 16 * 1024,
  });

  await app.register(fastifyHelmet, {
    contentSecurityPolicy: {
      directives: {
        defaultSrc: ["'self'"],
        imgSrc: ["'self'", 'data:', 'https://cdn.discordapp.com'],
        scriptSrc: ["'none'"],
        styleSrc: ["'self'"],
        formAction: ["'self'"],
        frameAncestors: ["'none'"],
        // Over plain http (a laptop's playground) upgrading would break every stylesheet.
        upgradeInsecureRequests: https ? [] : null,
      },
    },
    strictTransportSecurity: https,
  });
  await app.register(fastifyFormbody);
  await app.register(fastifySecureSession, {
    key: Buffer.from(config.WEB_SESSION_SECRET, 'hex'),
    cookieName: 'guildhall_session',
    expiry: 7 * 86_400,
    // Secure even on a laptop's http://127.0.0.1: browsers keep secure cookies for loopback addresses.
    cookie: { path: '/', httpOnly: true, sameSite: 'lax', secure: true },
  });
  await app.register(fastifyCsrf, {
    sessionPlugin: '@fastify/secure-session',
    getToken: (req) => {
      const body = req.body as { _csrf?: unknown } | undefined;
      return typeof body?._csrf === 'string' ? body._csrf : undefined;
    },
  });
  await app.register(fastifyRateLimit, { global: false });
  await app.register(fastifyStatic, {
    root: fileURLToPath(new URL('../public/', import.meta.url)),
    prefix: '/static/',
    maxAge: 3_600_000,
  });

  // The server's own time for the response (browser devtools show it; the leaderboard bench reads it).
  app.addHook('onSend', async (_req, reply, payload) => {
    reply.header('server-timing', `app;dur=${reply.elapsedTime.toFixed(2)}`);
    return payload;
  });
  app.addHook('onResponse', async (req, reply) => {
    const route = req.routeOptions.url ?? 'unmatched';
    metrics.requests.inc({ route, status: String(reply.statusCode) });
    metrics.requestSeconds.observe({ route }, reply.elapsedTime / 1000);
  });

  // ---- who is reading -----------------------------------------------------------------------------------------

  /** The logged-in member and their grant, or null (an expired grant logs them out). */
  function member(req: FastifyRequest): { user: SessionUser; grant: Grant } | null {
    const user = req.session.get('user');
    const grant = req.session.get('grant');
    if (!user || !grant) return null;
    if (grant.expiresAt <= Date.now()) {
      req.session.delete();
      return null;
    }
    return { user, grant };
  }

  async function context(req: FastifyRequest, reply: FastifyReply): Promise<PageContext> {
    const who = member(req);
    return {
      text: textOf(who?.user.locale, req.headers['accept-language']),
      user: who?.user ?? null,
      csrf: who ? await reply.generateCsrf() : null,
      path: req.url,
    };
  }

  /** The member's guilds with their permissions, fresh within the TTL; null when not logged in (or logged out now). */
  async function memberGuilds(req: FastifyRequest): Promise<Map<string, MemberGuild> | null> {
    const who = member(req);
    if (!who) return null;
    try {
      return await access.guilds(who.user.id, who.grant);
    } catch (err) {
      if (err instanceof TokenRevokedError) {
        access.forget(who.user.id);
        req.session.delete();
        return null;
      }
      if (err instanceof DiscordUnavailableError) throw new PageError(503, 'unavailable');
      throw err;
    }
  }

  /**
   * A guild the reader may see: Guildhall is in it, and its pages are public or the reader is a member. Anything
   * else is "not found", whether the guild exists or not.
   */
  async function guildFor(
    req: FastifyRequest,
    guildId: string,
  ): Promise<{ view: GuildView; membership: MemberGuild | undefined }> {
    if (!/^\d{1,20}$/.test(guildId)) throw notFound();
    const [guild, guilds] = await Promise.all([guildPageFacts(db, guildId), memberGuilds(req)]);
    const membership = guilds?.get(guildId);
    if (!guild || (!guild.publicPages && !membership)) throw notFound();
    return { membership, view: { guild, canManage: membership ? canManage(membership) : false } };
  }

  /** The same, with the guild's roles and channels as the bot last saw them (pages that name them). */
  async function directoryFor(req: FastifyRequest, guildId: string) {
    const [found, directory] = await Promise.all([guildFor(req, guildId), presentGuild(db, guildId)]);
    if (!directory) throw notFound();
    const view: DirectoryView = { ...found.view, directory };
    return { ...found, view };
  }

  /** A guild the reader may change the settings of; anyone else is refused (members) or not told it exists. */
  async function managedGuild(req: FastifyRequest, guildId: string) {
    const found = await directoryFor(req, guildId);
    if (!found.membership) throw notFound();
    if (!found.view.canManage) throw new PageError(403, 'forbidden', { id: guildId, name: found.view.guild.name });
    return { ...found, membership: found.membership };
  }

  async function render(req: FastifyRequest, reply: FastifyReply, page: (ctx: PageContext) => VNode): Promise<string> {
    const ctx = await context(req, reply);
    reply.type('text/html; charset=utf-8').header('cache-control', 'private, no-store');
    return html(page(ctx));
  }

  // ---- errors -------------------------------------------------------------------------------------------------

  app.setNotFoundHandler(async (req, reply) => {
    reply.code(404);
    return render(req, reply, (ctx) => ErrorView({ ctx, kind: 'notFound' }));
  });

  app.setErrorHandler(async (err: unknown, req, reply) => {
    const status = (err as { statusCode?: number }).statusCode;
    let page: PageError;
    if (err instanceof PageError) page = err;
    else if (status === 429) page = new PageError(429, 'rateLimited');
    else if (status === 403 && (err as { code?: string }).code?.startsWith('FST_CSRF'))
      page = new PageError(403, 'csrf');
    else if (status !== undefined && status >= 400 && status < 500) page = new PageError(status, 'notFound');
    else {
      req.log.error({ err, url: req.url }, 'a page failed');
      page = new PageError(500, 'error');
    }
    reply.code(page.status);
    return render(req, reply, (ctx) => ErrorView({ ctx, kind: page.kind, ...(page.guild && { guild: page.guild }) }));
  });

  const pageLimit = { rateLimit: { max: config.WEB_PAGE_RATE_PER_MINUTE, timeWindow: 60_000 } };
  const loginLimit = { rateLimit: { max: config.WEB_LOGIN_RATE_PER_MINUTE, timeWindow: 60_000 } };
  const writeLimit = {
    rateLimit: {
      max: config.WEB_WRITE_RATE_PER_MINUTE,
      timeWindow: 60_000,
      // Per member (the session decodes before rate limiting), so members behind one address do not share it.
      keyGenerator: (req: FastifyRequest) => req.session.get('user')?.id ?? req.ip,
    },
  };

  // ---- login --------------------------------------------------------------------------------------------------

  app.get<{ Querystring: { returnTo?: string } }>('/login', { config: loginLimit }, async (req, reply) => {
    const state = randomBytes(24).toString('base64url');
    req.session.set('login', { state, returnTo: safeReturn(req.query.returnTo) });
    return reply.redirect(discord.authorizeUrl(state));
  });

  app.get<{ Querystring: { code?: string; state?: string; error?: string } }>(
    '/auth/callback',
    { config: loginLimit },
    async (req, reply) => {
      const login = req.session.get('login');
      req.session.set('login', undefined);
      const { code, state, error } = req.query;
      if (!login || !state || !sameText(state, login.state)) {
        metrics.logins.inc({ outcome: 'bad_state' });
        throw new PageError(400, 'loginFailed');
      }
      // The member said no on Discord's page: back where they were, still logged out.
      if (error || !code) return reply.redirect(login.returnTo);
      let grant: Grant;
      let user: SessionUser;
      try {
        grant = await discord.exchange(code);
        user = await discord.user(grant);
      } catch (err) {
        metrics.logins.inc({ outcome: 'failed' });
        if (err instanceof DiscordUnavailableError) throw new PageError(503, 'unavailable');
        if (err instanceof DiscordRefusedError || err instanceof TokenRevokedError)
          throw new PageError(400, 'loginFailed');
        throw err;
      }
      // A new session for the logged-in member: nothing of the anonymous one (its CSRF secret) carries over.
      req.session.regenerate();
      req.session.set('user', user);
      req.session.set('grant', grant);
      access.forget(user.id);
      metrics.logins.inc({ outcome: 'ok' });
      return reply.redirect(login.returnTo);
    },
  );

  app.post('/logout', { preHandler: app.csrfProtection }, async (req, reply) => {
    const who = member(req);
    if (who) access.forget(who.user.id);
    req.session.delete();
    return reply.redirect('/', 303);
  });

  // ---- pages --------------------------------------------------------------------------------------------------

  app.get('/', { config: pageLimit }, async (req, reply) => {
    const guilds = await memberGuilds(req);
    if (!guilds) return render(req, reply, (ctx) => HomeView({ ctx, guilds: null }));
    const present = await presentGuilds(db, [...guilds.keys()]);
    const list = [...present.values()]
      .map((g) => ({
        id: g.guildId,
        name: g.name,
        icon: g.icon,
        memberCount: g.memberCount,
        canManage: canManage(guilds.get(g.guildId) as MemberGuild),
      }))
      .sort((a, b) => a.name.localeCompare(b.name));
    return render(req, reply, (ctx) => HomeView({ ctx, guilds: list }));
  });

  app.get<{ Params: { guildId: string } }>('/g/:guildId', { config: pageLimit }, async (req, reply) => {
    await guildFor(req, req.params.guildId);
    return reply.redirect(`/g/${req.params.guildId}/levels`);
  });

  app.get<{ Params: { guildId: string; board: string }; Querystring: { after?: string; me?: string } }>(
    '/g/:guildId/:board',
    { config: pageLimit },
    async (req, reply) => {
      const board = Boards.find((b) => b === req.params.board);
      if (!board) throw notFound();
      const { view, membership } = await guildFor(req, req.params.guildId);
      const { guildId } = view.guild;
      const reader = membership ? member(req)?.user.id : undefined;
      const standingOf = async (fresh: boolean) => {
        if (!reader) return undefined;
        const key = `${guildId}:${board}:${reader}`;
        const cached = fresh ? undefined : standings.get(key);
        if (cached) return cached.standing;
        const standing = await leaderboardStanding(db, guildId, board, reader);
        standings.set(key, { standing });
        return standing;
      };
      const economyOf = () => (board === 'coins' ? getEconomySettings(db, guildId) : Promise.resolve(undefined));
      // "Show me" needs the reader's standing first; otherwise everything is read side by side.
      const standing = req.query.me ? await standingOf(true) : undefined;
      const after = req.query.me ? (standing?.from ?? null) : decodeCursor(req.query.after);
      const [page, economy, ownStanding] = await Promise.all([
        leaderboardPage(db, guildId, board, after, BoardPageSize),
        economyOf(),
        req.query.me ? standing : standingOf(false),
      ]);
      const base = `/g/${guildId}/${board}`;
      return render(req, reply, (ctx) =>
        BoardPageView({
          ctx,
          view: {
            ...view,
            board,
            page,
            standing: ownStanding,
            nextHref: page.next ? `${base}?after=${encodeCursor(page.next)}` : null,
            later: after !== null,
            currency: { name: economy?.currencyName ?? '', symbol: economy?.currencySymbol ?? '' },
            highlight: reader ?? null,
          },
        }),
      );
    },
  );

  app.get<{ Params: { guildId: string } }>('/g/:guildId/about', { config: pageLimit }, async (req, reply) => {
    const { view } = await directoryFor(req, req.params.guildId);
    const state = await loadSettings(db, view.guild.guildId);
    return render(req, reply, (ctx) => AboutView({ ctx, view, s: state }));
  });

  // ---- settings -----------------------------------------------------------------------------------------------

  app.get<{ Params: { guildId: string } }>('/g/:guildId/settings', { config: pageLimit }, async (req, reply) => {
    if (!member(req)) return reply.redirect(`/login?returnTo=${encodeURIComponent(req.url)}`);
    await managedGuild(req, req.params.guildId);
    return reply.redirect(`/g/${req.params.guildId}/settings/${Sections[0]}`);
  });

  app.get<{ Params: { guildId: string; section: string } }>(
    '/g/:guildId/settings/:section',
    { config: pageLimit },
    async (req, reply) => {
      if (!member(req)) return reply.redirect(`/login?returnTo=${encodeURIComponent(req.url)}`);
      const section = sectionOf(req.params.section);
      const { view } = await managedGuild(req, req.params.guildId);
      const state = await loadSettings(db, view.guild.guildId);
      const flash = req.session.get('flash') ?? null;
      req.session.set('flash', undefined);
      return render(req, reply, (ctx) => SettingsView({ ctx, view, section, state, flash }));
    },
  );

  app.post<{ Params: { guildId: string; section: string; form: string }; Body: Record<string, unknown> }>(
    '/g/:guildId/settings/:section/:form',
    { config: writeLimit, preHandler: app.csrfProtection },
    async (req, reply) => {
      const who = member(req);
      if (!who) throw new PageError(403, 'csrf');
      const section = sectionOf(req.params.section);
      const form = formOf(section, req.params.form);
      if (!form) throw notFound();
      const { view, membership } = await managedGuild(req, req.params.guildId);
      const guild = view.directory;
      const stored = form.mode === 'patch' ? form.current?.(await loadSettings(db, guild.guildId)) : undefined;
      const options = optionsFromForm(form, req.body ?? {}, stored);
      const back = `/g/${guild.guildId}/settings/${section}#${form.id}`;
      if (form.mode === 'patch' && Object.keys(options).length === 0) {
        metrics.settingsChanges.inc({ outcome: 'unchanged' });
        req.session.set('flash', { form: form.id, kind: 'nothing' });
        return reply.redirect(back, 303);
      }
      const roles = Object.fromEntries(
        Object.values(options).flatMap((value) => {
          const role = guild.roles.find((r) => r.id === value);
          return role
            ? [[role.id, { position: role.position, managed: role.managed, permissions: role.permissions }]]
            : [];
        }),
      );
      const outcome = await requests.invoke({
        guildId: guild.guildId,
        actor: {
          id: who.user.id,
          displayName: who.user.name.slice(0, 100),
          bot: false,
          roleIds: [],
          permissions: (membership.owner ? AllPermissions : membership.permissions).toString(),
        },
        command: { name: form.command.name, group: null, subcommand: form.subcommand, options },
        users: {},
        roles,
        guildOwnerId: guild.ownerId,
        botUserId: guild.botUserId,
        botHighestRolePosition: guild.botHighestRolePosition,
      });
      metrics.settingsChanges.inc({ outcome: outcome.kind });
      req.session.set(
        'flash',
        outcome.kind === 'refused'
          ? { form: form.id, kind: 'refused', reason: outcome.reason }
          : { form: form.id, kind: outcome.kind === 'applied' ? 'saved' : 'pending' },
      );
      // Post/redirect/get: the page the member lands on reads back what core stored.
      return reply.redirect(back, 303);
    },
  );

  return app;
}

function sectionOf(name: string): SectionId {
  const section = Sections.find((s) => s === name);
  if (!section) throw notFound();
  return section;
}

/** Where to go after logging in: a path of this site only (never another host). */
function safeReturn(returnTo: string | undefined): string {
  return returnTo && /^\/(?![/\\])/.test(returnTo) ? returnTo : '/';
}

/** Compares two strings in constant time (the login state). */
function sameText(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}
