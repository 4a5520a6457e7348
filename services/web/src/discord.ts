import {
  OAuth2Scopes,
  type RESTGetAPICurrentUserGuildsResult,
  type RESTGetAPICurrentUserResult,
  type RESTPostOAuth2AccessTokenResult,
} from 'discord-api-types/v10';

/** The scopes the dashboard asks for: who the member is, and which guilds they are in with what permissions. */
export const Scopes = [OAuth2Scopes.Identify, OAuth2Scopes.Guilds] as const;

/** Discord answered 401: the member's token is no longer valid (revoked, expired). */
export class TokenRevokedError extends Error {
  override readonly name = 'TokenRevokedError';
}

/** Discord could not answer now (429, 5xx, unreachable); the request may succeed later. */
export class DiscordUnavailableError extends Error {
  override readonly name = 'DiscordUnavailableError';
}

/** Discord refused the request for good (a used or wrong code, a bad client secret). */
export class DiscordRefusedError extends Error {
  override readonly name = 'DiscordRefusedError';
}

/** The member as the dashboard keeps them. */
export interface DiscordUser {
  id: string;
  name: string;
  avatar: string | null;
  locale: string | null;
}

/** One guild of the member's, with their permissions there. */
export interface MemberGuild {
  id: string;
  name: string;
  icon: string | null;
  owner: boolean;
  /** The member's guild-level permissions (Discord computes them, owner and Administrator included). */
  permissions: bigint;
}

/** A token the member granted. */
export interface Grant {
  accessToken: string;
  /** Epoch milliseconds. */
  expiresAt: number;
}

/** Where Discord lives for the dashboard, and who the dashboard is. */
export interface OAuthClientOptions {
  apiBase: string;
  authorizeUrl: string;
  clientId: string;
  clientSecret: string;
  redirectUri: string;
}

/** Discord's OAuth2 authorization-code flow and the two user endpoints the dashboard reads. */
export class DiscordOAuth {
  constructor(private readonly o: OAuthClientOptions) {}

  /** Where to send the member to log in; `state` comes back with the code and must match. */
  authorizeUrl(state: string): string {
    const url = new URL(this.o.authorizeUrl);
    url.search = new URLSearchParams({
      response_type: 'code',
      client_id: this.o.clientId,
      scope: Scopes.join(' '),
      state,
      redirect_uri: this.o.redirectUri,
      prompt: 'none',
    }).toString();
    return url.toString();
  }

  /** Trades the code Discord sent back for an access token. */
  async exchange(code: string): Promise<Grant> {
    const res = await this.call(`${this.o.apiBase}/v10/oauth2/token`, {
      method: 'POST',
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        authorization: `Basic ${Buffer.from(`${this.o.clientId}:${this.o.clientSecret}`).toString('base64')}`,
      },
      body: new URLSearchParams({ grant_type: 'authorization_code', code, redirect_uri: this.o.redirectUri }),
    });
    const body = (await res.json()) as RESTPostOAuth2AccessTokenResult;
    const granted = new Set(body.scope.split(' '));
    if (!Scopes.every((s) => granted.has(s))) throw new DiscordRefusedError('the member did not grant every scope');
    return { accessToken: body.access_token, expiresAt: Date.now() + body.expires_in * 1000 };
  }

  /** The member behind a token. */
  async user(grant: Grant): Promise<DiscordUser> {
    const res = await this.call(`${this.o.apiBase}/v10/users/@me`, { headers: bearer(grant) });
    const u = (await res.json()) as RESTGetAPICurrentUserResult;
    return { id: u.id, name: u.global_name ?? u.username, avatar: u.avatar, locale: u.locale ?? null };
  }

  /** The member's guilds (at most 200: Discord's page size, enough for any member), with their permissions. */
  async guilds(grant: Grant): Promise<MemberGuild[]> {
    const res = await this.call(`${this.o.apiBase}/v10/users/@me/guilds`, { headers: bearer(grant) });
    const guilds = (await res.json()) as RESTGetAPICurrentUserGuildsResult;
    return guilds.map((g) => ({
      id: g.id,
      name: g.name,
      icon: g.icon,
      owner: g.owner,
      permissions: BigInt(g.permissions),
    }));
  }

  private async call(url: string, init: RequestInit): Promise<Response> {
    let res: Response;
    try {
      res = await fetch(url, { ...init, signal: AbortSignal.timeout(10_000) });
    } catch (err) {
      throw new DiscordUnavailableError(`Discord is unreachable: ${(err as Error).message}`);
    }
    if (res.ok) return res;
    const detail = `${res.status} from ${new URL(url).pathname}`;
    if (res.status === 401) throw new TokenRevokedError(detail);
    if (res.status === 429 || res.status >= 500) throw new DiscordUnavailableError(detail);
    throw new DiscordRefusedError(detail);
  }
}

function bearer(grant: Grant): Record<string, string> {
  return { authorization: `Bearer ${grant.accessToken}` };
}
