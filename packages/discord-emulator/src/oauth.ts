import { randomBytes } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { OAuth2Scopes, type RESTGetAPICurrentUserGuildsResult } from 'discord-api-types/v10';
import type { Model } from './model.ts';
import { memberPermissions } from './permissions.ts';

/**
 * Discord's OAuth2 authorization-code flow, as a web app meets it: `GET /oauth2/authorize` (a consent page listing
 * the emulator's people, any of whom can log in: the emulator has no passwords), `POST /api/v10/oauth2/token`, and
 * the two user endpoints a bearer token reads, `GET /api/v10/users/@me` (scope identify) and
 * `GET /api/v10/users/@me/guilds` (scope guilds, with the member's computed permissions). Validated as Discord does:
 * a registered client and an exactly registered redirect URI; a code works once, for 10 minutes, with the redirect
 * URI it was issued for and the client's secret; a token works until it expires or is revoked, for its scopes only.
 */

/** A registered OAuth2 application. */
export interface OAuthApp {
  clientId: string;
  clientSecret: string;
  redirectUris: string[];
}

interface Code {
  clientId: string;
  userId: string;
  scopes: string[];
  redirectUri: string;
  expiresAt: number;
}

interface Token {
  clientId: string;
  userId: string;
  scopes: string[];
  expiresAt: number;
}

/** Scopes the emulator knows; any other is refused at authorize time, as Discord does. */
const KnownScopes = new Set<string>(Object.values(OAuth2Scopes));

/** A week, Discord's access-token lifetime. */
const TokenLifetimeSeconds = 604_800;

/** The OAuth2 side of the emulator. */
export class OAuthServer {
  private readonly apps = new Map<string, OAuthApp>();
  private readonly codes = new Map<string, Code>();
  private readonly tokens = new Map<string, Token>();

  constructor(private readonly model: Model) {}

  /** Registers an application (its client id, secret and redirect URIs), as the Developer Portal does. */
  register(app: OAuthApp): void {
    this.apps.set(app.clientId, app);
  }

  /** Revokes every token a user granted (as "Deauthorize" in Discord's settings does). */
  revoke(userId: string): void {
    for (const [token, grant] of this.tokens) if (grant.userId === userId) this.tokens.delete(token);
  }

  /** Answers the request if it is an OAuth2 one; false when it is not (the REST API takes it). */
  async handle(req: IncomingMessage, res: ServerResponse, url: URL): Promise<boolean> {
    const method = req.method ?? 'GET';
    const path = url.pathname;
    if (path === '/oauth2/authorize' && method === 'GET') return (this.consentPage(res, url.searchParams), true);
    if (path === '/oauth2/authorize' && method === 'POST') return (this.decide(res, await readForm(req)), true);
    const api = /^\/api(?:\/v\d+)?(\/.*)$/.exec(path)?.[1];
    if (api === '/oauth2/token' && method === 'POST') return (this.token(req, res, await readForm(req)), true);
    const bearer = /^Bearer\s+(.+)$/i.exec(req.headers.authorization ?? '')?.[1];
    if (bearer === undefined || method !== 'GET') return false;
    if (api === '/users/@me') return (this.me(res, bearer), true);
    if (api === '/users/@me/guilds') return (this.guilds(res, bearer), true);
    return false;
  }

  /** Why an authorize request is refused, or the app and scopes it asks for. */
  private check(q: URLSearchParams): { error: string } | { app: OAuthApp; scopes: string[]; redirectUri: string } {
    const app = this.apps.get(q.get('client_id') ?? '');
    if (!app) return { error: 'Unknown application (client_id).' };
    const redirectUri = q.get('redirect_uri') ?? '';
    if (!app.redirectUris.includes(redirectUri)) return { error: 'Invalid OAuth2 redirect_uri.' };
    if (q.get('response_type') !== 'code') return { error: 'Unsupported response_type: only code is.' };
    const scopes = (q.get('scope') ?? '').split(/\s+/).filter(Boolean);
    const unknown = scopes.filter((s) => !KnownScopes.has(s));
    if (scopes.length === 0 || unknown.length > 0) return { error: `Invalid scope: ${unknown.join(' ') || '(none)'}` };
    return { app, scopes, redirectUri };
  }

