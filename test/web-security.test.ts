import { getEconomySettings, presentGuild, createDatabase, type Database, type Kysely } from '@guildhall/db';
import { Locale, PermissionFlagsBits } from 'discord-api-types/v10';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { Stack } from './harness/stack.ts';

// The dashboard's security, over plain HTTP as a browser (or an attacker) speaks it: the login's state, sessions,
// CSRF tokens, authorization against the member's current Discord permissions, rate limits, and no page that tells
// someone without access anything about a guild. The browser test (web.test.ts) drives the same as a person would.
let stack: Stack;
let base: string;
let db: Kysely<Database>;
/** A guild where Guildhall is, owned by bob; nobody else of the playground is in it. */
let otherGuild: string;

/** A client with a cookie jar that follows nothing by itself, so each redirect is seen. */
class Client {
  private readonly jar = new Map<string, string>();
  /** The Set-Cookie headers of the last response. */
  lastCookies: string[] = [];

  async fetch(url: string, init: RequestInit = {}): Promise<Response> {
    const absolute = url.startsWith('http') ? url : `${base}${url}`;
    const headers = new Headers(init.headers);
    if (absolute.startsWith(base) && this.jar.size > 0)
      headers.set('cookie', [...this.jar].map(([k, v]) => `${k}=${v}`).join('; '));
    const res = await fetch(absolute, { ...init, headers, redirect: 'manual' });
    this.lastCookies = res.headers.getSetCookie();
    for (const c of this.lastCookies) {
      const [pair] = c.split(';');
      const at = pair?.indexOf('=') ?? -1;
      if (pair && at > 0) this.jar.set(pair.slice(0, at), pair.slice(at + 1));
    }
    return res;
  }

  /** Follows redirects (through the emulator too) until a page answers. */
  async follow(url: string, init: RequestInit = {}): Promise<Response> {
    let res = await this.fetch(url, init);
    for (let hops = 0; res.status >= 300 && res.status < 400 && hops < 10; hops++)
      res = await this.fetch(new URL(res.headers.get('location') ?? '/', `${base}/`).toString());
    return res;
  }

  /**
   * Logs in as a playground member through the emulator's consent page; returns the callback's answer (a redirect
   * to where the member was going).
   */
  async login(userId: string, returnTo = '/'): Promise<Response> {
    const toDiscord = await this.fetch(`/login?returnTo=${encodeURIComponent(returnTo)}`);
    const authorize = new URL(toDiscord.headers.get('location') ?? '');
    const consent = await fetch(`${authorize.origin}/oauth2/authorize`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ ...Object.fromEntries(authorize.searchParams), user_id: userId }),
      redirect: 'manual',
    });
    return this.fetch(consent.headers.get('location') ?? '');
  }

  /** The CSRF token of a page's forms. */
  async csrf(path: string): Promise<string> {
    const html = await (await this.fetch(path)).text();
    const token = /name="_csrf" value="([^"]+)"/.exec(html)?.[1];
    if (!token) throw new Error(`no form token on ${path}`);
    return token;
  }

  post(path: string, form: Record<string, string>): Promise<Response> {
    return this.fetch(path, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams(form),
    });
  }
}

beforeAll(async () => {
  stack = await Stack.create();
  await stack.startCore();
  await stack.startBot();
  const web = await stack.startWeb({ WEB_LOGIN_RATE_PER_MINUTE: '60', WEB_PERMISSIONS_TTL_SECONDS: '1' });
  base = web.url;
  db = createDatabase(stack.scratchDb.url, { poolSize: 2 });
  const { users } = stack.seed;
  otherGuild = stack.emu.createGuild({ name: 'Bob’s Other Place', ownerId: users.bob.id }).id;
  stack.emu.addMember(otherGuild, stack.bot.userId);
  // The bot tells core about both guilds (gateway.guild.synced): the dashboard lists only what is there.
  await vi.waitFor(
    async () => {
      for (const id of [otherGuild, stack.seed.guildId]) if (!(await presentGuild(db, id))) throw new Error(id);
    },
    { timeout: 20_000, interval: 100 },
  );
});
afterAll(async () => {
  await db?.destroy();
  await stack?.close();
});

describe('logging in', () => {
  it('keeps the session in a Secure, HttpOnly, SameSite=Lax cookie, and lands where the member was going', async () => {
    const alice = new Client();
    const back = await alice.login(stack.seed.users.alice.id, `/g/${stack.seed.guildId}/levels`);
    expect(back.headers.get('location')).toBe(`/g/${stack.seed.guildId}/levels`);
    const landed = await alice.follow(back.headers.get('location') ?? '');
    expect(landed.status).toBe(200);
    expect(await landed.text()).toContain('data-testid="me"');
    const fresh = new Client();
    await fresh.fetch('/login');
    expect(fresh.lastCookies[0]).toMatch(/^guildhall_session=[^;]+;.*HttpOnly/);
    expect(fresh.lastCookies[0]).toMatch(/; Secure/);
    expect(fresh.lastCookies[0]).toMatch(/; SameSite=Lax/);
  });

  it('refuses a callback whose state is not the one this browser was given', async () => {
    const victim = new Client();
    const toDiscord = await victim.fetch('/login');
    const state = new URL(toDiscord.headers.get('location') ?? '').searchParams.get('state');
    expect(state).toMatch(/^[\w-]{32}$/);
    // An attacker's own code and state, fed to the victim's browser (login CSRF): refused.
    const attacker = new Client();
    const theirs = new URL((await attacker.fetch('/login')).headers.get('location') ?? '');
    const forged = await victim.fetch(`/auth/callback?code=whatever&state=${theirs.searchParams.get('state')}`);
    expect(forged.status).toBe(400);
    expect(await forged.text()).toContain('data-testid="error-loginFailed"');
    // Without a login under way at all: refused too.
    const none = await new Client().fetch(`/auth/callback?code=x&state=${state}`);
    expect(none.status).toBe(400);
  });

  it('sends back only to this site after login', async () => {
    for (const elsewhere of ['//evil.example/x', 'https://evil.example/', '/\\evil.example'])
      expect((await new Client().login(stack.seed.users.carol.id, elsewhere)).headers.get('location')).toBe('/');
  });
});