  private consentPage(res: ServerResponse, q: URLSearchParams): void {
    const checked = this.check(q);
    if ('error' in checked) return page(res, 400, 'Cannot authorize', `<p class="error">${escape(checked.error)}</p>`);
    const bot = this.model.botByApplication(checked.app.clientId);
    const appName = bot ? this.model.user(bot.userId).username : `Application ${checked.app.clientId}`;
    const hidden = ['client_id', 'redirect_uri', 'response_type', 'scope', 'state']
      .map((k) => `<input type="hidden" name="${k}" value="${escape(q.get(k) ?? '')}">`)
      .join('');
    const people = [...this.model.users.values()]
      .filter((u) => !u.bot && this.model.guildsOf(u.id).length > 0)
      .map((u) => {
        const guilds = this.model.guildsOf(u.id).map((g) => g.name);
        return `<li><button name="user_id" value="${u.id}" data-testid="oauth-user" data-username="${escape(u.username)}">
          <span class="avatar">${escape(u.username.slice(0, 1).toUpperCase())}</span>
          <span><strong>${escape(u.globalName ?? u.username)}</strong> <small>@${escape(u.username)} · ${escape(guilds.join(', '))}</small></span>
        </button></li>`;
      })
      .join('');
    const scopes = checked.scopes.map((s) => `<li>${escape(scopeText(s))}</li>`).join('');
    page(
      res,
      200,
      `${appName} wants to access your account`,
      `<p><strong>${escape(appName)}</strong> wants to:</p><ul class="scopes">${scopes}</ul>
       <p class="muted">This is the Discord emulator: pick who you are.</p>
       <form method="post" action="/oauth2/authorize">${hidden}<ul class="people">${people}</ul>
       <button class="cancel" name="decision" value="cancel" data-testid="oauth-cancel">Cancel</button></form>`,
    );
  }

  private decide(res: ServerResponse, form: URLSearchParams): void {
    const checked = this.check(form);
    if ('error' in checked) return page(res, 400, 'Cannot authorize', `<p class="error">${escape(checked.error)}</p>`);
    const back = new URL(checked.redirectUri);
    const state = form.get('state');
    if (state !== null) back.searchParams.set('state', state);
    const userId = form.get('user_id') ?? '';
    if (form.get('decision') === 'cancel' || !this.model.users.has(userId)) {
      back.searchParams.set('error', 'access_denied');
      back.searchParams.set('error_description', 'The resource owner or authorization server denied the request');
    } else {
      const code = randomBytes(15).toString('base64url');
      this.codes.set(code, {
        clientId: checked.app.clientId,
        userId,
        scopes: checked.scopes,
        redirectUri: checked.redirectUri,
        expiresAt: Date.now() + 10 * 60_000,
      });
      back.searchParams.set('code', code);
    }
    res.writeHead(302, { location: back.toString() }).end();
  }

  private token(req: IncomingMessage, res: ServerResponse, form: URLSearchParams): void {
    const basic = /^Basic\s+(.+)$/i.exec(req.headers.authorization ?? '')?.[1];
    const [id, secret] = basic
      ? Buffer.from(basic, 'base64').toString('utf8').split(':')
      : [form.get('client_id'), form.get('client_secret')];
    const app = this.apps.get(id ?? '');
    if (!app || app.clientSecret !== secret) return json(res, 401, { error: 'invalid_client' });
    if (form.get('grant_type') !== 'authorization_code') return json(res, 400, { error: 'unsupported_grant_type' });
    const codeText = form.get('code') ?? '';
    const code = this.codes.get(codeText);
    // Used once: a second exchange of the same code fails, as it does on Discord.
    this.codes.delete(codeText);
    if (!code || code.clientId !== app.clientId || code.expiresAt < Date.now())
      return json(res, 400, { error: 'invalid_grant', error_description: 'Invalid "code" in request.' });
    if (form.get('redirect_uri') !== code.redirectUri)
      return json(res, 400, { error: 'invalid_grant', error_description: 'Invalid "redirect_uri" in request.' });
    const access = randomBytes(20).toString('base64url');
    this.tokens.set(access, {
      clientId: app.clientId,
      userId: code.userId,
      scopes: code.scopes,
      expiresAt: Date.now() + TokenLifetimeSeconds * 1000,
    });
    json(res, 200, {
      access_token: access,
      token_type: 'Bearer',
      expires_in: TokenLifetimeSeconds,
      refresh_token: randomBytes(20).toString('base64url'),
      scope: code.scopes.join(' '),
    });
  }

  /** The grant behind a bearer token with `scope`, or null after answering 401. */
  private grant(res: ServerResponse, bearer: string, scope: string): Token | null {
    const token = this.tokens.get(bearer);
    if (!token || token.expiresAt < Date.now() || !token.scopes.includes(scope)) {
      json(res, 401, { message: '401: Unauthorized', code: 0 });
      return null;
    }
    return token;
  }

  private me(res: ServerResponse, bearer: string): void {
    const token = this.grant(res, bearer, OAuth2Scopes.Identify);
    if (!token) return;
    const user = this.model.user(token.userId);
    json(res, 200, { ...this.model.userJSON(user.id), locale: user.locale, mfa_enabled: false, flags: 0 });
  }

  private guilds(res: ServerResponse, bearer: string): void {
    const token = this.grant(res, bearer, OAuth2Scopes.Guilds);
    if (!token) return;
    const body: RESTGetAPICurrentUserGuildsResult = this.model.guildsOf(token.userId).map((g) => ({
      id: g.id,
      name: g.name,
      icon: null,
      banner: null,
      owner: g.ownerId === token.userId,
      permissions: memberPermissions(this.model, g.id, token.userId).toString(),
      features: [],
    }));
    json(res, 200, body);
  }
}

function scopeText(scope: string): string {
  if (scope === OAuth2Scopes.Identify) return 'Access your username, avatar and language';
  if (scope === OAuth2Scopes.Guilds) return 'Know what servers you are in (and your permissions there)';
  return scope;
}

async function readForm(req: IncomingMessage): Promise<URLSearchParams> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return new URLSearchParams(Buffer.concat(chunks).toString('utf8'));
}

function json(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
}

function escape(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

function page(res: ServerResponse, status: number, title: string, body: string): void {
  res.writeHead(status, { 'content-type': 'text/html; charset=utf-8' }).end(`<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escape(title)}</title><style>*{box-sizing:border-box}
body{margin:0;min-height:100vh;display:grid;place-items:center;background:#5865f2;font:16px/1.5 system-ui,sans-serif;color:#dbdee1}
main{background:#313338;border-radius:12px;padding:28px;width:min(440px,calc(100vw - 24px));box-shadow:0 8px 32px #0006}
h1{color:#f2f3f5;font-size:1.3rem;margin:0 0 12px}.muted,small{color:#949ba4}.error{color:#fa777c}
ul{padding-left:20px}.people{list-style:none;padding:0;display:grid;gap:8px}
.people button{display:flex;gap:12px;align-items:center;width:100%;text-align:left;padding:10px;border:0;border-radius:8px;background:#2b2d31;color:inherit;font:inherit;cursor:pointer}
.people button:hover,.people button:focus{background:#404249}
.avatar{display:inline-grid;place-items:center;width:36px;height:36px;border-radius:50%;background:#5865f2;color:#fff;font-weight:700;flex:none}
.cancel{margin-top:12px;background:none;border:0;color:#dbdee1;font:inherit;cursor:pointer;text-decoration:underline}
</style></head><body><main><h1>${escape(title)}</h1>${body}</main></body></html>`);
}