describe('who sees a guild', () => {
  it('answers a guild one may not see exactly as a guild that does not exist', async () => {
    const private_ = await new Client().fetch(`/g/${otherGuild}/levels`);
    const missing = await new Client().fetch('/g/123456789012345678/levels');
    expect([private_.status, missing.status]).toEqual([404, 404]);
    const strip = (html: string) => html.replace(/returnTo=[^"]+/g, '');
    expect(strip(await private_.text())).toBe(strip(await missing.text()));
    // Logged in but not a member: the same.
    const alice = new Client();
    await alice.login(stack.seed.users.alice.id);
    const notMine = await alice.fetch(`/g/${otherGuild}/about`);
    expect(notMine.status).toBe(404);
    expect(await notMine.text()).not.toContain('Bob’s Other Place');
    const home = await (await alice.fetch('/')).text();
    expect(home).toContain('Guildhall Playground');
    expect(home).not.toContain('Bob’s Other Place');
  });

  it('shows members the leaderboards, and settings only to those who may manage the guild', async () => {
    const alice = new Client();
    await alice.login(stack.seed.users.alice.id);
    const { guildId } = stack.seed;
    expect((await alice.fetch(`/g/${guildId}/karma`)).status).toBe(200);
    const settings = await alice.fetch(`/g/${guildId}/settings/economy`);
    expect(settings.status).toBe(403);
    expect(await settings.text()).toContain('data-testid="error-forbidden"');
    // Not logged in: off to the login, nothing shown.
    const anonymous = await new Client().fetch(`/g/${guildId}/settings/economy`);
    expect(anonymous.status).toBe(302);
    expect(anonymous.headers.get('location')).toMatch(/^\/login\?returnTo=/);
  });
});

describe('changing settings', () => {
  const currencyForm = (token: string, name: string) => ({
    _csrf: token,
    currency_name: name,
    currency_symbol: '🪙',
    earn_amount: '1',
    earn_cooldown: '60',
    daily_amount: '100',
  });

  it('refuses a form without its CSRF token, or with another session’s', async () => {
    const owner = new Client();
    await owner.login(stack.seed.users.owner.id);
    const path = `/g/${stack.seed.guildId}/settings/economy/currency`;
    const { _csrf, ...noToken } = currencyForm('', 'forged');
    const missing = await owner.post(path, noToken);
    expect(missing.status).toBe(403);
    expect(await missing.text()).toContain('data-testid="error-csrf"');
    const other = new Client();
    await other.login(stack.seed.users.mod.id);
    const foreign = await owner.post(path, currencyForm(await other.csrf('/'), 'forged'));
    expect(foreign.status).toBe(403);
    // A token of the owner's own session works (and proves the refusals above were about the token).
    const ok = await owner.post(path, currencyForm(await owner.csrf('/'), 'crowns'));
    expect(ok.status).toBe(303);
    expect((await getEconomySettings(db, stack.seed.guildId)).currencyName).toBe('crowns');
  });

  it('refuses a form for a guild the member cannot manage, or is not in, and changes nothing', async () => {
    const alice = new Client();
    await alice.login(stack.seed.users.alice.id);
    const token = await alice.csrf('/');
    const mine = await alice.post(`/g/${stack.seed.guildId}/settings/economy/currency`, currencyForm(token, 'stolen'));
    expect(mine.status).toBe(403);
    const theirs = await alice.post(`/g/${otherGuild}/settings/economy/currency`, currencyForm(token, 'stolen'));
    expect(theirs.status).toBe(404);
    expect((await getEconomySettings(db, stack.seed.guildId)).currencyName).not.toBe('stolen');
    expect((await getEconomySettings(db, otherGuild)).currencyName).toBe('coins');
  });

  it('applies the privileged-role rule as the slash command does: the form offers no such role, core refuses it', async () => {
    const owner = new Client();
    await owner.login(stack.seed.users.owner.id);
    const { guildId, roles } = stack.seed;
    const page = await (await owner.fetch(`/g/${guildId}/settings/economy`)).text();
    // The Moderator role (moderation permissions) is listed, but cannot be picked, with the bot's reason.
    expect(page).toMatch(new RegExp(`<option value="${roles.moderator}" disabled>Moderator — [^<]*too powerful`));
    const forged = await owner.post(`/g/${guildId}/settings/economy/shop-add`, {
      _csrf: await owner.csrf('/'),
      role: roles.moderator,
      price: '500',
    });
    expect(forged.status).toBe(303);
    const shown = await (await owner.follow(forged.headers.get('location') ?? '')).text();
    expect(shown).toMatch(/data-testid="flash"[^>]*>.*Not changed.*too powerful/s);
    expect(shown).toContain('Nothing for sale.');
    // A role that may be sold is sold.
    const sold = await owner.post(`/g/${guildId}/settings/economy/shop-add`, {
      _csrf: await owner.csrf('/'),
      role: roles.artist,
      price: '750',
    });
    const after = await (await owner.follow(sold.headers.get('location') ?? '')).text();
    expect(after).toMatch(/data-testid="settings-row"[^]*Artist[^]*750/);
  });

  it('speaks the member’s language (their Discord client’s), refusals included', async () => {
    const { guildId, roles, users } = stack.seed;
    const mod = stack.emu.model.user(users.mod.id);
    mod.locale = Locale.German;
    try {
      const client = new Client();
      await client.login(users.mod.id);
      const forged = await client.post(`/g/${guildId}/settings/economy/shop-add`, {
        _csrf: await client.csrf('/'),
        role: roles.moderator,
        price: '500',
      });
      const page = await (await client.follow(forged.headers.get('location') ?? '')).text();
      expect(page).toContain('<html lang="de">');
      expect(page).toMatch(/Nicht geändert.*zu mächtig, als dass Guildhall sie vergeben dürfte/s);
    } finally {
      mod.locale = Locale.EnglishUS;
    }
  });

  it('follows the member’s current permissions: Manage Server given, then taken away', async () => {
    const { guildId, users } = stack.seed;
    const managers = stack.emu.createRole(guildId, {
      name: 'Managers',
      permissions: PermissionFlagsBits.ManageGuild,
    });
    const dave = new Client();
    await dave.login(users.dave.id);
    expect((await dave.fetch(`/g/${guildId}/settings/karma`)).status).toBe(403);
    const before = stack.emu.model.guild(guildId).members.get(users.dave.id)?.roles ?? [];
    stack.emu.updateMember(guildId, users.dave.id, { roles: [...before, managers.id] });
    await expect.poll(async () => (await dave.fetch(`/g/${guildId}/settings/karma`)).status).toBe(200);
    stack.emu.updateMember(guildId, users.dave.id, { roles: before });
    await expect.poll(async () => (await dave.fetch(`/g/${guildId}/settings/karma`)).status).toBe(403);
  });

  it('serves pages with a strict Content-Security-Policy and no caching', async () => {
    const res = await new Client().fetch('/');
    expect(res.headers.get('content-security-policy')).toContain("script-src 'none'");
    expect(res.headers.get('content-security-policy')).toContain("frame-ancestors 'none'");
    expect(res.headers.get('cache-control')).toBe('private, no-store');
  });
});

// Last: it spends the address's login budget for the minute.
describe('rate limits', () => {
  it('limit logins per address', async () => {
    const client = new Client();
    const statuses: number[] = [];
    for (let i = 0; i < 70; i++) statuses.push((await client.fetch('/login')).status);
    expect(statuses[0]).toBe(302);
    expect(statuses.at(-1)).toBe(429);
    const limited = await client.fetch('/login');
    expect(await limited.text()).toContain('data-testid="error-rateLimited"');
  });
});
